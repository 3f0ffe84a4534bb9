// Tests that Bidirectional rejects a layer that is not recurrent (Bidirectional<Dense<4>>).
// expect: SCION_BIDIRECTIONAL_NEEDS_RNN
// detail: RecurrentLayer<scion::Dense<4, scion::act::linear>
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<5, 3>, Bidirectional<LSTM<4>>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<8>>);

#ifdef SCION_FAIL
Sequential<Input<5, 3>, Bidirectional<Dense<4>>> model{seed{1}};
#endif

int main() {}
