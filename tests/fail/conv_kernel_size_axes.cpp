// Tests that a per-axis option with more values than the layer has axes is rejected: Conv2D<4, kernel_size<3, 3, 3>>.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: kernel_size, strides and dilation_rate of 1 or 2 positive values
// detail: conv_spec<2, scion::kernel_size<3, 3, 3>
// detail: conv_checks<scion::Conv2D<4, scion::kernel_size<3, 3, 3
#include <scion/scion.hpp>

using namespace scion;

// One value (every axis) or one per axis.
using Ok = Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>>, Conv2D<4, kernel_size<3, 1>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<4, 6, 4>>);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3, 3, 3>>> model{seed{1}};
#endif

int main() {}
