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
    void check(const Shape& x, std::string_view model_name) const;

    [[nodiscard]] json get_config() const;

    /// Accepts Keras 2 / TensorFlow.js `batch_input_shape` and Keras 3 `batch_shape`.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static InputLayer from_config(const json& j);

private:
    config_type cfg_;
};

} // namespace scion::layers
