// Tests that TimeDistributed rejects a layer with several outputs (TimeDistributed<GRU<4, return_state>>).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::TimeDistributed<L> requires 'L' to have one output (not a layer with return_state)
// detail: has_several_outputs_v<scion::GRU<4, scion::return_state>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

// A GRU in every outer step: (3, 5, 2) -> (3, 4).
using Ok = Sequential<Input<3, 5, 2>, TimeDistributed<GRU<4>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<3, 4>>);

#ifdef SCION_FAIL
Sequential<Input<3, 5, 2>, TimeDistributed<GRU<4, return_state>>> model{seed{1}};
#endif

int main() {}
