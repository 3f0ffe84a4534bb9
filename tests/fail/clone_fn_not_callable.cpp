// Tests that clone_model rejects a clone function that cannot be called with the model's layers (a lambda taking int).
// expect: SCION_CLONE_FN_NOT_CALLABLE
// detail: scion::diagnostic::clone_fn_not_callable_with_layer<0, scion::Dense<8, scion::act::relu>
// detail: requires 'clone_fn' to be callable with each layer of the model
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<4>, Dense<8, act::relu>, Dense<2>>;

int main() {
    Model model{seed{1}};
    // Valid: a clone function callable with every layer type of the model.
    auto ok = clone_model(model, keep_inputs, [](const auto& layer) { return layer; });
    (void)ok;
#ifdef SCION_FAIL
    auto bad = clone_model(model, keep_inputs, [](int) { return 0; });
    (void)bad;
#endif
}
