// scion/dynamic/json.hpp — Keras JSON in: dynamic models read from the topology JSON that
// Keras 2, Keras 3 and TensorFlow.js write (`Model::to_json()` writes it).
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/layers/input_layer.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail::json_in {

/// How deep a JSON document may nest (objects and arrays) before it is refused unread.
inline constexpr std::size_t max_json_depth = 1000;
/// How deep models may be nested inside models.
inline constexpr std::size_t max_model_depth = 64;
/// The largest `units` and per-axis size the reader accepts, the largest number of values in
/// one layer output per sample, and the largest number of weights of one built-in layer: far
/// beyond any model that fits in memory, small enough that no size computation overflows.
inline constexpr std::uint64_t max_size = std::uint64_t{1} << 24;
inline constexpr std::uint64_t max_values = std::uint64_t{1} << 31;
inline constexpr std::uint64_t max_weights = std::uint64_t{1} << 30;

// ---- small helpers ------------------------------------------------------------------------------

[[nodiscard]] inline std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

} // namespace detail::json_in

/// Reads a model from its Keras config, as `json`: {"class_name": "Sequential" | "Functional" |
/// "Model", "config": ...} (what `Model::to_json_value()` writes, and Keras 2, Keras 3 and
/// TensorFlow.js write), or a TensorFlow.js model.json (its "modelTopology"). Layers are made by
/// class name through the registry (`register_layer`), nested models are read recursively, and
/// the model is built from `s`: the same seed gives the weights of the same model built by hand.
/// A Sequential comes back as a Model whose `is_sequential()` is true (`dynamic::Sequential(m)`
/// views it as one).
///
/// Everything a file can get wrong throws a scion::error subclass (config_error mostly; a shape
/// that a layer cannot take is a shape_error) whose message names the model, the layer and the
/// field: unknown layer classes, unsupported options, missing or mistyped fields, references to
/// unknown layers, node or tensor indices out of range, cycles, duplicate names.
[[nodiscard]] Model model_from_config(const json& j, seed s = next_seed());

/// Reads a model from Keras JSON text (see model_from_config); malformed text throws
/// config_error giving the byte at which reading stopped.
[[nodiscard]] Model model_from_json(std::string_view text, seed s = next_seed());

} // namespace scion::dynamic
