// Tests that GaussianNoise with a negative standard deviation is rejected (GaussianNoise<std::ratio<-1, 10>>).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::GaussianNoise<Stddev> requires 'Stddev' to be a std::ratio >= 0
// detail: noise_stddev_ok<std::ratio<-1, 10>
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<6>, GaussianNoise<std::ratio<1, 10>>, GaussianDropout<std::ratio<1, 5>>, Dense<2>>;
static_assert(param_count_v<Ok> == 14);

#ifdef SCION_FAIL
Sequential<Input<6>, GaussianNoise<std::ratio<-1, 10>>, Dense<2>> model{seed{1}};
#endif

int main() {}
