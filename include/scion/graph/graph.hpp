// scion/graph/graph.hpp — the canonical type-level graph: a flat list of nodes over a list of
// layer types, with integer ids.
#pragma once

#include <scion/core/shape.hpp>

#include <array>
#include <cstddef>

/// The canonical static representation of a model. Every front end (Sequential today,
/// functional graphs tomorrow) lowers to one `graph<...>`: the layer types in one pack, the
/// nodes in one pack, each node one level deep (a layer index and input node ids). No type
/// contains another node's history, so types stay small however deep the model is, and every
/// algorithm below is a constexpr loop over arrays, never a recursion as deep as the graph.
namespace scion::graph {

/// The model's inputs, as per-sample shapes.
template <Shape... InputShapes>
struct input_list {
    static constexpr std::size_t size = sizeof...(InputShapes);
    static constexpr std::array<Shape, sizeof...(InputShapes)> shapes{InputShapes...};
};

/// The distinct layers of the model (a layer called at several nodes appears once).
template <class... Layers>
struct layer_list {
    static constexpr std::size_t size = sizeof...(Layers);
};

/// A node that reads model input number `Index`.
template <std::size_t Index>
struct input_node {};

/// A node that calls layer number `Layer` on the outputs of nodes `Inputs...`.
template <std::size_t Layer, std::size_t... Inputs>
struct call_node {};

template <class... Nodes>
struct node_list {
    static constexpr std::size_t size = sizeof...(Nodes);
};

template <std::size_t... Nodes>
struct output_list {
    static constexpr std::size_t size = sizeof...(Nodes);
    static constexpr std::array<std::size_t, sizeof...(Nodes)> ids{Nodes...};
};

/// The largest number of inputs a node may have.
inline constexpr std::size_t max_node_inputs = 8;

/// A node as a value: what the constexpr algorithms loop over.
struct node_info {
    bool is_input = false;
    std::size_t index = 0;  ///< model input number (input nodes) or layer number (call nodes)
    std::size_t input_count = 0;
    std::array<std::size_t, max_node_inputs> inputs{};
};

namespace detail {
template <std::size_t Index>
constexpr node_info info_of(input_node<Index>) noexcept {
    return {true, Index, 0, {}};
}
template <std::size_t Layer, std::size_t... Inputs>
    requires(sizeof...(Inputs) <= max_node_inputs)
constexpr node_info info_of(call_node<Layer, Inputs...>) noexcept {
    return {false, Layer, sizeof...(Inputs), {Inputs...}};
}
} // namespace detail

/// A model graph: inputs, distinct layers, nodes (in topological order: every node's inputs
/// come before it) and output node ids.
template <class Inputs, class Layers, class Nodes, class Outputs>
struct graph;

template <Shape... InputShapes, class... Layers, class... Nodes, std::size_t... Outputs>
struct graph<input_list<InputShapes...>, layer_list<Layers...>, node_list<Nodes...>, output_list<Outputs...>> {
    using inputs = input_list<InputShapes...>;
    using layers = layer_list<Layers...>;
    using outputs = output_list<Outputs...>;
    static constexpr std::size_t node_count = sizeof...(Nodes);
    static constexpr std::size_t layer_count = sizeof...(Layers);
    static constexpr std::array<node_info, sizeof...(Nodes)> nodes{detail::info_of(Nodes{})...};
    /// Whether every call node reads exactly one node (what the executor runs today).
    static constexpr bool single_input_calls = [] {
        for (const auto& n : nodes)
            if (!n.is_input && n.input_count != 1) return false;
        return true;
    }();
};

} // namespace scion::graph
