// Tests that a layer argument out of range is rejected: Dense<0> (zero units).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::Dense<Units> requires Units > 0
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<1>>;
static_assert(param_count_v<Ok> == 4 * 1 + 1);

#ifdef SCION_FAIL
Sequential<Input<4>, Dense<0>> model{seed{1}};
#endif

int main() {}
