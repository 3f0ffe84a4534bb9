// Tests that a Call whose layer is not a layer type (an int) is rejected.
// expect: SCION_NOT_A_LAYER
// detail: requires 'Layer' to be a layer type
// detail: scion::Call<int, x>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<4> {};
struct h : Call<Dense<2>, x> {};
using Ok = Functional<Inputs<x>, Outputs<h>>;
static_assert(param_count_v<Ok> == 4 * 2 + 2);

#ifdef SCION_FAIL
// Reported by Call where the node is declared.
struct bad : Call<int, x> {};
#endif

int main() {}
