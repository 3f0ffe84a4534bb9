// scion/layers/reshaping.hpp — ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute:
// the engine's layers that move values without weights (channels_last).
#pragma once

#include <scion/layers/layer_base.hpp>
#include <scion/layers/pooling.hpp>  // the spatial config readers (detail::spatial)

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

/// Rows and columns to add or remove on each side: {{top, bottom}, {left, right}} (Keras's
/// `((top, bottom), (left, right))`).
using sides2d = std::array<std::array<std::size_t, 2>, 2>;

/// ZeroPadding2D's shape rule: (rows, cols, channels) grows by the padding.
[[nodiscard]] constexpr shape_result zero_padding2d_output_shape(const Shape& in, const sides2d& p) noexcept {
    if (in.rank() != 3) return shape_result::fail(shape_errc::rank_mismatch, 3, in.rank());
    if (in[0] == 0 || in[1] == 0 || in[2] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return {Shape{in[0] + p[0][0] + p[0][1], in[1] + p[1][0] + p[1][1], in[2]}};
}

/// Cropping2D's shape rule: (rows, cols, channels) shrinks by the cropping, which must leave at
/// least one row and one column.
[[nodiscard]] constexpr shape_result cropping2d_output_shape(const Shape& in, const sides2d& c) noexcept {
    if (in.rank() != 3) return shape_result::fail(shape_errc::rank_mismatch, 3, in.rank());
    if (in[2] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    for (std::size_t a = 0; a < 2; ++a)
        if (in[a] <= c[a][0] + c[a][1]) return shape_result::fail(shape_errc::zero_dimension, c[a][0] + c[a][1] + 1, in[a]);
    return {Shape{in[0] - c[0][0] - c[0][1], in[1] - c[1][0] - c[1][1], in[2]}};
}

/// UpSampling2D's shape rule: rows and columns are multiplied by `size`.
[[nodiscard]] constexpr shape_result upsampling2d_output_shape(const Shape& in,
                                                               const std::array<std::size_t, 2>& size) noexcept {
    if (in.rank() != 3) return shape_result::fail(shape_errc::rank_mismatch, 3, in.rank());
    if (in[0] == 0 || in[1] == 0 || in[2] == 0 || size[0] == 0 || size[1] == 0)
        return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return {Shape{in[0] * size[0], in[1] * size[1], in[2]}};
}

/// RepeatVector's shape rule: (features) becomes (n, features).
[[nodiscard]] constexpr shape_result repeat_vector_output_shape(const Shape& in, std::size_t n) noexcept {
    if (in.rank() != 1) return shape_result::fail(shape_errc::rank_mismatch, 1, in.rank());
    if (n == 0 || in[0] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return {Shape{n, in[0]}};
}

/// Whether `dims` (1-based, as Keras) is a permutation of 1..size.
[[nodiscard]] constexpr bool is_permutation_1based(const std::size_t* dims, std::size_t size) noexcept {
    if (size == 0 || size >= max_rank) return false;
    std::array<bool, max_rank> seen{};
    for (std::size_t i = 0; i < size; ++i) {
        if (dims[i] < 1 || dims[i] > size || seen[dims[i] - 1]) return false;
        seen[dims[i] - 1] = true;
    }
    return true;
}

/// Permute's shape rule: output axis i is input axis dims[i] (1-based; the batch axis stays).
[[nodiscard]] constexpr shape_result permute_output_shape(const Shape& in, const std::size_t* dims,
                                                          std::size_t size) noexcept {
    if (in.rank() != size) return shape_result::fail(shape_errc::rank_mismatch, size, in.rank());
    Shape out;
    for (std::size_t i = 0; i < size; ++i) {
        if (dims[i] < 1 || dims[i] > size) return shape_result::fail(shape_errc::bad_axis, size + 1, dims[i]);
        out.push_back(in[dims[i] - 1]);
    }
    return {out};
}

namespace detail::spatial {
json sides_to_json(const sides2d& s);
} // namespace detail::spatial

/// The config of `ZeroPadding2D`.
struct zero_padding2d_config : base_config {
    sides2d padding{{{1, 1}, {1, 1}}};  ///< {{top, bottom}, {left, right}}
};

/// Keras `ZeroPadding2D` (channels_last): rows and columns of zeros around each image.
class ZeroPadding2D : public basic_layer<ZeroPadding2D, zero_padding2d_config> {
public:
    static constexpr std::string_view class_name = "ZeroPadding2D";
    static constexpr std::string_view default_name = "zero_padding2d";
    explicit ZeroPadding2D(config_type cfg) : basic_layer(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    /// `padding`: an integer, [rows, cols] or [[top, bottom], [left, right]] (default 1).
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static ZeroPadding2D from_config(const json& j) { return ZeroPadding2D(config_from_json(j)); }
};

/// The config of `Cropping2D`.
struct cropping2d_config : base_config {
    sides2d cropping{};  ///< {{top, bottom}, {left, right}}
};

/// Keras `Cropping2D` (channels_last): rows and columns removed at each side of each image.
class Cropping2D : public basic_layer<Cropping2D, cropping2d_config> {
public:
    static constexpr std::string_view class_name = "Cropping2D";
    static constexpr std::string_view default_name = "cropping2d";
    explicit Cropping2D(config_type cfg) : basic_layer(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    /// `cropping`: an integer, [rows, cols] or [[top, bottom], [left, right]] (default 0).
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Cropping2D from_config(const json& j) { return Cropping2D(config_from_json(j)); }
};

/// How UpSampling2D fills the new cells.
enum class upsampling_interpolation : unsigned char {
    nearest,   ///< each value repeated (Keras and TF.js agree)
    bilinear,  ///< TF.js's resizeBilinear (align_corners and half_pixel_centers false)
};

/// "nearest" or "bilinear".
[[nodiscard]] constexpr std::string_view to_string(upsampling_interpolation i) noexcept {
    return i == upsampling_interpolation::bilinear ? "bilinear" : "nearest";
}

/// The config of `UpSampling2D`.
struct upsampling2d_config : base_config {
    std::array<std::size_t, 2> size{2, 2};  ///< (rows, cols) factors
    upsampling_interpolation interpolation = upsampling_interpolation::nearest;
};

/// Keras `UpSampling2D` (channels_last): rows and columns multiplied by `size`, by repetition
/// ("nearest") or by TF.js's bilinear interpolation ("bilinear": output cell (r, c) reads input
/// position (r / size_r, c / size_c), interpolated between its neighbours — TF.js's
/// resizeBilinear without half-pixel centres; Keras 2/3 use half-pixel centres and differ from
/// TF.js at the edges).
class UpSampling2D : public basic_layer<UpSampling2D, upsampling2d_config> {
public:
    static constexpr std::string_view class_name = "UpSampling2D";
    static constexpr std::string_view default_name = "up_sampling2d";
    explicit UpSampling2D(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    /// `size`: an integer or [rows, cols] (default 2); `interpolation`: "nearest" or "bilinear"
    /// (Keras's "bicubic", "area", ... throw config_error naming the field).
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static UpSampling2D from_config(const json& j) { return UpSampling2D(config_from_json(j)); }

    /// "nearest" or "bilinear"; anything else throws config_error naming `who` and the field.
    [[nodiscard]] static upsampling_interpolation interpolation_from_string(const std::string& s,
                                                                           std::string_view who_);
};

/// The config of `RepeatVector`.
struct repeat_vector_config : base_config {
    std::size_t n = 0;  ///< how many times the input is repeated
};

/// Keras `RepeatVector`: (features) becomes (n, features), n copies of the input.
class RepeatVector : public basic_layer<RepeatVector, repeat_vector_config> {
public:
    static constexpr std::string_view class_name = "RepeatVector";
    static constexpr std::string_view default_name = "repeat_vector";
    explicit RepeatVector(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static RepeatVector from_config(const json& j) { return RepeatVector(config_from_json(j)); }
};

/// The config of `Permute`.
struct permute_config : base_config {
    std::vector<std::size_t> dims;  ///< 1-based, a permutation of 1..rank (the batch axis stays)
};

/// Keras `Permute`: the per-sample axes reordered; output axis i is input axis dims[i]
/// (1-based: `dims = {2, 1}` swaps the two axes of a (steps, features) input).
class Permute : public basic_layer<Permute, permute_config> {
public:
    static constexpr std::string_view class_name = "Permute";
    static constexpr std::string_view default_name = "permute";
    explicit Permute(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;
    /// y[b, i_1, ..., i_n] = x[b, j_1, ..., j_n] with j_{dims[k]} = i_k.
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Permute from_config(const json& j) { return Permute(config_from_json(j)); }
};

} // namespace scion::layers
