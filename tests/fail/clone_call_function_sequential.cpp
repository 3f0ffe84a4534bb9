// Tests that a call function given to clone_model with a Sequential is rejected (Keras: call_function is for functional models only).
// expect: SCION_CALL_FUNCTION_SEQUENTIAL
// detail: a Sequential has no call sites to replace
#include <scion/scion.hpp>

#include <type_traits>

using namespace scion;

using Stack = Sequential<Input<4>, Dense<8, act::relu>, Dense<2>>;
struct x : Input<4> {};
struct h : Call<Dense<8, act::relu>, x> {};
struct y : Call<Dense<2>, h> {};
using Graph = Functional<Inputs<x>, Outputs<y>>;

struct keep_calls {
    template <class Layer, class... In>
    using call = Call<Layer, In...>;
};

int main() {
    Graph g{seed{1}};
    auto ok = clone_model(g, keep_inputs, fresh_weights{}, call_function<keep_calls>{});
    (void)ok;
#ifdef SCION_FAIL
    Stack s{seed{1}};
    auto bad = clone_model(s, keep_inputs, fresh_weights{}, call_function<keep_calls>{});
    (void)bad;
#endif
}
