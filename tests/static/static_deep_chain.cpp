// A 640-layer Sequential compiles, clones and runs: nothing in scion recurses as deep as the
// model (regression: std::tuple's recursive storage once exceeded the template depth of 900).
#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

using namespace scion;

namespace {
template <std::size_t, class T>
using always = T;

template <class Indices>
struct chain;
template <std::size_t... I>
struct chain<std::index_sequence<I...>> {
    using type = Sequential<Input<8>, always<I, Dense<8, act::relu>>...>;
};
using Deep = chain<std::make_index_sequence<640>>::type;
} // namespace

static_assert(Deep::layer_count == 640);
static_assert(param_count_v<Deep> == 640 * (8 * 8 + 8));
static_assert(std::is_same_v<output_shape_t<Deep>, dims<8>>);
static_assert(std::is_same_v<clone_model_t<Deep>, Deep>);
static_assert(std::is_same_v<clone_model_t<Deep, keep_inputs_t, copy_weights>, Deep>);

int main() {
    const Deep model{seed{1}};
    const Deep copy = clone_model(model, keep_inputs, copy_weights{});
    const Tensor x(Shape{1, 8}, {1, 2, 3, 4, 5, 6, 7, 8});
    return copy.predict(x) == model.predict(x) && model.layer<639>().name() == "dense_639" ? 0 : 1;
}
