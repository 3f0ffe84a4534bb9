// Tests that groups<G> that does not divide the filters is rejected: Conv2D<6, kernel_size<3>, groups<4>>.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::Conv2D<Filters, groups<G>> requires G > 0 dividing Filters
// detail: scion::groups<4>
// detail: conv_checks<scion::Conv2D<6, scion::kernel_size<3>, scion::groups<4
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<8, 8, 4>, Conv2D<6, kernel_size<3>, groups<2>>>;
static_assert(param_count_v<Ok> == 3 * 3 * 2 * 6 + 6);

#ifdef SCION_FAIL
Sequential<Input<8, 8, 4>, Conv2D<6, kernel_size<3>, groups<4>>> model{seed{1}};
#endif

int main() {}
