// scion/layers/conv.hpp — the convolutions (channels_last): Conv1D, Conv2D, DepthwiseConv2D,
// SeparableConv2D and Conv2DTranspose, their shape rules and Keras configs.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace scion::layers {

// ---- geometry: shared by the shape rules of both paths and the math --------------------------------

/// How a convolution pads its input (Keras `padding`): "valid" (no padding), "same" (output =
/// ceil(input / stride), zeros split as TensorFlow does, the smaller half before) or "causal"
/// (Conv1D only: dilation * (kernel - 1) zeros before the sequence, none after).
enum class conv_padding : unsigned char { valid, same, causal };

/// Keras's name of a padding mode ("valid", "same", "causal").
[[nodiscard]] constexpr std::string_view to_string(conv_padding p) noexcept {
    return p == conv_padding::valid ? "valid" : p == conv_padding::same ? "same" : "causal";
}

/// One value per spatial axis (kernel size, strides, dilation rate, output padding).
template <std::size_t R>
using conv_dims = std::array<std::size_t, R>;

/// `v` on every axis.
template <std::size_t R>
[[nodiscard]] constexpr conv_dims<R> conv_fill(std::size_t v) noexcept {
    conv_dims<R> d{};
    for (auto& x : d) x = v;
    return d;
}

/// The extent of a kernel of size `k` dilated by `d`: (k - 1) * d + 1.
[[nodiscard]] constexpr std::size_t conv_dilated_extent(std::size_t k, std::size_t d) noexcept {
    return k == 0 ? 0 : (k - 1) * d + 1;
}

/// Keras's conv_output_length: a convolution's output length along one axis; 0 when the input
/// is shorter than the dilated kernel with padding "valid".
[[nodiscard]] constexpr std::size_t conv_output_length(std::size_t in, std::size_t k, std::size_t stride,
                                                       std::size_t dilation, conv_padding p) noexcept {
    const std::size_t dk = conv_dilated_extent(k, dilation);
    if (stride == 0 || dk == 0) return 0;
    if (p == conv_padding::valid) return in < dk ? 0 : (in - dk) / stride + 1;
    return (in + stride - 1) / stride;
}

/// The zeros a convolution adds before its input along one axis (TensorFlow's rule for "same":
/// the padding needed, halved, rounded down).
[[nodiscard]] constexpr std::size_t conv_padding_before(std::size_t in, std::size_t k, std::size_t stride,
                                                        std::size_t dilation, conv_padding p) noexcept {
    const std::size_t dk = conv_dilated_extent(k, dilation);
    if (p == conv_padding::valid || dk == 0) return 0;
    if (p == conv_padding::causal) return dk - 1;
    const std::size_t out = conv_output_length(in, k, stride, dilation, p);
    const std::size_t needed = out == 0 ? 0 : (out - 1) * stride + dk;
    return needed > in ? (needed - in) / 2 : 0;
}

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

namespace detail {
template <std::size_t R>
[[nodiscard]] constexpr bool conv_dims_positive(const conv_dims<R>& d) noexcept {
    for (std::size_t x : d)
        if (x == 0) return false;
    return true;
}
template <std::size_t R>
[[nodiscard]] constexpr std::size_t conv_dims_product(const conv_dims<R>& d) noexcept {
    std::size_t n = 1;
    for (std::size_t x : d) n *= x;
    return n;
}
// The spatial part of the convolution rules: rank R + 1 input, positive axes, output lengths.
template <std::size_t R>
[[nodiscard]] constexpr shape_result conv_spatial(const Shape& in, const conv_dims<R>& k, const conv_dims<R>& s,
                                                  const conv_dims<R>& d, conv_padding p) noexcept {
    if (in.rank() != R + 1) return shape_result::fail(shape_errc::rank_mismatch, R + 1, in.rank());
    for (std::size_t x : in)
        if (x == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    if (!conv_dims_positive(k) || !conv_dims_positive(s) || !conv_dims_positive(d))
        return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    Shape out;
    for (std::size_t i = 0; i < R; ++i) {
        const std::size_t o = conv_output_length(in[i], k[i], s[i], d[i], p);
        if (o == 0) return shape_result::fail(shape_errc::zero_dimension, conv_dilated_extent(k[i], d[i]), in[i]);
        out.push_back(o);
    }
    return {out};
}
} // namespace detail

/// Conv1D's (R = 1) and Conv2D's (R = 2) shape rule: (spatial..., channels) becomes (output
/// lengths..., filters); the channels must divide into `groups`. An input shorter than the
/// dilated kernel with padding "valid" fails with zero_dimension (expected: the kernel's extent,
/// actual: the input's length).
template <std::size_t R>
[[nodiscard]] constexpr shape_result conv_output_shape(const Shape& in, std::size_t filters, const conv_dims<R>& k,
                                                       const conv_dims<R>& s, const conv_dims<R>& d, conv_padding p,
                                                       std::size_t groups = 1) noexcept {
    shape_result r = detail::conv_spatial<R>(in, k, s, d, p);
    if (!r.ok()) return r;
    if (filters == 0 || groups == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    if (in.back() % groups != 0) return shape_result::fail(shape_errc::not_divisible, groups, in.back());
    r.shape.push_back(filters);
    return r;
}
/// Conv1D's and Conv2D's parameter count: kernel (k..., channels / groups, filters), bias (filters).
template <std::size_t R>
[[nodiscard]] constexpr std::size_t conv_param_count(const Shape& in, std::size_t filters, const conv_dims<R>& k,
                                                     std::size_t groups, bool use_bias) noexcept {
    return detail::conv_dims_product(k) * (in.back() / (groups == 0 ? 1 : groups)) * filters + (use_bias ? filters : 0);
}

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

/// SeparableConv2D's shape rule: (h, w, c) becomes (output h, output w, filters).
[[nodiscard]] constexpr shape_result separable_conv2d_output_shape(const Shape& in, std::size_t filters,
                                                                   const conv_dims<2>& k, const conv_dims<2>& s,
                                                                   const conv_dims<2>& d, conv_padding p,
                                                                   std::size_t depth_multiplier) noexcept {
    shape_result r = detail::conv_spatial<2>(in, k, s, d, p);
    if (!r.ok()) return r;
    if (filters == 0 || depth_multiplier == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    r.shape.push_back(filters);
    return r;
}
/// SeparableConv2D's parameter count: depthwise_kernel (kh, kw, c, m), pointwise_kernel
/// (1, 1, c * m, filters), bias (filters).
[[nodiscard]] constexpr std::size_t separable_conv2d_param_count(const Shape& in, std::size_t filters,
                                                                 const conv_dims<2>& k, std::size_t depth_multiplier,
                                                                 bool use_bias) noexcept {
    const std::size_t cm = in.back() * depth_multiplier;
    return k[0] * k[1] * cm + cm * filters + (use_bias ? filters : 0);
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

// ---- configs ------------------------------------------------------------------------------------------

/// The config of `Conv1D` (R = 1) and `Conv2D` (R = 2): Keras's fields (channels_last only).
template <std::size_t R>
struct conv_config : base_config {
    std::size_t filters = 0;
    conv_dims<R> kernel_size = conv_fill<R>(0);   ///< required: every entry positive
    conv_dims<R> strides = conv_fill<R>(1);
    conv_dims<R> dilation_rate = conv_fill<R>(1);
    conv_padding padding = conv_padding::valid;  ///< causal: Conv1D only
    std::size_t groups = 1;                       ///< divides filters and the input channels
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

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

namespace detail {

/// The largest kernel size, stride, dilation or filter count a config may hold (so that no
/// product of them overflows).
inline constexpr std::size_t conv_max_value = std::size_t{1} << 24;
/// The most scalars one convolution weight may hold.
inline constexpr std::size_t conv_max_weight = std::size_t{1} << 31;

// ---- Keras JSON, read and written alike by every convolution ----

json conv_dims_json(std::span<const std::size_t> d);

std::size_t conv_read_count(const json& v, std::string_view field, std::string_view who);

/// Reads a required count (filters): an integer from 1 to conv_max_value.
std::size_t conv_read_required_count(const json& j, std::string_view field, std::string_view who);

/// Reads a per-axis field: an integer (every axis) or an array of R integers, each from 1 to
/// conv_max_value (0 allowed when `allow_zero`, for output_padding). Missing or null: `fallback`,
/// or a config_error when there is none. Defined (for R = 1 and 2) in libscion.
template <std::size_t R>
conv_dims<R> conv_read_dims(const json& j, std::string_view field, std::optional<conv_dims<R>> fallback,
                            std::string_view who, bool allow_zero = false);

conv_padding conv_read_padding(const json& j, std::string_view who, bool allow_causal);

void conv_check_data_format(const json& j, std::string_view who);

scion::activation_id conv_read_activation(const json& j, std::string_view who);

Initializer conv_read_init(const json& j, std::string_view field, Initializer fallback, std::string_view who);

/// groups: absent, null or 1 unless `allowed` (Conv1D, Conv2D).
std::size_t conv_read_groups(const json& j, std::string_view who, bool allowed);

void conv_require_null(const json& j, std::initializer_list<const char*> fields, std::string_view who);
void conv_write_null(json& j, std::initializer_list<const char*> fields);

/// The product of `dims`, or a config_error naming the layer when it exceeds conv_max_weight.
Shape conv_checked_weight(Shape s, const std::string& who_, std::string_view weight);

// ---- the math ----

/// The geometry of a 2D convolution over one sample (a 1D one is 2D with height 1).
struct conv_geometry {
    std::size_t h = 1, w = 1, c = 1;   ///< input height, width, channels
    std::size_t oh = 1, ow = 1;        ///< output height, width
    std::size_t kh = 1, kw = 1;        ///< kernel
    std::size_t sh = 1, sw = 1;        ///< strides
    std::size_t dh = 1, dw = 1;        ///< dilation
    std::size_t pt = 0, pl = 0;        ///< zeros before the input (top, left)

    /// The input row `o * stride + k * dilation - pad` read by output `o` and kernel tap `k`, or
    /// -1 when it falls in the padding.
    [[nodiscard]] static std::ptrdiff_t at(std::size_t o, std::size_t k, std::size_t s, std::size_t d, std::size_t pad,
                                           std::size_t n) noexcept {
        const auto i = static_cast<std::ptrdiff_t>(o * s + k * d) - static_cast<std::ptrdiff_t>(pad);
        return i >= 0 && i < static_cast<std::ptrdiff_t>(n) ? i : -1;
    }
};

/// The geometry of a 2D convolution from (h, w, c) to `out`.
conv_geometry conv2d_geometry(const Shape& in, const Shape& out, const conv_dims<2>& k, const conv_dims<2>& s,
                              const conv_dims<2>& d, conv_padding p) noexcept;

/// im2col for one sample: row (oy, ox) of `cols` holds, for every kernel tap (ky, kx) in order,
/// channels [c0, c0 + cg) of the input pixel the tap reads (zeros in the padding): a
/// (oh * ow, kh * kw * cg) matrix whose product with a (kh * kw * cg, filters) kernel is the
/// convolution.
void conv_im2col(const float* x, const conv_geometry& g, std::size_t c0, std::size_t cg, float* cols);

/// The depthwise convolution of one sample: output channel c * m + j is input channel c
/// convolved with depthwise kernel (kh, kw, c, j); `out` is (oh * ow, c * m), no bias.
void conv_depthwise(const float* x, const conv_geometry& g, std::size_t m, const float* kernel, float* out);

/// y += bias on the last axis, then the activation.
void conv_finish(TensorView y, std::size_t channels, const float* bias, scion::activation_id a);

/// "(None, 3, 3, 1)": the axis `i` of `in` that is shorter than a "valid" kernel, as a sentence.
std::string conv_too_small(const Shape& in, std::size_t i, std::size_t extent);

extern template conv_dims<1> conv_read_dims<1>(const json&, std::string_view, std::optional<conv_dims<1>>,
                                               std::string_view, bool);
extern template conv_dims<2> conv_read_dims<2>(const json&, std::string_view, std::optional<conv_dims<2>>,
                                               std::string_view, bool);

} // namespace detail

// ---- Conv1D, Conv2D -----------------------------------------------------------------------------------

/// Keras `Conv1D` (R = 1, inputs (steps, channels)) and `Conv2D` (R = 2, inputs (height, width,
/// channels)), channels_last:
///   y[o] = activation(Σ_taps x[o * strides + tap * dilation_rate - pad] · kernel[tap] + bias)
/// computed as im2col into scratch and one matrix product per sample (and group).
/// Weights, in Keras order: kernel (kernel_size..., channels / groups, filters), bias (filters).
/// With `groups` > 1 the channels and filters split into that many groups, each convolved
/// separately (Keras's `groups`). padding "causal" is Conv1D's only.
/// Member definitions live in libscion (src/layers/conv.cpp), explicitly instantiated for R = 1, 2.
template <std::size_t R>
class Conv : public basic_layer<Conv<R>, conv_config<R>> {
    static_assert(R == 1 || R == 2, "scion::layers::Conv<R> is Conv1D (R = 1) or Conv2D (R = 2)");
    using base = basic_layer<Conv<R>, conv_config<R>>;
    using base::cfg_;
    using base::weights_;
    using base::input_shape_;
    using base::output_shape_;

public:
    using config_type = conv_config<R>;
    static constexpr std::string_view class_name = R == 1 ? "Conv1D" : "Conv2D";
    static constexpr std::string_view default_name = R == 1 ? "conv1d" : "conv2d";

    /// Checks the config (positive filters, kernel, strides, dilation and groups; groups divides
    /// filters; causal padding on Conv1D only); throws config_error naming the layer otherwise.
    explicit Conv(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;

    /// Allocates and initialises the weights for per-sample input shape `in`.
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same channels (any spatial size the
    /// kernel fits); throws clone_error otherwise.
    void rebind(const Shape& in);

    /// Floats of scratch: one sample's im2col matrix for one group (none for a 1x1 kernel with
    /// strides 1 and groups 1, which is a single matrix product).
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept;

    /// x is (batch, spatial..., channels), y is (batch, output spatial..., filters).
    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const;

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    /// The fields TensorFlow.js writes (Conv1D without data_format, as TF.js); groups only when
    /// it is not 1.
    [[nodiscard]] json get_config() const;

    /// Reads TF.js's and Keras 2/3's configs: per-axis fields as an integer or a list; throws
    /// config_error naming the field for data_format "channels_first", a regularizer or a
    /// constraint, or an out-of-range value.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Conv from_config(const json& j);

private:
    [[nodiscard]] bool pointwise() const noexcept;
    [[nodiscard]] detail::conv_geometry geometry() const noexcept;
    [[nodiscard]] std::array<weight_store::weight_def, 2> weight_defs(const Shape& in) const;
};

/// Keras `Conv1D`: inputs (steps, channels).
using Conv1D = Conv<1>;
/// Keras `Conv2D`: inputs (height, width, channels).
using Conv2D = Conv<2>;

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

    void forward(ConstTensorView x, TensorView y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const;

    /// "depthwise_kernel", "bias" (without a bias: "depthwise_kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static DepthwiseConv2D from_config(const json& j);

private:
    void check_kernel_fits(const Shape& in) const;
    [[nodiscard]] detail::conv_geometry geometry() const noexcept;
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const;
};

// ---- SeparableConv2D ---------------------------------------------------------------------------------

/// Keras `SeparableConv2D` (channels_last): a depthwise convolution (depth_multiplier kernels
/// per channel; strides, padding and dilation apply here) into scratch, then a pointwise (1x1)
/// one to `filters` channels as one matrix product, then bias and activation. Weights, in Keras
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

    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const;

    /// "depthwise_kernel", "pointwise_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static SeparableConv2D from_config(const json& j);

private:
    [[nodiscard]] detail::conv_geometry geometry() const noexcept;
    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const;
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

    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const;

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

// The convolutions' engine code is compiled once, in libscion (src/layers/conv.cpp).
extern template class Conv<1>;
extern template class Conv<2>;

} // namespace scion::layers
