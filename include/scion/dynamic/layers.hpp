// scion/dynamic/layers.hpp — the built-in layers of the dynamic path (the engine's classes),
// made from option structs with designated initializers — one header per layer family in
// dynamic/layers/ (the families of docs/architecture.md) — and the registry of layer classes by
// Keras class name that Keras JSON is read through.
#pragma once

#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/layers/advanced_activations.hpp>
#include <scion/dynamic/layers/conv.hpp>
#include <scion/dynamic/layers/core.hpp>
#include <scion/dynamic/layers/embedding.hpp>
#include <scion/dynamic/layers/merge.hpp>
#include <scion/dynamic/layers/noise.hpp>
#include <scion/dynamic/layers/normalization.hpp>
#include <scion/dynamic/layers/pooling.hpp>
#include <scion/dynamic/layers/recurrent.hpp>
#include <scion/dynamic/layers/reshaping.hpp>
#include <scion/dynamic/registry.hpp>

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

} // namespace scion::dynamic
