// Tests that a pooling window of the wrong arity or zero is rejected: MaxPooling2D<pool_size<2, 2, 2>>
// (three values for two spatial axes).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: pooling_dims_ok<2, scion::pool_size<2, 2, 2>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<6, 6, 2>, MaxPooling2D<pool_size<2, 2>, strides<1>>>;
static_assert(Ok::output_shape<0> == Shape{5, 5, 2});
static_assert(!detail::arguments_ok_v<MaxPooling2D<pool_size<0>>>);

#ifdef SCION_FAIL
Sequential<Input<6, 6, 2>, MaxPooling2D<pool_size<2, 2, 2>>> model{seed{1}};
#endif

int main() {}
