// Tests that a convolution given an option it does not take is rejected: Conv2D<8, kernel_size<3>, depth_multiplier<2>> (DepthwiseConv2D's option).
// expect: SCION_UNKNOWN_OPTION
// detail: conv_takes<scion::detail::conv_member::conv2d, scion::depth_multiplier<2>
// detail: conv_checks<scion::Conv2D<8, scion::kernel_size<3>, scion::depth_multiplier<2
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 8, 3>, DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<6, 6, 6>>);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 3>, Conv2D<8, kernel_size<3>, depth_multiplier<2>>> model{seed{1}};
#endif

int main() {}
