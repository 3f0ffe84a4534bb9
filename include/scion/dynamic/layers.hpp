// scion/dynamic/layers.hpp — the built-in layers of the dynamic path (the engine's classes),
// made from option structs with designated initializers, and the registry of layer classes by
// Keras class name that Keras JSON is read through.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/layers/conv.hpp>
#include <scion/dynamic/layers/misc.hpp>
#include <scion/dynamic/layers/recurrent.hpp>
#include <scion/dynamic/layers/spatial.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/dense.hpp>
#include <scion/layers/dropout.hpp>
#include <scion/layers/flatten.hpp>
#include <scion/layers/merge.hpp>
#include <scion/layers/reshape.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

struct dense_options {
    std::size_t units = 0;
    std::string activation = "linear";
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
struct activation_options {
    std::string activation = "linear";
    std::string name{};
    bool trainable = true;
};
struct dropout_options {
    float rate = 0.5f;
    std::optional<std::uint64_t> seed{};
    std::string name{};
    bool trainable = true;
};
struct flatten_options {
    std::string name{};
    bool trainable = true;
};
struct reshape_options {
    std::vector<std::int64_t> target_shape{};  ///< per sample; one entry may be -1
    std::string name{};
    bool trainable = true;
};
struct merge_options {
    std::string name{};
    bool trainable = true;
};
struct concatenate_options {
    int axis = -1;
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

[[nodiscard]] inline Layer Dense(const dense_options& o) {
    auto c = detail::base_of<layers::dense_config>(o);
    c.units = o.units;
    c.activation = activation_from_string(o.activation);
    c.use_bias = o.use_bias;
    c.kernel_initializer = o.kernel_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::Dense(std::move(c)));
}
[[nodiscard]] inline Layer Activation(const activation_options& o) {
    auto c = detail::base_of<layers::activation_config>(o);
    c.activation = activation_from_string(o.activation);
    return Layer(layers::Activation(std::move(c)));
}
[[nodiscard]] inline Layer Dropout(const dropout_options& o) {
    auto c = detail::base_of<layers::dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::Dropout(std::move(c)));
}
[[nodiscard]] inline Layer Flatten(const flatten_options& o = {}) {
    return Layer(layers::Flatten(detail::base_of<layers::Flatten::config_type>(o)));
}
[[nodiscard]] inline Layer Reshape(const reshape_options& o) {
    auto c = detail::base_of<layers::reshape_config>(o);
    c.target_shape = o.target_shape;
    return Layer(layers::Reshape(std::move(c)));
}
[[nodiscard]] inline Layer Add(const merge_options& o = {}) { return Layer(layers::Add(detail::base_of<layers::merge_config>(o))); }
[[nodiscard]] inline Layer Subtract(const merge_options& o = {}) {
    return Layer(layers::Subtract(detail::base_of<layers::merge_config>(o)));
}
[[nodiscard]] inline Layer Multiply(const merge_options& o = {}) {
    return Layer(layers::Multiply(detail::base_of<layers::merge_config>(o)));
}
[[nodiscard]] inline Layer Average(const merge_options& o = {}) {
    return Layer(layers::Average(detail::base_of<layers::merge_config>(o)));
}
[[nodiscard]] inline Layer Maximum(const merge_options& o = {}) {
    return Layer(layers::Maximum(detail::base_of<layers::merge_config>(o)));
}
[[nodiscard]] inline Layer Minimum(const merge_options& o = {}) {
    return Layer(layers::Minimum(detail::base_of<layers::merge_config>(o)));
}
[[nodiscard]] inline Layer Concatenate(const concatenate_options& o = {}) {
    auto c = detail::base_of<layers::concatenate_config>(o);
    c.axis = o.axis;
    return Layer(layers::Concatenate(std::move(c)));
}


namespace detail {
inline registry::registry() {
    add_builtin<layers::Dense>();
    add_builtin<layers::Activation>();
    add_builtin<layers::Dropout>();
    add_builtin<layers::Flatten>();
    add_builtin<layers::Reshape>();
    add_builtin<layers::Add>();
    add_builtin<layers::Subtract>();
    add_builtin<layers::Multiply>();
    add_builtin<layers::Average>();
    add_builtin<layers::Maximum>();
    add_builtin<layers::Minimum>();
    add_builtin<layers::Concatenate>();
    register_recurrent_layers(*this);
    register_conv_layers(*this);
    register_spatial_layers(*this);
    register_misc_layers(*this);
}
} // namespace detail

/// Registers a layer class under a Keras class name, so that Keras JSON naming it loads (and
/// models holding it clone and save). `L` is an engine-style layer (see engine_layer_type) with
/// `get_config()` and either `static L from_config(const json&)` or `static config_type
/// config_from_json(const json&)`. Registering a name again replaces the factory.
template <engine_layer_type L>
void register_layer(std::string class_name) {
    static_assert(requires(const json& j) { detail::make_from_config<L>(j); },
                  "scion::dynamic::register_layer<L> requires L::from_config(json) or L::config_from_json(json)");
    detail::registry::instance().add(std::move(class_name), &detail::make_from_config<L>);
}
/// Registers a factory of any kind under a Keras class name.
inline void register_layer(std::string class_name, layer_factory f) {
    detail::registry::instance().add(std::move(class_name), std::move(f));
}
/// Whether a class name is known (built in or registered).
[[nodiscard]] inline bool is_registered(std::string_view class_name) {
    return detail::registry::instance().find(class_name).has_value();
}

/// A layer from its Keras class name and config; throws config_error naming the class when it
/// is unknown. (Models — "Sequential", "Functional", "Model" — are read by model_from_json.)
[[nodiscard]] inline Layer layer_from_config(std::string_view class_name, const json& config) {
    const auto f = detail::registry::instance().find(class_name);
    if (!f)
        throw config_error("unknown layer class '" + std::string(class_name) +
                           "': register it with scion::dynamic::register_layer<YourLayer>(\"" +
                           std::string(class_name) + "\")");
    return (*f)(config);
}

} // namespace scion::dynamic
