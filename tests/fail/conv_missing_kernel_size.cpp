// Tests that a convolution without a kernel_size<...> option is rejected (Keras requires kernel_size).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: requires a kernel_size<K...> option
// detail: conv_spec<2, scion::padding_same>::geometry_ok
// detail: conv_checks<scion::Conv2D<4, scion::padding_same
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>, padding_same>>;
static_assert(param_count_v<Ok> == 3 * 3 * 3 * 4 + 4);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 3>, Conv2D<4, padding_same>> model{seed{1}};
#endif

int main() {}
