// scion/layers/flatten.hpp — Flatten: collapses every axis but the batch axis.
#pragma once

#include <scion/layers/layer_base.hpp>

#include <algorithm>

namespace scion::layers {

/// Flatten's shape rule: (d1, d2, ...) becomes (d1 * d2 * ...).
[[nodiscard]] constexpr shape_result flatten_output_shape(const Shape& in) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    return {Shape{in.elements()}};
}

/// The config of `Flatten` (Keras: the fields of its `get_config()`).
struct flatten_config : base_config {};

/// Keras `Flatten` (channels_last): the data is unchanged, only the shape.
class Flatten : public basic_layer<Flatten, flatten_config> {
public:
    static constexpr std::string_view class_name = "Flatten";
    static constexpr std::string_view default_name = "flatten";
    explicit Flatten(config_type cfg) : basic_layer(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(flatten_output_shape(in), who(), in);
    }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Flatten from_config(const json& j);

private:
};

} // namespace scion::layers
