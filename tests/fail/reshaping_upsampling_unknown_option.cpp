// Tests that UpSampling2D takes only an interpolation option: UpSampling2D<2, 2, padding_same>.
// expect: SCION_UNKNOWN_OPTION
// detail: upsampling_option<scion::padding_same>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<3, 4, 2>, UpSampling2D<2, 2, interpolation_bilinear>>;
static_assert(Ok::output_shape<0> == Shape{6, 8, 2});

#ifdef SCION_FAIL
Sequential<Input<3, 4, 2>, UpSampling2D<2, 2, padding_same>> model{seed{1}};
#endif

int main() {}
