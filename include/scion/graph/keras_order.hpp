// scion/graph/keras_order.hpp — the order in which Keras lists a model's layers, computed at
// compile time over the canonical graph.
#pragma once

#include <scion/detail/keras_order.hpp>
#include <scion/graph/graph.hpp>

#include <array>
#include <cstddef>
#include <span>

namespace scion::graph {

/// An entry of Keras's `model.layers`: model input `index` (an InputLayer) or layer `index` of
/// the graph's layer list.
using listed_layer = scion::detail::listed_layer;

/// Keras's order of a model's inputs and layers (`model.layers`, the layer list of its config,
/// and so of `get_weights`): `detail::keras_order` — the algorithm the dynamic path runs too —
/// evaluated at compile time over the graph's nodes. A select node stands for the call it reads
/// (one Keras node with several outputs). For a chain this is the input, then the layers in
/// order.
template <class G>
[[nodiscard]] constexpr std::array<listed_layer, G::inputs::size + G::layer_count> keras_order() {
    constexpr std::size_t n_nodes = G::node_count, n_in = G::inputs::size, n_all = n_in + G::layer_count;
    constexpr std::size_t n_edges = [] {
        std::size_t e = 0;
        for (const node_info& n : G::nodes) e += n.input_count;
        return e;
    }();
    const auto call_of = [](std::size_t node) {
        return G::nodes[node].kind == node_kind::select ? G::nodes[node].inputs[0] : node;
    };
    // The neutral description: an entity per input and layer, a node per graph node.
    std::array<std::size_t, n_nodes + 1> entity{}, edge_begin{};
    std::array<std::size_t, n_edges + 1> edges{};
    std::array<std::size_t, G::outputs::size> outputs{};
    std::size_t e = 0;
    for (std::size_t i = 0; i < n_nodes; ++i) {
        const node_info& n = G::nodes[call_of(i)];
        entity[i] = n.kind == node_kind::input ? n.index : n_in + n.index;
        edge_begin[i] = e;
        if (G::nodes[i].kind != node_kind::select)
            for (std::size_t k = 0; k < n.input_count; ++k) edges[e++] = call_of(n.inputs[k]);
    }
    edge_begin[n_nodes] = e;
    for (std::size_t k = 0; k < G::outputs::size; ++k) outputs[k] = call_of(G::outputs::ids[k]);
    std::array<std::size_t, scion::detail::keras_order_scratch_size(n_nodes, n_all) + 1> scratch{};
    std::array<listed_layer, n_all> order{};
    scion::detail::keras_order({n_in, G::layer_count, std::span<const std::size_t>(entity.data(), n_nodes),
                                std::span<const std::size_t>(edge_begin.data(), n_nodes + 1),
                                std::span<const std::size_t>(edges.data(), e), outputs},
                               scratch, order);
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
