// Tests that a convolution's activation<A> must name an activation type: Conv2D<4, kernel_size<3>, activation<int>>.
// expect: SCION_NOT_AN_ACTIVATION
// detail: a convolution's activation<A> requires 'A' to be an activation type
// detail: scion::activation<int>
// detail: conv_checks<scion::Conv2D<4, scion::kernel_size<3>, scion::activation<int
#include <scion/scion.hpp>

using namespace scion;

// The activation may be given bare or wrapped.
using Ok = Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>, act::relu>, Conv2D<4, kernel_size<3>, activation<act::tanh>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<4, 4, 4>>);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>, activation<int>>> model{seed{1}};
#endif

int main() {}
