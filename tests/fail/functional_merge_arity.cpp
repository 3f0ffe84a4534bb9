// Tests that a merge layer called on a number of inputs it does not take is rejected: Subtract on three inputs.
// expect: SCION_MERGE_ARITY
// detail: scion::diagnostic::wrong_input_count_at_node<bad, 2, 3>
#include <scion/scion.hpp>

using namespace scion;

struct a : Input<6> {};
struct b : Input<6> {};
struct c : Input<6> {};
struct d : Call<Subtract, a, b> {};
struct s : Call<Add, a, b, c> {};
using Ok = Functional<Inputs<a, b, c>, Outputs<d, s>>;
static_assert(output_shape_v<Ok, 0> == Shape{6} && output_shape_v<Ok, 1> == Shape{6});

#ifdef SCION_FAIL
// Subtract takes exactly 2 inputs. The next error names the node, the arity and the count given:
//   g++: incomplete type 'scion::diagnostic::wrong_input_count_at_node<bad, 2, 3>'
struct bad : Call<Subtract, a, b, c> {};
using Bad = Functional<Inputs<a, b, c>, Outputs<bad>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
