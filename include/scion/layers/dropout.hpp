// scion/layers/dropout.hpp — Dropout: identity at inference, a seeded mask in training mode.
#pragma once

#include <scion/layers/activation.hpp>
#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <optional>

namespace scion::layers {

/// The config of `Dropout` (Keras: the fields of its `get_config()`).
struct dropout_config : base_config {
    float rate = 0.5f;
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `Dropout`. At inference it is the identity. In training mode (call_context::training)
/// each element is zeroed with probability `rate` and the others are scaled by 1 / (1 - rate);
/// the mask depends only on (context seed, layer name, step, element), so it is reproducible.
class Dropout : public basic_layer<Dropout, dropout_config> {
public:
    static constexpr std::string_view class_name = "Dropout";
    static constexpr std::string_view default_name = "dropout";

    explicit Dropout(config_type cfg) : basic_layer(std::move(cfg)) {
        if (!(cfg_.rate >= 0.0f && cfg_.rate < 1.0f))
            throw config_error(who() + ": rate must be in [0, 1), got " +
                               std::to_string(cfg_.rate));
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {}) {
        path_ = std::string(scope) + cfg_.name;
        mark_built(in, in);
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context& ctx) const {
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

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["rate"] = cfg_.rate;
        j["noise_shape"] = nullptr;
        j["seed"] = cfg_.seed ? json(*cfg_.seed) : json(nullptr);
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Dropout config";
        config_type c;
        detail::read_base(c, j, w);
        c.rate = scion::detail::get_field<float>(j, "rate", w);
        scion::detail::require_null(j, "noise_shape", w);
        if (const auto it = j.find("seed"); it != j.end() && !it->is_null())
            c.seed = scion::detail::get_field<std::uint64_t>(j, "seed", w);
        return c;
    }
    [[nodiscard]] static Dropout from_config(const json& j) { return Dropout(config_from_json(j)); }

private:
    static constexpr std::uint64_t detail_step_mix(std::uint64_t step) noexcept { return scion::detail::mix64(step + 1); }
    std::string path_;
};

} // namespace scion::layers
