// scion/layers/activation.hpp — Activation: applies an activation function element-wise.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/layers/layer_base.hpp>

#include <algorithm>

namespace scion::layers {

/// Shape rule of the layers that keep their input's shape (Activation, Dropout).
[[nodiscard]] constexpr shape_result identity_output_shape(const Shape& in) noexcept { return {in}; }

/// Applies an activation (Keras `Activation`); softmax normalises the last axis.
class Activation : public weight_store {
public:
    static constexpr std::string_view class_name = "Activation";
    static constexpr std::string_view default_name = "activation";

    struct config_type : base_config {
        scion::activation_id activation = scion::activation_id::linear;
    };

    explicit Activation(config_type cfg) : cfg_(std::move(cfg)) {}

    [[nodiscard]] const config_type& config() const noexcept { return cfg_; }
    [[nodiscard]] const std::string& name() const noexcept { return cfg_.name; }
    void set_name(std::string n) { cfg_.name = std::move(n); }
    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view = {}) { mark_built(in, in); }
    void rebind(const Shape& in) { mark_built(in, in); }
    [[nodiscard]] std::vector<Tensor> get_weights() const { return {}; }
    void set_weights(std::span<const Tensor> w) { assign(w, detail::who(class_name, cfg_.name)); }
    [[nodiscard]] std::size_t scratch_size(std::size_t) const noexcept { return 0; }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        if (x.data != y.data) std::copy(x.data, x.data + x.size(), y.data);
        apply_activation(cfg_.activation, y.data, y.size(), input_shape_.empty() ? 1 : input_shape_.back());
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["activation"] = std::string(to_string(cfg_.activation));
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Activation config";
        config_type c;
        detail::read_base(c, j, w);
        c.activation = activation_from_string(scion::detail::get_field<std::string>(j, "activation", w));
        return c;
    }
    [[nodiscard]] static Activation from_config(const json& j) { return Activation(config_from_json(j)); }

private:
    config_type cfg_;
};

} // namespace scion::layers
