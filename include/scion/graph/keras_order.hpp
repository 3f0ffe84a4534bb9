// scion/graph/keras_order.hpp — the order in which Keras lists a model's layers, computed at
// compile time over the canonical graph.
#pragma once

#include <scion/graph/graph.hpp>

#include <array>
#include <cstddef>

namespace scion::graph {

/// An entry of Keras's `model.layers`: model input `index` (an InputLayer) or layer `index` of
/// the graph's layer list.
struct listed_layer {
    bool input = false;
    std::size_t index = 0;
};

/// Keras's order of a model's inputs and layers (`model.layers`, the layer list of its config,
/// and so of `get_weights`), as Keras 2's `_map_graph_network`, Keras 3's `Function` and
/// TensorFlow.js's `Container` compute it: a depth-first walk from the outputs (in order) gives
/// each layer an index when it first meets it and lists each call after the calls it reads;
/// then, from the outputs back, each call gets a depth one more than the deepest call that
/// reads it (a layer: the greatest depth of its calls); layers are listed by decreasing depth,
/// ties in the order the walk met them. An input no output reads comes first. For a chain this
/// is the input, then the layers in order. No recursion: loops over arrays of the graph's size.
template <class G>
[[nodiscard]] constexpr std::array<listed_layer, G::inputs::size + G::layer_count> keras_order() {
    constexpr std::size_t n_nodes = G::node_count, n_in = G::inputs::size, n_all = n_in + G::layer_count;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    // An entity is an input (0..n_in) or a layer (n_in + its index); a select node stands for
    // the call it reads (one Keras node with several outputs).
    const auto entity = [](std::size_t node) {
        const node_info& n = G::nodes[node];
        return n.kind == node_kind::input ? n.index : n_in + n.index;
    };
    const auto call_of = [](std::size_t node) {
        return G::nodes[node].kind == node_kind::select ? G::nodes[node].inputs[0] : node;
    };
    std::array<std::size_t, n_all + 1> met{};
    for (auto& m : met) m = none;
    std::size_t met_count = 0;
    std::array<bool, n_nodes + 1> finished{};
    std::array<std::size_t, n_nodes + 1> post{}, stack{}, next{};
    std::size_t posted = 0, top = 0;
    for (std::size_t out : G::outputs::ids) {
        stack[top] = call_of(out);
        next[top++] = 0;
        while (top > 0) {
            const std::size_t node = stack[top - 1];
            if (next[top - 1] == 0) {
                if (finished[node]) {
                    --top;
                    continue;
                }
                if (met[entity(node)] == none) met[entity(node)] = met_count++;
            }
            if (next[top - 1] < G::nodes[node].input_count) {
                const std::size_t in = call_of(G::nodes[node].inputs[next[top - 1]++]);
                if (!finished[in]) {
                    stack[top] = in;
                    next[top++] = 0;
                }
                continue;
            }
            finished[node] = true;
            post[posted++] = node;
            --top;
        }
    }
    std::array<std::size_t, n_nodes + 1> node_depth{};
    std::array<std::size_t, n_all + 1> depth{};
    std::size_t deepest = 0;
    for (std::size_t p = posted; p-- > 0;) {
        const std::size_t node = post[p];
        std::size_t d = node_depth[node] > depth[entity(node)] ? node_depth[node] : depth[entity(node)];
        depth[entity(node)] = d;
        node_depth[node] = d;
        deepest = d > deepest ? d : deepest;
        for (std::size_t k = 0; k < G::nodes[node].input_count; ++k) {
            const std::size_t in = call_of(G::nodes[node].inputs[k]);
            if (node_depth[in] < d + 1) node_depth[in] = d + 1;
        }
    }
    // Inputs no output reads: first, in input order.
    for (std::size_t i = 0; i < n_in; ++i)
        if (met[i] == none) {
            depth[i] = deepest + 1;
            met[i] = i;
        }
    std::array<listed_layer, n_all> order{};
    std::array<std::size_t, n_all> ids{};
    for (std::size_t e = 0; e < n_all; ++e) ids[e] = e;
    // Insertion sort by (depth descending, met ascending): stable, constexpr, small inputs.
    for (std::size_t a = 1; a < n_all; ++a) {
        const std::size_t x = ids[a];
        std::size_t b = a;
        while (b > 0 && (depth[ids[b - 1]] < depth[x] || (depth[ids[b - 1]] == depth[x] && met[ids[b - 1]] > met[x]))) {
            ids[b] = ids[b - 1];
            --b;
        }
        ids[b] = x;
    }
    for (std::size_t e = 0; e < n_all; ++e)
        order[e] = ids[e] < n_in ? listed_layer{true, ids[e]} : listed_layer{false, ids[e] - n_in};
    return order;
}

/// Whether Keras's order is the graph's own: the inputs in order, then the layers in order (any
/// chain, every Sequential).
template <class G>
[[nodiscard]] constexpr bool keras_order_is_index_order() {
    constexpr auto order = keras_order<G>();
    for (std::size_t e = 0; e < order.size(); ++e) {
        const bool input = e < G::inputs::size;
        if (order[e].input != input || order[e].index != (input ? e : e - G::inputs::size)) return false;
    }
    return true;
}

} // namespace scion::graph
