// Tests that Inputs<...> must not list the same input node twice.
// expect: SCION_FUNCTIONAL_INPUTS
// detail: functional_check<scion::Inputs<a, a>, scion::Outputs<s>
#include <scion/scion.hpp>

using namespace scion;

struct a : Input<6> {};
struct b : Input<6> {};
struct s : Call<Add, a, b> {};
using Ok = Functional<Inputs<a, b>, Outputs<s>>;
static_assert(Ok::input_count == 2 && output_shape_v<Ok> == Shape{6});

#ifdef SCION_FAIL
using Bad = Functional<Inputs<a, a>, Outputs<s>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
