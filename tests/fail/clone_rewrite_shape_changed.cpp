// Tests that a rewrite set (deploy), which copies the weights it keeps, rejects new inputs that
// need weights of other shapes (Input<9> for a model on Input<6>), as copy_weights does.
// expect: SCION_COPY_WEIGHTS_SHAPE_CHANGED
// detail: scion::diagnostic::copy_weights_params_change_at_layer<0, 56, 80>
// detail: a rewrite set such as scion::deploy require
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<6>, Dense<8>, BatchNormalization<>, Dense<2>>;

int main() {
    Model model{seed{1}};
    // Valid: the rewrite on the model's inputs, or on inputs the weights still fit (Dense acts on
    // the last axis: (3, 6) needs the same (6, 8) kernel).
    auto same = clone_model(model, keep_inputs, deploy);
    auto rows = clone_model(model, Input<3, 6>{}, deploy);
    (void)same;
    (void)rows;
#ifdef SCION_FAIL
    // The first Dense's kernel is (6, 8): 6*8 + 8 = 56 parameters, where 9 features need 9*8 + 8 = 80.
    auto bad = clone_model(model, Input<9>{}, deploy);
    (void)bad;
#endif
}
