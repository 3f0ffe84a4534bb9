// Tests that a "valid" kernel larger than its input is a shape error of the model: a 5x5 kernel on a 4x4 image.
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::zero_dimension_at_layer<0>
#include <scion/scion.hpp>

using namespace scion;

// padding_same takes any size.
using Ok = Sequential<Input<4, 4, 1>, Conv2D<2, kernel_size<5>, padding_same>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<4, 4, 2>>);

#ifdef SCION_FAIL
// The error names zero_dimension_at_layer<0>: layer 0's output would have a zero axis.
using Bad = Sequential<Input<4, 4, 1>, Conv2D<2, kernel_size<5>>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
