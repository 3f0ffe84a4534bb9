// Tests that clone_model with copy_weights rejects new inputs that need weights of other shapes (Input<10> for a model on Input<728>).
// expect: SCION_COPY_WEIGHTS_SHAPE_CHANGED
// detail: scion::diagnostic::copy_weights_params_change_at_layer<0, 23328, 352>
// detail: require the new inputs to keep every layer's weight shapes
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;

int main() {
    Model model{seed{1}};
    // Valid: copy_weights on the same inputs, or on inputs the weights still fit (Dense acts on
    // the last axis: (5, 728) needs the same (728, 32) kernel); fresh weights on new inputs.
    auto copy = clone_model(model, keep_inputs, copy_weights{});
    auto rows = clone_model(model, Input<5, 728>{}, copy_weights{});
    auto small = clone_model(model, Input<10>{}, fresh_weights{});
    (void)copy;
    (void)rows;
    (void)small;
#ifdef SCION_FAIL
    // The kernel of the first Dense is (728, 32): it cannot serve 10 features. The second error
    // names copy_weights_params_change_at_layer<0, 23328, 352>: layer 0 has 728*32 + 32 = 23328
    // parameters and would need 10*32 + 32 = 352.
    auto bad = clone_model(model, Input<10>{}, copy_weights{});
    (void)bad;
#endif
}
