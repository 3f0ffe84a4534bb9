// Tests that a Call whose input is not a graph node (an int, not a struct deriving from Input, Call or Get) is rejected.
// expect: SCION_NOT_A_NODE
// detail: requires every input to be a node
// detail: scion::Call<scion::Dense<4>, int>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
struct h : Call<Dense<4, act::relu>, x> {};
using Ok = Functional<Inputs<x>, Outputs<h>>;
static_assert(param_count_v<Ok> == 10 * 4 + 4);

#ifdef SCION_FAIL
// The first error is Call's own: it is reported where the node struct is declared, before any model
// uses it. (There is no second line: Call has no node to name yet.)
struct bad : Call<Dense<4>, int> {};
#endif

int main() {}
