// scion/layers/conv_depthwise.hpp — DepthwiseConv2D, and SeparableConv2D, which is a depthwise
// convolution followed by a pointwise (1x1) one: their shape rules, parameter counts, configs
// and engine classes. SeparableConv2D's rules and math are DepthwiseConv2D's plus the pointwise step.
#pragma once

#include <scion/layers/conv_common.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

/// DepthwiseConv2D's shape rule: (h, w, c) becomes (output h, output w, c * depth_multiplier).
[[nodiscard]] constexpr shape_result depthwise_conv2d_output_shape(const Shape& in, const conv_dims<2>& k,
                                                                   const conv_dims<2>& s, const conv_dims<2>& d,
                                                                   conv_padding p, std::size_t depth_multiplier) noexcept {
    shape_result r = detail::conv_spatial<2>(in, k, s, d, p);
    if (!r.ok()) return r;
    if (depth_multiplier == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    r.shape.push_back(in.back() * depth_multiplier);
    return r;
}
/// DepthwiseConv2D's parameter count: depthwise_kernel (kh, kw, c, m), bias (c * m).
[[nodiscard]] constexpr std::size_t depthwise_conv2d_param_count(const Shape& in, const conv_dims<2>& k,
                                                                 std::size_t depth_multiplier, bool use_bias) noexcept {
    const std::size_t cm = in.back() * depth_multiplier;
    return k[0] * k[1] * cm + (use_bias ? cm : 0);
}

/// SeparableConv2D's shape rule: DepthwiseConv2D's, then the pointwise step to `filters`
/// channels: (h, w, c) becomes (output h, output w, filters).
[[nodiscard]] constexpr shape_result separable_conv2d_output_shape(const Shape& in, std::size_t filters,
                                                                   const conv_dims<2>& k, const conv_dims<2>& s,
                                                                   const conv_dims<2>& d, conv_padding p,
                                                                   std::size_t depth_multiplier) noexcept {
    shape_result r = depthwise_conv2d_output_shape(in, k, s, d, p, depth_multiplier);
    if (!r.ok()) return r;
    if (filters == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    r.shape = r.shape.with_back(filters);
    return r;
}
/// SeparableConv2D's parameter count: DepthwiseConv2D's depthwise_kernel (kh, kw, c, m), then
/// pointwise_kernel (1, 1, c * m, filters) and bias (filters).
[[nodiscard]] constexpr std::size_t separable_conv2d_param_count(const Shape& in, std::size_t filters,
                                                                 const conv_dims<2>& k, std::size_t depth_multiplier,
                                                                 bool use_bias) noexcept {
    return depthwise_conv2d_param_count(in, k, depth_multiplier, false) + in.back() * depth_multiplier * filters +
           (use_bias ? filters : 0);
}

/// The config of `DepthwiseConv2D`.
struct depthwise_conv2d_config : base_config {
    conv_dims<2> kernel_size{0, 0};
    conv_dims<2> strides{1, 1};
    conv_dims<2> dilation_rate{1, 1};
    conv_padding padding = conv_padding::valid;
    std::size_t depth_multiplier = 1;
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer depthwise_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

/// The config of `SeparableConv2D`.
struct separable_conv2d_config : base_config {
    std::size_t filters = 0;
    conv_dims<2> kernel_size{0, 0};
    conv_dims<2> strides{1, 1};
    conv_dims<2> dilation_rate{1, 1};
    conv_padding padding = conv_padding::valid;
    std::size_t depth_multiplier = 1;
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer depthwise_initializer = Initializer::glorot_uniform();
    Initializer pointwise_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

// ---- DepthwiseConv2D ---------------------------------------------------------------------------------

/// Keras `DepthwiseConv2D` (channels_last): each input channel c convolved with its own
/// depth_multiplier kernels; output channel c * depth_multiplier + j. Weights, in Keras order:
/// depthwise_kernel (kh, kw, channels, depth_multiplier), bias (channels * depth_multiplier).
class DepthwiseConv2D : public basic_layer<DepthwiseConv2D, depthwise_conv2d_config> {
public:
    static constexpr std::string_view class_name = "DepthwiseConv2D";
    static constexpr std::string_view default_name = "depthwise_conv2d";

    /// Checks the config (positive kernel, strides, dilation, depth_multiplier); throws
    /// config_error naming the layer otherwise.
    explicit DepthwiseConv2D(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in);

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const;

    /// "depthwise_kernel", "bias" (without a bias: "depthwise_kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static DepthwiseConv2D from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const;
};

// ---- SeparableConv2D ---------------------------------------------------------------------------------

/// Keras `SeparableConv2D` (channels_last): DepthwiseConv2D's convolution (depth_multiplier
/// kernels per channel; strides, padding and dilation apply here) into scratch, then a pointwise
/// (1x1) one to `filters` channels as one matrix product, then bias and activation. Weights, in Keras
/// order: depthwise_kernel (kh, kw, channels, depth_multiplier), pointwise_kernel (1, 1,
/// channels * depth_multiplier, filters), bias (filters).
class SeparableConv2D : public basic_layer<SeparableConv2D, separable_conv2d_config> {
public:
    static constexpr std::string_view class_name = "SeparableConv2D";
    static constexpr std::string_view default_name = "separable_conv2d";

    /// Checks the config (positive filters, kernel, strides, dilation, depth_multiplier); throws
    /// config_error naming the layer otherwise.
    explicit SeparableConv2D(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in);

    /// Floats of scratch: the depthwise output of the whole batch.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept;

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& /*ctx*/) const;

    /// "depthwise_kernel", "pointwise_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static SeparableConv2D from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
