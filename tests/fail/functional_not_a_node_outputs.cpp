// Tests that Outputs<...> must list nodes: a layer type given where a node is expected is rejected.
// expect: SCION_NOT_A_NODE
// detail: scion::Outputs<...> requires one or more nodes
// detail: Outputs<scion::Dense<4, scion::act::linear>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
struct h : Call<Dense<4, act::relu>, x> {};
using Ok = Functional<Inputs<x>, Outputs<h>>;
static_assert(output_shape_v<Ok> == Shape{4});

#ifdef SCION_FAIL
// Dense<4> is a layer, not a node: a node is a struct such as h above, which calls a layer.
using Bad = Functional<Inputs<x>, Outputs<Dense<4>>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
