// scion/graph/graph.hpp — the canonical type-level graph: a flat list of nodes over a list of
// layer types, with integer ids.
#pragma once

#include <scion/core/shape.hpp>

#include <array>
#include <cstddef>
#include <string_view>

/// The canonical static representation of a model. Every front end (Sequential, Functional,
/// clones) lowers to one `graph<...>`: the layer types in one pack, the nodes in one pack, each
/// node one level deep (a layer index and input node ids). No type contains another node's
/// history, so types stay small however deep the model is, and every algorithm below is a
/// constexpr loop over arrays, never a recursion as deep as the graph.
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

/// A node that calls layer number `Layer` on the outputs of nodes `Inputs...`. When the layer
/// has several outputs, the node stands for all of them and `select_node`s pick each one.
template <std::size_t Layer, std::size_t... Inputs>
struct call_node {};

/// Output number `Output` of the call node `Node` (a layer with several outputs, such as a
/// nested model with two heads).
template <std::size_t Node, std::size_t Output>
struct select_node {};

template <class... Nodes>
struct node_list {
    static constexpr std::size_t size = sizeof...(Nodes);
};

template <std::size_t... Nodes>
struct output_list {
    static constexpr std::size_t size = sizeof...(Nodes);
    static constexpr std::array<std::size_t, sizeof...(Nodes)> ids{Nodes...};
};

/// Compile-time names: for each model input, then for each layer, a type whose
/// `static constexpr std::string_view value` is the declared name (empty: an automatic,
/// Keras-style name is given at run time).
template <class... Sources>
struct name_list {
    static constexpr std::size_t size = sizeof...(Sources);
    static constexpr std::array<std::string_view, sizeof...(Sources)> values{Sources::value...};
};
/// No declared names: every input and layer is named automatically.
using auto_names = name_list<>;

/// The largest number of inputs a node may have.
inline constexpr std::size_t max_node_inputs = 16;

enum class node_kind : unsigned char { input, call, select };

/// A node as a value: what the constexpr algorithms loop over.
struct node_info {
    node_kind kind = node_kind::input;
    bool is_input = false;
    /// input nodes: the model input number; call nodes: the layer number; select nodes: the
    /// output number.
    std::size_t index = 0;
    std::size_t input_count = 0;
    std::array<std::size_t, max_node_inputs> inputs{};
};

namespace detail {
template <std::size_t Index>
constexpr node_info info_of(input_node<Index>) noexcept {
    return {node_kind::input, true, Index, 0, {}};
}
template <std::size_t Layer, std::size_t... Inputs>
    requires(sizeof...(Inputs) <= max_node_inputs)
constexpr node_info info_of(call_node<Layer, Inputs...>) noexcept {
    return {node_kind::call, false, Layer, sizeof...(Inputs), {Inputs...}};
}
template <std::size_t Node, std::size_t Output>
constexpr node_info info_of(select_node<Node, Output>) noexcept {
    return {node_kind::select, false, Output, 1, {Node}};
}
} // namespace detail

/// A model graph: inputs, distinct layers, nodes (in topological order: every node's inputs
/// come before it), output node ids, and declared names.
template <class Inputs, class Layers, class Nodes, class Outputs, class Names = auto_names>
struct graph;

template <Shape... InputShapes, class... Layers, class... Nodes, std::size_t... Outputs, class Names>
struct graph<input_list<InputShapes...>, layer_list<Layers...>, node_list<Nodes...>, output_list<Outputs...>, Names> {
    using inputs = input_list<InputShapes...>;
    using layers = layer_list<Layers...>;
    using nodes_type = node_list<Nodes...>;
    using outputs = output_list<Outputs...>;
    using names = Names;
    static constexpr std::size_t node_count = sizeof...(Nodes);
    static constexpr std::size_t layer_count = sizeof...(Layers);
    static constexpr std::array<node_info, sizeof...(Nodes)> nodes{detail::info_of(Nodes{})...};
    static_assert(Names::size == 0 || Names::size == sizeof...(InputShapes) + sizeof...(Layers),
                  "scion::graph: a name_list names every input and every layer, or nothing");

    /// The declared name of input `i` ("" when it is named automatically).
    static constexpr std::string_view input_name(std::size_t i) noexcept {
        return Names::size == 0 ? std::string_view{} : Names::values[i];
    }
    /// The declared name of layer `i` ("" when it is named automatically).
    static constexpr std::string_view layer_name(std::size_t i) noexcept {
        return Names::size == 0 ? std::string_view{} : Names::values[sizeof...(InputShapes) + i];
    }
};

} // namespace scion::graph
