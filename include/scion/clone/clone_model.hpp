// scion/clone/clone_model.hpp — clone_model_t (the clone's type, computed at compile time) and
// clone_model (an instance of it), over static models.
#pragma once

#include <scion/clone/policies.hpp>
#include <scion/detail/diagnostics.hpp>
#include <scion/dsl/input.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/sequential.hpp>
#include <scion/dsl/traits.hpp>

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

namespace scion {

namespace detail {

/// The type a clone function makes of layer number `Position` of type `L`.
template <std::size_t Position, class Fn, class L>
struct cloned_layer {
    static constexpr bool callable = std::is_invocable_v<const Fn&, const L&>;
    static_assert(callable, "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to be callable with "
                            "each layer of the model, as clone_fn(const Layer&) [SCION_CLONE_FN_NOT_CALLABLE]");
    using result = std::remove_cvref_t<typename std::conditional_t<callable, std::invoke_result<const Fn&, const L&>,
                                                                   std::type_identity<L>>::type>;
    static_assert(Layer<result>, "scion::clone_model(model, inputs, clone_fn) requires 'clone_fn' to return a layer "
                                 "for every layer it is given [SCION_CLONE_FN_RESULT_NOT_A_LAYER]");
    using type = std::conditional_t<Layer<result>, result, L>;
};

template <class M, class Inputs, class Fn>
struct clone_model_impl {
    static_assert(StaticModel<M>, "scion::clone_model_t<M, Inputs, CloneFn> requires 'M' to be a static model type "
                                  "such as scion::Sequential<Input<4>, Dense<2>> [SCION_NOT_A_MODEL]");
    using type = M;
};

template <class Inputs>
constexpr bool check_clone_inputs() {
    static_assert(std::is_same_v<Inputs, keep_inputs_t> || is_input_v<Inputs>,
                  "scion::clone_model(model, inputs, ...) requires 'inputs' to be scion::keep_inputs or a "
                  "scion::Input<dims...>{} [SCION_BAD_CLONE_INPUTS]");
    return true;
}

// copy_weights keeps every layer's weights, so no layer may need weights of another size on
// the new inputs (an LSTM may see longer sequences; a Dense may not see more features).
template <class Old, class New>
constexpr bool check_copy_keeps_weights() {
    constexpr auto a = graph::layer_params<typename Old::graph_type>();
    constexpr auto b = graph::layer_params<typename New::graph_type>();
    constexpr std::size_t bad = [&] {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return i;
        return a.size();
    }();
    static_assert(bad == a.size(),
                  "scion::clone_model(model, inputs, copy_weights{}) requires the new inputs to keep every layer's "
                  "weight shapes, since the weights are copied [SCION_COPY_WEIGHTS_SHAPE_CHANGED]");
    if constexpr (bad != a.size())
        // The type on this line names the first layer whose weights would change size (counted
        // from 0 after the input), with its parameter counts before and after.
        return sizeof(diagnostic::copy_weights_params_change_at_layer<bad, a[bad], b[bad]>) > 0;
    return true;
}

template <class In, class... Ls, class Inputs, class Fn>
struct clone_model_impl<Sequential<In, Ls...>, Inputs, Fn> {
    static_assert(check_clone_inputs<Inputs>());
    using new_input = std::conditional_t<is_input_v<Inputs>, Inputs, In>;
    template <class Seq>
    struct with_layers;
    template <std::size_t... I>
    struct with_layers<std::index_sequence<I...>> {
        using type = Sequential<new_input, typename cloned_layer<I, Fn, Ls>::type...>;
    };
    using type = typename with_layers<std::index_sequence_for<Ls...>>::type;
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
    using result = clone_model_t<M, Inputs, CloneFn>;
    if constexpr (std::is_same_v<CloneFn, copy_weights> && !std::is_same_v<Inputs, keep_inputs_t>)
        static_assert(detail::check_copy_keeps_weights<M, result>());
    // Braced initialisation calls clone_fn on the layers in order, once each.
    auto layers = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return typename result::layer_tuple{std::invoke(clone_fn, graph::get<I>(model.layers()))...};
    }(std::make_index_sequence<M::layer_count>{});
    return result(std::move(layers), s, model.name(), model.input_layer().name());
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
