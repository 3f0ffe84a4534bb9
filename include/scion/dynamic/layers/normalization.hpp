// scion/dynamic/layers/normalization.hpp — the dynamic path's normalization layers:
// BatchNormalization, LayerNormalization.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/normalization.hpp>

#include <string>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

struct batch_normalization_options {
    int axis = -1;  ///< batch axis counted; -1 is the last
    double momentum = 0.99;
    double epsilon = 1e-3;
    bool center = true;
    bool scale = true;
    Initializer beta_initializer = Initializer::zeros();
    Initializer gamma_initializer = Initializer::ones();
    Initializer moving_mean_initializer = Initializer::zeros();
    Initializer moving_variance_initializer = Initializer::ones();
    std::string name{};
    bool trainable = true;
};
struct layer_normalization_options {
    std::vector<int> axis{-1};  ///< one or more axes, batch axis counted
    double epsilon = 1e-3;
    bool center = true;
    bool scale = true;
    Initializer beta_initializer = Initializer::zeros();
    Initializer gamma_initializer = Initializer::ones();
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

/// Keras `BatchNormalization` (inference with the moving statistics): `BatchNormalization()`,
/// `BatchNormalization({.axis = 1, .epsilon = 1e-5})`.
[[nodiscard]] Layer BatchNormalization(const batch_normalization_options& o = {});
/// Keras `LayerNormalization`: `LayerNormalization()`, `LayerNormalization({.axis = {1, 2}})`.
[[nodiscard]] Layer LayerNormalization(const layer_normalization_options& o = {});

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_normalization_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/normalization.cpp.
extern template class engine_layer<layers::BatchNormalization>;
extern template class engine_layer<layers::LayerNormalization>;

} // namespace scion::dynamic
