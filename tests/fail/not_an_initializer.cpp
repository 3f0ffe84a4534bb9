// Tests that kernel_initializer<I> requires an initializer type (Dense<4, act::relu, kernel_initializer<int>>).
// expect: SCION_NOT_AN_INITIALIZER
// detail: kernel_initializer<I> and bias_initializer<I> require 'I' to be an initializer type
// detail: scion::kernel_initializer<int>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<4, act::relu, kernel_initializer<init::he_normal>>>;
static_assert(param_count_v<Ok> == 4 * 4 + 4);

#ifdef SCION_FAIL
Sequential<Input<4>, Dense<4, act::relu, kernel_initializer<int>>> model{seed{1}};
#endif

int main() {}
