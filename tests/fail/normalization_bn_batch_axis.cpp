// Tests that BatchNormalization over the batch axis is rejected (BatchNormalization<axis<0>>): Keras's axes count the batch axis, which cannot be normalised.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: requires one axis, not the batch axis 0
// detail: batch_norm_axis_ok<scion::axis<0>
#include <scion/scion.hpp>

using namespace scion;

// Valid: axis 1 is the first per-sample axis (size 3: 3 x 4 weights).
using Ok = Sequential<Input<3, 4>, BatchNormalization<axis<1>>>;
static_assert(param_count_v<Ok> == 3 * 4);

#ifdef SCION_FAIL
Sequential<Input<3, 4>, BatchNormalization<axis<0>>> model{seed{1}};
#endif

int main() {}
