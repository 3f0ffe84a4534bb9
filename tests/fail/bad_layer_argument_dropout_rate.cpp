// Tests that a layer argument out of range is rejected: Dropout<std::ratio<1, 1>> (rate 1 drops everything).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: scion::Dropout<Rate> requires 0 <= Rate < 1
#include <scion/scion.hpp>

#include <ratio>

using namespace scion;

using Ok = Sequential<Input<4>, Dropout<std::ratio<99, 100>>, Dense<2>>;
static_assert(param_count_v<Ok> == 4 * 2 + 2);

#ifdef SCION_FAIL
Sequential<Input<4>, Dropout<std::ratio<1, 1>>, Dense<2>> model{seed{1}};
#endif

int main() {}
