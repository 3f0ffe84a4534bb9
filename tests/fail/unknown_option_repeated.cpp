// Tests that an option given twice to a layer is rejected (Keras rejects a repeated keyword too).
// expect: SCION_UNKNOWN_OPTION
// detail: dense_options_ok<scion::kernel_initializer<scion::init::he_normal>, scion::kernel_initializer<scion::init::zeros>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<4>, Dense<3, act::relu, no_bias>>;
static_assert(param_count_v<Ok> == 4 * 3);

#ifdef SCION_FAIL
using Bad = Sequential<Input<4>, Dense<3, act::relu, kernel_initializer<init::he_normal>,
                                       kernel_initializer<init::zeros>>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
