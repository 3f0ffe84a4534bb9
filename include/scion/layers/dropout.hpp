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

    explicit Dropout(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {});

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Dropout from_config(const json& j);

private:
    static constexpr std::uint64_t detail_step_mix(std::uint64_t step) noexcept { return scion::detail::mix64(step + 1); }
    std::string path_;
};

} // namespace scion::layers
