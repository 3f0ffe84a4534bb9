// Tests that a Sequential whose first argument is not scion::Input<...> is rejected.
// expect: SCION_SEQUENTIAL_NEEDS_INPUT
// detail: requires 'In' to be scion::Input<dims...>
// detail: is_input_v<scion::Dense<3
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<3>, Dense<2>>;
static_assert(param_count_v<Ok> == (4 * 3 + 3) + (3 * 2 + 2));

#ifdef SCION_FAIL
// The input shape is missing: Dense<3> is taken as the input.
Sequential<Dense<3>, Dense<2>> model{seed{1}};
#endif

int main() {}
