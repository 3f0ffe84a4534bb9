// scion/layers/activation.hpp — Activation: applies an activation function element-wise.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/layers/layer_base.hpp>

#include <algorithm>

namespace scion::layers {

/// Shape rule of the layers that keep their input's shape (Activation, Dropout).
[[nodiscard]] constexpr shape_result identity_output_shape(const Shape& in) noexcept { return {in}; }

/// The config of `Activation` (Keras: the fields of its `get_config()`).
struct activation_config : base_config {
    scion::activation_id activation = scion::activation_id::linear;
};

/// Applies an activation (Keras `Activation`); softmax normalises the last axis.
class Activation : public basic_layer<Activation, activation_config> {
public:
    static constexpr std::string_view class_name = "Activation";
    static constexpr std::string_view default_name = "activation";

    explicit Activation(config_type cfg) : basic_layer(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Activation from_config(const json& j);

private:
};

} // namespace scion::layers
