// scion/dsl/sequential.hpp — Sequential<Input<...>, Layers...>: a stack of layers as a type.
#pragma once

#include <scion/detail/pack.hpp>
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

template <class In, class... Ls>
using sequential_graph_t = typename sequential_graph_impl<In, std::index_sequence_for<Ls...>, Ls...>::type;

/// Whether Sequential<In, Ls...> is a valid model. A pure computation — no static_assert, no
/// diagnostic — so that an invalid model can choose an empty base and report each problem once.
template <class In, class... Ls>
constexpr bool sequential_ok() {
    if constexpr (!is_valid_input_v<In>) return false;
    else if constexpr (!all_of({arguments_ok_v<Ls>...})) return false;  // the layer reports it
    else if constexpr (!all_of({UnaryLayer<Ls>...})) return false;
    else return graph::shapes_v<sequential_graph_t<In, Ls...>>.ok;
}

struct no_diagnostic {};

// Each item after the input, on its own, so that the error names its position and type.
template <bool Ok>
struct not_a_layer_token {
    static_assert(Ok, "scion::Sequential<Input<...>, Layers...> requires every item after the input to be a layer "
                      "with one input and one output, such as scion::Dense<8> or a model with one input and one output "
                      "[SCION_NOT_A_LAYER]");
};
template <std::size_t Position, class T>
struct check_layer_at {
    static constexpr bool ok = UnaryLayer<T>;
    static_assert(sizeof(not_a_layer_token<ok>) > 0);  // the token, in its own class (see shape_token)
    // An error 'incomplete type not_a_layer_at_position<P, T>' here names the offending item:
    // P counts the items after the input from 0.
    static_assert(sizeof(std::conditional_t<ok, int, diagnostic::not_a_layer_at_position<Position, T>>) > 0);
};
template <class Indices, class... Ls>
struct check_layers;
template <std::size_t... I, class... Ls>
struct check_layers<std::index_sequence<I...>, Ls...> {
    // Layers whose own arguments are invalid have reported that already: they are skipped.
    static constexpr std::size_t checked =
        sum_of({sizeof(std::conditional_t<arguments_ok_v<Ls>, check_layer_at<I, Ls>, no_diagnostic>)...});
};

// A failed shape inference: one static_assert with the token, then a line naming a type that
// spells out the numbers. The token is asserted in a class of its own: clang stops reading a
// class at its first failed static_assert, and would never print the line naming the type.
template <bool Ok>
struct shape_token {
    static_assert(Ok, "scion: a layer of this model cannot take the shape its input gives it "
                      "[SCION_SHAPE_MISMATCH]; the next error names the layer (counted from 0 after the input) "
                      "and the sizes");
};
template <class G>
struct check_shapes {
    static constexpr auto table = graph::shapes_v<G>;
    static constexpr std::size_t layer = G::nodes[table.error_node].index;
    static constexpr shape_errc errc = table.error.errc;
    static constexpr std::size_t expected = table.error.expected, actual = table.error.actual;
    static_assert(sizeof(shape_token<table.ok>) > 0);
    // The type named on this line spells out the mismatch: read its template arguments.
    static_assert(sizeof(std::conditional_t<table.ok, int,
                                            diagnostic::shape_error_t<diagnostic::at_layer<layer>, errc, expected,
                                                                      actual>>) > 0);
};

/// Every diagnostic of Sequential<In, Ls...>, each reported once and in order: the input, then
/// each layer, then shapes (only when everything before is valid).
template <class In, class... Ls>
struct diagnose_sequential {
    static_assert(is_input_v<In>, "scion::Sequential<In, Layers...> requires 'In' to be scion::Input<dims...>, the "
                                  "per-sample input shape [SCION_SEQUENTIAL_NEEDS_INPUT]");
    static_assert(!is_input_v<In> || is_valid_input_v<In>,
                  "scion::Input<Dims...> requires 1 to 7 positive dimensions [SCION_BAD_INPUT_SHAPE]");
    static_assert(check_layers<std::index_sequence_for<Ls...>, Ls...>::checked > 0 || sizeof...(Ls) == 0);
    static constexpr bool prerequisites = is_valid_input_v<In> && all_of({arguments_ok_v<Ls>...}) &&
                                          all_of({UnaryLayer<Ls>...});
    static_assert(sizeof(std::conditional_t<prerequisites, check_shapes<sequential_graph_t<In, Ls...>>, no_diagnostic>) >
                  0);
};

/// The base of a Sequential: basic_model over its graph once the arguments are valid, an
/// empty shell otherwise (so that only the diagnostics above are printed).
template <bool Valid, class In, class... Ls>
struct sequential_base {
    using type = basic_model<sequential_graph_t<In, Ls...>>;
};
template <class In, class... Ls>
struct sequential_base<false, In, Ls...> {
    struct type {
        using invalid_model_diagnosed = void;  // see DiagnosedModel
        type(std::string, std::array<std::string, 1>, graph::layer_tuple<Ls...>, seed) {}
        type(std::string, std::array<std::string, 1>, graph::layer_tuple<Ls...>, graph::unbuilt_t) {}
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
class Sequential : public detail::sequential_base<detail::sequential_ok<In, Ls...>(), In, Ls...>::type {
    using base = typename detail::sequential_base<detail::sequential_ok<In, Ls...>(), In, Ls...>::type;
    static_assert(sizeof(detail::diagnose_sequential<In, Ls...>) > 0);

public:
    using input_type = In;
    static constexpr std::size_t layer_count = sizeof...(Ls);
    using dsl_type = Sequential;
    static constexpr std::string_view class_name = "Sequential";
    static constexpr std::string_view default_name = "sequential";

    /// Fresh weights from the next seed of the global sequence (see set_global_seed).
    Sequential() : Sequential(next_seed()) {}
    /// Fresh weights from `s`: the same seed gives the same weights, on every run.
    explicit Sequential(seed s) : Sequential(graph::layer_tuple<Ls...>(graph::unbuilt), s) {}
    /// A model to be used as a layer of another: unnamed (the outer model names it) and not built (it builds it
    /// with its own seed).
    explicit Sequential(graph::unbuilt_t)
        : base("", {std::string()}, graph::layer_tuple<Ls...>(graph::unbuilt), graph::unbuilt) {}
    /// A model from layer objects: unbuilt ones are built with fresh weights from `s`, built
    /// ones keep theirs (they must have been built for the shape they receive here).
    explicit Sequential(graph::layer_tuple<Ls...> layers, seed s = next_seed(), std::string name = "sequential",
                        std::string input_name = "")
        : base(std::move(name), {std::move(input_name)}, std::move(layers), s) {}
    /// As above, not built: a model to be used as a layer of another, which builds it.
    Sequential(graph::layer_tuple<Ls...> layers, graph::unbuilt_t, std::string name = "sequential",
               std::string input_name = "")
        : base(std::move(name), {std::move(input_name)}, std::move(layers), graph::unbuilt) {}

    /// Keras's `model.summary()` of a Sequential model: as a functional model's, without the
    /// InputLayer row (a Sequential's `layers` do not list its input, in Keras 2, Keras 3 and
    /// TF.js).
    [[nodiscard]] std::string summary() const
        requires(detail::sequential_ok<In, Ls...>())
    {
        return this->summary_table(false);
    }

    /// Keras JSON of the model's architecture: {"class_name": "Sequential", "config": {"name",
    /// "layers": [the InputLayer, then each layer's {"class_name", "config"}]}}; a nested model's
    /// config is its own. The same JSON as the dynamic twin's (`dynamic::Model::to_json`).
    [[nodiscard]] json get_config() const
        requires(detail::all_of({(Serializable<Ls> || ModelLayer<Ls>)...}))
    {
        return detail::keras_model_json(this->keras_description(true));
    }
    [[nodiscard]] std::string to_json(int indent = -1) const
        requires(detail::all_of({(Serializable<Ls> || ModelLayer<Ls>)...}))
    {
        return get_config().dump(indent);
    }
};

template <class T>
inline constexpr bool is_sequential_v = false;
template <class In, class... Ls>
inline constexpr bool is_sequential_v<Sequential<In, Ls...>> = true;

} // namespace scion
