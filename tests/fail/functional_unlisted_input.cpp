// Tests that every input node an output depends on must be listed in Inputs<...>.
// expect: SCION_UNLISTED_INPUT
// detail: scion::diagnostic::input_not_listed_in_Inputs<b>
#include <scion/scion.hpp>

using namespace scion;

struct a : Input<6> {};
struct b : Input<6> {};
struct s : Call<Add, a, b> {};
struct y : Call<Dense<3>, s> {};
using Ok = Functional<Inputs<a, b>, Outputs<y>>;
static_assert(param_count_v<Ok> == 6 * 3 + 3);

#ifdef SCION_FAIL
// y depends on a and b; only a is listed. The next error names the missing input:
//   g++: incomplete type 'scion::diagnostic::input_not_listed_in_Inputs<b>'
using Bad = Functional<Inputs<a>, Outputs<y>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
