// scion/graph/protocol.hpp — how the graph algorithms and the executor talk to a layer type,
// whatever its number of inputs and outputs.
#pragma once

#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/core/error.hpp>
#include <scion/layers/layer_base.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace scion::graph {

/// A layer whose shape rule, build and forward pass take all its inputs at once (merges, nested
/// models with several inputs); other layers take exactly one input.
template <class L>
concept takes_input_list = requires(std::span<const Shape> s) { L::infer(s); };

/// A layer with several outputs declares `static constexpr std::size_t output_count` and the
/// rule `infer_output(inputs, k)`; its forward pass writes a span of outputs.
template <class L>
concept has_several_outputs = requires { L::output_count; } && (L::output_count > 1);

template <class L>
inline constexpr std::size_t output_count_v = [] {
    if constexpr (has_several_outputs<L>) return std::size_t{L::output_count};
    else return std::size_t{1};
}();

/// Output `k` of layer type L on inputs `in[0..n)`, per sample.
template <class L>
constexpr shape_result infer_output(const Shape* in, std::size_t n, std::size_t k) {
    if constexpr (takes_input_list<L>) {
        if constexpr (has_several_outputs<L>) return L::infer_output(std::span<const Shape>(in, n), k);
        else return L::infer(std::span<const Shape>(in, n));
    } else {
        if (n != 1) return shape_result::fail(shape_errc::input_count, 1, n);
        if constexpr (has_several_outputs<L>) return L::infer_output(in[0], k);
        else return L::infer(in[0]);
    }
}

/// A model type whose Keras class is "Sequential" (its config lists its layers as a stack, not
/// as a graph with inbound nodes).
template <class M>
inline constexpr bool is_sequential_model = [] {
    if constexpr (requires { M::class_name; }) return std::string_view(M::class_name) == "Sequential";
    else return false;
}();

/// A model used as a layer: its counts are constants, not functions of its input shapes.
template <class L>
concept is_model = requires { typename L::graph_type; };

/// Weight scalars of layer type L on inputs `in[0..n)`.
template <class L>
constexpr std::size_t param_count(const Shape* in, std::size_t n) {
    if constexpr (is_model<L>) return L::param_count;
    else if constexpr (takes_input_list<L>) return L::param_count(std::span<const Shape>(in, n));
    else return L::param_count(in[0]);
}

/// Of param_count, the scalars Keras counts as non-trainable even in a trainable layer
/// (BatchNormalization's moving statistics): `L::non_trainable_param_count` when the layer
/// declares it, 0 otherwise.
template <class L>
constexpr std::size_t non_trainable_param_count(const Shape* in, std::size_t n) {
    if constexpr (is_model<L>) return L::non_trainable_param_count;
    else if constexpr (takes_input_list<L>) {
        if constexpr (requires(std::span<const Shape> s) { L::non_trainable_param_count(s); })
            return L::non_trainable_param_count(std::span<const Shape>(in, n));
        else return 0;
    } else {
        if constexpr (requires(const Shape& s) { L::non_trainable_param_count(s); })
            return L::non_trainable_param_count(in[0]);
        else return 0;
    }
}

/// Multiply-adds per sample of layer type L on inputs `in[0..n)`: `L::macs` when the layer
/// declares it, 0 otherwise (element-wise layers, as Keras's FLOP counters do).
template <class L>
constexpr std::size_t macs(const Shape* in, std::size_t n) {
    if constexpr (is_model<L>) return L::mac_count;
    else if constexpr (takes_input_list<L>) {
        if constexpr (requires(std::span<const Shape> s) { L::macs(s); })
            return L::macs(std::span<const Shape>(in, n));
        else return 0;
    } else {
        if constexpr (requires(const Shape& s) { L::macs(s); }) return L::macs(in[0]);
        else return 0;
    }
}

/// Builds layer `l` for inputs `in[0..n)` with weights from seed `s` in weight scope `scope`.
template <class L>
void build(L& l, const Shape* in, std::size_t n, seed s, std::string_view scope) {
    if constexpr (takes_input_list<L>) l.build(std::span<const Shape>(in, n), s, scope);
    else l.build(in[0], s, scope);
}

/// Runs layer `l` on inputs `xs[0..n)`, writing its outputs `ys[0..output_count)`.
template <class L>
void forward(const L& l, const ConstTensorView* xs, std::size_t n, const TensorView* ys, std::span<float> scratch,
             const layers::call_context& ctx) {
    if constexpr (takes_input_list<L>) {
        if constexpr (has_several_outputs<L>)
            l.forward(std::span<const ConstTensorView>(xs, n), std::span<const TensorView>(ys, L::output_count), scratch,
                      ctx);
        else l.forward(std::span<const ConstTensorView>(xs, n), ys[0], scratch, ctx);
    } else {
        if constexpr (has_several_outputs<L>)
            l.forward(xs[0], std::span<const TensorView>(ys, L::output_count), scratch, ctx);
        else l.forward(xs[0], ys[0], scratch, ctx);
    }
}

// Weight lists, shared weights and weight ties are engine-level (the dynamic path uses them
// too): see layers/layer_base.hpp.
using layers::copy_ties;
using layers::share_weights;
using layers::weight_lists;

} // namespace scion::graph
