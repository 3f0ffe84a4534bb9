// Tests that ZeroPadding2D takes 0, 1, 2 or 4 values: ZeroPadding2D<1, 2, 3> is rejected.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: sides_count_ok<1, 2, 3>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<3, 4, 2>, ZeroPadding2D<1, 2, 0, 3>, Cropping2D<1, 2>>;
static_assert(Ok::output_shape<0> == Shape{4, 3, 2});

#ifdef SCION_FAIL
Sequential<Input<3, 4, 2>, ZeroPadding2D<1, 2, 3>> model{seed{1}};
#endif

int main() {}
