// scion/graph/shape_inference.hpp — compile-time shape inference and parameter accounting over
// the canonical graph.
#pragma once

#include <scion/graph/graph.hpp>

#include <array>
#include <cstddef>

namespace scion::graph {

/// The per-sample shape of every node, or the first node whose layer rejected its input.
template <std::size_t N>
struct shape_table {
    std::array<Shape, N> shapes{};
    bool ok = true;
    std::size_t error_node = 0;
    shape_result error{};
};

namespace detail {
/// A layer's shape rule with a uniform signature, so that a graph's rules fit in one array.
using infer_fn = shape_result (*)(const Shape* inputs, std::size_t count);
using params_fn = std::size_t (*)(const Shape& input);

template <class L>
constexpr shape_result infer_one(const Shape* inputs, std::size_t count) {
    if (count != 1) return shape_result::fail(shape_errc::rank_mismatch, 1, count);
    return L::infer(inputs[0]);
}
template <class L>
constexpr std::size_t params_one(const Shape& input) {
    return L::param_count(input);
}

template <class G>
struct rules;
template <class In, class... Ls, class Nodes, class Out>
struct rules<graph<In, layer_list<Ls...>, Nodes, Out>> {
    static constexpr std::array<infer_fn, sizeof...(Ls)> infer{&infer_one<Ls>...};
    static constexpr std::array<params_fn, sizeof...(Ls)> params{&params_one<Ls>...};
};
} // namespace detail

/// Runs every layer's shape rule once, in node order: linear in the number of nodes.
template <class G>
[[nodiscard]] constexpr shape_table<G::node_count> infer_shapes() {
    shape_table<G::node_count> t;
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.is_input) {
            t.shapes[i] = G::inputs::shapes[n.index];
            continue;
        }
        std::array<Shape, max_node_inputs> in{};
        for (std::size_t k = 0; k < n.input_count; ++k) in[k] = t.shapes[n.inputs[k]];
        const shape_result r = detail::rules<G>::infer[n.index](in.data(), n.input_count);
        if (!r.ok()) {
            t.ok = false;
            t.error_node = i;
            t.error = r;
            return t;
        }
        t.shapes[i] = r.shape;
    }
    return t;
}

/// The shapes of a graph, computed once per graph type.
template <class G>
inline constexpr shape_table<G::node_count> shapes_v = infer_shapes<G>();

/// The weight scalars of each distinct layer, at the shape of its first call.
template <class G>
[[nodiscard]] constexpr std::array<std::size_t, G::layer_count> layer_params() {
    std::array<std::size_t, G::layer_count> params{};
    std::array<bool, G::layer_count + 1> seen{};
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.is_input || seen[n.index]) continue;
        seen[n.index] = true;
        params[n.index] = detail::rules<G>::params[n.index](shapes_v<G>.shapes[n.inputs[0]]);
    }
    return params;
}

/// Total weight scalars: each distinct layer counted once (Keras's `count_params()`).
template <class G>
[[nodiscard]] constexpr std::size_t count_params() {
    std::size_t total = 0;
    for (std::size_t p : layer_params<G>()) total += p;
    return total;
}

/// Per-sample element count of every node, and each node's offset in a model's activation
/// arena (input nodes and output nodes read and write the caller's tensors, so they take no
/// room).
template <class G>
struct arena_layout {
    std::array<std::size_t, G::node_count> offset{};
    std::size_t per_sample = 0;  ///< floats per sample for all stored node outputs
};
template <class G>
[[nodiscard]] constexpr arena_layout<G> layout() {
    arena_layout<G> a;
    for (std::size_t i = 0; i < G::node_count; ++i) {
        a.offset[i] = a.per_sample;
        if (!G::nodes[i].is_input) a.per_sample += shapes_v<G>.shapes[i].elements();
    }
    return a;
}

} // namespace scion::graph
