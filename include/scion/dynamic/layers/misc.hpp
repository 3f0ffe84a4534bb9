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
[[nodiscard]] Layer BatchNormalization(const batch_normalization_options& o = {});
/// Keras `LayerNormalization`: `LayerNormalization()`, `LayerNormalization({.axis = {1, 2}})`.
[[nodiscard]] Layer LayerNormalization(const layer_normalization_options& o = {});
/// Keras `Embedding`: `Embedding({.input_dim = 1000, .output_dim = 16})`. mask_zero = true throws
/// config_error (scion has no masks).
[[nodiscard]] Layer Embedding(const embedding_options& o);
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
template <std::size_t N>
[[nodiscard]] Layer spatial_dropout(const spatial_dropout_options& o) {
    auto c = base_of<layers::spatial_dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::SpatialDropout<N>(std::move(c)));
}
} // namespace detail

/// Keras `SpatialDropout1D` on (steps, channels): `SpatialDropout1D({.rate = 0.2})`.
[[nodiscard]] Layer SpatialDropout1D(const spatial_dropout_options& o);
/// Keras `SpatialDropout2D` on (rows, cols, channels): `SpatialDropout2D({.rate = 0.2})`.
[[nodiscard]] Layer SpatialDropout2D(const spatial_dropout_options& o);
/// Keras `SpatialDropout3D` on (d1, d2, d3, channels): `SpatialDropout3D({.rate = 0.2})`.
[[nodiscard]] Layer SpatialDropout3D(const spatial_dropout_options& o);
/// Keras `GaussianNoise`: `GaussianNoise({.stddev = 0.1})`.
[[nodiscard]] Layer GaussianNoise(const gaussian_noise_options& o);
/// Keras `GaussianDropout`: `GaussianDropout({.rate = 0.1})`.
[[nodiscard]] Layer GaussianDropout(const gaussian_dropout_options& o);

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_misc_layers(registry& r);
} // namespace detail

extern template class engine_layer<layers::BatchNormalization>;
extern template class engine_layer<layers::LayerNormalization>;
extern template class engine_layer<layers::Embedding>;
extern template class engine_layer<layers::ReLU>;
extern template class engine_layer<layers::LeakyReLU>;
extern template class engine_layer<layers::PReLU>;
extern template class engine_layer<layers::ELU>;
extern template class engine_layer<layers::Softmax>;
extern template class engine_layer<layers::SpatialDropout<1>>;
extern template class engine_layer<layers::SpatialDropout<2>>;
extern template class engine_layer<layers::SpatialDropout<3>>;
extern template class engine_layer<layers::GaussianNoise>;
extern template class engine_layer<layers::GaussianDropout>;

} // namespace scion::dynamic
