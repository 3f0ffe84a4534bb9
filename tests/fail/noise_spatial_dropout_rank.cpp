// Tests that SpatialDropout1D on an input without a steps axis is rejected: it needs (steps, channels).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::rank_mismatch_at_layer<0, 2, 1>
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<6, 8>, SpatialDropout1D<std::ratio<1, 5>>, Flatten, Dense<2>>;
static_assert(param_count_v<Ok> == 48 * 2 + 2);

#ifdef SCION_FAIL
// The second error names rank_mismatch_at_layer<0, 2, 1>.
using Bad = Sequential<Input<8>, SpatialDropout1D<std::ratio<1, 5>>, Dense<2>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
