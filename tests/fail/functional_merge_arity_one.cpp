// Tests that a merge layer called on a single input is rejected (Keras needs at least 2 inputs to Add).
// expect: SCION_MERGE_ARITY
// detail: scion::diagnostic::wrong_input_count_at_node<bad, 2, 1>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<6> {};
struct h : Call<Dense<6>, x> {};
struct s : Call<Add, x, h> {};
using Ok = Functional<Inputs<x>, Outputs<s>>;
static_assert(param_count_v<Ok> == 6 * 6 + 6);

#ifdef SCION_FAIL
// The next error: 'scion::diagnostic::wrong_input_count_at_node<bad, 2, 1>' (at least 2, got 1).
struct bad : Call<Add, h> {};
using Bad = Functional<Inputs<x>, Outputs<bad>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
