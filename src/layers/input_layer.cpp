// src/layers/input_layer.cpp — InputLayer's input check and its Keras config.
#include <scion/layers/input_layer.hpp>

#include <cstddef>
#include <string>

namespace scion::layers {

void InputLayer::check(const Shape& x, std::string_view model_name) const {
    bool ok = x.rank() == cfg_.shape.rank() + 1;
    for (std::size_t i = 0; ok && i < cfg_.shape.rank(); ++i) ok = x[i + 1] == cfg_.shape[i];
    if (!ok)
        throw shape_error("model '" + std::string(model_name) + "': input '" + cfg_.name + "' expects shape " +
                          cfg_.shape.to_batch_string() + ", got " + x.to_string());
}

json InputLayer::get_config() const {
    json shape = json::array({nullptr});
    for (std::size_t d : cfg_.shape) shape.push_back(d);
    return json{{"batch_input_shape", shape}, {"dtype", cfg_.dtype}, {"sparse", false}, {"name", cfg_.name}};
}

InputLayer::config_type InputLayer::config_from_json(const json& j) {
    const std::string w = "InputLayer config";
    config_type c;
    json rest = j;
    if (const auto it = j.find("dtype"); it != j.end() && it->is_string()) {
        const auto d = it->get<std::string>();
        if (d != "float32" && d != "int32" && d != "int64")
            throw config_error(w + ": unsupported input dtype '" + d + "' (scion takes float32, int32 and int64 inputs)");
        c.dtype = d;
        rest.erase("dtype");
    }
    detail::read_base(c, rest, w);
    const char* key = j.contains("batch_input_shape") ? "batch_input_shape"
                      : j.contains("batch_shape")     ? "batch_shape"
                                                      : nullptr;
    if (!key) throw config_error(w + ": neither 'batch_input_shape' nor 'batch_shape' is given");
    const json& s = j[key];
    if (!s.is_array() || s.empty()) throw config_error(w + ": '" + key + "' must be a non-empty list");
    for (std::size_t i = 1; i < s.size(); ++i) {
        if (!s[i].is_number_unsigned() || s[i].get<std::size_t>() == 0)
            throw config_error(w + ": '" + key + "' must give every axis but the batch axis as a positive integer, got " +
                               s.dump());
        c.shape.push_back(s[i].get<std::size_t>());
    }
    return c;
}

InputLayer InputLayer::from_config(const json& j) { return InputLayer(config_from_json(j)); }

} // namespace scion::layers
