// src/layers/flatten.cpp — Flatten: forward pass (a copy) and Keras config.
#include <scion/layers/flatten.hpp>

#include <string>

namespace scion::layers {

void Flatten::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const { copy_through(x, y); }

json Flatten::get_config() const {
    json j = detail::write_base(cfg_);
    j["data_format"] = "channels_last";
    return j;
}

Flatten::config_type Flatten::config_from_json(const json& j) {
    const std::string w = "Flatten config";
    config_type c;
    detail::read_base(c, j, w);
    if (scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", w) != "channels_last")
        throw config_error(w + ": unsupported option 'data_format' (only channels_last)");
    return c;
}

Flatten Flatten::from_config(const json& j) { return Flatten(config_from_json(j)); }

} // namespace scion::layers
