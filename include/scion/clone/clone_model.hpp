// scion/clone/clone_model.hpp — clone_model_t (the clone's type, computed at compile time) and
// clone_model (an instance of it), over static models.
#pragma once

#include <scion/clone/policies.hpp>
#include <scion/clone/rewrite.hpp>
#include <scion/detail/diagnostics.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/functional.hpp>
#include <scion/dsl/named.hpp>
#include <scion/dsl/sequential.hpp>
#include <scion/dsl/traits.hpp>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace scion {

namespace dynamic {
class Layer;  // dynamic/layer.hpp (not included: the static path does not depend on the runtime one)
} // namespace dynamic

namespace detail {

/// The type a clone function makes of a layer of type `L`; `L` itself when it cannot be called
/// with one (the error is reported once, by clone_model_impl).
template <class Fn, class L, bool = std::is_invocable_v<const Fn&, const L&>>
struct clone_result {
    using type = L;
};
template <class Fn, class L>
struct clone_result<Fn, L, true> {
    using type = std::remove_cvref_t<std::invoke_result_t<const Fn&, const L&>>;
};
template <class Fn, class L>
using clone_result_t = typename clone_result<Fn, L>::type;

/// The index of the first false entry, or N.
template <std::size_t N>
constexpr std::size_t first_false(const std::array<bool, N>& a) {
    for (std::size_t i = 0; i < N; ++i)
        if (!a[i]) return i;
    return N;
}

template <class... Options>
inline constexpr bool has_recursive = any_of({std::is_same_v<Options, recursive_t>...});
template <class... Options>
struct call_fn_of {
    using type = void;
};
template <class F, class... Rest>
struct call_fn_of<call_function<F>, Rest...> {
    using type = F;
};
template <class O, class... Rest>
struct call_fn_of<O, Rest...> : call_fn_of<Rest...> {};
/// The call function among clone options (void when there is none).
template <class... Options>
using call_fn_of_t = typename call_fn_of<Options...>::type;

template <class M, class Inputs, class Fn, bool Recursive, class CallFn = void>
struct clone_model_impl;

/// The call function a nested model is cloned with: the outer one for functional models, none
/// for Sequential ones (Keras applies call functions to functional models only).
template <class L, class CallFn>
using nested_call_fn_t = std::conditional_t<is_sequential_v<L>, void, CallFn>;

/// Whether clone_fn is applied to layer type L: always, except to nested models of a recursive
/// clone, which are cloned with the same function instead.
template <class L, bool Recursive>
inline constexpr bool applies_fn = !(Recursive && ModelLayer<L>);

/// The type layer L becomes in the clone.
template <class Fn, class L, bool Recursive, class CallFn = void, bool = applies_fn<L, Recursive>>
struct clone_layer {
    using type = clone_result_t<Fn, L>;
};
template <class Fn, class L, bool Recursive, class CallFn>
struct clone_layer<Fn, L, Recursive, CallFn, false> {
    using type = typename clone_model_impl<L, keep_inputs_t, Fn, true, nested_call_fn_t<L, CallFn>>::type;
};
template <class Fn, class L, bool Recursive, class CallFn = void>
using clone_layer_t = typename clone_layer<Fn, L, Recursive, CallFn>::type;

template <class Tuple, std::size_t I, bool = (I < Tuple::size)>
struct layer_or_void {
    using type = void;
};
template <class Tuple, std::size_t I>
struct layer_or_void<Tuple, I, true> {
    using type = graph::layer_at_t<I, Tuple>;
};

// Each token is asserted in a class of its own, so that the line after it, which names the
// offending layer, is printed by clang too.
template <bool Ok>
struct clone_fn_not_callable_token {
    static_assert(Ok, "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to be callable "
                      "with each layer of the model, as clone_fn(const Layer&) "
                      "[SCION_CLONE_FN_NOT_CALLABLE]");
};

template <bool Ok>
struct clone_fn_result_token {
    static_assert(Ok, "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to return a layer for every layer "
                      "it is given [SCION_CLONE_FN_RESULT_NOT_A_LAYER]");
};

template <bool Ok>
struct not_cloneable_token {
    static_assert(Ok, "scion::clone_model(model) and fresh_weights (the default clone function) require every layer to be "
                      "Cloneable: a config_type, config() and a constructor from its config [SCION_NOT_CLONEABLE]; give "
                      "the layer those, or pass a clone function that handles it");
};

template <bool Ok>
struct copy_weights_shape_token {
    static_assert(Ok, "scion::clone_model(model, inputs, copy_weights{}) and a rewrite set such as scion::deploy require the "
                      "new inputs to keep every layer's weight shapes, since the weights are copied "
                      "[SCION_COPY_WEIGHTS_SHAPE_CHANGED]");
};

/// The clone function's checks over a model's layers: each reports the first offending layer
/// once, with its position (in the model's layer order) and type.
template <class Fn, bool Recursive, class... Ls>
struct check_clone_fn {
    static constexpr std::size_t n = sizeof...(Ls);
    using tuple = graph::layer_tuple<Ls...>;
    template <std::size_t I>
    using layer = typename layer_or_void<tuple, I>::type;

    static constexpr std::size_t not_callable = first_false(
        std::array<bool, n>{(!applies_fn<Ls, Recursive> || is_rewrite<Fn> || std::is_invocable_v<const Fn&, const Ls&>)...});
    static_assert(sizeof(clone_fn_not_callable_token<not_callable == n>) > 0);  // the token, in its own class (clang stops reading a class at its first failed static_assert)
    static_assert(sizeof(std::conditional_t<not_callable == n, int,
                                            diagnostic::clone_fn_not_callable_with_layer<
                                                not_callable, layer<not_callable == n ? 0 : not_callable>>>) > 0);

    template <std::size_t I, bool = (I < n)>
    struct returned {
        using type = void;
    };
    template <std::size_t I>
    struct returned<I, true> {
        using type = clone_result_t<Fn, layer<I>>;
    };
    static constexpr std::size_t not_layer = first_false(
        std::array<bool, n>{(!applies_fn<Ls, Recursive> || AnyLayer<layer_storage_t<clone_result_t<Fn, Ls>>>)...});
    static_assert(sizeof(clone_fn_result_token<not_callable != n || not_layer == n>) > 0);  // the token, in its own class (clang stops reading a class at its first failed static_assert)
    static_assert(sizeof(std::conditional_t<not_callable != n || not_layer == n, int,
                                            diagnostic::clone_fn_returns_non_layer_at_position<
                                                not_layer, typename returned<not_layer>::type>>) > 0);

    // The default clone rebuilds layers from their configs (a nested model from its type).
    static constexpr std::size_t not_cloneable =
        std::is_same_v<Fn, fresh_weights> ? first_false(std::array<bool, n>{(Cloneable<Ls> || std::is_constructible_v<Ls, graph::unbuilt_t>)...}) : n;
    static_assert(sizeof(not_cloneable_token<not_cloneable == n>) > 0);  // the token, in its own class (clang stops reading a class at its first failed static_assert)
    static_assert(sizeof(std::conditional_t<not_cloneable == n, int,
                                            diagnostic::not_cloneable_at_position<
                                                not_cloneable, layer<not_cloneable == n ? 0 : not_cloneable>>>) > 0);

    static constexpr bool ok = not_callable == n && not_layer == n && not_cloneable == n;
};

template <class M, class Inputs, class Fn, bool Recursive, class CallFn>
struct clone_model_impl {
    static_assert(StaticModel<M> || DiagnosedModel<M>,
                  "scion::clone_model_t<M, Inputs, CloneFn> requires 'M' to be a static model type such as "
                  "scion::Sequential<Input<4>, Dense<2>> [SCION_NOT_A_MODEL]");
    static constexpr bool ok = false;
    using type = M;
};

// copy_weights keeps every layer's weights, so no layer may need weights of another size on
// the new inputs (an LSTM may see longer sequences; a Dense may not see more features).
template <class Old, class New>
struct check_copy_keeps_weights {
    static constexpr auto before = graph::layer_params<typename Old::graph_type>();
    static constexpr auto after = graph::layer_params<typename New::graph_type>();
    static constexpr std::size_t bad = [] {
        for (std::size_t i = 0; i < before.size(); ++i)
            if (before[i] != after[i]) return i;
        return before.size();
    }();
    static constexpr bool ok = bad == before.size();
    static_assert(sizeof(copy_weights_shape_token<ok>) > 0);  // the token, in its own class (clang stops reading a class at its first failed static_assert)
    // The type on this line names the first layer whose weights would change size (counted from
    // 0 after the input), with its parameter counts before and after.
    static_assert(sizeof(std::conditional_t<ok, int,
                                            diagnostic::copy_weights_params_change_at_layer<
                                                bad, before[ok ? 0 : bad], after[ok ? 0 : bad]>>) > 0);
};

template <class In, class... Ls, class Inputs, class Fn, bool Recursive, class CallFn>
    requires(!DiagnosedModel<Sequential<In, Ls...>>)
struct clone_model_impl<Sequential<In, Ls...>, Inputs, Fn, Recursive, CallFn> {
    static_assert(std::is_void_v<CallFn>, "scion::clone_model(model, ..., call_function<F>{}) requires a functional model: "
                                          "a Sequential has no call sites to replace, as in Keras "
                                          "[SCION_CALL_FUNCTION_SEQUENTIAL]");
    static constexpr bool inputs_ok = std::is_same_v<Inputs, keep_inputs_t> || is_valid_input_v<Inputs>;
    static_assert(inputs_ok, "scion::clone_model(model, inputs, ...) requires 'inputs' to be scion::keep_inputs or a "
                             "scion::Input<dims...>{} [SCION_BAD_CLONE_INPUTS]");
    using new_input = std::conditional_t<is_valid_input_v<Inputs>, Inputs, In>;
    using checks = check_clone_fn<Fn, Recursive, Ls...>;
    static constexpr bool ok = inputs_ok && checks::ok && std::is_void_v<CallFn>;
    template <class L>
    using result = layer_storage_t<clone_layer_t<Fn, L, Recursive>>;
    /// The clone before a rewrite set (clone/rewrite.hpp) removes or changes layers.
    using unrewritten = Sequential<new_input, std::conditional_t<UnaryLayer<result<Ls>>, result<Ls>, Ls>...>;
    using rewriting = rewrite_step<sequential_graph_t<new_input, std::conditional_t<UnaryLayer<result<Ls>>, result<Ls>, Ls>...>,
                                   Fn, ok && is_rewrite<Fn>>;
    template <class Seq>
    struct rewritten;
    template <std::size_t... J>
    struct rewritten<std::index_sequence<J...>> {
        using type = Sequential<new_input, typename rewriting::template layer_t<J>...>;
    };
    using type = typename std::conditional_t<rewriting::changed,
                                             rewritten<std::make_index_sequence<rewriting::layer_count>>,
                                             std::type_identity<unrewritten>>::type;
};

/// The per-sample shapes of the clone's inputs: the model's own, one new Input<...> for a
/// one-input model, or Inputs<...> of Input types or input nodes, one per model input.
template <class G, class Inputs>
struct clone_inputs {
    static constexpr bool ok = false;
    using type = typename G::inputs;
    static constexpr bool renames = false;
};
template <class G>
struct clone_inputs<G, keep_inputs_t> {
    static constexpr bool ok = true;
    using type = typename G::inputs;
    static constexpr bool renames = false;
};
template <class G, std::size_t... D>
    requires(G::inputs::size == 1)
struct clone_inputs<G, Input<D...>> {
    static constexpr bool ok = is_valid_input_v<Input<D...>>;
    using type = graph::input_list<Shape{D...}>;
    static constexpr bool renames = false;
};
template <class G, class... I>
    requires(G::inputs::size == sizeof...(I) && all_of({input_node<I>...}))
struct clone_inputs<G, Inputs<I...>> {
    static constexpr bool ok = true;
    using type = graph::input_list<I::shape...>;
    /// Input nodes declared as structs bring their names.
    static constexpr bool renames = any_of({fn::is_named_node<I>()...});
};

template <class T>
inline constexpr bool is_inputs_list = false;
template <class... I>
inline constexpr bool is_inputs_list<Inputs<I...>> = true;

template <class R>
struct declared_name {
    static constexpr std::string_view value = declared_layer_name<R>();
};
template <class G, class Inputs, std::size_t I>
struct clone_input_name {
    using type = kept_input_name<G, I>;
};
template <class G, class... In, std::size_t I>
    requires(I < sizeof...(In))
struct clone_input_name<G, Inputs<In...>, I> {
    using node = fn::at_t<I, fn::list<In...>>;
    using type = std::conditional_t<fn::is_named_node<node>(), fn::input_name_source<node>, kept_input_name<G, I>>;
};

/// A functional model (Functional or a clone's Model) cloned: the same nodes, each distinct
/// layer replaced by what the clone function makes of it (called once per layer, never per
/// call), the inputs replaced, shapes re-inferred.
template <class G, class M, class Inputs, class Fn, bool Recursive, class CallFn>
struct clone_graph;
template <class In, class... Ls, class Nodes, class Out, class Names, class M, class Inputs, class Fn, bool Recursive,
          class CallFn>
struct clone_graph<graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>, M, Inputs, Fn, Recursive, CallFn> {
    using G = graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>;
    using new_inputs = clone_inputs<G, Inputs>;
    static_assert(new_inputs::ok, "scion::clone_model(model, inputs, ...) requires 'inputs' to be scion::keep_inputs, "
                                  "a scion::Input<dims...>{} for a one-input model, or scion::Inputs<...>{} with one "
                                  "input node per model input [SCION_BAD_CLONE_INPUTS]");
    using checks = check_clone_fn<Fn, Recursive, Ls...>;
    template <class L>
    using result = clone_layer_t<Fn, L, Recursive, CallFn>;
    template <class L>
    using stored = std::conditional_t<AnyLayer<layer_storage_t<result<L>>>, layer_storage_t<result<L>>, L>;

    template <class... Seq>
    struct make;
    template <std::size_t... I, std::size_t... J>
    struct make<std::index_sequence<I...>, std::index_sequence<J...>> {
        static constexpr bool same_layers =
            all_of({(std::is_same_v<stored<Ls>, Ls> && (declared_layer_name<result<Ls>>().empty() ||
                                                         declared_layer_name<result<Ls>>() == G::layer_name(J)))...});
        using type = graph::graph<
            typename new_inputs::type, graph::layer_list<stored<Ls>...>, Nodes, Out,
            graph::name_list<typename clone_input_name<G, Inputs, I>::type...,
                             std::conditional_t<declared_layer_name<result<Ls>>().empty(), kept_layer_name<G, J>,
                                                declared_name<result<Ls>>>...>>;
    };
    template <std::size_t... I>
    struct make<std::index_sequence<I...>> : make<std::index_sequence<I...>, std::index_sequence_for<Ls...>> {};
    using made = make<std::make_index_sequence<In::size>>;
    using new_graph = typename made::type;
    static constexpr bool unchanged =
        std::is_same_v<typename new_inputs::type, In> && !new_inputs::renames && made::same_layers;
    static constexpr bool ok = new_inputs::ok && checks::ok;
};

template <class G>
struct check_clone_graph {
    static constexpr auto names = graph::names_v<G>;
    static_assert(names.unique, "scion::clone_model: two layers or inputs of the clone have the same name "
                                "[SCION_DUPLICATE_NAME]; the clone function renamed a layer to a name in use");
    static constexpr bool shaped = !names.unique || graph::shapes_v<G>.ok;
    static_assert(sizeof(std::conditional_t<names.unique, check_shapes<G>, int>) > 0);
};

template <class G>
struct layer_tuple_of;
template <class In, class... Ls, class Nodes, class Out, class Names>
struct layer_tuple_of<graph::graph<In, graph::layer_list<Ls...>, Nodes, Out, Names>> {
    using type = graph::layer_tuple<Ls...>;
};
template <class G>
using layer_tuple_of_t = typename layer_tuple_of<G>::type;

/// Layer J of the cloned graph G as a call function sees it: a named layer (every call of it is
/// the same layer) stored as the cloned layer's type, keeping its name.
template <class G, std::size_t J>
struct cloned_layer {
    using dsl_type = graph::layer_at_t<J, layer_tuple_of_t<G>>;
    static constexpr std::string_view declared_name = G::layer_name(J);
    static constexpr std::size_t index = J;
};
template <class T>
inline constexpr bool is_cloned_layer = false;
template <class G, std::size_t J>
inline constexpr bool is_cloned_layer<cloned_layer<G, J>> = true;

/// Input I of graph G as an input node (named as G names it).
template <class G, std::size_t I>
struct graph_input : apply_dims_t<Input, G::inputs::shapes[I]> {
    static constexpr std::string_view node_name = G::input_name(I);
};

template <class G, class F, std::size_t I, graph::node_kind K = G::nodes[I].kind>
struct call_site;
template <class G, class F, std::size_t I>
using node_ref_t = std::conditional_t<G::nodes[I].kind == graph::node_kind::input,
                                      graph_input<G, G::nodes[I].index>, call_site<G, F, I>>;
template <class G, class F, std::size_t I, class Seq>
struct call_of;
template <class G, class F, std::size_t I, std::size_t... K>
struct call_of<G, F, I, std::index_sequence<K...>> {
    using type = typename F::template call<cloned_layer<G, G::nodes[I].index>, node_ref_t<G, F, G::nodes[I].inputs[K]>...>;
};
/// Node I of G after the call function: what F makes of the call (one level deep: its inputs
/// are other call_site types).
template <class G, class F, std::size_t I>
struct call_site<G, F, I, graph::node_kind::call>
    : call_of<G, F, I, std::make_index_sequence<G::nodes[I].input_count>>::type {
    static constexpr std::string_view node_name = "";
};
template <class G, class F, std::size_t I>
struct call_site<G, F, I, graph::node_kind::select> : Get<node_ref_t<G, F, G::nodes[I].inputs[0]>, G::nodes[I].index> {
    static constexpr std::string_view node_name = "";
};
template <class G, class F, std::size_t I>
struct call_site<G, F, I, graph::node_kind::input> {};

// Completes the call sites in node order (each finds its inputs complete): no recursion as deep
// as the graph.
template <class G, class F, std::size_t I>
struct complete_site {
    static_assert(sizeof(node_ref_t<G, F, I>) > 0);
};
template <class G, class F, class Seq = std::make_index_sequence<G::node_count>>
struct complete_sites;
template <class G, class F, std::size_t... I>
struct complete_sites<G, F, std::index_sequence<I...>> : complete_site<G, F, I>... {};

/// A functional clone with a call function: the cloned graph G's nodes rewritten by F, lowered
/// again like any functional graph.
template <class G, class F, bool Run>
struct call_clone {
    static constexpr bool ok = true;
    using type = void;
};
template <class G, class F>
struct call_clone<G, F, true> {
    static_assert(sizeof(complete_sites<G, F>) > 0);
    template <class Seq>
    struct lower;
    template <std::size_t... I>
    struct lower<std::index_sequence<I...>> {
        template <std::size_t... K>
        static fn::lowering<fn::list<graph_input<G, I>...>, fn::list<node_ref_t<G, F, G::outputs::ids[K]>...>> make(
            std::index_sequence<K...>);
        using type = decltype(make(std::make_index_sequence<G::outputs::size>{}));
    };
    using lowering = typename lower<std::make_index_sequence<G::inputs::size>>::type;
    static_assert(sizeof(check_listed<lowering>) > 0);
    using graph_type = typename lowering::type;
    static constexpr bool ok = lowering::unlisted == lowering::reached_inputs::size &&
                               graph::names_v<graph_type>.unique && graph::shapes_v<graph_type>.ok;
    using type = GraphModel<graph_type>;

    template <std::size_t K, class Tuple>
    static auto pick(Tuple& cloned) {
        using L = typename lowering::template node_t<lowering::table.first_call[K]>::layer_type;
        using S = layer_storage_t<L>;
        if constexpr (is_cloned_layer<L>) return S(std::move(graph::get<L::index>(cloned)));
        else return graph::make_unbuilt<S>();
    }
    /// The clone's layers: the cloned ones where the call function calls them, fresh ones where
    /// it adds layers.
    template <class Tuple>
    static auto layers(Tuple cloned) {
        return [&]<std::size_t... K>(std::index_sequence<K...>) {
            return layer_tuple_of_t<graph_type>{pick<K>(cloned)...};
        }(std::make_index_sequence<graph_type::layer_count>{});
    }
};

template <class M, class Inputs, class Fn, bool Recursive, class CallFn>
    requires(StaticModel<M> && !is_sequential_v<M>)
struct clone_model_impl<M, Inputs, Fn, Recursive, CallFn> {
    using cloned = clone_graph<typename M::graph_type, M, Inputs, Fn, Recursive, CallFn>;
    static constexpr bool layers_ok = cloned::ok && graph::names_v<typename cloned::new_graph>.unique &&
                                      graph::shapes_v<typename cloned::new_graph>.ok;
    static_assert(!cloned::ok || sizeof(check_clone_graph<typename cloned::new_graph>) > 0);
    /// The clone before a rewrite set (clone/rewrite.hpp) removes or changes layers, and after.
    using unrewritten = GraphModel<typename cloned::new_graph>;
    using rewriting = rewrite_step<typename cloned::new_graph, Fn, layers_ok && is_rewrite<Fn>>;
    using new_graph = typename rewriting::type;
    using calls = call_clone<new_graph, CallFn, layers_ok && !std::is_void_v<CallFn>>;
    static constexpr bool ok = layers_ok && calls::ok;
    using type = std::conditional_t<!std::is_void_v<CallFn> && layers_ok, typename calls::type,
                                    std::conditional_t<!cloned::ok || (cloned::unchanged && !rewriting::changed), M,
                                                       GraphModel<new_graph>>>;
};

template <class Fn>
seed clone_seed(const Fn& fn) {
    if constexpr (std::is_same_v<Fn, fresh_weights>) return fn.seed ? *fn.seed : next_seed();
    else return next_seed();
}

/// The clone's layer I: clone_fn's result, or a nested model cloned recursively (unbuilt, so
/// that the clone builds it with its own seed).
template <bool Recursive, class CallFn, class Result, class Fn, class L>
Result clone_one(const Fn& fn, const L& layer);

/// Rewritten layer J of a rewrite step (clone/rewrite.hpp) of a model whose layers are `ls`: a
/// copy of its source layer (with its weights), or that layer with the BatchNormalization after
/// it folded in and/or the Activation after it fused in (layers::rewritten_host), or a nested
/// model rewritten with the same set (with `recursive`).
template <class Step, std::size_t J, bool Recursive, class CallFn, class Tuple, class Fn>
[[nodiscard]] auto rewritten_layer(const Tuple& ls, const Fn& fn) {
    using R = typename Step::template layer_t<J>;
    constexpr std::size_t s = Step::plan.source[J], b = Step::plan.bn_of[s], a = Step::plan.act_of[s];
    const auto& l = graph::get<s>(ls);
    using L = std::remove_cvref_t<decltype(l)>;
    if constexpr (b == Step::none && a == Step::none) {
        if constexpr (!applies_fn<L, Recursive>) return clone_one<Recursive, CallFn, R>(fn, l);
        else return R(l);
    } else {
        const layers::BatchNormalization* bn = nullptr;
        if constexpr (b != Step::none) bn = &graph::get<b>(ls).engine();
        std::optional<activation_id> act;
        if constexpr (a != Step::none) act = graph::get<a>(ls).config().activation;
        return layers::rewritten_host<R>(l, bn, act);
    }
}
template <class Step, bool Recursive, class CallFn, class Tuple, class Fn>
[[nodiscard]] auto rewritten_layers(const Tuple& ls, const Fn& fn) {
    return [&]<std::size_t... J>(std::index_sequence<J...>) {
        return graph::layer_tuple<typename Step::template layer_t<J>...>{
            rewritten_layer<Step, J, Recursive, CallFn>(ls, fn)...};
    }(std::make_index_sequence<Step::layer_count>{});
}

/// A clone whose fresh layers are not built yet (they are built by the caller: a model that
/// owns it, or clone_model with its seed).
template <bool Recursive, class M, class Inputs, class Fn, class CallFn = void>
[[nodiscard]] auto clone_layers(const M& model, const Fn& fn) {
    using impl = clone_model_impl<M, Inputs, Fn, Recursive, CallFn>;
    using result = typename impl::type;
    if constexpr (std::is_void_v<CallFn>) {
        if constexpr (is_rewrite<Fn>) {
            return rewritten_layers<typename impl::rewriting, Recursive, CallFn>(model.layers(), fn);
        } else {
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                return typename result::layer_tuple{
                    clone_one<Recursive, CallFn, graph::layer_at_t<I, typename result::layer_tuple>>(
                        fn, graph::get<I>(model.layers()))...};
            }(std::make_index_sequence<result::layer_tuple::size>{});
        }
    } else {
        // With a call function the clone's layers are the cloned layers (clone_fn called once
        // each, or the rewritten ones) and the layers the call function inserts (fresh).
        using calls = typename impl::calls;
        auto cloned = [&] {
            if constexpr (is_rewrite<Fn>) {
                return rewritten_layers<typename impl::rewriting, Recursive, CallFn>(model.layers(), fn);
            } else {
                using cloned_tuple = layer_tuple_of_t<typename impl::cloned::new_graph>;
                return [&]<std::size_t... I>(std::index_sequence<I...>) {
                    return cloned_tuple{clone_one<Recursive, CallFn, graph::layer_at_t<I, cloned_tuple>>(
                        fn, graph::get<I>(model.layers()))...};
                }(std::make_index_sequence<cloned_tuple::size>{});
            }
        }();
        return calls::layers(std::move(cloned));
    }
}

template <class M>
std::array<std::string, M::input_count> input_names(const M& model) {
    std::array<std::string, M::input_count> names;
    for (std::size_t i = 0; i < M::input_count; ++i) names[i] = model.input_layer(i).name();
    return names;
}

template <bool Recursive, class CallFn, class Result, class Fn, class L>
Result clone_one(const Fn& fn, const L& layer) {
    if constexpr (!applies_fn<L, Recursive>) {
        // A nested model, cloned with the same functions at every depth; built by the outer model.
        auto layers = clone_layers<true, L, keep_inputs_t, Fn, nested_call_fn_t<L, CallFn>>(layer, fn);
        if constexpr (is_sequential_v<Result>)
            return Result(std::move(layers), graph::unbuilt, layer.name(), layer.input_layer().name());
        else return Result(std::move(layers), graph::unbuilt, layer.name(), input_names(layer));
    } else {
        using R = std::remove_cvref_t<std::invoke_result_t<const Fn&, const L&>>;
        Result r(std::invoke(fn, layer));
        // A layer renamed at the type level (rename<"...">) takes the name at run time too.
        if constexpr (!declared_layer_name<R>().empty()) r.set_name(std::string(declared_layer_name<R>()));
        return r;
    }
}

} // namespace detail

namespace detail {
/// Inputs<...> naming nodes of an outer graph (not all of them input nodes): the clone is
/// embedded in that graph, called on those nodes.
template <class T>
inline constexpr bool embeds = false;
template <class... N>
inline constexpr bool embeds<Inputs<N...>> = sizeof...(N) >= 1 && all_of({graph_node<N>...}) &&
                                            !all_of({input_node<N>...});

template <class M, class Inputs, class CloneFn, class... Options>
struct clone_type {
    using type = typename clone_model_impl<M, Inputs, CloneFn, has_recursive<Options...>, call_fn_of_t<Options...>>::type;
};
template <class M, class... N, class CloneFn, class... Options>
    requires embeds<Inputs<N...>>
struct clone_type<M, Inputs<N...>, CloneFn, Options...> {
    using model = typename clone_type<M, keep_inputs_t, CloneFn, Options...>::type;
    static_assert(!StaticModel<M> || M::input_count == sizeof...(N),
                  "scion::clone_model_t<M, Inputs<nodes...>> embeds the clone in an outer graph, called on the given "
                  "nodes: give one node per model input [SCION_BAD_CLONE_INPUTS]");
    /// A node of the outer graph: the clone called on the nodes (its shapes are checked there).
    using type = Call<model, N...>;
};
} // namespace detail

/// The type of `clone_model(m, inputs, clone_fn[, recursive])` for a model of type `M`, computed
/// at compile time (Keras's `clone_model`, as a metafunction):
///   - `Inputs` is `keep_inputs_t` (the model's own inputs), a new `Input<...>` (one-input
///     models), or `Inputs<...>` of input nodes (one per model input, matched in order); every
///     shape is re-inferred on them;
///   - each distinct layer type `L` becomes the type `clone_fn(const L&)` returns (`CloneFn` is
///     any generic callable; by default `fresh_weights`, which keeps `L`); a shared layer stays
///     shared; a named result (`rename<"x">(layer)`) renames the layer;
///   - `Options` is `recursive_t` to clone nested models with the same function at every depth.
/// `CloneFn` may also be a rewrite set for deployment (`deploy_t`, `fold_batch_norm_t`, ...,
/// clone/rewrite.hpp): the type then has the layers it removes removed and the layers it folds
/// into or fuses into changed (`Dense<8>` then `Activation<act::relu>` becomes `Dense<8, act::relu>`).
/// `clone_model_t<M>` is `M` itself; a functional model whose clone differs is a `GraphModel<G>`.
template <class M, class Inputs = keep_inputs_t, class CloneFn = fresh_weights, class... Options>
using clone_model_t = typename detail::clone_type<M, Inputs, CloneFn, Options...>::type;

namespace detail {
template <bool Recursive, class CallFn, class M, class Inputs, class CloneFn>
[[nodiscard]] auto clone_model_with(const M& model, const CloneFn& clone_fn, seed s, bool keep_ties) {
    using impl = clone_model_impl<M, Inputs, CloneFn, Recursive, CallFn>;
    using result = typename impl::type;
    if constexpr (!impl::ok) {
        std::abort();  // unreachable: clone_model_impl has reported why this clone is invalid
        return model;
    } else {
        if constexpr (std::is_same_v<CloneFn, copy_weights> && !std::is_same_v<Inputs, keep_inputs_t>)
            static_assert(sizeof(check_copy_keeps_weights<M, result>) > 0);
        // A rewrite set copies weights too: checked on the clone before the rewrite, whose layers
        // are the model's, one for one.
        if constexpr (is_rewrite<CloneFn> && !std::is_same_v<Inputs, keep_inputs_t>)
            static_assert(sizeof(check_copy_keeps_weights<M, typename impl::unrewritten>) > 0);
        // Braced initialisation calls clone_fn on the layers in order, once each.
        auto layers = clone_layers<Recursive, M, Inputs, CloneFn, CallFn>(model, clone_fn);
        auto make = [&] {
            if constexpr (is_sequential_v<result>)
                return result(std::move(layers), s, model.name(), model.input_layer().name());
            else if constexpr (is_inputs_list<Inputs>)
                return result(std::move(layers), s, model.name());  // the new inputs' names
            else return result(std::move(layers), s, model.name(), input_names(model));
        };
        result clone = make();
        if (keep_ties) graph::copy_ties(model, clone);
        return clone;
    }
}

template <class T>
inline constexpr bool is_call_function = false;
template <class F>
inline constexpr bool is_call_function<call_function<F>> = true;
template <class T>
inline constexpr bool is_clone_option = std::is_same_v<T, recursive_t> || std::is_same_v<T, keep_ties_t> ||
                                        std::is_same_v<T, seed> || is_call_function<T>;
/// A model of the runtime fallback (a dynamic::Model, which is a dynamic::Layer) is cloned by the
/// overloads of dynamic/clone.hpp: for it the templates below have no return type (a substitution
/// failure, before clone_model_t would reject it with SCION_NOT_A_MODEL), so they drop out of
/// overload resolution. (A requires-clause would not do: clang++ 14 substitutes the return type
/// before it checks constraints.)
template <class M, class Inputs, class CloneFn, class... Options>
struct static_clone_result {
    using type = clone_model_t<M, Inputs, CloneFn, Options...>;
};
template <class M, class Inputs, class CloneFn, class... Options>
    requires(std::is_base_of_v<dynamic::Layer, M> || is_rewrite<Inputs>)
struct static_clone_result<M, Inputs, CloneFn, Options...> {};
template <class M, class Inputs = keep_inputs_t, class CloneFn = fresh_weights, class... Options>
using static_clone_t = typename static_clone_result<M, Inputs, CloneFn, Options...>::type;
} // namespace detail

/// Clones `model` (Keras `clone_model(model, input_tensors, clone_function, recursive=...)`): a
/// new model of type `clone_model_t<M, Inputs, CloneFn>`, with the same name, input names and
/// layer names, whose layers are what `clone_fn` returns for each distinct layer of the model —
/// called once per layer (never per call site, never on an input), in layer order. Layers it
/// returns unbuilt are built on the clone's shapes with fresh weights; layers it returns built
/// keep their weights. `clone_fn` may be a rewrite set for deployment (`deploy`,
/// `fold_batch_norm | strip_dropout`, ...: docs/clone.md), which copies the layers it keeps with
/// their weights and folds, fuses or removes the others. Options, in any order:
///   - `recursive`: clone nested models with `clone_fn` too, at every depth;
///   - `keep_ties`: layers of the model that share weights share them in the clone too;
///   - a `seed`: the fresh weights' seed (default: fresh_weights{seed}'s, else the next seed of
///     the global sequence).
template <class M, class Inputs, class CloneFn, class... Options>
    requires(detail::all_of({detail::is_clone_option<Options>...}) && !detail::embeds<Inputs>)
[[nodiscard]] detail::static_clone_t<M, Inputs, CloneFn, Options...> clone_model(const M& model, const Inputs&,
                                                                                const CloneFn& clone_fn,
                                                                                Options... options) {
    seed s = detail::clone_seed(clone_fn);
    bool ties = false;
    auto read = [&](const auto& o) {
        using O = std::remove_cvref_t<decltype(o)>;
        if constexpr (std::is_same_v<O, seed>) s = o;
        else if constexpr (std::is_same_v<O, keep_ties_t>) ties = true;
    };
    (void)read;
    (read(options), ...);
    return detail::clone_model_with<detail::has_recursive<Options...>, detail::call_fn_of_t<Options...>, M, Inputs>(
        model, clone_fn, s, ties);
}

namespace detail {
template <bool Ok>
struct rewrite_as_option_token {
    static_assert(Ok, "scion::clone_model(model, inputs, clone_fn, options...) takes a rewrite set such as scion::deploy "
                      "in the clone function's place, not among the options: clone_model(model, inputs, deploy) (the "
                      "rewrite copies the weights of the layers it keeps) [SCION_REWRITE_AS_OPTION]");
};
template <class CloneFn, class... Options>
struct check_rewrite_not_an_option {
    static constexpr std::size_t at = first_false(std::array<bool, sizeof...(Options)>{!is_rewrite<Options>...});
    static constexpr bool ok = at == sizeof...(Options);
    static_assert(sizeof(rewrite_as_option_token<ok>) > 0);  // the token, in its own class (clang stops reading a class at its first failed static_assert)
    // The type on this line names the option that is a rewrite set (counted from 0 after the
    // clone function) and the clone function it follows.
    static_assert(sizeof(std::conditional_t<ok, int, diagnostic::rewrite_set_given_as_option<at, CloneFn>>) > 0);
};
} // namespace detail

/// A rewrite set among the options (`clone_model(m, keep_inputs, copy_weights{}, deploy)`) is an
/// error, SCION_REWRITE_AS_OPTION: a rewrite set is the clone function (`clone_model(m,
/// keep_inputs, deploy)`), which copies the layers it keeps.
template <class M, class Inputs, class CloneFn, class... Options>
    requires(detail::any_of({detail::is_rewrite<Options>...}))
M clone_model(const M&, const Inputs&, const CloneFn&, Options...) {
    static_assert(sizeof(detail::check_rewrite_not_an_option<CloneFn, Options...>) > 0);
    std::abort();  // unreachable: the check above has failed
}

/// Clones `model` to be embedded in an outer graph on the nodes `Inputs<N...>`: the clone
/// itself (a model, to be the layer of the node `clone_model_t<M, Inputs<N...>, CloneFn>`).
template <class M, class... N, class CloneFn, class... Options>
    requires(detail::all_of({detail::is_clone_option<Options>...}) && detail::embeds<Inputs<N...>>)
[[nodiscard]] auto clone_model(const M& model, const Inputs<N...>&, const CloneFn& clone_fn, Options... options) {
    return clone_model(model, keep_inputs, clone_fn, options...);
}

/// Clones `model` rewritten for deployment (docs/clone.md, "Rewrites for deployment"):
/// `clone_model(m, deploy)` is `clone_model(m, keep_inputs, deploy)`, a model of type
/// `clone_model_t<M, keep_inputs_t, deploy_t>`.
template <class M, rewrites R>
[[nodiscard]] detail::static_clone_t<M, keep_inputs_t, rewrite_t<R>> clone_model(const M& model, rewrite_t<R> set) {
    return clone_model(model, keep_inputs, set);
}

/// Clones `model` on new inputs (or keep_inputs) with fresh weights.
template <class M, class Inputs>
[[nodiscard]] detail::static_clone_t<M, Inputs> clone_model(const M& model, const Inputs& inputs) {
    return clone_model(model, inputs, fresh_weights{});
}

/// Clones `model` with fresh weights: same type, same config, new weights.
template <class M>
[[nodiscard]] detail::static_clone_t<M> clone_model(const M& model) {
    return clone_model(model, keep_inputs, fresh_weights{});
}

} // namespace scion
