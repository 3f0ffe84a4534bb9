// Tests that a clone function renaming a layer to a name another layer of the model has is a compile error (Keras: "The name is used 2 times").
// expect: SCION_DUPLICATE_NAME
// detail: the clone function renamed a layer to a name in use
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

struct x : Input<4> {};
struct h : Call<Dense<8, act::relu>, x> {};
struct y : Call<Dense<2>, h> {};
using Graph = Functional<Inputs<x>, Outputs<y>>;

int main() {
    Graph g{seed{1}};
    auto rename_output = [](const auto& l) {
        using L = std::remove_cvref_t<decltype(l)>;
#ifdef SCION_FAIL
        if constexpr (std::is_same_v<L, Dense<2>>) return rename<"h">(l);  // "h" is taken
#else
        if constexpr (std::is_same_v<L, Dense<2>>) return rename<"out">(l);
#endif
        else return fresh_weights{}(l);
    };
    auto c = clone_model(g, keep_inputs, rename_output);
    (void)c;
}
