// src/layers/dropout.cpp — Dropout: rate check, build, seeded training-mode mask and Keras config.
#include <scion/layers/dropout.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace scion::layers {

Dropout::Dropout(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!(cfg_.rate >= 0.0f && cfg_.rate < 1.0f))
        throw config_error(who() + ": rate must be in [0, 1), got " +
                           std::to_string(cfg_.rate));
}

void Dropout::build(const Shape& in, seed, std::string_view scope) {
    path_ = std::string(scope) + cfg_.name;
    mark_built(in, in);
}

void Dropout::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const {
    copy_through(x, y);
    if (!ctx.training || cfg_.rate == 0.0f) return;
    const random_stream stream(seed{cfg_.seed.value_or(ctx.seed) ^ detail_step_mix(ctx.step)}, path_);
    const float keep_scale = 1.0f / (1.0f - cfg_.rate);
    const std::size_t n = y.size();
    for (std::size_t i = 0; i < n; i += 4) {
        const auto w = stream.block(i / 4);
        for (std::size_t j = 0; j < 4 && i + j < n; ++j)
            y.data[i + j] = random_stream::to_unit(w[j]) < cfg_.rate ? 0.0f : y.data[i + j] * keep_scale;
    }
}

json Dropout::get_config() const {
    json j = detail::write_base(cfg_);
    j["rate"] = cfg_.rate;
    j["noise_shape"] = nullptr;
    j["seed"] = cfg_.seed ? json(*cfg_.seed) : json(nullptr);
    return j;
}

Dropout::config_type Dropout::config_from_json(const json& j) {
    const std::string w = "Dropout config";
    config_type c;
    detail::read_base(c, j, w);
    c.rate = scion::detail::get_field<float>(j, "rate", w);
    scion::detail::require_null(j, "noise_shape", w);
    if (const auto it = j.find("seed"); it != j.end() && !it->is_null())
        c.seed = scion::detail::get_field<std::uint64_t>(j, "seed", w);
    return c;
}

Dropout Dropout::from_config(const json& j) { return Dropout(config_from_json(j)); }

} // namespace scion::layers
