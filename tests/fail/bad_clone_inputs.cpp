// Tests that clone_model rejects an `inputs` argument that is neither scion::keep_inputs nor a scion::Input<...>{} (here 42).
// expect: SCION_BAD_CLONE_INPUTS
// detail: requires 'inputs' to be scion::keep_inputs or a scion::Input<dims...>{}
// detail: int, scion::fresh_weights
#include <scion/scion.hpp>

using namespace scion;

using Model = Sequential<Input<4>, Dense<2>>;

int main() {
    Model model{seed{1}};
    auto same = clone_model(model, keep_inputs);
    auto wider = clone_model(model, Input<6>{});
    (void)same;
    (void)wider;
#ifdef SCION_FAIL
    auto bad = clone_model(model, 42);
    (void)bad;
#endif
}
