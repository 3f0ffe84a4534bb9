// Tests that a merge of shapes that do not broadcast is rejected, naming the node: Add of (4) and (5).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::inputs_disagree_at_node<s, 4, 5>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
struct p : Call<Dense<4>, x> {};
struct q : Call<Dense<5>, x> {};
struct j : Call<Concatenate<>, p, q> {};  // (9): Concatenate joins them
using Ok = Functional<Inputs<x>, Outputs<j>>;
static_assert(output_shape_v<Ok> == Shape{9});

#ifdef SCION_FAIL
// Add needs equal (or broadcastable) sizes. The next error names the node and the sizes:
//   g++: incomplete type 'scion::diagnostic::inputs_disagree_at_node<s, 4, 5>'
struct s : Call<Add, p, q> {};
using Bad = Functional<Inputs<x>, Outputs<s>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
