// Tests that a Sequential given a type that is not a layer (int) is rejected, naming its position.
// expect: SCION_NOT_A_LAYER
// detail: scion::diagnostic::not_a_layer_at_position<0, int>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<2>>;
static_assert(param_count_v<Ok> == 4 * 2 + 2);

#ifdef SCION_FAIL
// The second error names not_a_layer_at_position<0, int>.
Sequential<Input<4>, int> model{seed{1}};
#endif

int main() {}
