// scion/dynamic/layers/core.hpp — the dynamic path's core layers: Dense, Activation, Dropout,
// Flatten, Reshape (InputLayer is dynamic::Input, in dynamic/layer.hpp).
#pragma once

#include <scion/core/activations.hpp>
#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/dense.hpp>
#include <scion/layers/dropout.hpp>
#include <scion/layers/flatten.hpp>
#include <scion/layers/reshape.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
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

// ---- factories --------------------------------------------------------------------------------------

[[nodiscard]] Layer Dense(const dense_options& o);
[[nodiscard]] Layer Activation(const activation_options& o);
[[nodiscard]] Layer Dropout(const dropout_options& o);
[[nodiscard]] Layer Flatten(const flatten_options& o = {});
[[nodiscard]] Layer Reshape(const reshape_options& o);

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_core_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/core.cpp.
extern template class engine_layer<layers::Dense>;
extern template class engine_layer<layers::Activation>;
extern template class engine_layer<layers::Dropout>;
extern template class engine_layer<layers::Flatten>;
extern template class engine_layer<layers::Reshape>;

} // namespace scion::dynamic
