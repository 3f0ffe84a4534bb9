// scion/layers/noise.hpp — SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout: the identity at
// inference, seeded noise in training mode.
#pragma once

#include <scion/core/rng.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>

namespace scion::layers {

namespace misc_detail {

/// The stream a noise layer draws from at a training step: Dropout's scheme (the layer's seed,
/// or else the context's, mixed with the step; named by the layer's path).
[[nodiscard]] inline random_stream noise_stream(const std::optional<std::uint64_t>& own, const call_context& ctx,
                                                const std::string& path) noexcept {
    return random_stream(seed{own.value_or(ctx.seed) ^ scion::detail::mix64(ctx.step + 1)}, path);
}

/// Standard normal value `i` of `stream`: the value random_stream::normal writes at index `i`
/// (Box–Muller on the words of block i / 4), computed for one index at a time.
[[nodiscard]] inline float standard_normal(const random_stream& stream, std::size_t i) noexcept {
    const auto w = stream.block(i / 4);
    const std::size_t j = i % 4;
    const std::uint32_t a = w[j < 2 ? 0 : 2], b = w[j < 2 ? 1 : 3];
    const double u1 = (static_cast<double>(a >> 8) + 1.0) * 0x1.0p-24;
    const double u2 = static_cast<double>(b >> 8) * 0x1.0p-24;
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    return static_cast<float>(j % 2 == 0 ? r * std::cos(t) : r * std::sin(t));
}

inline void check_rate(double rate, const std::string& who) {
    if (!(rate >= 0.0 && rate < 1.0)) throw config_error(who + ": rate must be in [0, 1), got " + std::to_string(rate));
}

inline std::optional<std::uint64_t> read_seed(const json& j, const std::string& w) {
    if (const auto it = j.find("seed"); it != j.end() && !it->is_null())
        return scion::detail::get_field<std::uint64_t>(j, "seed", w);
    return std::nullopt;
}
inline json seed_json(const std::optional<std::uint64_t>& s) { return s ? json(*s) : json(nullptr); }

inline void read_data_format(const json& j, const std::string& w) {
    if (scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", w) != "channels_last")
        throw config_error(w + ": unsupported option 'data_format' = " + j["data_format"].dump() +
                           " (only channels_last)");
}

inline constexpr std::array<std::string_view, 3> spatial_dropout_class{"SpatialDropout1D", "SpatialDropout2D",
                                                                       "SpatialDropout3D"};
inline constexpr std::array<std::string_view, 3> spatial_dropout_name{"spatial_dropout1d", "spatial_dropout2d",
                                                                      "spatial_dropout3d"};

} // namespace misc_detail

// ---- SpatialDropout1D / 2D / 3D ---------------------------------------------------------------------------

/// SpatialDropoutND's shape rule: the identity on inputs of N spatial axes and a channels axis
/// (channels_last): rank N + 1, batch axis not counted.
[[nodiscard]] constexpr shape_result spatial_dropout_output_shape(const Shape& in, std::size_t spatial) noexcept {
    if (in.rank() != spatial + 1) return shape_result::fail(shape_errc::rank_mismatch, spatial + 1, in.rank());
    return {in};
}

/// The config of `SpatialDropout1D/2D/3D` (Keras: the fields of its `get_config()`).
struct spatial_dropout_config : base_config {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `SpatialDropout1D` (N = 1, input (steps, channels)), `SpatialDropout2D` (N = 2, (rows,
/// cols, channels)) and `SpatialDropout3D` (N = 3), channels_last. At inference the identity. In
/// training mode whole channels are dropped: for each sample and channel, with probability
/// `rate` every element of the channel is zeroed, otherwise all are scaled by 1 / (1 - rate).
/// The mask is drawn as Dropout's (context seed or the layer's, layer path, step), one number
/// per (sample, channel).
template <std::size_t N>
class SpatialDropout : public basic_layer<SpatialDropout<N>, spatial_dropout_config> {
    static_assert(N >= 1 && N <= 3);
    using base = basic_layer<SpatialDropout<N>, spatial_dropout_config>;
    using base::cfg_;

public:
    using typename base::config_type;
    static constexpr std::string_view class_name = misc_detail::spatial_dropout_class[N - 1];
    static constexpr std::string_view default_name = misc_detail::spatial_dropout_name[N - 1];

    explicit SpatialDropout(config_type cfg) : base(std::move(cfg)) { misc_detail::check_rate(cfg_.rate, this->who()); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(spatial_dropout_output_shape(in, N), this->who(), in);
    }
    void build(const Shape& in, seed, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        path_ = std::string(scope) + cfg_.name;
        this->mark_built(in, out);
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context& ctx) const {
        copy_through(x, y);
        if (!ctx.training || cfg_.rate == 0.0) return;
        const random_stream stream = misc_detail::noise_stream(cfg_.seed, ctx, path_);
        const auto rate = static_cast<float>(cfg_.rate);
        const float keep_scale = 1.0f / (1.0f - rate);
        const std::size_t B = x.shape[0], C = x.shape.back();
        const std::size_t per = B == 0 ? 0 : x.size() / B;
        for (std::size_t b = 0; b < B; ++b)
            for (std::size_t c = 0; c < C; ++c) {
                const std::size_t j = b * C + c;
                const bool drop = random_stream::to_unit(stream.block(j / 4)[j % 4]) < rate;
                for (std::size_t i = c; i < per; i += C) {
                    float& v = y.data[b * per + i];
                    v = drop ? 0.0f : v * keep_scale;
                }
            }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["rate"] = cfg_.rate;
        j["seed"] = misc_detail::seed_json(cfg_.seed);
        if constexpr (N > 1) j["data_format"] = "channels_last";
        return j;
    }
    /// Reads TF.js's and Keras 2/3's forms; data_format channels_first or a noise_shape throws
    /// config_error.
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = std::string(class_name) + " config";
        config_type c;
        detail::read_base(c, j, w);
        c.rate = scion::detail::get_field<double>(j, "rate", w);
        c.seed = misc_detail::read_seed(j, w);
        scion::detail::require_null(j, "noise_shape", w);
        misc_detail::read_data_format(j, w);
        return c;
    }
    [[nodiscard]] static SpatialDropout from_config(const json& j) { return SpatialDropout(config_from_json(j)); }

private:
    std::string path_;
};

using SpatialDropout1D = SpatialDropout<1>;
using SpatialDropout2D = SpatialDropout<2>;
using SpatialDropout3D = SpatialDropout<3>;

// ---- GaussianNoise ------------------------------------------------------------------------------------

/// The config of `GaussianNoise` (Keras: the fields of its `get_config()`).
struct gaussian_noise_config : base_config {
    double stddev = 0.0;                  ///< the noise's standard deviation
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `GaussianNoise`: the identity at inference; in training mode y = x + stddev * z with z
/// standard normal, drawn per element from Dropout's streams (context seed or the layer's,
/// layer path, step).
class GaussianNoise : public basic_layer<GaussianNoise, gaussian_noise_config> {
public:
    static constexpr std::string_view class_name = "GaussianNoise";
    static constexpr std::string_view default_name = "gaussian_noise";

    explicit GaussianNoise(config_type cfg) : basic_layer(std::move(cfg)) {
        if (!(cfg_.stddev >= 0.0) || !std::isfinite(cfg_.stddev))
            throw config_error(who() + ": stddev must be a number >= 0, got " + std::to_string(cfg_.stddev));
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {}) {
        path_ = std::string(scope) + cfg_.name;
        mark_built(in, in);
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context& ctx) const {
        copy_through(x, y);
        if (!ctx.training || cfg_.stddev == 0.0) return;
        const random_stream stream = misc_detail::noise_stream(cfg_.seed, ctx, path_);
        const auto s = static_cast<float>(cfg_.stddev);
        for (std::size_t i = 0, n = y.size(); i < n; ++i) y.data[i] += s * misc_detail::standard_normal(stream, i);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["stddev"] = cfg_.stddev;
        j["seed"] = misc_detail::seed_json(cfg_.seed);
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "GaussianNoise config";
        config_type c;
        detail::read_base(c, j, w);
        c.stddev = scion::detail::get_field<double>(j, "stddev", w);
        c.seed = misc_detail::read_seed(j, w);
        return c;
    }
    [[nodiscard]] static GaussianNoise from_config(const json& j) { return GaussianNoise(config_from_json(j)); }

private:
    std::string path_;
};

// ---- GaussianDropout ----------------------------------------------------------------------------------

/// The config of `GaussianDropout` (Keras: the fields of its `get_config()`).
struct gaussian_dropout_config : base_config {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `GaussianDropout`: the identity at inference; in training mode y = x * (1 + s * z) with
/// s = sqrt(rate / (1 - rate)) and z standard normal, drawn as GaussianNoise draws.
class GaussianDropout : public basic_layer<GaussianDropout, gaussian_dropout_config> {
public:
    static constexpr std::string_view class_name = "GaussianDropout";
    static constexpr std::string_view default_name = "gaussian_dropout";

    explicit GaussianDropout(config_type cfg) : basic_layer(std::move(cfg)) { misc_detail::check_rate(cfg_.rate, who()); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {}) {
        path_ = std::string(scope) + cfg_.name;
        mark_built(in, in);
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context& ctx) const {
        copy_through(x, y);
        if (!ctx.training || cfg_.rate == 0.0) return;
        const random_stream stream = misc_detail::noise_stream(cfg_.seed, ctx, path_);
        const auto s = static_cast<float>(std::sqrt(cfg_.rate / (1.0 - cfg_.rate)));
        for (std::size_t i = 0, n = y.size(); i < n; ++i)
            y.data[i] *= 1.0f + s * misc_detail::standard_normal(stream, i);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["rate"] = cfg_.rate;
        j["seed"] = misc_detail::seed_json(cfg_.seed);
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "GaussianDropout config";
        config_type c;
        detail::read_base(c, j, w);
        c.rate = scion::detail::get_field<double>(j, "rate", w);
        c.seed = misc_detail::read_seed(j, w);
        return c;
    }
    [[nodiscard]] static GaussianDropout from_config(const json& j) { return GaussianDropout(config_from_json(j)); }

private:
    std::string path_;
};

} // namespace scion::layers
