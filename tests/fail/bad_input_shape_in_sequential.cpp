// Tests that an Input with a zero dimension is rejected where a Sequential declares it, with the
// input's token rather than a shape error of the first layer.
// expect: SCION_BAD_INPUT_SHAPE
// detail: is_valid_input_v<scion::Input<3, 0>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<3, 2>, Flatten, Dense<2>>;
static_assert(param_count_v<Ok> == 6 * 2 + 2);

#ifdef SCION_FAIL
using Bad = Sequential<Input<3, 0>, Flatten, Dense<2>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
