// Tests that BatchNormalization given an option it does not take is rejected (BatchNormalization<return_sequences>).
// expect: SCION_UNKNOWN_OPTION
// detail: batch_norm_options_ok<scion::return_sequences>
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<5, 4>, BatchNormalization<epsilon<std::ratio<1, 100000>>, no_center>, Dense<2>>;
static_assert(param_count_v<Ok> == 3 * 4 + 4 * 2 + 2);

#ifdef SCION_FAIL
// return_sequences is an LSTM option.
Sequential<Input<5, 4>, BatchNormalization<return_sequences>, Dense<2>> model{seed{1}};
#endif

int main() {}
