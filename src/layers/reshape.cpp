// src/layers/reshape.cpp — Reshape: target check, forward pass (a copy) and Keras config.
#include <scion/layers/reshape.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace scion::layers {

Reshape::Reshape(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.target_shape.empty() || cfg_.target_shape.size() >= max_rank)
        throw config_error(who() + ": target_shape must have 1 to " +
                           std::to_string(max_rank - 1) + " dimensions");
}

void Reshape::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const { copy_through(x, y); }

json Reshape::get_config() const {
    json j = detail::write_base(cfg_);
    j["target_shape"] = cfg_.target_shape;
    return j;
}

Reshape::config_type Reshape::config_from_json(const json& j) {
    const std::string w = "Reshape config";
    config_type c;
    detail::read_base(c, j, w);
    c.target_shape = scion::detail::get_field<std::vector<std::int64_t>>(j, "target_shape", w);
    return c;
}

Reshape Reshape::from_config(const json& j) { return Reshape(config_from_json(j)); }

} // namespace scion::layers
