// scion/dsl/sequential.hpp — Sequential<Input<...>, Layers...>: a stack of layers as a type.
#pragma once

#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/detail/diagnostics.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/graph/graph.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/model.hpp>
#include <scion/graph/shape_inference.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

namespace scion {

namespace detail {

/// Sequential lowered to the canonical graph: node 0 reads the input, node i + 1 calls layer i
/// on node i.
template <class In, class Indices, class... Ls>
struct sequential_graph_impl {
    using type = void;  // In is not an Input: Sequential's static_assert reports it
};
template <std::size_t... Dims, std::size_t... I, class... Ls>
struct sequential_graph_impl<Input<Dims...>, std::index_sequence<I...>, Ls...> {
    using type = graph::graph<graph::input_list<Shape{Dims...}>, graph::layer_list<Ls...>,
                              graph::node_list<graph::input_node<0>, graph::call_node<I, I>...>,
                              graph::output_list<sizeof...(Ls)>>;
};

// Checks each layer on its own, so that the error names the position and the type.
template <std::size_t Position, class T>
constexpr bool check_layer() {
    static_assert(Layer<T>, "scion::Sequential<Input<...>, Layers...> requires every item after the input to be a "
                            "layer type such as scion::Dense<8> [SCION_NOT_A_LAYER]");
    if constexpr (!Layer<T>) {
        // An error 'invalid use of incomplete type not_a_layer_at_position<P, T>' here names the
        // offending item: P counts the layers after the input from 0.
        return sizeof(diagnostic::not_a_layer_at_position<Position, T>) > 0;
    }
    return true;
}
template <class... Ls, std::size_t... I>
constexpr bool check_layers(std::index_sequence<I...>) {
    return (check_layer<I, Ls>() && ...);
}

// Turns a failed shape inference into one static_assert with a token, then a line whose type
// carries the numbers.
template <class G>
constexpr bool check_shapes() {
    constexpr auto t = graph::shapes_v<G>;
    static_assert(t.ok, "scion: a layer of this model cannot take the shape its input gives it "
                        "[SCION_SHAPE_MISMATCH]; the next error names the layer (counted from 0 after the input) "
                        "and the sizes");
    if constexpr (!t.ok) {
        constexpr std::size_t layer = G::nodes[t.error_node].index;
        constexpr shape_result e = t.error;
        // The type named on this line spells out the mismatch: read its template arguments.
        if constexpr (e.errc == shape_errc::rank_mismatch)
            return sizeof(diagnostic::rank_mismatch_at_layer<layer, e.expected, e.actual>) > 0;
        else if constexpr (e.errc == shape_errc::rank_too_small)
            return sizeof(diagnostic::rank_too_small_at_layer<layer, e.expected, e.actual>) > 0;
        else if constexpr (e.errc == shape_errc::size_mismatch)
            return sizeof(diagnostic::element_count_mismatch_at_layer<layer, e.expected, e.actual>) > 0;
        else
            return sizeof(diagnostic::zero_dimension_at_layer<layer>) > 0;
    }
    return true;
}

template <class In, class... Ls>
using sequential_graph_t = typename sequential_graph_impl<In, std::index_sequence_for<Ls...>, Ls...>::type;

template <class In, class... Ls>
constexpr bool sequential_valid() {
    static_assert(is_input_v<In>, "scion::Sequential<In, Layers...> requires 'In' to be scion::Input<dims...>, "
                                  "the per-sample input shape [SCION_SEQUENTIAL_NEEDS_INPUT]");
    if constexpr (!is_input_v<In>) return false;
    else if constexpr (!check_layers<Ls...>(std::index_sequence_for<Ls...>{})) return false;
    else return check_shapes<sequential_graph_t<In, Ls...>>();
}

/// The base of a Sequential: basic_model over its graph once the arguments are valid, an
/// empty shell otherwise (so that only the diagnostics above are printed).
template <bool Valid, class In, class... Ls>
struct sequential_base {
    using type = basic_model<sequential_graph_t<In, Ls...>>;
};
template <class In, class... Ls>
struct sequential_base<false, In, Ls...> {
    struct type {
        type(std::string, std::array<std::string, 1>, graph::layer_tuple<Ls...>, seed) {}
    };
};

} // namespace detail

/// A linear stack of layers on one input (Keras `Sequential`), declared as a type:
///
///     using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
///     static_assert(param_count_v<Classifier> == 23361);
///     Classifier model{seed{7}};            // reproducible fresh weights
///     Tensor y = model.predict(x);          // x: (batch, 728), y: (batch, 1)
///
/// Shapes and parameter counts are inferred at compile time; a layer that cannot take its
/// input's shape is a compile error (SCION_SHAPE_MISMATCH).
template <class In, class... Ls>
class Sequential : public detail::sequential_base<detail::sequential_valid<In, Ls...>(), In, Ls...>::type {
    using base = typename detail::sequential_base<detail::sequential_valid<In, Ls...>(), In, Ls...>::type;

public:
    using input_type = In;
    static constexpr std::size_t layer_count = sizeof...(Ls);
    static constexpr std::string_view class_name = "Sequential";
    static constexpr std::string_view default_name = "sequential";

    /// Fresh weights from the next seed of the global sequence (see set_global_seed).
    Sequential() : Sequential(next_seed()) {}
    /// Fresh weights from `s`: the same seed gives the same weights, on every run.
    explicit Sequential(seed s) : Sequential(graph::layer_tuple<Ls...>{}, s) {}
    /// A model from layer objects: unbuilt ones are built with fresh weights from `s`, built
    /// ones keep theirs (they must have been built for the shape they receive here).
    explicit Sequential(graph::layer_tuple<Ls...> layers, seed s = next_seed(), std::string name = "sequential",
                        std::string input_name = "")
        : base(std::move(name), {std::move(input_name)}, std::move(layers), s) {}

    /// Keras JSON of the model's architecture: {"class_name": "Sequential", "config": ...}.
    [[nodiscard]] json get_config() const
        requires(Serializable<Ls> && ...)
    {
        json layers_json = json::array();
        layers_json.push_back(json{{"class_name", "InputLayer"}, {"config", this->input_layer().get_config()}});
        this->layers().for_each([&](const auto& l) {
            layers_json.push_back(json{{"class_name", std::string(std::remove_cvref_t<decltype(l)>::class_name)},
                                       {"config", l.get_config()}});
        });
        return json{{"class_name", "Sequential"}, {"config", {{"name", this->name()}, {"layers", layers_json}}}};
    }
    [[nodiscard]] std::string to_json(int indent = -1) const
        requires(Serializable<Ls> && ...)
    {
        return get_config().dump(indent);
    }
};

template <class T>
inline constexpr bool is_sequential_v = false;
template <class In, class... Ls>
inline constexpr bool is_sequential_v<Sequential<In, Ls...>> = true;

} // namespace scion
