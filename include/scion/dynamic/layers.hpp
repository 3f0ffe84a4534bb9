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

[[nodiscard]] Layer Dense(const dense_options& o);
[[nodiscard]] Layer Activation(const activation_options& o);
[[nodiscard]] Layer Dropout(const dropout_options& o);
[[nodiscard]] Layer Flatten(const flatten_options& o = {});
[[nodiscard]] Layer Reshape(const reshape_options& o);
[[nodiscard]] Layer Add(const merge_options& o = {});
[[nodiscard]] Layer Subtract(const merge_options& o = {});
[[nodiscard]] Layer Multiply(const merge_options& o = {});
[[nodiscard]] Layer Average(const merge_options& o = {});
[[nodiscard]] Layer Maximum(const merge_options& o = {});
[[nodiscard]] Layer Minimum(const merge_options& o = {});
[[nodiscard]] Layer Concatenate(const concatenate_options& o = {});

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
void register_layer(std::string class_name, layer_factory f);
/// Whether a class name is known (built in or registered).
[[nodiscard]] bool is_registered(std::string_view class_name);

/// A layer from its Keras class name and config; throws config_error naming the class when it
/// is unknown. (Models — "Sequential", "Functional", "Model" — are read by model_from_json.)
[[nodiscard]] Layer layer_from_config(std::string_view class_name, const json& config);

// The built-in layers of this header are wrapped once, in libscion (src/dynamic/layers.cpp).
extern template class engine_layer<layers::Dense>;
extern template class engine_layer<layers::Activation>;
extern template class engine_layer<layers::Dropout>;
extern template class engine_layer<layers::Flatten>;
extern template class engine_layer<layers::Reshape>;
extern template class engine_layer<layers::Add>;
extern template class engine_layer<layers::Subtract>;
extern template class engine_layer<layers::Multiply>;
extern template class engine_layer<layers::Average>;
extern template class engine_layer<layers::Maximum>;
extern template class engine_layer<layers::Minimum>;
extern template class engine_layer<layers::Concatenate>;

} // namespace scion::dynamic
