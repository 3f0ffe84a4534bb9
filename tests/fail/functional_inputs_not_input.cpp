// Tests that Inputs<...> lists input nodes only: a Call node listed as an input is rejected.
// expect: SCION_FUNCTIONAL_INPUTS
// detail: functional_check<scion::Inputs<h>, scion::Outputs<y>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
struct h : Call<Dense<8, act::relu>, x> {};
struct y : Call<Dense<2>, h> {};
using Ok = Functional<Inputs<x>, Outputs<y>>;
static_assert(param_count_v<Ok> == (10 * 8 + 8) + (8 * 2 + 2));

#ifdef SCION_FAIL
// h is a Call node (a layer's output), not a struct deriving from Input<...>.
using Bad = Functional<Inputs<h>, Outputs<y>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
