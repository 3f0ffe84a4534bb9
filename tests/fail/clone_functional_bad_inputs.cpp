// Tests that clone_model rejects new inputs that do not match the functional model's inputs one for one (here one Input for a two-input model).
// expect: SCION_BAD_CLONE_INPUTS
// detail: or scion::Inputs<...>{} with one input node per model input
// detail: scion::Inputs<a2>, scion::fresh_weights
#include <scion/scion.hpp>

using namespace scion;

struct a : Input<4> {};
struct b : Input<4> {};
struct s : Call<Add, a, b> {};
using Graph = Functional<Inputs<a, b>, Outputs<s>>;
struct a2 : Input<6> {};
struct b2 : Input<6> {};

int main() {
    Graph g{seed{1}};
    auto ok = clone_model(g, Inputs<a2, b2>{});
    (void)ok;
#ifdef SCION_FAIL
    auto bad = clone_model(g, Inputs<a2>{});
    (void)bad;
#endif
}
