// scion/dynamic/layers/noise.hpp — the dynamic path's noise layers: SpatialDropout1D/2D/3D,
// GaussianNoise, GaussianDropout.
#pragma once

#include <scion/dynamic/registry.hpp>
#include <scion/layers/noise.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

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

namespace detail {
template <std::size_t N>
[[nodiscard]] Layer spatial_dropout(const spatial_dropout_options& o) {
    auto c = base_of<layers::spatial_dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::SpatialDropout<N>(std::move(c)));
}
} // namespace detail

// ---- factories --------------------------------------------------------------------------------------

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
void register_noise_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/noise.cpp.
extern template class engine_layer<layers::SpatialDropout<1>>;
extern template class engine_layer<layers::SpatialDropout<2>>;
extern template class engine_layer<layers::SpatialDropout<3>>;
extern template class engine_layer<layers::GaussianNoise>;
extern template class engine_layer<layers::GaussianDropout>;

} // namespace scion::dynamic
