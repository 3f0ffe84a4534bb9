// Tests that a layer given an option it does not take is rejected (Dense<4, act::relu, return_sequences>).
// expect: SCION_UNKNOWN_OPTION
// detail: dense_options_ok<scion::return_sequences>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<3, 4>, LSTM<4, return_sequences>, Dense<4, act::relu, no_bias>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<3, 4>>);

#ifdef SCION_FAIL
// return_sequences is an LSTM option.
Sequential<Input<3, 4>, Dense<4, act::relu, return_sequences>> model{seed{1}};
#endif

int main() {}
