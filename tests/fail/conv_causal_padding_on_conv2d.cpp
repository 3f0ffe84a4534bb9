// Tests that padding_causal, Conv1D's only, is rejected on a Conv2D.
// expect: SCION_UNKNOWN_OPTION
// detail: conv_takes<scion::detail::conv_member::conv2d, scion::padding_causal>
// detail: conv_checks<scion::Conv2D<4, scion::kernel_size<3>, scion::padding_causal
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<16, 3>, Conv1D<4, kernel_size<3>, padding_causal>>;
static_assert(std::is_same_v<output_shape_t<Ok>, dims<16, 4>>);

#ifdef SCION_FAIL
Sequential<Input<16, 16, 3>, Conv2D<4, kernel_size<3>, padding_causal>> model{seed{1}};
#endif

int main() {}
