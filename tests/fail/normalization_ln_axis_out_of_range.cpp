// Tests that LayerNormalization over an axis its input lacks is rejected: axis 2 of a rank-1 input (4).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::bad_axis_at_layer<0, 2, 2>
#include <scion/scion.hpp>

using namespace scion;

// Valid: axis 1 of (4) (batch axis counted) is its only axis.
using Ok = Sequential<Input<4>, LayerNormalization<axis<1>>>;
static_assert(param_count_v<Ok> == 2 * 4);

#ifdef SCION_FAIL
// The second error names bad_axis_at_layer<0, 2, 2>: layer 0 uses axis 2 of inputs of rank 2.
using Bad = Sequential<Input<4>, LayerNormalization<axis<2>>>;
static_assert(param_count_v<Bad> > 0);
#endif

int main() {}
