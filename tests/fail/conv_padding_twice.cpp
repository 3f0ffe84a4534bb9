// Tests that two paddings on one convolution are rejected: Conv2D<4, kernel_size<3>, padding_same, padding_valid>.
// expect: SCION_UNKNOWN_OPTION
// detail: conv_spec<2, scion::kernel_size<3>, scion::padding_same, scion::padding_valid>::options_ok
// detail: conv_checks<scion::Conv2D<4, scion::kernel_size<3>, scion::padding_same, scion::padding_valid
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>, padding_same>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<8, 8, 4>>);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 3>, Conv2D<4, kernel_size<3>, padding_same, padding_valid>> model{seed{1}};
#endif

int main() {}
