// Tests that clone_model rejects a clone function that returns something that is not a layer (an int).
// expect: SCION_CLONE_FN_RESULT_NOT_A_LAYER
// detail: scion::diagnostic::clone_fn_returns_non_layer_at_position<0, int>
// detail: requires 'clone_fn' to return a layer for every layer it is given
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<4>, Dense<8, act::relu>, Dense<2>>;

int main() {
    Model model{seed{1}};
    // Valid: a clone function returning a layer for each layer.
    auto ok = clone_model(model, keep_inputs, [](const auto& layer) { return fresh_weights{}(layer); });
    (void)ok;
#ifdef SCION_FAIL
    auto bad = clone_model(model, keep_inputs, [](const auto&) { return 0; });
    (void)bad;
#endif
}
