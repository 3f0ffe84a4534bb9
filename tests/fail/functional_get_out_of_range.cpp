// Tests that Get<Node, K> with K past the last output of the node's layer (a nested model with two outputs) is rejected.
// expect: SCION_GET_OUT_OF_RANGE
// detail: scion::diagnostic::output_index_out_of_range_at_node<third, 2, 3>
#include <scion/scion.hpp>

using namespace scion;

// An inner model with two outputs, used as the layer of node t.
namespace inner {
struct x : Input<8> {};
struct p : Call<Dense<4>, x> {};
struct q : Call<Dense<2>, x> {};
using Heads = Functional<Inputs<x>, Outputs<p, q>>;
}  // namespace inner

struct x : Input<8> {};
struct t : Call<inner::Heads, x> {};
struct second : Get<t, 1> {};
using Ok = Functional<Inputs<x>, Outputs<t, second>>;
static_assert(output_shape_v<Ok, 0> == Shape{4} && output_shape_v<Ok, 1> == Shape{2});

#ifdef SCION_FAIL
// inner::Heads has outputs 0 and 1. The next error names the node, the outputs and K + 1:
//   g++: incomplete type 'scion::diagnostic::output_index_out_of_range_at_node<third, 2, 3>'
struct third : Get<t, 2> {};
using Bad = Functional<Inputs<x>, Outputs<third>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
