// Tests that a Sequential rejects a layer with several outputs (Keras: "layers in a Sequential model should have a single output tensor").
// expect: SCION_NOT_A_LAYER
// detail: scion::diagnostic::not_a_layer_at_position<0, scion::LSTM<4, scion::return_state>
#include <scion/scion.hpp>

using namespace scion;

int main() {
    Sequential<Input<6, 3>, LSTM<4>, Dense<2>> ok{seed{1}};
    (void)ok;
#ifdef SCION_FAIL
    Sequential<Input<6, 3>, LSTM<4, return_state>, Dense<2>> bad{seed{1}};
    (void)bad;
#endif
}
