// scion/graph/shape_inference.hpp — compile-time shape inference, parameter and multiply-add
// accounting, and the activation arena's layout, over the canonical graph.
#pragma once

#include <scion/graph/graph.hpp>
#include <scion/graph/protocol.hpp>

#include <array>
#include <cstddef>

namespace scion::graph {

/// The per-sample shape of every node (output 0 for a call node with several outputs), or the
/// first node whose layer rejected its inputs.
template <std::size_t N>
struct shape_table {
    std::array<Shape, N> shapes{};
    bool ok = true;
    std::size_t error_node = 0;
    shape_result error{};
};

namespace detail {
/// A layer's rules with uniform signatures, so that a graph's rules fit in arrays.
using infer_fn = shape_result (*)(const Shape* inputs, std::size_t count, std::size_t output);
using count_fn = std::size_t (*)(const Shape* inputs, std::size_t count);

template <class G>
struct rules;
template <class In, class... Ls, class Nodes, class Out, class Names>
struct rules<graph<In, layer_list<Ls...>, Nodes, Out, Names>> {
    static constexpr std::array<infer_fn, sizeof...(Ls)> infer{&scion::graph::infer_output<Ls>...};
    static constexpr std::array<count_fn, sizeof...(Ls)> params{&scion::graph::param_count<Ls>...};
    static constexpr std::array<count_fn, sizeof...(Ls)> frozen{&scion::graph::non_trainable_param_count<Ls>...};
    static constexpr std::array<count_fn, sizeof...(Ls)> macs{&scion::graph::macs<Ls>...};
    static constexpr std::array<std::size_t, sizeof...(Ls)> outputs{output_count_v<Ls>...};
};

template <class G, class Table>
constexpr std::array<Shape, max_node_inputs> inputs_of(const Table& t, const node_info& n) {
    std::array<Shape, max_node_inputs> in{};
    for (std::size_t k = 0; k < n.input_count; ++k) in[k] = t[n.inputs[k]];
    return in;
}
} // namespace detail

/// Runs every layer's shape rule once, in node order: linear in the number of nodes.
template <class G>
[[nodiscard]] constexpr shape_table<G::node_count> infer_shapes() {
    shape_table<G::node_count> t;
    std::array<bool, G::layer_count + 1> called{};
    std::array<std::size_t, G::layer_count + 1> first_params{};
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        shape_result r;
        if (n.kind == node_kind::input) {
            t.shapes[i] = G::inputs::shapes[n.index];
            continue;
        } else if (n.kind == node_kind::select) {
            // Output k of the call node it selects from, on that node's inputs.
            const node_info& c = G::nodes[n.inputs[0]];
            const auto in = detail::inputs_of<G>(t.shapes, c);
            if (n.index >= detail::rules<G>::outputs[c.index])
                r = shape_result::fail(shape_errc::input_count, detail::rules<G>::outputs[c.index], n.index + 1);
            else r = detail::rules<G>::infer[c.index](in.data(), c.input_count, n.index);
        } else {
            const auto in = detail::inputs_of<G>(t.shapes, n);
            r = detail::rules<G>::infer[n.index](in.data(), n.input_count, 0);
            // A layer called again (shared) keeps the weights of its first call: the new inputs
            // must need weights of the same size.
            if (r.ok()) {
                const std::size_t here = detail::rules<G>::params[n.index](in.data(), n.input_count);
                if (!called[n.index]) {
                    called[n.index] = true;
                    first_params[n.index] = here;
                } else if (first_params[n.index] != here) {
                    r = shape_result::fail(shape_errc::shared_weights, first_params[n.index], here);
                }
            }
        }
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

/// The node that first calls each distinct layer (its weights are built for that call's shapes).
template <class G>
[[nodiscard]] constexpr std::array<std::size_t, G::layer_count> first_calls() {
    std::array<std::size_t, G::layer_count> first{};
    std::array<bool, G::layer_count + 1> seen{};
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.kind != node_kind::call || seen[n.index]) continue;
        seen[n.index] = true;
        first[n.index] = i;
    }
    return first;
}

/// The weight scalars of each distinct layer, at the shapes of its first call.
template <class G>
[[nodiscard]] constexpr std::array<std::size_t, G::layer_count> layer_params() {
    std::array<std::size_t, G::layer_count> params{};
    constexpr auto first = first_calls<G>();
    for (std::size_t l = 0; l < G::layer_count; ++l) {
        const node_info& n = G::nodes[first[l]];
        const auto in = detail::inputs_of<G>(shapes_v<G>.shapes, n);
        params[l] = detail::rules<G>::params[l](in.data(), n.input_count);
    }
    return params;
}

/// Of each layer's parameters, those Keras counts as non-trainable in a trainable layer
/// (BatchNormalization's moving statistics), at the layer's first call.
template <class G>
[[nodiscard]] constexpr std::array<std::size_t, G::layer_count> layer_non_trainable_params() {
    std::array<std::size_t, G::layer_count> params{};
    constexpr auto first = first_calls<G>();
    for (std::size_t l = 0; l < G::layer_count; ++l) {
        const node_info& n = G::nodes[first[l]];
        const auto in = detail::inputs_of<G>(shapes_v<G>.shapes, n);
        params[l] = detail::rules<G>::frozen[l](in.data(), n.input_count);
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

/// Of count_params, the scalars no training changes when every layer is trainable.
template <class G>
[[nodiscard]] constexpr std::size_t count_non_trainable_params() {
    std::size_t total = 0;
    for (std::size_t p : layer_non_trainable_params<G>()) total += p;
    return total;
}

/// Multiply-adds per sample of each call node (0 for inputs and selections).
template <class G>
[[nodiscard]] constexpr std::array<std::size_t, G::node_count> node_macs() {
    std::array<std::size_t, G::node_count> m{};
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.kind != node_kind::call) continue;
        const auto in = detail::inputs_of<G>(shapes_v<G>.shapes, n);
        m[i] = detail::rules<G>::macs[n.index](in.data(), n.input_count);
    }
    return m;
}

/// Multiply-adds per sample of a whole forward pass (every call of a shared layer counts).
template <class G>
[[nodiscard]] constexpr std::size_t count_macs() {
    std::size_t total = 0;
    for (std::size_t m : node_macs<G>()) total += m;
    return total;
}

/// Per-sample element count of output `k` of call node `i`.
template <class G>
[[nodiscard]] constexpr std::size_t output_elements(std::size_t i, std::size_t k) {
    const node_info& n = G::nodes[i];
    if (k == 0) return shapes_v<G>.shapes[i].elements();
    const auto in = detail::inputs_of<G>(shapes_v<G>.shapes, n);
    return detail::rules<G>::infer[n.index](in.data(), n.input_count, k).shape.elements();
}

/// Each node's offset in a model's activation arena, per sample (input nodes read the caller's
/// tensors and select nodes point into the call they select from, so neither takes room; a call
/// node with several outputs stores them one after the other).
template <class G>
struct arena_layout {
    std::array<std::size_t, G::node_count> offset{};
    std::size_t per_sample = 0;  ///< floats per sample for all stored node outputs
};
template <class G>
[[nodiscard]] constexpr arena_layout<G> layout() {
    arena_layout<G> a;
    for (std::size_t i = 0; i < G::node_count; ++i) {
        const node_info& n = G::nodes[i];
        if (n.kind == node_kind::call) {
            a.offset[i] = a.per_sample;
            for (std::size_t k = 0; k < detail::rules<G>::outputs[n.index]; ++k)
                a.per_sample += scion::detail::arena_floats(output_elements<G>(i, k));
        } else if (n.kind == node_kind::select) {
            std::size_t at = a.offset[n.inputs[0]];
            for (std::size_t k = 0; k < n.index; ++k) at += scion::detail::arena_floats(output_elements<G>(n.inputs[0], k));
            a.offset[i] = at;
        }
    }
    return a;
}

} // namespace scion::graph
