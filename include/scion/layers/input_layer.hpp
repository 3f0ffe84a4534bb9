// scion/layers/input_layer.hpp — InputLayer: a model's entry point, holding its per-sample shape.
#pragma once

#include <scion/layers/layer_base.hpp>

namespace scion::layers {

/// A model input (Keras `InputLayer`). It has no weights; its config records the per-sample
/// shape, written as Keras's `batch_input_shape` with a null batch axis.
class InputLayer {
public:
    static constexpr std::string_view class_name = "InputLayer";
    static constexpr std::string_view default_name = "input_layer";

    struct config_type : base_config {
        Shape shape{};  ///< per sample (no batch axis)
        /// "float32", or "int32" / "int64" for integer inputs (Embedding's ids), which scion
        /// carries as float32 values (exact up to 2^24).
        std::string dtype = "float32";
    };

    explicit InputLayer(config_type cfg) : cfg_(std::move(cfg)) {}

    [[nodiscard]] const config_type& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }
    [[nodiscard]] const Shape& shape() const noexcept { return cfg_.shape; }

    /// Throws shape_error, naming the input and both shapes, unless `x` is (batch, shape...).
    void check(const Shape& x, std::string_view model_name) const {
        bool ok = x.rank() == cfg_.shape.rank() + 1;
        for (std::size_t i = 0; ok && i < cfg_.shape.rank(); ++i) ok = x[i + 1] == cfg_.shape[i];
        if (!ok)
            throw shape_error("model '" + std::string(model_name) + "': input '" + cfg_.name + "' expects shape " +
                              cfg_.shape.to_batch_string() + ", got " + x.to_string());
    }

    [[nodiscard]] json get_config() const {
        json shape = json::array({nullptr});
        for (std::size_t d : cfg_.shape) shape.push_back(d);
        return json{{"batch_input_shape", shape}, {"dtype", cfg_.dtype}, {"sparse", false}, {"name", cfg_.name}};
    }

    /// Accepts Keras 2 / TensorFlow.js `batch_input_shape` and Keras 3 `batch_shape`.
    [[nodiscard]] static config_type config_from_json(const json& j) {
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
    [[nodiscard]] static InputLayer from_config(const json& j) { return InputLayer(config_from_json(j)); }

private:
    config_type cfg_;
};

} // namespace scion::layers
