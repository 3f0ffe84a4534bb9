// Tests that Permute's dims must be a permutation of 1..N (1-based, as Keras): Permute<1, 1>.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: permute_arguments_ok<1, 1>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4, 3>, Permute<2, 1>>;
static_assert(Ok::output_shape<0> == Shape{3, 4});

#ifdef SCION_FAIL
Sequential<Input<4, 3>, Permute<1, 1>> model{seed{1}};
#endif

int main() {}
