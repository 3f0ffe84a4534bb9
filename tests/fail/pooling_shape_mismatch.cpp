// Tests that a "valid" pooling window larger than its input is a shape error of the model:
// MaxPooling2D<pool_size<3>> on a (2, 5, 1) input.
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::zero_dimension_at_layer<0>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<2, 5, 1>, MaxPooling2D<pool_size<3>, padding_same>>;
static_assert(Ok::output_shape<0> == Shape{1, 2, 1});

#ifdef SCION_FAIL
Sequential<Input<2, 5, 1>, MaxPooling2D<pool_size<3>>> model{seed{1}};
#endif

int main() {}
