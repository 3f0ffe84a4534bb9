// scion/clone/clone_model.hpp — clone_model_t (the clone's type, computed at compile time) and
// clone_model (an instance of it), over static models.
#pragma once

#include <scion/clone/policies.hpp>
#include <scion/detail/diagnostics.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/sequential.hpp>
#include <scion/dsl/traits.hpp>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <type_traits>
#include <utility>

namespace scion {

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

/// The type of layer I of a layer_tuple, or void past its end (for diagnostics of empty models).
template <bool InRange, std::size_t I, class Tuple>
struct layer_or_void {
    using type = void;
};
template <std::size_t I, class Tuple>
struct layer_or_void<true, I, Tuple> {
    using type = graph::layer_at_t<I, Tuple>;
};

template <class M, class Inputs, class Fn>
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
    static_assert(ok, "scion::clone_model(model, inputs, copy_weights{}) requires the new inputs to keep every layer's "
                      "weight shapes, since the weights are copied [SCION_COPY_WEIGHTS_SHAPE_CHANGED]");
    // The type on this line names the first layer whose weights would change size (counted from
    // 0 after the input), with its parameter counts before and after.
    static_assert(sizeof(std::conditional_t<ok, int,
                                            diagnostic::copy_weights_params_change_at_layer<
                                                bad, before[ok ? 0 : bad], after[ok ? 0 : bad]>>) > 0);
};

template <class In, class... Ls, class Inputs, class Fn>
    requires(!DiagnosedModel<Sequential<In, Ls...>>)
struct clone_model_impl<Sequential<In, Ls...>, Inputs, Fn> {
    static constexpr std::size_t n = sizeof...(Ls);
    template <std::size_t I>
    using layer = typename layer_or_void<(I < n), I, graph::layer_tuple<Ls...>>::type;

    static constexpr bool inputs_ok = std::is_same_v<Inputs, keep_inputs_t> || is_valid_input_v<Inputs>;
    static_assert(inputs_ok, "scion::clone_model(model, inputs, ...) requires 'inputs' to be scion::keep_inputs or a "
                             "scion::Input<dims...>{} [SCION_BAD_CLONE_INPUTS]");
    using new_input = std::conditional_t<is_valid_input_v<Inputs>, Inputs, In>;

    // Each check reports the first offending layer once, with its position and type.
    static constexpr std::size_t not_callable =
        first_false(std::array<bool, n>{std::is_invocable_v<const Fn&, const Ls&>...});
    static_assert(not_callable == n, "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to be callable "
                                     "with each layer of the model, as clone_fn(const Layer&) "
                                     "[SCION_CLONE_FN_NOT_CALLABLE]");
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
    static constexpr std::size_t not_layer = first_false(std::array<bool, n>{Layer<clone_result_t<Fn, Ls>>...});
    static_assert(not_callable != n || not_layer == n,
                  "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to return a layer for every layer "
                  "it is given [SCION_CLONE_FN_RESULT_NOT_A_LAYER]");
    static_assert(sizeof(std::conditional_t<not_callable != n || not_layer == n, int,
                                            diagnostic::clone_fn_returns_non_layer_at_position<
                                                not_layer, typename returned<not_layer>::type>>) > 0);

    // The default clone rebuilds layers from their configs.
    static constexpr std::size_t not_cloneable =
        std::is_same_v<Fn, fresh_weights> ? first_false(std::array<bool, n>{Cloneable<Ls>...}) : n;
    static_assert(not_cloneable == n,
                  "scion::clone_model(model) and fresh_weights (the default clone function) require every layer to be "
                  "Cloneable: a config_type, config() and a constructor from its config [SCION_NOT_CLONEABLE]; give "
                  "the layer those, or pass a clone function that handles it");
    static_assert(sizeof(std::conditional_t<not_cloneable == n, int,
                                            diagnostic::not_cloneable_at_position<
                                                not_cloneable, layer<not_cloneable == n ? 0 : not_cloneable>>>) > 0);

    static constexpr bool ok = inputs_ok && not_callable == n && not_layer == n && not_cloneable == n;
    using type = Sequential<new_input, std::conditional_t<Layer<clone_result_t<Fn, Ls>>, clone_result_t<Fn, Ls>, Ls>...>;
};

template <class Fn>
seed clone_seed(const Fn& fn) {
    if constexpr (std::is_same_v<Fn, fresh_weights>) return fn.seed ? *fn.seed : next_seed();
    else return next_seed();
}

} // namespace detail

/// The type of `clone_model(m, inputs, clone_fn)` for a model of type `M`, computed at compile
/// time (Keras's `clone_model`, as a metafunction):
///   - `Inputs` is `keep_inputs_t` (the model's own input) or a new `Input<...>`, on which every
///     shape is re-inferred;
///   - each layer type `L` becomes the type `clone_fn(const L&)` returns (`CloneFn` is any
///     generic callable; by default `fresh_weights`, which keeps `L`).
/// `clone_model_t<M>` is `M` itself.
template <class M, class Inputs = keep_inputs_t, class CloneFn = fresh_weights>
using clone_model_t = typename detail::clone_model_impl<M, Inputs, CloneFn>::type;

/// Clones `model` (Keras `clone_model(model, input_tensors, clone_function)`): a new model of
/// type `clone_model_t<M, Inputs, CloneFn>`, with the same name, input name and layer names,
/// whose layers are what `clone_fn` returns for each of the model's layers — called once per
/// layer, in order, never on the input. Layers it returns unbuilt are built on the clone's
/// shapes with fresh weights from `s`; layers it returns built keep their weights.
template <class M, class Inputs, class CloneFn>
[[nodiscard]] clone_model_t<M, Inputs, CloneFn> clone_model(const M& model, const Inputs&, const CloneFn& clone_fn,
                                                            seed s) {
    using impl = detail::clone_model_impl<M, Inputs, CloneFn>;
    using result = typename impl::type;
    if constexpr (!impl::ok) {
        std::abort();  // unreachable: clone_model_impl has reported why this clone is invalid
    } else {
        if constexpr (std::is_same_v<CloneFn, copy_weights> && !std::is_same_v<Inputs, keep_inputs_t>)
            static_assert(sizeof(detail::check_copy_keeps_weights<M, result>) > 0);
        // Braced initialisation calls clone_fn on the layers in order, once each.
        auto layers = [&]<std::size_t... I>(std::index_sequence<I...>) {
            return typename result::layer_tuple{std::invoke(clone_fn, graph::get<I>(model.layers()))...};
        }(std::make_index_sequence<M::layer_count>{});
        return result(std::move(layers), s, model.name(), model.input_layer().name());
    }
}

/// As above, with fresh weights from the clone function's seed (fresh_weights{seed{...}}) or
/// from the next seed of the global sequence.
template <class M, class Inputs, class CloneFn>
[[nodiscard]] clone_model_t<M, Inputs, CloneFn> clone_model(const M& model, const Inputs& inputs,
                                                            const CloneFn& clone_fn) {
    return clone_model(model, inputs, clone_fn, detail::clone_seed(clone_fn));
}

/// Clones `model` on new inputs (or keep_inputs) with fresh weights.
template <class M, class Inputs>
[[nodiscard]] clone_model_t<M, Inputs> clone_model(const M& model, const Inputs& inputs) {
    return clone_model(model, inputs, fresh_weights{});
}

/// Clones `model` with fresh weights: same type, same config, new weights.
template <class M>
[[nodiscard]] clone_model_t<M> clone_model(const M& model) {
    return clone_model(model, keep_inputs, fresh_weights{});
}

} // namespace scion
