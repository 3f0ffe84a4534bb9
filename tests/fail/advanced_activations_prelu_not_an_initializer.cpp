// Tests that PReLU's alpha_initializer<I> requires an initializer type (alpha_initializer<float>).
// expect: SCION_NOT_AN_INITIALIZER
// detail: scion::PReLU's alpha_initializer<I> requires 'I' to be an initializer type
// detail: scion::PReLU<scion::alpha_initializer<float>
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<4, 4, 3>, PReLU<shared_axes<1, 2>, alpha_initializer<init::constant<std::ratio<1, 4>>>>>;
static_assert(param_count_v<Ok> == 3);

#ifdef SCION_FAIL
Sequential<Input<4, 4, 3>, PReLU<alpha_initializer<float>>> model{seed{1}};
#endif

int main() {}
