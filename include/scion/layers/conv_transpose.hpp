// scion/layers/conv_transpose.hpp — Conv2DTranspose, the transpose of a Conv2D: its output
// lengths (Keras's deconv_output_length), shape rule, parameter count, config and engine class.
#pragma once

#include <scion/layers/conv_common.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

/// Keras's deconv_output_length: a transposed convolution's output length along one axis.
/// Without output padding: input * stride (+ max(kernel - stride, 0) with "valid"); with output
/// padding `op`: (input - 1) * stride + kernel (kernel % 2 with "same") + op. Kernels dilated.
[[nodiscard]] constexpr std::size_t conv_transpose_output_length(std::size_t in, std::size_t k, std::size_t stride,
                                                                 std::size_t dilation, conv_padding p,
                                                                 bool has_output_padding,
                                                                 std::size_t output_padding = 0) noexcept {
    const std::size_t dk = conv_dilated_extent(k, dilation);
    if (in == 0 || stride == 0 || dk == 0) return 0;
    if (!has_output_padding) return p == conv_padding::valid ? in * stride + (dk > stride ? dk - stride : 0) : in * stride;
    return (in - 1) * stride + (p == conv_padding::valid ? dk : dk % 2) + output_padding;
}

/// The rows a transposed convolution crops before its output along one axis: the padding of the
/// convolution it transposes (from an input of length `out` to one of length `in`).
[[nodiscard]] constexpr std::size_t conv_transpose_padding_before(std::size_t in, std::size_t out, std::size_t k,
                                                                  std::size_t stride, std::size_t dilation,
                                                                  conv_padding p) noexcept {
    if (p == conv_padding::valid || in == 0) return 0;
    const std::size_t needed = (in - 1) * stride + conv_dilated_extent(k, dilation);
    return needed > out ? (needed - out) / 2 : 0;
}

/// Conv2DTranspose's shape rule: (h, w, c) becomes (h', w', filters) with the lengths of
/// conv_transpose_output_length (`output_padding` null: `has_output_padding` false).
[[nodiscard]] constexpr shape_result conv2d_transpose_output_shape(const Shape& in, std::size_t filters,
                                                                   const conv_dims<2>& k, const conv_dims<2>& s,
                                                                   const conv_dims<2>& d, conv_padding p,
                                                                   bool has_output_padding,
                                                                   const conv_dims<2>& output_padding = {}) noexcept {
    if (in.rank() != 3) return shape_result::fail(shape_errc::rank_mismatch, 3, in.rank());
    for (std::size_t x : in)
        if (x == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    if (filters == 0 || !detail::conv_dims_positive(k) || !detail::conv_dims_positive(s) ||
        !detail::conv_dims_positive(d))
        return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    Shape out;
    for (std::size_t i = 0; i < 2; ++i)
        out.push_back(conv_transpose_output_length(in[i], k[i], s[i], d[i], p, has_output_padding, output_padding[i]));
    out.push_back(filters);
    return {out};
}
/// Conv2DTranspose's parameter count: kernel (kh, kw, filters, c), bias (filters).
[[nodiscard]] constexpr std::size_t conv2d_transpose_param_count(const Shape& in, std::size_t filters,
                                                                 const conv_dims<2>& k, bool use_bias) noexcept {
    return k[0] * k[1] * filters * in.back() + (use_bias ? filters : 0);
}

/// The config of `Conv2DTranspose`.
struct conv2d_transpose_config : base_config {
    std::size_t filters = 0;
    conv_dims<2> kernel_size{0, 0};
    conv_dims<2> strides{1, 1};
    conv_dims<2> dilation_rate{1, 1};
    conv_padding padding = conv_padding::valid;     ///< valid or same
    std::optional<conv_dims<2>> output_padding{};   ///< Keras output_padding; each < its stride
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

// ---- Conv2DTranspose ---------------------------------------------------------------------------------

/// Keras `Conv2DTranspose` (channels_last), the transpose (gradient) of a Conv2D: each input
/// pixel i scatters x[i] · kernel[tap] into output pixel i * strides + tap * dilation_rate - pad.
/// Computed as one matrix product per sample into scratch (every pixel times every tap) and a
/// scatter-add. Output lengths follow Keras's deconv_output_length, with `output_padding` if
/// given. Weights, in Keras order: kernel (kh, kw, filters, channels), bias (filters).
class Conv2DTranspose : public basic_layer<Conv2DTranspose, conv2d_transpose_config> {
public:
    static constexpr std::string_view class_name = "Conv2DTranspose";
    static constexpr std::string_view default_name = "conv2d_transpose";

    /// Checks the config (positive filters, kernel, strides, dilation; padding valid or same;
    /// output_padding below its stride); throws config_error naming the layer otherwise.
    explicit Conv2DTranspose(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in);

    /// Floats of scratch: one sample's pixels times kernel taps times filters.
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept;

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& /*ctx*/) const;

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    /// TF.js's fields; dilation_rate only when it is not 1 and output_padding only when set
    /// (TF.js writes neither).
    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Conv2DTranspose from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
