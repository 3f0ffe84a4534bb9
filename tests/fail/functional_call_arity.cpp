// Tests that a layer that takes one input (Dense) called on two nodes is rejected.
// expect: SCION_CALL_ARITY
// detail: scion::diagnostic::wrong_input_count_at_node<bad, 1, 2>
#include <scion/scion.hpp>

using namespace scion;

struct a : Input<6> {};
struct b : Input<6> {};
struct j : Call<Concatenate<>, a, b> {};
struct y : Call<Dense<3>, j> {};
using Ok = Functional<Inputs<a, b>, Outputs<y>>;
static_assert(param_count_v<Ok> == 12 * 3 + 3);

#ifdef SCION_FAIL
// Merge the inputs first (Concatenate, Add, ...). The next error names the node:
//   g++: incomplete type 'scion::diagnostic::wrong_input_count_at_node<bad, 1, 2>'
struct bad : Call<Dense<3>, a, b> {};
using Bad = Functional<Inputs<a, b>, Outputs<bad>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
