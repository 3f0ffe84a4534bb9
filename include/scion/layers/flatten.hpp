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

/// Keras `Flatten` (channels_last): the data is unchanged, only the shape.
class Flatten : public weight_store {
public:
    static constexpr std::string_view class_name = "Flatten";
    static constexpr std::string_view default_name = "flatten";
    struct config_type : base_config {};

    explicit Flatten(config_type cfg) : cfg_(std::move(cfg)) {}

    [[nodiscard]] const config_type& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }
    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(flatten_output_shape(in), detail::who(class_name, cfg_.name), in);
    }
    void build(const Shape& in, seed, std::string_view = {}) { mark_built(in, compute_output_shape(in)); }
    void rebind(const Shape& in) { mark_built(in, compute_output_shape(in)); }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return {}; }
    void set_weights(std::span<const Tensor> w) { assign(w, detail::who(class_name, cfg_.name)); }
    [[nodiscard]] std::size_t scratch_size(std::size_t) const noexcept { return 0; }
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        if (x.data != y.data) std::copy(x.data, x.data + x.size(), y.data);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["data_format"] = "channels_last";
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Flatten config";
        config_type c;
        detail::read_base(c, j, w);
        if (scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", w) != "channels_last")
            throw config_error(w + ": unsupported option 'data_format' (only channels_last)");
        return c;
    }
    [[nodiscard]] static Flatten from_config(const json& j) { return Flatten(config_from_json(j)); }

private:
    config_type cfg_;
};

} // namespace scion::layers
