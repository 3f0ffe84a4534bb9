// A 640-layer Sequential compiles, clones and runs: nothing in scion recurses as deep as the
// model (regression: std::tuple's recursive storage once exceeded the template depth of 900).
#include <scion/scion.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>
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

// The run: every layer gets a cyclic permutation as its kernel (output k reads input k - 1) and
// its own bias, so the output depends on every layer's weights: after 640 layers (a multiple of
// 8 shifts) output k is x[k] plus the sum of the biases each coordinate met on its way. A zero-bias
// relu chain with random weights would underflow to 0 and match any copy, right or wrong.
namespace {
float bias_of(std::size_t layer, std::size_t k) {
    return 0.001f * static_cast<float>((layer * 37 + k * 11) % 23) - 0.01f;
}
} // namespace

int main() {
    Deep model{seed{1}};
    std::vector<Tensor> w;
    for (std::size_t i = 0; i < 640; ++i) {
        Tensor kernel(Shape{8, 8});
        for (std::size_t j = 0; j < 8; ++j) kernel[j * 8 + (j + 1) % 8] = 1.0f;
        Tensor bias(Shape{8});
        for (std::size_t k = 0; k < 8; ++k) bias[k] = bias_of(i, k);
        w.push_back(std::move(kernel));
        w.push_back(std::move(bias));
    }
    model.set_weights(w);
    const Deep copy = clone_model(model, keep_inputs, copy_weights{});
    const Deep fresh = clone_model(model);
    const Tensor x(Shape{1, 8}, {1, 2, 3, 4, 5, 6, 7, 8});

    // The reference, by hand: a value stays positive all the way (relu passes it), so layer i
    // maps v to v shifted one place plus its bias.
    std::vector<float> v(x.values().begin(), x.values().end());
    for (std::size_t i = 0; i < 640; ++i) {
        std::vector<float> next(8);
        for (std::size_t k = 0; k < 8; ++k) next[k] = std::max(0.0f, v[(k + 7) % 8] + bias_of(i, k));
        v = next;
    }
    const Tensor y = model.predict(x);
    bool ok = y.size() == 8;
    for (std::size_t k = 0; ok && k < 8; ++k) ok = std::fabs(y[k] - v[k]) <= 1e-4f && std::fabs(y[k] - x[k]) > 1e-3f;
    if (!ok) return 1;
    if (!(copy.predict(x) == y)) return 2;
    if (fresh.predict(x) == y) return 3;  // fresh weights: another function
    // A copy that got one weight wrong, deep in the chain, computes something else.
    Deep wrong = clone_model(model, keep_inputs, copy_weights{});
    auto ww = wrong.get_weights();
    ww[2 * 300 + 1][3] += 0.5f;
    wrong.set_weights(ww);
    if (wrong.predict(x) == y) return 4;
    return model.layer<639>().name() == "dense_639" ? 0 : 5;
}
