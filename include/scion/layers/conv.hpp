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

inline json conv_dims_json(std::span<const std::size_t> d) {
    json a = json::array();
    for (std::size_t x : d) a.push_back(x);
    return a;
}

inline std::size_t conv_read_count(const json& v, std::string_view field, std::string_view who) {
    if (!v.is_number_integer() || (v.is_number_unsigned() ? v.get<std::uint64_t>() > conv_max_value
                                                          : v.get<std::int64_t>() < 1 ||
                                                                v.get<std::int64_t>() > std::int64_t(conv_max_value)))
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    const auto x = v.get<std::uint64_t>();
    if (x == 0)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    return static_cast<std::size_t>(x);
}

/// Reads a required count (filters): an integer from 1 to conv_max_value.
inline std::size_t conv_read_required_count(const json& j, std::string_view field, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null())
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    return conv_read_count(*it, field, who);
}

/// Reads a per-axis field: an integer (every axis) or an array of R integers, each from 1 to
/// conv_max_value (0 allowed when `allow_zero`, for output_padding). Missing or null: `fallback`,
/// or a config_error when there is none.
template <std::size_t R>
conv_dims<R> conv_read_dims(const json& j, std::string_view field, std::optional<conv_dims<R>> fallback,
                            std::string_view who, bool allow_zero = false) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    }
    const auto one = [&](const json& v) -> std::size_t {
        if (allow_zero && v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == 0) return 0;
        if (allow_zero && v.is_number_unsigned() && v.get<std::uint64_t>() == 0) return 0;
        return conv_read_count(v, field, who);
    };
    if (it->is_number()) return conv_fill<R>(one(*it));
    if (!it->is_array() || it->size() != R)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be an integer or a list of " +
                           std::to_string(R) + " integers, got " + it->dump());
    conv_dims<R> d{};
    for (std::size_t i = 0; i < R; ++i) d[i] = one((*it)[i]);
    return d;
}

inline conv_padding conv_read_padding(const json& j, std::string_view who, bool allow_causal) {
    const auto p = scion::detail::get_field_or<std::string>(j, "padding", "valid", who);
    if (p == "valid") return conv_padding::valid;
    if (p == "same") return conv_padding::same;
    if (p == "causal" && allow_causal) return conv_padding::causal;
    throw config_error(std::string(who) + ": unsupported option 'padding' = \"" + p + "\" (" +
                       (allow_causal ? "valid, same or causal" : "valid or same") + ")");
}

inline void conv_check_data_format(const json& j, std::string_view who) {
    const auto f = scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", who);
    if (f != "channels_last" && f != "channelsLast")
        throw config_error(std::string(who) + ": unsupported option 'data_format' = \"" + f +
                           "\" (scion's convolutions are channels_last)");
}

inline scion::activation_id conv_read_activation(const json& j, std::string_view who) {
    const auto a = scion::detail::get_field_or<std::string>(j, "activation", "linear", who);
    try {
        return activation_from_string(a);
    } catch (const config_error& e) {
        throw config_error(std::string(who) + ": field 'activation': " + e.what());
    }
}

inline Initializer conv_read_init(const json& j, std::string_view field, Initializer fallback, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) return fallback;
    return Initializer::from_json(*it, std::string(who) + " " + std::string(field));
}

/// groups: absent, null or 1 unless `allowed` (Conv1D, Conv2D).
inline std::size_t conv_read_groups(const json& j, std::string_view who, bool allowed) {
    const auto it = j.find("groups");
    if (it == j.end() || it->is_null()) return 1;
    const std::size_t g = conv_read_count(*it, "groups", who);
    if (g != 1 && !allowed) throw config_error(std::string(who) + ": unsupported option 'groups' = " + it->dump());
    return g;
}

inline void conv_require_null(const json& j, std::initializer_list<const char*> fields, std::string_view who) {
    for (const char* k : fields) scion::detail::require_null(j, k, who);
}
inline void conv_write_null(json& j, std::initializer_list<const char*> fields) {
    for (const char* k : fields) j[k] = nullptr;
}

/// The product of `dims`, or a config_error naming the layer when it exceeds conv_max_weight.
inline Shape conv_checked_weight(Shape s, const std::string& who_, std::string_view weight) {
    std::size_t n = 1;
    for (std::size_t d : s) {
        if (d != 0 && n > conv_max_weight / d)
            throw config_error(who_ + ": weight '" + std::string(weight) + "' of shape " + s.to_string() +
                               " would hold more than " + std::to_string(conv_max_weight) + " scalars");
        n *= d;
    }
    return s;
}

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
inline conv_geometry conv2d_geometry(const Shape& in, const Shape& out, const conv_dims<2>& k, const conv_dims<2>& s,
                                     const conv_dims<2>& d, conv_padding p) noexcept {
    conv_geometry g;
    g.h = in[0], g.w = in[1], g.c = in[2];
    g.oh = out[0], g.ow = out[1];
    g.kh = k[0], g.kw = k[1], g.sh = s[0], g.sw = s[1], g.dh = d[0], g.dw = d[1];
    g.pt = conv_padding_before(g.h, k[0], s[0], d[0], p);
    g.pl = conv_padding_before(g.w, k[1], s[1], d[1], p);
    return g;
}

/// im2col for one sample: row (oy, ox) of `cols` holds, for every kernel tap (ky, kx) in order,
/// channels [c0, c0 + cg) of the input pixel the tap reads (zeros in the padding): a
/// (oh * ow, kh * kw * cg) matrix whose product with a (kh * kw * cg, filters) kernel is the
/// convolution.
inline void conv_im2col(const float* x, const conv_geometry& g, std::size_t c0, std::size_t cg, float* cols) {
    float* dst = cols;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox)
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                for (std::size_t kx = 0; kx < g.kw; ++kx, dst += cg) {
                    const std::ptrdiff_t ix = conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
                    if (iy < 0 || ix < 0) std::fill(dst, dst + cg, 0.0f);
                    else std::copy_n(x + (static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)) * g.c + c0,
                                     cg, dst);
                }
            }
}

/// The depthwise convolution of one sample: output channel c * m + j is input channel c
/// convolved with depthwise kernel (kh, kw, c, j); `out` is (oh * ow, c * m), no bias.
inline void conv_depthwise(const float* x, const conv_geometry& g, std::size_t m, const float* kernel, float* out) {
    const std::size_t cm = g.c * m;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox) {
            float* o = out + (oy * g.ow + ox) * cm;
            std::fill(o, o + cm, 0.0f);
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                if (iy < 0) continue;
                for (std::size_t kx = 0; kx < g.kw; ++kx) {
                    const std::ptrdiff_t ix = conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
                    if (ix < 0) continue;
                    const float* xp = x + (static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)) * g.c;
                    const float* kp = kernel + (ky * g.kw + kx) * cm;
                    if (m == 1) {
                        for (std::size_t c = 0; c < g.c; ++c) o[c] += xp[c] * kp[c];
                    } else {
                        for (std::size_t c = 0; c < g.c; ++c)
                            for (std::size_t j = 0; j < m; ++j) o[c * m + j] += xp[c] * kp[c * m + j];
                    }
                }
            }
        }
}

/// y += bias on the last axis, then the activation.
inline void conv_finish(TensorView y, std::size_t channels, const float* bias, scion::activation_id a) {
    const auto n = static_cast<Eigen::Index>(channels);
    if (bias != nullptr) {
        MatrixMap Y(y.data, static_cast<Eigen::Index>(y.size()) / n, n);
        Y.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, n);
    }
    apply_activation(a, y.data, y.size(), channels);
}

/// "(None, 3, 3, 1)": the axis `i` of `in` that is shorter than a "valid" kernel, as a sentence.
inline std::string conv_too_small(const Shape& in, std::size_t i, std::size_t extent) {
    return "cannot be applied to input shape " + in.to_batch_string() + ": the kernel spans " +
           std::to_string(extent) + " along axis " + std::to_string(i + 1) + " (dilation included), more than its " +
           std::to_string(in[i]) + " with padding 'valid'";
}

} // namespace detail

// ---- Conv1D, Conv2D -----------------------------------------------------------------------------------

/// Keras `Conv1D` (R = 1, inputs (steps, channels)) and `Conv2D` (R = 2, inputs (height, width,
/// channels)), channels_last:
///   y[o] = activation(Σ_taps x[o * strides + tap * dilation_rate - pad] · kernel[tap] + bias)
/// computed as im2col into scratch and one matrix product per sample (and group).
/// Weights, in Keras order: kernel (kernel_size..., channels / groups, filters), bias (filters).
/// With `groups` > 1 the channels and filters split into that many groups, each convolved
/// separately (Keras's `groups`). padding "causal" is Conv1D's only.
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
    explicit Conv(config_type cfg) : base(std::move(cfg)) {
        const std::string w = this->who();
        if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
        if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
        if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
        if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
        if (cfg_.groups == 0) throw config_error(w + ": groups must be positive");
        if (cfg_.filters % cfg_.groups != 0)
            throw config_error(w + ": filters (" + std::to_string(cfg_.filters) + ") must be divisible by groups (" +
                               std::to_string(cfg_.groups) + ")");
        if (R != 1 && cfg_.padding == conv_padding::causal)
            throw config_error(w + ": padding 'causal' is only for Conv1D");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        if (in.rank() == R + 1) {
            if (cfg_.padding == conv_padding::valid)
                for (std::size_t i = 0; i < R; ++i) {
                    const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
                    if (in[i] != 0 && in[i] < e) throw shape_error(this->who() + ": " + detail::conv_too_small(in, i, e));
                }
            if (in.back() % cfg_.groups != 0)
                throw shape_error(this->who() + ": cannot be applied to input shape " + in.to_batch_string() + ": its " +
                                  std::to_string(in.back()) + " channels are not divisible by groups (" +
                                  std::to_string(cfg_.groups) + ")");
        }
        return check_shape(conv_output_shape<R>(in, cfg_.filters, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                                cfg_.padding, cfg_.groups),
                           this->who(), in);
    }

    /// Allocates and initialises the weights for per-sample input shape `in`.
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        this->allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
        this->mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same channels (any spatial size the
    /// kernel fits); throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        this->rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), this->who());
    }

    /// Floats of scratch: one sample's im2col matrix for one group (none for a 1x1 kernel with
    /// strides 1 and groups 1, which is a single matrix product).
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept {
        if (pointwise()) return 0;
        const auto g = geometry();
        return g.oh * g.ow * g.kh * g.kw * (g.c / cfg_.groups);
    }

    /// x is (batch, spatial..., channels), y is (batch, output spatial..., filters).
    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const {
        using Eigen::Index;
        const auto g = geometry();
        const std::size_t batch = x.shape[0], f = cfg_.filters, groups = cfg_.groups;
        const std::size_t cg = g.c / groups, fg = f / groups, positions = g.oh * g.ow, depth = g.kh * g.kw * cg;
        const ConstMatrixMap kernel(weights_[0].data(), Index(depth), Index(f));
        if (pointwise()) {
            scion::detail::gemm(MatrixMap(y.data, Index(batch * positions), Index(f)),
                                ConstMatrixMap(x.data, Index(batch * g.h * g.w), Index(g.c)), kernel);
        } else {
            for (std::size_t b = 0; b < batch; ++b) {
                MatrixMap Y(y.data + b * positions * f, Index(positions), Index(f));
                for (std::size_t k = 0; k < groups; ++k) {
                    detail::conv_im2col(x.data + b * g.h * g.w * g.c, g, k * cg, cg, scratch.data());
                    const ConstMatrixMap cols(scratch.data(), Index(positions), Index(depth));
                    if (groups == 1) scion::detail::gemm(Y, cols, kernel);
                    else scion::detail::gemm(Y.middleCols(Index(k * fg), Index(fg)), cols,
                                             kernel.middleCols(Index(k * fg), Index(fg)));
                }
            }
        }
        detail::conv_finish(y, f, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
    }

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"kernel", "bias"};
        return {"kernel"};
    }

    /// The fields TensorFlow.js writes (Conv1D without data_format, as TF.js); groups only when
    /// it is not 1.
    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["filters"] = cfg_.filters;
        j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
        j["strides"] = detail::conv_dims_json(cfg_.strides);
        j["padding"] = std::string(to_string(cfg_.padding));
        if constexpr (R == 2) j["data_format"] = "channels_last";
        j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
        if (cfg_.groups != 1) j["groups"] = cfg_.groups;
        j["activation"] = std::string(to_string(cfg_.activation));
        j["use_bias"] = cfg_.use_bias;
        j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        detail::conv_write_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                    "kernel_constraint", "bias_constraint"});
        return j;
    }

    /// Reads TF.js's and Keras 2/3's configs: per-axis fields as an integer or a list; throws
    /// config_error naming the field for data_format "channels_first", a regularizer or a
    /// constraint, or an out-of-range value.
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = std::string(class_name) + " config";
        config_type c;
        detail::read_base(c, j, w);
        c.filters = detail::conv_read_required_count(j, "filters", w);
        c.kernel_size = detail::conv_read_dims<R>(j, "kernel_size", std::nullopt, w);
        c.strides = detail::conv_read_dims<R>(j, "strides", conv_fill<R>(1), w);
        c.dilation_rate = detail::conv_read_dims<R>(j, "dilation_rate", conv_fill<R>(1), w);
        c.padding = detail::conv_read_padding(j, w, R == 1);
        detail::conv_check_data_format(j, w);
        c.groups = detail::conv_read_groups(j, w, true);
        c.activation = detail::conv_read_activation(j, w);
        c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
        c.kernel_initializer = detail::conv_read_init(j, "kernel_initializer", Initializer::glorot_uniform(), w);
        c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
        detail::conv_require_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                      "kernel_constraint", "bias_constraint"}, w);
        return c;
    }
    [[nodiscard]] static Conv from_config(const json& j) { return Conv(config_from_json(j)); }

private:
    [[nodiscard]] bool pointwise() const noexcept {
        return detail::conv_dims_product(cfg_.kernel_size) == 1 && detail::conv_dims_product(cfg_.strides) == 1 &&
               cfg_.groups == 1;
    }
    [[nodiscard]] detail::conv_geometry geometry() const noexcept {
        const auto& k = cfg_.kernel_size;
        const auto& s = cfg_.strides;
        const auto& d = cfg_.dilation_rate;
        if constexpr (R == 1) {
            detail::conv_geometry g;
            g.c = input_shape_[1];
            g.w = input_shape_[0];
            g.ow = output_shape_[0];
            g.kw = k[0];
            g.sw = s[0];
            g.dw = d[0];
            g.pl = conv_padding_before(g.w, k[0], s[0], d[0], cfg_.padding);
            return g;
        } else {
            return detail::conv2d_geometry(input_shape_, output_shape_, k, s, d, cfg_.padding);
        }
    }
    [[nodiscard]] std::array<weight_store::weight_def, 2> weight_defs(const Shape& in) const {
        Shape ks;
        for (std::size_t x : cfg_.kernel_size) ks.push_back(x);
        ks.push_back(in.back() / cfg_.groups);
        ks.push_back(cfg_.filters);
        return {{{"kernel", detail::conv_checked_weight(ks, this->who(), "kernel"), &cfg_.kernel_initializer},
                 {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
    }
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
    explicit DepthwiseConv2D(config_type cfg) : basic_layer(std::move(cfg)) {
        const std::string w = who();
        if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
        if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
        if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
        if (cfg_.depth_multiplier == 0) throw config_error(w + ": depth_multiplier must be positive");
        if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        check_kernel_fits(in);
        return check_shape(depthwise_conv2d_output_shape(in, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                                         cfg_.padding, cfg_.depth_multiplier),
                           who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
    }

    void forward(ConstTensorView x, TensorView y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const {
        const auto g = geometry();
        const std::size_t batch = x.shape[0], cm = g.c * cfg_.depth_multiplier;
        for (std::size_t b = 0; b < batch; ++b)
            detail::conv_depthwise(x.data + b * g.h * g.w * g.c, g, cfg_.depth_multiplier, weights_[0].data(),
                                   y.data + b * g.oh * g.ow * cm);
        detail::conv_finish(y, cm, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
    }

    /// "depthwise_kernel", "bias" (without a bias: "depthwise_kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"depthwise_kernel", "bias"};
        return {"depthwise_kernel"};
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
        j["strides"] = detail::conv_dims_json(cfg_.strides);
        j["padding"] = std::string(to_string(cfg_.padding));
        j["data_format"] = "channels_last";
        j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
        j["depth_multiplier"] = cfg_.depth_multiplier;
        j["activation"] = std::string(to_string(cfg_.activation));
        j["use_bias"] = cfg_.use_bias;
        j["depthwise_initializer"] = cfg_.depthwise_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        detail::conv_write_null(j, {"depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                                    "depthwise_constraint", "bias_constraint"});
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "DepthwiseConv2D config";
        config_type c;
        detail::read_base(c, j, w);
        c.kernel_size = detail::conv_read_dims<2>(j, "kernel_size", std::nullopt, w);
        c.strides = detail::conv_read_dims<2>(j, "strides", conv_dims<2>{1, 1}, w);
        c.dilation_rate = detail::conv_read_dims<2>(j, "dilation_rate", conv_dims<2>{1, 1}, w);
        c.padding = detail::conv_read_padding(j, w, false);
        detail::conv_check_data_format(j, w);
        (void)detail::conv_read_groups(j, w, false);
        if (const auto it = j.find("depth_multiplier"); it != j.end() && !it->is_null())
            c.depth_multiplier = detail::conv_read_count(*it, "depth_multiplier", w);
        c.activation = detail::conv_read_activation(j, w);
        c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
        c.depthwise_initializer = detail::conv_read_init(j, "depthwise_initializer", Initializer::glorot_uniform(), w);
        c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
        detail::conv_require_null(j, {"depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                                      "depthwise_constraint", "bias_constraint"}, w);
        return c;
    }
    [[nodiscard]] static DepthwiseConv2D from_config(const json& j) { return DepthwiseConv2D(config_from_json(j)); }

private:
    void check_kernel_fits(const Shape& in) const {
        if (in.rank() == 3 && cfg_.padding == conv_padding::valid)
            for (std::size_t i = 0; i < 2; ++i) {
                const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
                if (in[i] != 0 && in[i] < e) throw shape_error(who() + ": " + detail::conv_too_small(in, i, e));
            }
    }
    [[nodiscard]] detail::conv_geometry geometry() const noexcept {
        return detail::conv2d_geometry(input_shape_, output_shape_, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                       cfg_.padding);
    }
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const {
        const std::size_t c = in.back(), m = cfg_.depth_multiplier;
        const Shape k{cfg_.kernel_size[0], cfg_.kernel_size[1], c, m};
        return {{{"depthwise_kernel", detail::conv_checked_weight(k, who(), "depthwise_kernel"),
                  &cfg_.depthwise_initializer},
                 {"bias", Shape{c * m}, &cfg_.bias_initializer}}};
    }
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
    explicit SeparableConv2D(config_type cfg) : basic_layer(std::move(cfg)) {
        const std::string w = who();
        if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
        if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
        if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
        if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
        if (cfg_.depth_multiplier == 0) throw config_error(w + ": depth_multiplier must be positive");
        if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        if (in.rank() == 3 && cfg_.padding == conv_padding::valid)
            for (std::size_t i = 0; i < 2; ++i) {
                const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
                if (in[i] != 0 && in[i] < e) throw shape_error(who() + ": " + detail::conv_too_small(in, i, e));
            }
        return check_shape(separable_conv2d_output_shape(in, cfg_.filters, cfg_.kernel_size, cfg_.strides,
                                                         cfg_.dilation_rate, cfg_.padding, cfg_.depth_multiplier),
                           who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        allocate(std::span(defs.data(), cfg_.use_bias ? 3 : 2), s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 3 : 2), who());
    }

    /// Floats of scratch: the depthwise output of the whole batch.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        return batch * output_shape_[0] * output_shape_[1] * input_shape_[2] * cfg_.depth_multiplier;
    }

    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const {
        using Eigen::Index;
        const auto g = geometry();
        const std::size_t batch = x.shape[0], cm = g.c * cfg_.depth_multiplier, positions = g.oh * g.ow;
        for (std::size_t b = 0; b < batch; ++b)
            detail::conv_depthwise(x.data + b * g.h * g.w * g.c, g, cfg_.depth_multiplier, weights_[0].data(),
                                   scratch.data() + b * positions * cm);
        scion::detail::gemm(MatrixMap(y.data, Index(batch * positions), Index(cfg_.filters)),
                            ConstMatrixMap(scratch.data(), Index(batch * positions), Index(cm)),
                            ConstMatrixMap(weights_[1].data(), Index(cm), Index(cfg_.filters)));
        detail::conv_finish(y, cfg_.filters, cfg_.use_bias ? weights_[2].data() : nullptr, cfg_.activation);
    }

    /// "depthwise_kernel", "pointwise_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"depthwise_kernel", "pointwise_kernel", "bias"};
        return {"depthwise_kernel", "pointwise_kernel"};
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["filters"] = cfg_.filters;
        j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
        j["strides"] = detail::conv_dims_json(cfg_.strides);
        j["padding"] = std::string(to_string(cfg_.padding));
        j["data_format"] = "channels_last";
        j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
        j["depth_multiplier"] = cfg_.depth_multiplier;
        j["activation"] = std::string(to_string(cfg_.activation));
        j["use_bias"] = cfg_.use_bias;
        j["depthwise_initializer"] = cfg_.depthwise_initializer.to_json();
        j["pointwise_initializer"] = cfg_.pointwise_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        detail::conv_write_null(j, {"depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                                    "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                                    "bias_constraint"});
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "SeparableConv2D config";
        config_type c;
        detail::read_base(c, j, w);
        c.filters = detail::conv_read_required_count(j, "filters", w);
        c.kernel_size = detail::conv_read_dims<2>(j, "kernel_size", std::nullopt, w);
        c.strides = detail::conv_read_dims<2>(j, "strides", conv_dims<2>{1, 1}, w);
        c.dilation_rate = detail::conv_read_dims<2>(j, "dilation_rate", conv_dims<2>{1, 1}, w);
        c.padding = detail::conv_read_padding(j, w, false);
        detail::conv_check_data_format(j, w);
        (void)detail::conv_read_groups(j, w, false);
        if (const auto it = j.find("depth_multiplier"); it != j.end() && !it->is_null())
            c.depth_multiplier = detail::conv_read_count(*it, "depth_multiplier", w);
        c.activation = detail::conv_read_activation(j, w);
        c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
        c.depthwise_initializer = detail::conv_read_init(j, "depthwise_initializer", Initializer::glorot_uniform(), w);
        c.pointwise_initializer = detail::conv_read_init(j, "pointwise_initializer", Initializer::glorot_uniform(), w);
        c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
        detail::conv_require_null(j, {"depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                                      "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                                      "bias_constraint", "kernel_regularizer", "kernel_constraint"}, w);
        return c;
    }
    [[nodiscard]] static SeparableConv2D from_config(const json& j) { return SeparableConv2D(config_from_json(j)); }

private:
    [[nodiscard]] detail::conv_geometry geometry() const noexcept {
        return detail::conv2d_geometry(input_shape_, output_shape_, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                       cfg_.padding);
    }
    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const {
        const std::size_t c = in.back(), m = cfg_.depth_multiplier;
        const Shape dk{cfg_.kernel_size[0], cfg_.kernel_size[1], c, m};
        const Shape pk{1, 1, c * m, cfg_.filters};
        return {{{"depthwise_kernel", detail::conv_checked_weight(dk, who(), "depthwise_kernel"),
                  &cfg_.depthwise_initializer},
                 {"pointwise_kernel", detail::conv_checked_weight(pk, who(), "pointwise_kernel"),
                  &cfg_.pointwise_initializer},
                 {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
    }
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
    explicit Conv2DTranspose(config_type cfg) : basic_layer(std::move(cfg)) {
        const std::string w = who();
        if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
        if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
        if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
        if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
        if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
        if (cfg_.output_padding)
            for (std::size_t i = 0; i < 2; ++i)
                if ((*cfg_.output_padding)[i] >= cfg_.strides[i])
                    throw config_error(w + ": output_padding (" + std::to_string((*cfg_.output_padding)[i]) +
                                       ") must be less than its stride (" + std::to_string(cfg_.strides[i]) + ")");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(conv2d_transpose_output_shape(in, cfg_.filters, cfg_.kernel_size, cfg_.strides,
                                                         cfg_.dilation_rate, cfg_.padding,
                                                         cfg_.output_padding.has_value(),
                                                         cfg_.output_padding.value_or(conv_dims<2>{0, 0})),
                           who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same channels; throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
    }

    /// Floats of scratch: one sample's pixels times kernel taps times filters.
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept {
        return input_shape_[0] * input_shape_[1] * cfg_.kernel_size[0] * cfg_.kernel_size[1] * cfg_.filters;
    }

    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const {
        using Eigen::Index;
        const std::size_t batch = x.shape[0], h = input_shape_[0], w = input_shape_[1], c = input_shape_[2];
        const std::size_t oh = output_shape_[0], ow = output_shape_[1], f = cfg_.filters;
        const std::size_t kh = cfg_.kernel_size[0], kw = cfg_.kernel_size[1];
        const std::size_t sh = cfg_.strides[0], sw = cfg_.strides[1], dh = cfg_.dilation_rate[0],
                          dw = cfg_.dilation_rate[1];
        const std::size_t pt = conv_transpose_padding_before(h, oh, kh, sh, dh, cfg_.padding);
        const std::size_t pl = conv_transpose_padding_before(w, ow, kw, sw, dw, cfg_.padding);
        const std::size_t taps = kh * kw * f;
        // kernel (kh, kw, f, c) read as a (kh * kw * f, c) matrix; its transpose maps a pixel's
        // channels to every tap's filters.
        const ConstMatrixMap kernel(weights_[0].data(), Index(taps), Index(c));
        MatrixMap z(scratch.data(), Index(h * w), Index(taps));
        for (std::size_t b = 0; b < batch; ++b) {
            scion::detail::gemm(z, ConstMatrixMap(x.data + b * h * w * c, Index(h * w), Index(c)), kernel.transpose());
            float* out = y.data + b * oh * ow * f;
            std::fill(out, out + oh * ow * f, 0.0f);
            for (std::size_t iy = 0; iy < h; ++iy)
                for (std::size_t ix = 0; ix < w; ++ix) {
                    const float* zp = scratch.data() + (iy * w + ix) * taps;
                    for (std::size_t ky = 0; ky < kh; ++ky) {
                        const std::ptrdiff_t oy = detail::conv_geometry::at(iy, ky, sh, dh, pt, oh);
                        if (oy < 0) continue;
                        for (std::size_t kx = 0; kx < kw; ++kx) {
                            const std::ptrdiff_t ox = detail::conv_geometry::at(ix, kx, sw, dw, pl, ow);
                            if (ox < 0) continue;
                            float* o = out + (static_cast<std::size_t>(oy) * ow + static_cast<std::size_t>(ox)) * f;
                            const float* t = zp + (ky * kw + kx) * f;
                            for (std::size_t k = 0; k < f; ++k) o[k] += t[k];
                        }
                    }
                }
        }
        detail::conv_finish(y, f, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
    }

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"kernel", "bias"};
        return {"kernel"};
    }

    /// TF.js's fields; dilation_rate only when it is not 1 and output_padding only when set
    /// (TF.js writes neither).
    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["filters"] = cfg_.filters;
        j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
        j["strides"] = detail::conv_dims_json(cfg_.strides);
        j["padding"] = std::string(to_string(cfg_.padding));
        j["data_format"] = "channels_last";
        if (cfg_.dilation_rate != conv_dims<2>{1, 1}) j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
        if (cfg_.output_padding) j["output_padding"] = detail::conv_dims_json(*cfg_.output_padding);
        j["activation"] = std::string(to_string(cfg_.activation));
        j["use_bias"] = cfg_.use_bias;
        j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        detail::conv_write_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                    "kernel_constraint", "bias_constraint"});
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Conv2DTranspose config";
        config_type c;
        detail::read_base(c, j, w);
        c.filters = detail::conv_read_required_count(j, "filters", w);
        c.kernel_size = detail::conv_read_dims<2>(j, "kernel_size", std::nullopt, w);
        c.strides = detail::conv_read_dims<2>(j, "strides", conv_dims<2>{1, 1}, w);
        c.dilation_rate = detail::conv_read_dims<2>(j, "dilation_rate", conv_dims<2>{1, 1}, w);
        c.padding = detail::conv_read_padding(j, w, false);
        detail::conv_check_data_format(j, w);
        (void)detail::conv_read_groups(j, w, false);
        if (const auto it = j.find("output_padding"); it != j.end() && !it->is_null())
            c.output_padding = detail::conv_read_dims<2>(j, "output_padding", std::nullopt, w, true);
        c.activation = detail::conv_read_activation(j, w);
        c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
        c.kernel_initializer = detail::conv_read_init(j, "kernel_initializer", Initializer::glorot_uniform(), w);
        c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
        detail::conv_require_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                      "kernel_constraint", "bias_constraint"}, w);
        return c;
    }
    [[nodiscard]] static Conv2DTranspose from_config(const json& j) { return Conv2DTranspose(config_from_json(j)); }

private:
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const {
        const Shape k{cfg_.kernel_size[0], cfg_.kernel_size[1], cfg_.filters, in.back()};
        return {{{"kernel", detail::conv_checked_weight(k, who(), "kernel"), &cfg_.kernel_initializer},
                 {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
    }
};

} // namespace scion::layers
