// Tests that a SimpleRNN with no units is rejected (SimpleRNN<0>).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::SimpleRNN<Units> requires Units > 0
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Ok = Sequential<Input<5, 3>, SimpleRNN<2, return_sequences>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<5, 2>>);

#ifdef SCION_FAIL
Sequential<Input<5, 3>, SimpleRNN<0>> model{seed{1}};
#endif

int main() {}
