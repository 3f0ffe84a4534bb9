// Tests that the model traits (param_count_v) reject a type that is not a static model (int).
// expect: SCION_NOT_A_MODEL
// detail: StaticModel<int> || DiagnosedModel<int>
#include <scion/scion.hpp>

using namespace scion;

static_assert(param_count_v<Sequential<Input<4>, Dense<2>>> == 4 * 2 + 2);

#ifdef SCION_FAIL
static_assert(param_count_v<int> > 0);
#endif

int main() {}
