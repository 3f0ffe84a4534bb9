// Tests that a GRU given an option of another recurrent layer is rejected (GRU<4, no_unit_forget_bias>: an LSTM option).
// expect: SCION_UNKNOWN_OPTION
// detail: gru_options_ok<scion::no_unit_forget_bias>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<5, 3>, GRU<4, no_reset_after, return_sequences>, LSTM<4, no_unit_forget_bias>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<4>>);

#ifdef SCION_FAIL
// no_unit_forget_bias is an LSTM option; a GRU has no forget gate.
Sequential<Input<5, 3>, GRU<4, no_unit_forget_bias>> model{seed{1}};
#endif

int main() {}
