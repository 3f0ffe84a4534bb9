// Tests that ReLU's options must be non-negative ratios (ReLU<max_value<std::ratio<-6>>>), as Keras checks.
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: relu_values_ok<scion::max_value<std::ratio<-6, 1>
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<6>, ReLU<max_value<std::ratio<6>>, negative_slope<std::ratio<1, 10>>>, LeakyReLU<>, ELU<>,
                      Softmax<>>;
static_assert(param_count_v<Ok> == 0);

#ifdef SCION_FAIL
Sequential<Input<6>, ReLU<max_value<std::ratio<-6>>>> model{seed{1}};
#endif

int main() {}
