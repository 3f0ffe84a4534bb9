// Tests that Repeat<N, Block> with N > 1 rejects a block whose output shape differs from its input shape (the repetitions could not chain).
// expect: SCION_SHAPE_MISMATCH
// detail: scion::diagnostic::inputs_disagree_at_node<twice, 8, 4>
#include <scion/scion.hpp>

using namespace scion;

struct bx : Input<8> {};
struct narrow : Call<Dense<4>, bx> {};
using Narrowing = Functional<Inputs<bx>, Outputs<narrow>>;

struct x : Input<8> {};
struct once : Call<Repeat<1, Narrowing>, x> {};  // one repetition: any shape is fine
#ifdef SCION_FAIL
struct twice : Call<Repeat<2, Narrowing>, x> {};
using M = Functional<Inputs<x>, Outputs<twice>>;
#else
using M = Functional<Inputs<x>, Outputs<once>>;
#endif

int main() {
    M m{seed{1}};
    (void)m;
}
