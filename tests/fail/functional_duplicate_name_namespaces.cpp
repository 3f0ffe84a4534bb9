// Tests that two node structs with the same name in different namespaces are rejected: a layer takes its node struct's name without the namespace, and Keras requires unique names.
// expect: SCION_DUPLICATE_NAME
// detail: scion::diagnostic::name_declared_twice<second::h>
#include <scion/scion.hpp>

using namespace scion;

struct x : Input<10> {};
namespace first {
struct h : Call<Dense<8, act::relu>, x> {};
}
namespace second {
struct h : Call<Dense<4>, first::h> {};
struct g : Call<Dense<4>, first::h> {};
}
using Ok = Functional<Inputs<x>, Outputs<second::g>>;
static_assert(param_count_v<Ok> == (10 * 8 + 8) + (8 * 4 + 4));

#ifdef SCION_FAIL
// Both layers are named "h". The next error names the later declaration:
//   g++: incomplete type 'scion::diagnostic::name_declared_twice<second::h>'
using Bad = Functional<Inputs<x>, Outputs<second::h>>;
static_assert(sizeof(Bad) > 0);  // instantiates the model type
#endif

int main() {}
