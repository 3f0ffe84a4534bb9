// scion/layers/conv_common.hpp — what every convolution shares: the padding modes and per-axis
// geometry (output lengths, padding, the spatial shape rule), the Keras JSON helpers, the
// argument checks, the geometry of one sample and the bias-and-activation step. The layers are
// in conv_standard.hpp (Conv1D, Conv2D), conv_depthwise.hpp (DepthwiseConv2D, SeparableConv2D)
// and conv_transpose.hpp (Conv2DTranspose); conv.hpp includes them all.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
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

// ---- the checks every convolution makes ----

/// A config's geometry: kernel_size, strides and dilation_rate positive on every axis, and
/// padding "causal" only where `allow_causal` (Conv1D); throws config_error naming the layer.
void conv_check_geometry(std::span<const std::size_t> kernel, std::span<const std::size_t> strides,
                         std::span<const std::size_t> dilation, conv_padding p, bool allow_causal,
                         const std::string& who_);

/// With padding "valid", an input of rank kernel.size() + 1 whose axis is shorter than the
/// dilated kernel is a shape_error naming the layer and the axis (other inputs: nothing).
void conv_check_fits(const Shape& in, std::span<const std::size_t> kernel, std::span<const std::size_t> dilation,
                     conv_padding p, const std::string& who_);

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

/// y += bias on the last axis, then the activation.
void conv_finish(const TensorView& y, std::size_t channels, const float* bias, scion::activation_id a);

extern template conv_dims<1> conv_read_dims<1>(const json&, std::string_view, std::optional<conv_dims<1>>,
                                               std::string_view, bool);
extern template conv_dims<2> conv_read_dims<2>(const json&, std::string_view, std::optional<conv_dims<2>>,
                                               std::string_view, bool);

} // namespace detail

} // namespace scion::layers
