// scion/dsl/noise.hpp — SpatialDropout1D/2D/3D<Rate>, GaussianNoise<Stddev>, GaussianDropout<Rate>:
// the identity at inference, seeded noise in training mode.
#pragma once

#include <scion/dsl/dropout.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/normalization.hpp>
#include <scion/layers/noise.hpp>

#include <cstddef>
#include <ratio>
#include <string>

namespace scion {

namespace detail {
template <class R, bool = is_ratio_v<R>>
inline constexpr bool noise_stddev_ok = false;
template <class R>
inline constexpr bool noise_stddev_ok<R, true> = std::ratio_greater_equal_v<R, std::ratio<0>>;

template <std::size_t N, class Rate>
class spatial_dropout : public static_layer<layers::SpatialDropout<N>> {
    using base = static_layer<layers::SpatialDropout<N>>;

public:
    using typename base::config_type;
    static constexpr double rate = ratio_value<Rate>;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::spatial_dropout_output_shape(in, N); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.rate = rate;
        return c;
    }

protected:
    spatial_dropout() : base(default_config()) {}
    explicit spatial_dropout(config_type cfg) : base(checked(std::move(cfg))) {}

private:
    static config_type checked(config_type c) {
        check_number_agrees(c.rate, rate, "rate", std::string(layers::SpatialDropout<N>::class_name));
        return c;
    }
};
} // namespace detail

/// Keras `SpatialDropout1D` with rate `Rate` (a std::ratio in [0, 1)) on (steps, channels)
/// inputs: the identity at inference; in training mode each sample's channels are dropped whole
/// (zeroed) with probability Rate, the others scaled by 1 / (1 - Rate).
/// `SpatialDropout1D<std::ratio<1, 5>>`.
template <class Rate>
class SpatialDropout1D : public detail::spatial_dropout<1, Rate> {
    static_assert(detail::dropout_rate_ok<Rate>,
                  "scion::SpatialDropout1D<Rate> requires 'Rate' to be a std::ratio with 0 <= Rate < 1 "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer stores one).
    using dsl_type = SpatialDropout1D;
    using typename detail::spatial_dropout<1, Rate>::config_type;
    SpatialDropout1D() = default;
    /// A layer from a config, which must agree with the type (rate); throws config_error otherwise.
    explicit SpatialDropout1D(config_type cfg) : detail::spatial_dropout<1, Rate>(std::move(cfg)) {}
    [[nodiscard]] static SpatialDropout1D from_config(const json& j) {
        return SpatialDropout1D(layers::SpatialDropout1D::config_from_json(j));
    }
};

/// Keras `SpatialDropout2D` with rate `Rate` on (rows, cols, channels) inputs (channels_last), as
/// SpatialDropout1D. `SpatialDropout2D<std::ratio<1, 4>>`.
template <class Rate>
class SpatialDropout2D : public detail::spatial_dropout<2, Rate> {
    static_assert(detail::dropout_rate_ok<Rate>,
                  "scion::SpatialDropout2D<Rate> requires 'Rate' to be a std::ratio with 0 <= Rate < 1 "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer stores one).
    using dsl_type = SpatialDropout2D;
    using typename detail::spatial_dropout<2, Rate>::config_type;
    SpatialDropout2D() = default;
    /// A layer from a config, which must agree with the type (rate); throws config_error otherwise.
    explicit SpatialDropout2D(config_type cfg) : detail::spatial_dropout<2, Rate>(std::move(cfg)) {}
    [[nodiscard]] static SpatialDropout2D from_config(const json& j) {
        return SpatialDropout2D(layers::SpatialDropout2D::config_from_json(j));
    }
};

/// Keras `SpatialDropout3D` with rate `Rate` on (d1, d2, d3, channels) inputs (channels_last), as
/// SpatialDropout1D.
template <class Rate>
class SpatialDropout3D : public detail::spatial_dropout<3, Rate> {
    static_assert(detail::dropout_rate_ok<Rate>,
                  "scion::SpatialDropout3D<Rate> requires 'Rate' to be a std::ratio with 0 <= Rate < 1 "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer stores one).
    using dsl_type = SpatialDropout3D;
    using typename detail::spatial_dropout<3, Rate>::config_type;
    SpatialDropout3D() = default;
    /// A layer from a config, which must agree with the type (rate); throws config_error otherwise.
    explicit SpatialDropout3D(config_type cfg) : detail::spatial_dropout<3, Rate>(std::move(cfg)) {}
    [[nodiscard]] static SpatialDropout3D from_config(const json& j) {
        return SpatialDropout3D(layers::SpatialDropout3D::config_from_json(j));
    }
};

/// Keras `GaussianNoise` with standard deviation `Stddev` (a std::ratio >= 0): the identity at
/// inference, x + Stddev * N(0, 1) in training mode. `GaussianNoise<std::ratio<1, 10>>`.
template <class Stddev>
class GaussianNoise : public static_layer<layers::GaussianNoise> {
    static_assert(detail::noise_stddev_ok<Stddev>,
                  "scion::GaussianNoise<Stddev> requires 'Stddev' to be a std::ratio >= 0 such as std::ratio<1, 10> "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer stores one).
    using dsl_type = GaussianNoise;
    static constexpr double stddev = detail::ratio_value<Stddev>;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.stddev = stddev;
        return c;
    }
    GaussianNoise() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (stddev); throws config_error otherwise.
    explicit GaussianNoise(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static GaussianNoise from_config(const json& j) {
        return GaussianNoise(layers::GaussianNoise::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::check_number_agrees(c.stddev, stddev, "stddev", "GaussianNoise");
        return c;
    }
};

/// Keras `GaussianDropout` with rate `Rate` (a std::ratio in [0, 1)): the identity at inference,
/// x * N(1, Rate / (1 - Rate)) in training mode. `GaussianDropout<std::ratio<1, 10>>`.
template <class Rate>
class GaussianDropout : public static_layer<layers::GaussianDropout> {
    static_assert(detail::dropout_rate_ok<Rate>,
                  "scion::GaussianDropout<Rate> requires 'Rate' to be a std::ratio with 0 <= Rate < 1 "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer stores one).
    using dsl_type = GaussianDropout;
    static constexpr double rate = detail::ratio_value<Rate>;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.rate = rate;
        return c;
    }
    GaussianDropout() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (rate); throws config_error otherwise.
    explicit GaussianDropout(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static GaussianDropout from_config(const json& j) {
        return GaussianDropout(layers::GaussianDropout::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::check_number_agrees(c.rate, rate, "rate", "GaussianDropout");
        return c;
    }
};

template <class R>
inline constexpr bool detail::arguments_ok_v<SpatialDropout1D<R>> = detail::dropout_rate_ok<R>;
template <class R>
inline constexpr bool detail::arguments_ok_v<SpatialDropout2D<R>> = detail::dropout_rate_ok<R>;
template <class R>
inline constexpr bool detail::arguments_ok_v<SpatialDropout3D<R>> = detail::dropout_rate_ok<R>;
template <class S>
inline constexpr bool detail::arguments_ok_v<GaussianNoise<S>> = detail::noise_stddev_ok<S>;
template <class R>
inline constexpr bool detail::arguments_ok_v<GaussianDropout<R>> = detail::dropout_rate_ok<R>;

} // namespace scion
