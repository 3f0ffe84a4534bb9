// Tests that a shared layer called on inputs that need weights of another size is a compile error (Keras rejects the second call), naming the node.
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::shared_layer_needs_other_weights_at_node<ew, 35, 50>
#include <scion/scion.hpp>

using namespace scion;

struct encoder : Dense<5> {};
struct a : Input<6> {};
struct b : Input<6> {};
struct wide : Input<9> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
#ifdef SCION_FAIL
struct ew : Call<encoder, wide> {};  // a 6 -> 5 kernel cannot take 9 features
struct c : Call<Concatenate<>, ea, ew> {};
using M = Functional<Inputs<a, wide>, Outputs<c>>;
#else
struct c : Call<Concatenate<>, ea, eb> {};
using M = Functional<Inputs<a, b>, Outputs<c>>;
#endif

int main() {
    M m{seed{1}};
    (void)m;
}
