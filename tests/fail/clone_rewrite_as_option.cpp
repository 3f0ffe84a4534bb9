// Tests that a rewrite set given among clone_model's options, after another clone function, is
// rejected: a rewrite set is the clone function (clone_model(model, keep_inputs, deploy)).
// expect: SCION_REWRITE_AS_OPTION
// detail: scion::diagnostic::rewrite_set_given_as_option<0, scion::copy_weights>
// detail: in the clone function's place, not among the options
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<6>, Dense<8>, BatchNormalization<>, Dropout<>, Dense<2>>;

int main() {
    Model model{seed{1}};
    // Valid: the rewrite set as the clone function, with an option after it.
    auto deployed = clone_model(model, keep_inputs, deploy, recursive);
    (void)deployed;
#ifdef SCION_FAIL
    auto bad = clone_model(model, keep_inputs, copy_weights{}, deploy);
    (void)bad;
#endif
}
