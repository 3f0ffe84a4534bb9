// Tests that Bidirectional rejects a GRU that returns its state (Bidirectional<GRU<4, return_state>>).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::Bidirectional<L> does not take a layer with return_state
// detail: returns_state_v<scion::GRU<4, scion::return_state>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<5, 3>, Bidirectional<GRU<4, return_sequences>>, Bidirectional<SimpleRNN<2>, merge::sum>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<2>>);

#ifdef SCION_FAIL
// Keras would return the merged output and both directions' states: 3 outputs.
Sequential<Input<5, 3>, Bidirectional<GRU<4, return_state>>> model{seed{1}};
#endif

int main() {}
