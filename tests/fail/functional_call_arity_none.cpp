// Tests that a Call with no input node is rejected where the node is declared.
// expect: SCION_CALL_ARITY
// detail: scion::Call<Layer, Inputs...> takes 1 to 16 input nodes
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<6> {};
struct y : Call<Dense<3>, x> {};
using Ok = Functional<Inputs<x>, Outputs<y>>;
static_assert(param_count_v<Ok> == 6 * 3 + 3);

#ifdef SCION_FAIL
// Call<Layer, Inputs...> takes 1 to 16 input nodes; the layer's input must be written.
struct bad : Call<Dense<3>> {};
#endif

int main() {}
