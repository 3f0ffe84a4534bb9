// Tests that a Conv1D on a rank-3 input (an image) is a shape error of the model: Conv1D takes (steps, channels).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::rank_mismatch_at_layer<0, 2, 3>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 8, 3>, Reshape<64, 3>, Conv1D<4, kernel_size<3>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<62, 4>>);

#ifdef SCION_FAIL
// The error names rank_mismatch_at_layer<0, 2, 3>: layer 0 expects rank 2, got rank 3.
using Bad = Sequential<Input<8, 8, 3>, Conv1D<4, kernel_size<3>>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
