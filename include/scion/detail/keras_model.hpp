// scion/detail/keras_model.hpp — what Keras says about a model, written once for the static and
// the dynamic path: its config (Sequential or Functional) from a neutral description, and the
// automatic names of its inputs and layers.
#pragma once

#include <scion/core/json.hpp>
#include <scion/detail/keras_order.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scion::detail {

/// A model as its Keras config describes it. The static path fills it from its type-level graph
/// (basic_model::keras_description), the dynamic path from its run-time graph
/// (graph_model::keras_description); keras_model_config writes it.
struct keras_model {
    /// A tensor: model input `index`, or output `output` of call `index` (of `calls`).
    struct tensor {
        bool input = false;
        std::size_t index = 0;
        std::size_t output = 0;
    };
    /// A model input (an InputLayer entry).
    struct input {
        std::string name;
        json config;
    };
    /// A layer: its entry's name, class and config (a nested model's: its own model config).
    struct layer {
        std::string name;
        std::string class_name;
        json config;
        bool is_model = false;  ///< a nested model: its node 0 is its own construction
    };
    /// A call of layer `layer` (an index into `layers`) on `inputs`.
    struct call {
        std::size_t layer = 0;
        std::vector<tensor> inputs;
    };

    std::string name;
    bool sequential = false;  ///< Keras's Sequential form (a stack) rather than a graph
    std::vector<input> inputs;
    std::vector<layer> layers;
    /// Every call, in execution order (a layer's calls are numbered in this order). Not read
    /// for the Sequential form.
    std::vector<call> calls;
    std::vector<tensor> outputs;  ///< not read for the Sequential form
    /// Keras's `model.layers` (every input and layer once): the order of the config's entries.
    std::vector<listed_layer> order;
};

/// The Keras config of model `m` — what Keras writes under "config".
///
/// Sequential form: {"name", "layers": [{"class_name", "config"} per entry of `order`, the
/// InputLayer first]}.
///
/// Functional form: {"name", "layers": [{"name", "class_name", "config", "inbound_nodes"} per
/// entry of `order`], "input_layers": [[input, 0, 0], ...], "output_layers": [[layer,
/// node_index, tensor_index], ...]}, a layer's "inbound_nodes" holding one list per call of the
/// layer, in the nested-list form Keras 2, Keras 3 and TensorFlow.js read: [[layer, node_index,
/// tensor_index, {}], ...]. `node_index` counts the calls of the layer read in execution order:
/// from 0 for a layer, from 1 for a nested model, whose node 0 is, in Keras 2 and TensorFlow.js,
/// the one its own construction made; an input is [input, 0, 0, {}].
[[nodiscard]] json keras_model_config(const keras_model& m);

/// The Keras JSON of model `m`'s architecture: {"class_name": "Sequential" or "Functional",
/// "config": keras_model_config(m)}.
[[nodiscard]] json keras_model_json(const keras_model& m);

/// An input or layer to name: the name it has (empty: none) and the base of its automatic name
/// (its kind's default name, Keras's snake_case class name: "dense", "input_layer").
struct name_request {
    std::string_view name;
    std::string_view base;
};

/// The names of a model's inputs and layers, given in the order automatic names are handed out
/// (the inputs, then the layers in order of first call): a name an entry has is kept; an entry
/// without one takes `base`, `base_1`, `base_2`, ... — the first that no entry has or was given
/// before it (one counter per base, as Keras counts per class) — as graph::make_names does at
/// compile time. Then every name must be unique, as Keras requires: otherwise throws config_error
/// "<who>: the name "x" is used n times in the model. All layer names should be unique.".
[[nodiscard]] std::vector<std::string> automatic_names(std::span<const name_request> entries, std::string_view who);

} // namespace scion::detail
