// scion/clone/policies.hpp — clone functions that decide what a clone's layers hold:
// fresh_weights (the default) and copy_weights; and keep_inputs, clone_model's default inputs.
#pragma once

#include <scion/core/rng.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/protocol.hpp>

#include <optional>

namespace scion {

/// `clone_model`'s `inputs` argument meaning "rebuild the model on inputs like its own"
/// (Keras `input_tensors=None`).
struct keep_inputs_t {
    explicit constexpr keep_inputs_t() = default;
};
inline constexpr keep_inputs_t keep_inputs{};

/// The default clone function (Keras's `from_config(get_config())`): the same layer type and
/// config, fresh weights. With a seed, the clone's fresh weights are drawn from that seed, so
/// `clone_model(m, keep_inputs, fresh_weights{seed{3}})` has the weights of `M{seed{3}}`;
/// without one, from the next seed of the global sequence.
struct fresh_weights {
    std::optional<scion::seed> seed{};

    constexpr fresh_weights() = default;
    constexpr explicit fresh_weights(scion::seed s) : seed(s) {}

    template <class L>
    L operator()(const L& layer) const {
        static_assert(Cloneable<L> || std::is_constructible_v<L, graph::unbuilt_t>,
                      "scion::fresh_weights (clone_model's default clone function) requires every layer to be "
                      "Cloneable: a config_type, config() and a constructor from its config [SCION_NOT_CLONEABLE]; "
                      "give the layer those, or pass a clone function that handles it");
        // An error on the next line means the layer type L cannot be rebuilt from its config.
        if constexpr (std::is_constructible_v<L, graph::unbuilt_t>) {
            // A nested model (or a Repeat of one): the same type and name, its layers fresh
            // (built by the clone).
            L fresh(graph::unbuilt);
            fresh.set_name(std::string(layer.name()));
            return fresh;
        } else if constexpr (Cloneable<L>) {
            return L(layer.config());
        } else {
            return layer;
        }
    }
};

/// A clone function that keeps each layer's weights (a deep copy: the clone and the original
/// do not share buffers). Keras users write `clone.set_weights(model.get_weights())` after
/// cloning; this does both in one step (keras#16668).
struct copy_weights {
    template <class L>
    L operator()(const L& layer) const {
        static_assert(AnyLayer<L>, "scion::copy_weights requires a layer [SCION_NOT_A_LAYER]");
        return layer;
    }
};

/// A clone function that makes the clone use the original's weights: each layer of the clone
/// holds the same weight arrays as the original's (a change through one is seen by the other,
/// as Keras's clone_function `lambda layer: layer` does). Copies of either model do not share.
struct share_weights {
    template <class L>
    L operator()(const L& layer) const {
        static_assert(AnyLayer<L>, "scion::share_weights requires a layer [SCION_NOT_A_LAYER]");
        L shared = layer;
        graph::share_weights(shared, layer);
        return shared;
    }
};

/// clone_model option: layers of the model that share weights with each other (weight ties)
/// share them in the clone too — Keras makes them two objects (its row 15).
struct keep_ties_t {
    explicit constexpr keep_ties_t() = default;
};
inline constexpr keep_ties_t keep_ties{};

/// clone_model option: clone nested models with the same clone function at every depth (Keras
/// `recursive=True`); without it a nested model is a layer like any other, given to clone_fn whole.
struct recursive_t {
    explicit constexpr recursive_t() = default;
};
inline constexpr recursive_t recursive{};

/// clone_model option: replaces each call of a cloned layer in a functional model by the node
/// `F::call<Layer, Inputs...>` (Keras 3's call_function), e.g. to insert a Dropout after every
/// Dense. `F` is a type with a member alias template:
///
///     struct dropout_after_dense {
///         template <class Layer, class... In>
///         using call = std::conditional_t<is_dense_v<layer_storage_t<Layer>>,
///                                         Call<Dropout<std::ratio<1, 5>>, Call<Layer, In...>>,
///                                         Call<Layer, In...>>;
///     };
///
/// `Layer` stands for the cloned layer (every call of it is the same layer: use it as the layer
/// of a Call; `layer_storage_t<Layer>` is its type); `In...` are the call's input nodes. Layers
/// the call function adds are new, with fresh weights. A Sequential given a call function is a
/// compile error (SCION_CALL_FUNCTION_SEQUENTIAL), as in Keras.
template <class F>
struct call_function {
    explicit constexpr call_function() = default;
};

} // namespace scion
