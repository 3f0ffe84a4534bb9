// Tests that a pooling layer given an option it does not take is rejected: AveragePooling1D<padding_causal>
// (causal padding is a Conv1D option).
// expect: SCION_UNKNOWN_OPTION
// detail: pooling_options_ok<scion::pool_size<3>, scion::padding_causal>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 3>, AveragePooling1D<pool_size<3>, padding_same>>;
static_assert(Ok::output_shape<0> == Shape{3, 3});

#ifdef SCION_FAIL
Sequential<Input<8, 3>, AveragePooling1D<pool_size<3>, padding_causal>> model{seed{1}};
#endif

int main() {}
