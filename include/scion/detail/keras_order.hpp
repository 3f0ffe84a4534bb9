// scion/detail/keras_order.hpp — the order in which Keras lists a model's inputs and layers
// (`model.layers`): one algorithm for both paths, `constexpr` over a neutral description of the
// graph, so that the static path computes it at compile time (graph::keras_order) and the
// dynamic path calls the same code at run time (graph_model::order_as_keras).
#pragma once

#include <cstddef>
#include <span>

namespace scion::detail {

/// An entry of Keras's `model.layers`: model input `index` (an InputLayer) or layer `index` of
/// the model's layer list.
struct listed_layer {
    bool input = false;
    std::size_t index = 0;
};

/// A model's graph as the ordering reads it. Its entities are its inputs (0 .. inputs − 1) and
/// its layers (inputs + the layer's index); its nodes are the places an entity appears (an
/// input's node, each call of a layer — a call of a layer with several outputs is one node),
/// each reading other nodes.
struct keras_order_graph {
    std::size_t inputs = 0;
    std::size_t layers = 0;
    std::span<const std::size_t> entity;      ///< per node: the entity it is
    std::span<const std::size_t> edge_begin;  ///< per node, and one more: where its inputs start in `edges`
    std::span<const std::size_t> edges;       ///< the nodes each node reads, in argument order
    std::span<const std::size_t> outputs;     ///< the model's output nodes, in output order
};

/// The scratch keras_order needs for a graph of `nodes` nodes and `entities` inputs and layers.
[[nodiscard]] constexpr std::size_t keras_order_scratch_size(std::size_t nodes, std::size_t entities) noexcept {
    return 5 * nodes + 3 * entities;
}

/// Writes into `order` (one entry per input and layer) Keras's order of `g`'s inputs and layers,
/// as Keras 2's `_map_graph_network`, Keras 3's `Function` and TensorFlow.js's `Container`
/// compute it: a depth-first walk from the outputs (in order) gives each entity an index when
/// it first meets it and lists each node after the nodes it reads; then, from the outputs back,
/// each node gets a depth one more than the deepest node that reads it (an entity: the greatest
/// depth of its nodes); entities are listed by decreasing depth, ties in the order the walk met
/// them. An input no output reads comes first. For a chain this is the input, then the layers
/// in order. No recursion (graphs may be deep) and no allocation: `scratch` holds
/// keras_order_scratch_size(nodes, entities) numbers.
constexpr void keras_order(const keras_order_graph& g, std::span<std::size_t> scratch, std::span<listed_layer> order) {
    const std::size_t n_nodes = g.entity.size(), n_in = g.inputs, n_all = g.inputs + g.layers;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t* const finished = scratch.data();  // per node: 1 once it and its inputs are walked
    std::size_t* const post = finished + n_nodes;  // the walked nodes, each after those it reads
    std::size_t* const stack = post + n_nodes;     // the walk's path, and for each the next input
    std::size_t* const next = stack + n_nodes;
    std::size_t* const node_depth = next + n_nodes;
    std::size_t* const met = node_depth + n_nodes;  // per entity: when the walk met it
    std::size_t* const depth = met + n_all;
    std::size_t* const ids = depth + n_all;
    for (std::size_t i = 0; i < n_nodes; ++i) finished[i] = node_depth[i] = 0;
    for (std::size_t e = 0; e < n_all; ++e) {
        met[e] = none;
        depth[e] = 0;
        ids[e] = e;
    }
    std::size_t met_count = 0, posted = 0, top = 0;
    for (const std::size_t out : g.outputs) {
        stack[top] = out;
        next[top++] = 0;
        while (top > 0) {
            const std::size_t node = stack[top - 1];
            if (next[top - 1] == 0) {
                if (finished[node] != 0) {
                    --top;
                    continue;
                }
                if (met[g.entity[node]] == none) met[g.entity[node]] = met_count++;
            }
            if (g.edge_begin[node] + next[top - 1] < g.edge_begin[node + 1]) {
                const std::size_t in = g.edges[g.edge_begin[node] + next[top - 1]++];
                if (finished[in] == 0) {
                    stack[top] = in;
                    next[top++] = 0;
                }
                continue;
            }
            finished[node] = 1;
            post[posted++] = node;
            --top;
        }
    }
    std::size_t deepest = 0;
    for (std::size_t p = posted; p-- > 0;) {
        const std::size_t node = post[p], e = g.entity[node];
        const std::size_t d = node_depth[node] > depth[e] ? node_depth[node] : depth[e];
        depth[e] = d;
        node_depth[node] = d;
        deepest = d > deepest ? d : deepest;
        for (std::size_t k = g.edge_begin[node]; k < g.edge_begin[node + 1]; ++k)
            if (node_depth[g.edges[k]] < d + 1) node_depth[g.edges[k]] = d + 1;
    }
    // Inputs no output reads: first, in input order.
    for (std::size_t i = 0; i < n_in; ++i)
        if (met[i] == none) {
            depth[i] = deepest + 1;
            met[i] = i;
        }
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
}

} // namespace scion::detail
