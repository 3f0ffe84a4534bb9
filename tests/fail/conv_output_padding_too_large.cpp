// Tests that Conv2DTranspose's output_padding must be below its stride (Keras's rule): output_padding<2> with strides<2>.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: output_padding<P...>> requires each P below its stride
// detail: scion::strides<2>, scion::output_padding<2>
// detail: conv_checks<scion::Conv2DTranspose<2, scion::kernel_size<3>, scion::strides<2>, scion::output_padding<2
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4, 4, 3>, Conv2DTranspose<2, kernel_size<3>, strides<2>, output_padding<1>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<10, 10, 2>>);

#ifdef SCION_FAIL
Sequential<Input<4, 4, 3>, Conv2DTranspose<2, kernel_size<3>, strides<2>, output_padding<2>>> model{seed{1}};
#endif

int main() {}
