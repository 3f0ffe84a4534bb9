// src/layers/activation.cpp — Activation: forward pass and Keras config.
#include <scion/layers/activation.hpp>

#include <string>

namespace scion::layers {

void Activation::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    copy_through(x, y);
    apply_activation(cfg_.activation, y.data, y.size(), input_shape_.empty() ? 1 : input_shape_.back());
}

json Activation::get_config() const {
    json j = detail::write_base(cfg_);
    j["activation"] = std::string(to_string(cfg_.activation));
    return j;
}

Activation::config_type Activation::config_from_json(const json& j) {
    const std::string w = "Activation config";
    config_type c;
    detail::read_base(c, j, w);
    c.activation = activation_from_string(scion::detail::get_field<std::string>(j, "activation", w));
    return c;
}

Activation Activation::from_config(const json& j) { return Activation(config_from_json(j)); }

} // namespace scion::layers
