// src/layers/noise.cpp — SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout and their noise helpers.
#include <scion/layers/noise.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>

namespace scion::layers {

namespace misc_detail {

random_stream noise_stream(const std::optional<std::uint64_t>& own, const call_context& ctx,
                           const std::string& path) noexcept {
    return random_stream(seed{own.value_or(ctx.seed) ^ scion::detail::mix64(ctx.step + 1)}, path);
}

float standard_normal(const random_stream& stream, std::size_t i) noexcept {
    const auto w = stream.block(i / 4);
    const std::size_t j = i % 4;
    const std::uint32_t a = w[j < 2 ? 0 : 2], b = w[j < 2 ? 1 : 3];
    const double u1 = (static_cast<double>(a >> 8) + 1.0) * 0x1.0p-24;
    const double u2 = static_cast<double>(b >> 8) * 0x1.0p-24;
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    return static_cast<float>(j % 2 == 0 ? r * std::cos(t) : r * std::sin(t));
}

void check_rate(double rate, const std::string& who) {
    if (!(rate >= 0.0 && rate < 1.0)) throw config_error(who + ": rate must be in [0, 1), got " + std::to_string(rate));
}

std::optional<std::uint64_t> read_seed(const json& j, const std::string& w) {
    if (const auto it = j.find("seed"); it != j.end() && !it->is_null())
        return scion::detail::get_field<std::uint64_t>(j, "seed", w);
    return std::nullopt;
}

json seed_json(const std::optional<std::uint64_t>& s) { return s ? json(*s) : json(nullptr); }

void read_data_format(const json& j, const std::string& w) {
    if (scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", w) != "channels_last")
        throw config_error(w + ": unsupported option 'data_format' = " + j["data_format"].dump() +
                           " (only channels_last)");
}

} // namespace misc_detail

// ---- SpatialDropout1D / 2D / 3D ---------------------------------------------------------------------------

template <std::size_t N>
SpatialDropout<N>::SpatialDropout(config_type cfg) : base(std::move(cfg)) {
    misc_detail::check_rate(cfg_.rate, this->who());
}

template <std::size_t N>
void SpatialDropout<N>::build(const Shape& in, seed, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    path_ = std::string(scope) + cfg_.name;
    this->mark_built(in, out);
}

template <std::size_t N>
void SpatialDropout<N>::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const {
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

template <std::size_t N>
json SpatialDropout<N>::get_config() const {
    json j = detail::write_base(cfg_);
    j["rate"] = cfg_.rate;
    j["seed"] = misc_detail::seed_json(cfg_.seed);
    if constexpr (N > 1) j["data_format"] = "channels_last";
    return j;
}

template <std::size_t N>
typename SpatialDropout<N>::config_type SpatialDropout<N>::config_from_json(const json& j) {
    const std::string w = std::string(class_name) + " config";
    config_type c;
    detail::read_base(c, j, w);
    c.rate = scion::detail::get_field<double>(j, "rate", w);
    c.seed = misc_detail::read_seed(j, w);
    scion::detail::require_null(j, "noise_shape", w);
    misc_detail::read_data_format(j, w);
    return c;
}

template <std::size_t N>
SpatialDropout<N> SpatialDropout<N>::from_config(const json& j) {
    return SpatialDropout(config_from_json(j));
}

template class SpatialDropout<1>;
template class SpatialDropout<2>;
template class SpatialDropout<3>;

// ---- GaussianNoise ------------------------------------------------------------------------------------

GaussianNoise::GaussianNoise(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!(cfg_.stddev >= 0.0) || !std::isfinite(cfg_.stddev))
        throw config_error(who() + ": stddev must be a number >= 0, got " + std::to_string(cfg_.stddev));
}

void GaussianNoise::build(const Shape& in, seed, std::string_view scope) {
    path_ = std::string(scope) + cfg_.name;
    mark_built(in, in);
}

void GaussianNoise::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const {
    copy_through(x, y);
    if (!ctx.training || cfg_.stddev == 0.0) return;
    const random_stream stream = misc_detail::noise_stream(cfg_.seed, ctx, path_);
    const auto s = static_cast<float>(cfg_.stddev);
    for (std::size_t i = 0, n = y.size(); i < n; ++i) y.data[i] += s * misc_detail::standard_normal(stream, i);
}

json GaussianNoise::get_config() const {
    json j = detail::write_base(cfg_);
    j["stddev"] = cfg_.stddev;
    j["seed"] = misc_detail::seed_json(cfg_.seed);
    return j;
}

GaussianNoise::config_type GaussianNoise::config_from_json(const json& j) {
    const std::string w = "GaussianNoise config";
    config_type c;
    detail::read_base(c, j, w);
    c.stddev = scion::detail::get_field<double>(j, "stddev", w);
    c.seed = misc_detail::read_seed(j, w);
    return c;
}

GaussianNoise GaussianNoise::from_config(const json& j) { return GaussianNoise(config_from_json(j)); }

// ---- GaussianDropout ----------------------------------------------------------------------------------

GaussianDropout::GaussianDropout(config_type cfg) : basic_layer(std::move(cfg)) {
    misc_detail::check_rate(cfg_.rate, who());
}

void GaussianDropout::build(const Shape& in, seed, std::string_view scope) {
    path_ = std::string(scope) + cfg_.name;
    mark_built(in, in);
}

void GaussianDropout::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const {
    copy_through(x, y);
    if (!ctx.training || cfg_.rate == 0.0) return;
    const random_stream stream = misc_detail::noise_stream(cfg_.seed, ctx, path_);
    const auto s = static_cast<float>(std::sqrt(cfg_.rate / (1.0 - cfg_.rate)));
    for (std::size_t i = 0, n = y.size(); i < n; ++i)
        y.data[i] *= 1.0f + s * misc_detail::standard_normal(stream, i);
}

json GaussianDropout::get_config() const {
    json j = detail::write_base(cfg_);
    j["rate"] = cfg_.rate;
    j["seed"] = misc_detail::seed_json(cfg_.seed);
    return j;
}

GaussianDropout::config_type GaussianDropout::config_from_json(const json& j) {
    const std::string w = "GaussianDropout config";
    config_type c;
    detail::read_base(c, j, w);
    c.rate = scion::detail::get_field<double>(j, "rate", w);
    c.seed = misc_detail::read_seed(j, w);
    return c;
}

GaussianDropout GaussianDropout::from_config(const json& j) { return GaussianDropout(config_from_json(j)); }

} // namespace scion::layers
