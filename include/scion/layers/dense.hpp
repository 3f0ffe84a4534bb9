// scion/layers/dense.hpp — Dense: y = activation(x · kernel + bias) on the last axis.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>

namespace scion::layers {

/// Dense's shape rule (shared by both paths): the last axis becomes `units`.
[[nodiscard]] constexpr shape_result dense_output_shape(const Shape& in, std::size_t units) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    if (units == 0 || in.back() == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return {in.with_back(units)};
}
/// Dense's parameter count for a given input shape.
[[nodiscard]] constexpr std::size_t dense_param_count(const Shape& in, std::size_t units, bool use_bias) noexcept {
    return in.back() * units + (use_bias ? units : 0);
}

/// The config of `Dense` (Keras: the fields of its `get_config()`).
struct dense_config : base_config {
    std::size_t units = 0;
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

/// A densely connected layer (Keras `Dense`). Weights, in Keras order: kernel (in, units), bias
/// (units).
class Dense : public basic_layer<Dense, dense_config> {
public:
    static constexpr std::string_view class_name = "Dense";
    static constexpr std::string_view default_name = "dense";

    explicit Dense(config_type cfg);


    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(dense_output_shape(in, cfg_.units), who(), in);
    }

    /// Allocates and initialises the weights for per-sample input shape `in`.
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same last axis; throws clone_error otherwise.
    void rebind(const Shape& in);



    /// y = activation(x · kernel + bias); x is (batch, ..., in), y is (batch, ..., units).
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const;

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;

    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Dense from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
