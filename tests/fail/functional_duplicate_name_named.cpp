// Tests that a named layer (named<"h", ...>) whose name is also a node struct's name is rejected.
// expect: SCION_DUPLICATE_NAME
// detail: scion::diagnostic::name_declared_twice<scion::named<
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
struct h : Call<Dense<8, act::relu>, x> {};
struct y : Call<named<"out", Dense<2>>, h> {};
using Ok = Functional<Inputs<x>, Outputs<y>>;
static_assert(param_count_v<Ok> == (10 * 8 + 8) + (8 * 2 + 2));

#ifdef SCION_FAIL
// The node struct h names its layer "h"; the named layer at node z is "h" too. The next error
// names the declaration that comes second in the model's name table, here the named layer:
//   g++: incomplete type 'scion::diagnostic::name_declared_twice<scion::named<scion::fixed_string<2>{"h"}, scion::Dense<2> > >'
//   clang++: 'scion::diagnostic::name_declared_twice<scion::named<{{104, 0}}, scion::Dense<2>>>'
struct z : Call<named<"h", Dense<2>>, h> {};
using Bad = Functional<Inputs<x>, Outputs<z>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
