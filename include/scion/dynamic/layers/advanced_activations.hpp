// scion/dynamic/layers/advanced_activations.hpp — the dynamic path's activation layers with
// parameters: ReLU, LeakyReLU, PReLU, ELU, Softmax.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/advanced_activations.hpp>

#include <optional>
#include <string>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

struct relu_options {
    std::optional<double> max_value{};
    double negative_slope = 0.0;
    double threshold = 0.0;
    std::string name{};
    bool trainable = true;
};
struct leaky_relu_options {
    double alpha = 0.3;  ///< Keras 3's negative_slope
    std::string name{};
    bool trainable = true;
};
struct prelu_options {
    Initializer alpha_initializer = Initializer::zeros();
    std::vector<int> shared_axes{};  ///< batch axis counted
    std::string name{};
    bool trainable = true;
};
struct elu_options {
    double alpha = 1.0;
    std::string name{};
    bool trainable = true;
};
struct softmax_options {
    std::vector<int> axis{-1};  ///< batch axis counted; several axes are normalised together
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

/// Keras `ReLU`: `ReLU()`, `ReLU({.max_value = 6.0})`.
[[nodiscard]] Layer ReLU(const relu_options& o = {});
/// Keras `LeakyReLU`: `LeakyReLU()` (alpha 0.3), `LeakyReLU({.alpha = 0.1})`.
[[nodiscard]] Layer LeakyReLU(const leaky_relu_options& o = {});
/// Keras `PReLU`: `PReLU()`, `PReLU({.shared_axes = {1, 2}})`.
[[nodiscard]] Layer PReLU(const prelu_options& o = {});
/// Keras `ELU`: `ELU()`, `ELU({.alpha = 0.5})`.
[[nodiscard]] Layer ELU(const elu_options& o = {});
/// Keras `Softmax`: `Softmax()`, `Softmax({.axis = {1}})`.
[[nodiscard]] Layer Softmax(const softmax_options& o = {});

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_advanced_activations_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/advanced_activations.cpp.
extern template class engine_layer<layers::ReLU>;
extern template class engine_layer<layers::LeakyReLU>;
extern template class engine_layer<layers::PReLU>;
extern template class engine_layer<layers::ELU>;
extern template class engine_layer<layers::Softmax>;

} // namespace scion::dynamic
