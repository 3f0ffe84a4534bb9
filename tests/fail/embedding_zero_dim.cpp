// Tests that an Embedding with an empty table is rejected (Embedding<0, 8>).
// expect: SCION_BAD_LAYER_ARGUMENT
// detail: requires InputDim > 0 and OutputDim > 0
// detail: Embedding<0, 8>
#include <scion/scion.hpp>

using namespace scion;

using Ok = Sequential<Input<10>, Embedding<100, 8>, Flatten, Dense<1, act::sigmoid>>;
static_assert(param_count_v<Ok> == 100 * 8 + 80 + 1);

#ifdef SCION_FAIL
Sequential<Input<10>, Embedding<0, 8>, Flatten, Dense<1, act::sigmoid>> model{seed{1}};
#endif

int main() {}
