// Tests that a layer's activation argument must be an activation type (Dense<4, int>).
// expect: SCION_NOT_AN_ACTIVATION
// detail: scion::Dense<Units, Act> requires 'Act' to be an activation type
// detail: scion::Dense<4, int>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<4, act::relu>>;
static_assert(param_count_v<Ok> == 4 * 4 + 4);

#ifdef SCION_FAIL
Sequential<Input<4>, Dense<4, int>> model{seed{1}};
#endif

int main() {}
