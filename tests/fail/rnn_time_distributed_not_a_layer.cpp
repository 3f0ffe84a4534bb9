// Tests that TimeDistributed rejects a type that is not a layer (TimeDistributed<int>).
// expect: SCION_NOT_A_LAYER
// detail: scion::TimeDistributed<L> requires 'L' to be a layer type
// detail: scion::TimeDistributed<int>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<5, 3>, TimeDistributed<Dense<4>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<5, 4>>);

#ifdef SCION_FAIL
Sequential<Input<5, 3>, TimeDistributed<int>> model{seed{1}};
#endif

int main() {}
