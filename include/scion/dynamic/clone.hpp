// scion/dynamic/clone.hpp — clone_model for dynamic models: Keras 3's clone_model(model,
// input_tensors, clone_function, call_function, recursive) at run time, with the semantics of the
// static clone_model (docs/clone.md), and the weight policies fresh_weights, copy_weights and
// share_weights.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/rewrites.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/model.hpp>

#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

namespace scion::dynamic {

/// A clone function (Keras's `clone_function`): given each distinct layer of the model once, it
/// returns the layer the clone uses in its place.
using clone_fn = std::function<Layer(const Layer& layer)>;
/// A call function (Keras 3's `call_function(layer, *args)`): makes the call of the cloned layer
/// `layer` on `inputs` — usually `layer.call(inputs)`, possibly with layers around it — and
/// returns the tensors that stand for the call's outputs (as many as the original call has).
using call_fn = std::function<std::vector<KerasTensor>(const Layer& layer, const std::vector<KerasTensor>& inputs)>;

/// The options of `scion::clone_model(model, options)`, named as Keras's keywords; every one
/// defaults to Keras 3's default.
///
///     auto c = scion::clone_model(m, {.clone_function = dynamic::copy_weights, .name = "target"});
struct clone_options {
    /// New inputs, matched to the model's inputs in order (one per input; exactly one for a
    /// Sequential), each made by `dynamic::Input`. The clone is built on them and takes their
    /// shapes; an unnamed one takes the name of the input it replaces. Unset: inputs like the
    /// model's own (Keras `None`).
    std::optional<std::vector<KerasTensor>> input_tensors{};
    /// Called once per distinct layer, in layer order, never on an input; returns the clone's
    /// layer. Empty: `fresh_weights` (Keras's default, `from_config(get_config())`).
    clone_fn clone_function{};
    /// Replaces each call of a cloned layer (functional models only: a Sequential given one
    /// throws clone_error, as in Keras).
    call_fn call_function{};
    /// Clone nested models with the same clone_function at every depth (and the call_function
    /// inside nested functional models); otherwise a nested model is one layer to clone_function.
    bool recursive = false;
    /// The seed of the clone's fresh weights: the clone then has exactly the weights of a model
    /// built by hand with this seed and the same names. Unset: the next seed of the global
    /// sequence (clones of one model differ from each other).
    std::optional<scion::seed> seed{};
    /// Layers of the model that share weights with each other (weight ties) share them in the
    /// clone too — the first layer's; Keras makes them separate (its row 15, keras#20172).
    bool keep_ties = false;
    /// The clone's name (keras#17024); unset: the model's.
    std::optional<std::string> name{};
    /// Deployment rewrites (`scion::deploy`, `scion::fold_batch_norm | scion::strip_dropout`, ...;
    /// docs/clone.md, "Rewrites for deployment"): calls of Dropout and noise layers removed,
    /// BatchNormalization folded and Activation fused into the Dense or convolution before them.
    /// The layers kept are copied with their weights, so the clone computes what the model does
    /// at inference; `clone_function` must then be empty (a rewrite is the clone function).
    scion::rewrites rewrites = scion::rewrites::none;
};

// ---- weight policies (clone functions) ----------------------------------------------------------------

/// Keras's default clone function, `layer.__class__.from_config(layer.get_config())`: a new
/// layer of the same class, config and name, not built, so the clone gives it fresh weights. A
/// nested model is rebuilt whole. Throws clone_error for a layer that cannot be rebuilt from its
/// config (a custom layer without a constructor from its config or a `from_config`).
[[nodiscard]] Layer fresh_weights(const Layer& layer);
/// A deep copy of the layer with its weights: the clone starts from the trained weights
/// (keras#16668) but does not share them (Keras users write `clone.set_weights(m.get_weights())`).
[[nodiscard]] Layer copy_weights(const Layer& layer);
/// The layer itself (Keras's `clone_function=lambda layer: layer`): the clone calls the original's
/// layer objects, so a change of weights through either model is seen by both. (A layer that the
/// clone feeds other input shapes — an LSTM on longer sequences — becomes a twin holding the same
/// weight arrays, so that the original keeps working on its own shapes.)
[[nodiscard]] inline Layer share_weights(const Layer& layer) { return layer; }

namespace detail {

/// What a clone walk applies to each layer of a graph (and of nested graphs, when recursive).
struct clone_settings {
    const clone_fn* clone_function = nullptr;  ///< null or empty: fresh_weights
    const call_fn* call_function = nullptr;    ///< null or empty: the layer's own call
    bool recursive = false;
    scion::rewrites rewrites = scion::rewrites::none;  ///< applied to every graph cloned
};

/// The pairs (original layer, its clone), for keep_ties.
using layer_pairs = std::vector<std::pair<const layer_interface*, layer_interface*>>;

std::string clone_who(const graph_model& m, std::string_view name);

std::vector<Shape> shapes_of(const std::vector<KerasTensor>& ts);

std::string names_of(const std::vector<KerasTensor>& ts);

/// New Input tensors with the names of `m`'s inputs and the given shapes (for a nested model
/// cloned where the clone feeds it `shapes`).
std::vector<KerasTensor> inputs_like(const graph_model& m, const std::vector<Shape>& shapes);

/// Checks user-given input tensors against `m`'s inputs (Keras: by structure) and names the
/// unnamed ones after the inputs they replace.
void check_input_tensors(const graph_model& m, const std::vector<KerasTensor>& given, const std::string& who);

/// Gives `to` the weight lists of `from` (one list from now on).
void share_lists(layer_interface& to, const layer_interface& from);

/// The clone of layer `orig`, which the clone first calls on `in`.
[[nodiscard]] std::shared_ptr<layer_interface> clone_layer(const std::shared_ptr<layer_interface>& orig,
                                                           const std::vector<KerasTensor>& in, const clone_settings& s,
                                                           const std::string& who);

/// Clones graph `m` on `inputs` (checked): each distinct layer cloned once, each call made again
/// (by the call function when `use_call_function`), shapes re-inferred; not built.
[[nodiscard]] std::shared_ptr<graph_model> clone_graph(const graph_model& m, std::vector<KerasTensor> inputs,
                                                       std::string name, const clone_settings& s,
                                                       bool use_call_function, layer_pairs* pairs);

/// keep_ties: wherever two weight lists of the original layers are one list, the clone's
/// corresponding lists become one too (the first one's).
void keep_ties(const layer_pairs& pairs, const std::string& who);

/// The clone of `m` (see scion::clone_model), as a graph.
[[nodiscard]] std::shared_ptr<graph_model> clone_model_graph(const Model& m, const clone_options& o);

} // namespace detail
} // namespace scion::dynamic

namespace scion {

/// Clones a dynamic model (Keras 3's `clone_model`): a new model with the model's name (or
/// `o.name`), its inputs' names and shapes (or those of `o.input_tensors`), and in place of each
/// distinct layer what `o.clone_function` returns for it — called once per layer, in layer order,
/// never per call site, never on an input; a shared layer stays shared. By default every layer
/// is rebuilt from its config with fresh weights (`dynamic::fresh_weights`), from `o.seed` or
/// the next seed of the global sequence; layers the clone function returns built keep their
/// weights (re-targeted when the clone feeds them other shapes their weights fit). Nested models
/// are layers, cloned whole, unless `o.recursive`. The clone is built; it is a Sequential when
/// the model is. Per-layer and model-level `trainable` flags are kept.
///
/// Throws clone_error for input tensors that do not match the model's inputs (or are not
/// Inputs), a call function on a Sequential, a layer that cannot be rebuilt from its config, a
/// clone function that returns no layer, a call function that returns the wrong number of
/// tensors, and weights that do not fit the clone's shapes; shape_error (naming the layer) for
/// a returned layer that cannot take its inputs; config_error for duplicate layer names.
[[nodiscard]] dynamic::Model clone_model(const dynamic::Model& m, const dynamic::clone_options& o = {});
/// The clone of a Sequential is a Sequential.
[[nodiscard]] dynamic::Sequential clone_model(const dynamic::Sequential& m, const dynamic::clone_options& o = {});
/// The model rewritten for deployment: `clone_model(m, scion::deploy)` is
/// `clone_model(m, {.rewrites = scion::deploy})` (the static path's `clone_model(m, deploy)`).
[[nodiscard]] dynamic::Model clone_model(const dynamic::Model& m, scion::rewrites r);
[[nodiscard]] dynamic::Sequential clone_model(const dynamic::Sequential& m, scion::rewrites r);

namespace dynamic::detail {
template <class V>
concept tensor_list = std::same_as<std::remove_cvref_t<V>, std::vector<KerasTensor>>;

[[nodiscard]] clone_options positional(std::vector<KerasTensor> input_tensors, clone_fn clone_function,
                                       call_fn call_function, bool recursive);
} // namespace dynamic::detail

/// Keras 3's positional form, `clone_model(model, input_tensors, clone_function, call_function,
/// recursive)`. An empty `input_tensors` stands for Keras's `None`: inputs like the model's own
/// (so `clone_model(m, {}, dynamic::copy_weights)` reads as `clone_model(m, None, copy_fn)`).
template <dynamic::detail::tensor_list V>
[[nodiscard]] dynamic::Model clone_model(const dynamic::Model& m, V&& input_tensors,
                                         dynamic::clone_fn clone_function = {}, dynamic::call_fn call_function = {},
                                         bool recursive = false) {
    return dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::forward<V>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive)));
}
/// As above, for a braced list of inputs: `clone_model(m, {x})`, or `clone_model(m, {})` for the
/// model's own inputs.
[[nodiscard]] dynamic::Model clone_model(const dynamic::Model& m, std::initializer_list<dynamic::KerasTensor> input_tensors,
                                         dynamic::clone_fn clone_function = {}, dynamic::call_fn call_function = {},
                                         bool recursive = false);
/// The positional forms for a Sequential: the clone is a Sequential.
template <dynamic::detail::tensor_list V>
[[nodiscard]] dynamic::Sequential clone_model(const dynamic::Sequential& m, V&& input_tensors,
                                              dynamic::clone_fn clone_function = {},
                                              dynamic::call_fn call_function = {}, bool recursive = false) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::forward<V>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive))));
}
[[nodiscard]] dynamic::Sequential clone_model(const dynamic::Sequential& m,
                                              std::initializer_list<dynamic::KerasTensor> input_tensors,
                                              dynamic::clone_fn clone_function = {},
                                              dynamic::call_fn call_function = {}, bool recursive = false);

namespace dynamic {
// Found by argument-dependent lookup too: `clone_model(m)` for a dynamic::Model m.
using scion::clone_model;
} // namespace dynamic

} // namespace scion
