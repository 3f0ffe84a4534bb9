// scion/dynamic/layers/misc.hpp — the dynamic path's normalization, Embedding, advanced activations, noise layers.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/advanced_activations.hpp>
#include <scion/layers/embedding.hpp>
#include <scion/layers/noise.hpp>
#include <scion/layers/normalization.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
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
struct embedding_options {
    std::size_t input_dim = 0;
    std::size_t output_dim = 0;
    Initializer embeddings_initializer = Initializer::random_uniform(-0.05f, 0.05f);
    bool mask_zero = false;  ///< not supported: true throws config_error
    std::string name{};
    bool trainable = true;
};
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
struct spatial_dropout_options {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};
    std::string name{};
    bool trainable = true;
};
struct gaussian_noise_options {
    double stddev = 0.0;
    std::optional<std::uint64_t> seed{};
    std::string name{};
    bool trainable = true;
};
struct gaussian_dropout_options {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

/// Keras `BatchNormalization` (inference with the moving statistics): `BatchNormalization()`,
/// `BatchNormalization({.axis = 1, .epsilon = 1e-5})`.
[[nodiscard]] inline Layer BatchNormalization(const batch_normalization_options& o = {}) {
    auto c = detail::base_of<layers::batch_normalization_config>(o);
    c.axis = o.axis;
    c.momentum = o.momentum;
    c.epsilon = o.epsilon;
    c.center = o.center;
    c.scale = o.scale;
    c.beta_initializer = o.beta_initializer;
    c.gamma_initializer = o.gamma_initializer;
    c.moving_mean_initializer = o.moving_mean_initializer;
    c.moving_variance_initializer = o.moving_variance_initializer;
    return Layer(layers::BatchNormalization(std::move(c)));
}
/// Keras `LayerNormalization`: `LayerNormalization()`, `LayerNormalization({.axis = {1, 2}})`.
[[nodiscard]] inline Layer LayerNormalization(const layer_normalization_options& o = {}) {
    auto c = detail::base_of<layers::layer_normalization_config>(o);
    c.axis = o.axis;
    c.epsilon = o.epsilon;
    c.center = o.center;
    c.scale = o.scale;
    c.beta_initializer = o.beta_initializer;
    c.gamma_initializer = o.gamma_initializer;
    return Layer(layers::LayerNormalization(std::move(c)));
}
/// Keras `Embedding`: `Embedding({.input_dim = 1000, .output_dim = 16})`. mask_zero = true throws
/// config_error (scion has no masks).
[[nodiscard]] inline Layer Embedding(const embedding_options& o) {
    if (o.mask_zero)
        throw config_error("Embedding layer '" + o.name +
                           "': mask_zero = true is not supported (scion has no masks; id 0 would be embedded like any "
                           "other id)");
    auto c = detail::base_of<layers::embedding_config>(o);
    c.input_dim = o.input_dim;
    c.output_dim = o.output_dim;
    c.embeddings_initializer = o.embeddings_initializer;
    return Layer(layers::Embedding(std::move(c)));
}
/// Keras `ReLU`: `ReLU()`, `ReLU({.max_value = 6.0})`.
[[nodiscard]] inline Layer ReLU(const relu_options& o = {}) {
    auto c = detail::base_of<layers::relu_config>(o);
    c.max_value = o.max_value;
    c.negative_slope = o.negative_slope;
    c.threshold = o.threshold;
    return Layer(layers::ReLU(std::move(c)));
}
/// Keras `LeakyReLU`: `LeakyReLU()` (alpha 0.3), `LeakyReLU({.alpha = 0.1})`.
[[nodiscard]] inline Layer LeakyReLU(const leaky_relu_options& o = {}) {
    auto c = detail::base_of<layers::leaky_relu_config>(o);
    c.alpha = o.alpha;
    return Layer(layers::LeakyReLU(std::move(c)));
}
/// Keras `PReLU`: `PReLU()`, `PReLU({.shared_axes = {1, 2}})`.
[[nodiscard]] inline Layer PReLU(const prelu_options& o = {}) {
    auto c = detail::base_of<layers::prelu_config>(o);
    c.alpha_initializer = o.alpha_initializer;
    c.shared_axes = o.shared_axes;
    return Layer(layers::PReLU(std::move(c)));
}
/// Keras `ELU`: `ELU()`, `ELU({.alpha = 0.5})`.
[[nodiscard]] inline Layer ELU(const elu_options& o = {}) {
    auto c = detail::base_of<layers::elu_config>(o);
    c.alpha = o.alpha;
    return Layer(layers::ELU(std::move(c)));
}
/// Keras `Softmax`: `Softmax()`, `Softmax({.axis = {1}})`.
[[nodiscard]] inline Layer Softmax(const softmax_options& o = {}) {
    auto c = detail::base_of<layers::softmax_config>(o);
    c.axis = o.axis;
    return Layer(layers::Softmax(std::move(c)));
}

namespace detail {
template <std::size_t N>
[[nodiscard]] Layer spatial_dropout(const spatial_dropout_options& o) {
    auto c = base_of<layers::spatial_dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::SpatialDropout<N>(std::move(c)));
}
} // namespace detail

/// Keras `SpatialDropout1D` on (steps, channels): `SpatialDropout1D({.rate = 0.2})`.
[[nodiscard]] inline Layer SpatialDropout1D(const spatial_dropout_options& o) { return detail::spatial_dropout<1>(o); }
/// Keras `SpatialDropout2D` on (rows, cols, channels): `SpatialDropout2D({.rate = 0.2})`.
[[nodiscard]] inline Layer SpatialDropout2D(const spatial_dropout_options& o) { return detail::spatial_dropout<2>(o); }
/// Keras `SpatialDropout3D` on (d1, d2, d3, channels): `SpatialDropout3D({.rate = 0.2})`.
[[nodiscard]] inline Layer SpatialDropout3D(const spatial_dropout_options& o) { return detail::spatial_dropout<3>(o); }
/// Keras `GaussianNoise`: `GaussianNoise({.stddev = 0.1})`.
[[nodiscard]] inline Layer GaussianNoise(const gaussian_noise_options& o) {
    auto c = detail::base_of<layers::gaussian_noise_config>(o);
    c.stddev = o.stddev;
    c.seed = o.seed;
    return Layer(layers::GaussianNoise(std::move(c)));
}
/// Keras `GaussianDropout`: `GaussianDropout({.rate = 0.1})`.
[[nodiscard]] inline Layer GaussianDropout(const gaussian_dropout_options& o) {
    auto c = detail::base_of<layers::gaussian_dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::GaussianDropout(std::move(c)));
}

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
inline void register_misc_layers(registry& r) {
    r.add_builtin<layers::BatchNormalization>();
    r.add_builtin<layers::LayerNormalization>();
    r.add_builtin<layers::Embedding>();
    r.add_builtin<layers::ReLU>();
    r.add_builtin<layers::LeakyReLU>();
    r.add_builtin<layers::PReLU>();
    r.add_builtin<layers::ELU>();
    r.add_builtin<layers::Softmax>();
    r.add_builtin<layers::SpatialDropout1D>();
    r.add_builtin<layers::SpatialDropout2D>();
    r.add_builtin<layers::SpatialDropout3D>();
    r.add_builtin<layers::GaussianNoise>();
    r.add_builtin<layers::GaussianDropout>();
}
} // namespace detail

} // namespace scion::dynamic
