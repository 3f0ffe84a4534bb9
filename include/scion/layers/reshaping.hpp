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
inline json sides_to_json(const sides2d& s) { return json::array({{s[0][0], s[0][1]}, {s[1][0], s[1][1]}}); }
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

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(zero_padding2d_output_shape(in, cfg_.padding), who(), in);
    }
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const std::size_t batch = x.shape[0], rows = input_shape_[0], cols = input_shape_[1], ch = input_shape_[2];
        const std::size_t out_cols = output_shape_[1];
        std::fill(y.data, y.data + y.size(), 0.0f);
        for (std::size_t b = 0; b < batch; ++b)
            for (std::size_t r = 0; r < rows; ++r) {
                const float* src = x.data + ((b * rows + r) * cols) * ch;
                float* dst = y.data + ((b * output_shape_[0] + r + cfg_.padding[0][0]) * out_cols + cfg_.padding[1][0]) * ch;
                std::copy(src, src + cols * ch, dst);
            }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["padding"] = detail::spatial::sides_to_json(cfg_.padding);
        j["data_format"] = "channels_last";
        return j;
    }
    /// `padding`: an integer, [rows, cols] or [[top, bottom], [left, right]] (default 1).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "ZeroPadding2D config";
        config_type c;
        detail::read_base(c, j, w);
        if (const auto it = j.find("padding"); it != j.end() && !it->is_null())
            c.padding = detail::spatial::read_sides(j, "padding", w);
        detail::spatial::read_data_format(j, w);
        return c;
    }
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

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        const shape_result r = cropping2d_output_shape(in, cfg_.cropping);
        if (!r.ok() && r.errc == shape_errc::zero_dimension && r.expected > 1)
            throw shape_error(who() + ": cannot be applied to input shape " + in.to_batch_string() + ": cropping " +
                              std::to_string(r.expected - 1) + " of an axis of " + std::to_string(r.actual) +
                              " leaves nothing");
        return check_shape(r, who(), in);
    }
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const std::size_t batch = x.shape[0], rows = input_shape_[0], cols = input_shape_[1], ch = input_shape_[2];
        const std::size_t out_rows = output_shape_[0], out_cols = output_shape_[1];
        for (std::size_t b = 0; b < batch; ++b)
            for (std::size_t r = 0; r < out_rows; ++r) {
                const float* src = x.data + ((b * rows + r + cfg_.cropping[0][0]) * cols + cfg_.cropping[1][0]) * ch;
                std::copy(src, src + out_cols * ch, y.data + (b * out_rows + r) * out_cols * ch);
            }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["cropping"] = detail::spatial::sides_to_json(cfg_.cropping);
        j["data_format"] = "channels_last";
        return j;
    }
    /// `cropping`: an integer, [rows, cols] or [[top, bottom], [left, right]] (default 0).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Cropping2D config";
        config_type c;
        detail::read_base(c, j, w);
        if (const auto it = j.find("cropping"); it != j.end() && !it->is_null())
            c.cropping = detail::spatial::read_sides(j, "cropping", w);
        detail::spatial::read_data_format(j, w);
        return c;
    }
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
    explicit UpSampling2D(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.size[0] == 0 || cfg_.size[1] == 0) throw config_error(who() + ": size must be positive (field 'size')");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(upsampling2d_output_shape(in, cfg_.size), who(), in);
    }
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const std::size_t batch = x.shape[0], rows = input_shape_[0], cols = input_shape_[1], ch = input_shape_[2];
        const std::size_t out_rows = output_shape_[0], out_cols = output_shape_[1];
        if (cfg_.interpolation == upsampling_interpolation::nearest) {
            for (std::size_t b = 0; b < batch; ++b)
                for (std::size_t r = 0; r < out_rows; ++r) {
                    const float* src_row = x.data + (b * rows + r / cfg_.size[0]) * cols * ch;
                    float* dst = y.data + (b * out_rows + r) * out_cols * ch;
                    for (std::size_t c = 0; c < out_cols; ++c, dst += ch) {
                        const float* src = src_row + (c / cfg_.size[1]) * ch;
                        std::copy(src, src + ch, dst);
                    }
                }
            return;
        }
        // TF.js resizeBilinear, computed in double as JavaScript does, rounded once to float.
        const double row_ratio = static_cast<double>(rows) / static_cast<double>(out_rows);
        const double col_ratio = static_cast<double>(cols) / static_cast<double>(out_cols);
        for (std::size_t b = 0; b < batch; ++b)
            for (std::size_t r = 0; r < out_rows; ++r) {
                const double fr = row_ratio * static_cast<double>(r);
                const auto r0 = static_cast<std::size_t>(std::floor(fr));
                const std::size_t r1 = std::min(rows - 1, static_cast<std::size_t>(std::ceil(fr)));
                const double dr = fr - static_cast<double>(r0);
                const float* top = x.data + (b * rows + r0) * cols * ch;
                const float* bottom = x.data + (b * rows + r1) * cols * ch;
                float* dst = y.data + (b * out_rows + r) * out_cols * ch;
                for (std::size_t c = 0; c < out_cols; ++c, dst += ch) {
                    const double fc = col_ratio * static_cast<double>(c);
                    const auto c0 = static_cast<std::size_t>(std::floor(fc));
                    const std::size_t c1 = std::min(cols - 1, static_cast<std::size_t>(std::ceil(fc)));
                    const double dc = fc - static_cast<double>(c0);
                    for (std::size_t k = 0; k < ch; ++k) {
                        const double tl = top[c0 * ch + k], tr = top[c1 * ch + k];
                        const double bl = bottom[c0 * ch + k], br = bottom[c1 * ch + k];
                        const double t = tl + (tr - tl) * dc;
                        const double u = bl + (br - bl) * dc;
                        dst[k] = static_cast<float>(t + (u - t) * dr);
                    }
                }
            }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["size"] = cfg_.size;
        j["data_format"] = "channels_last";
        j["interpolation"] = std::string(to_string(cfg_.interpolation));
        return j;
    }
    /// `size`: an integer or [rows, cols] (default 2); `interpolation`: "nearest" or "bilinear"
    /// (Keras's "bicubic", "area", ... throw config_error naming the field).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "UpSampling2D config";
        config_type c;
        detail::read_base(c, j, w);
        if (const auto it = j.find("size"); it != j.end() && !it->is_null())
            c.size = detail::spatial::read_ints<2>(j, "size", w);
        c.interpolation = interpolation_from_string(
            scion::detail::get_field_or<std::string>(j, "interpolation", "nearest", w), w);
        detail::spatial::read_data_format(j, w);
        return c;
    }
    [[nodiscard]] static UpSampling2D from_config(const json& j) { return UpSampling2D(config_from_json(j)); }

    /// "nearest" or "bilinear"; anything else throws config_error naming `who` and the field.
    [[nodiscard]] static upsampling_interpolation interpolation_from_string(const std::string& s,
                                                                           std::string_view who_) {
        if (s == "nearest") return upsampling_interpolation::nearest;
        if (s == "bilinear") return upsampling_interpolation::bilinear;
        throw config_error(std::string(who_) + ": unsupported interpolation '" + s +
                           "' (field 'interpolation': scion implements \"nearest\" and \"bilinear\", as TF.js)");
    }
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
    explicit RepeatVector(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.n == 0) throw config_error(who() + ": n must be positive (field 'n')");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(repeat_vector_output_shape(in, cfg_.n), who(), in);
    }
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const std::size_t batch = x.shape[0], f = input_shape_[0];
        for (std::size_t b = 0; b < batch; ++b)
            for (std::size_t i = 0; i < cfg_.n; ++i)
                std::copy(x.data + b * f, x.data + (b + 1) * f, y.data + (b * cfg_.n + i) * f);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["n"] = cfg_.n;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "RepeatVector config";
        config_type c;
        detail::read_base(c, j, w);
        c.n = scion::detail::get_field<std::size_t>(j, "n", w);
        return c;
    }
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
    explicit Permute(config_type cfg) : basic_layer(std::move(cfg)) {
        if (!is_permutation_1based(cfg_.dims.data(), cfg_.dims.size())) {
            std::string d;
            for (std::size_t v : cfg_.dims) d += (d.empty() ? "" : ", ") + std::to_string(v);
            throw config_error(who() + ": dims must be a permutation of 1.." + std::to_string(cfg_.dims.size()) +
                               " with at most " + std::to_string(max_rank - 1) + " axes (field 'dims'), got [" + d +
                               "]");
        }
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(permute_output_shape(in, cfg_.dims.data(), cfg_.dims.size()), who(), in);
    }
    /// y[b, i_1, ..., i_n] = x[b, j_1, ..., j_n] with j_{dims[k]} = i_k.
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const std::size_t rank = cfg_.dims.size();
        const std::size_t per = input_shape_.elements();
        // The input stride of each output axis.
        std::array<std::size_t, max_rank> in_stride{}, stride_of_out{};
        std::size_t s = 1;
        for (std::size_t a = rank; a-- > 0;) {
            in_stride[a] = s;
            s *= input_shape_[a];
        }
        for (std::size_t i = 0; i < rank; ++i) stride_of_out[i] = in_stride[cfg_.dims[i] - 1];
        const std::size_t batch = x.shape[0];
        for (std::size_t b = 0; b < batch; ++b) {
            const float* xb = x.data + b * per;
            float* yb = y.data + b * per;
            std::array<std::size_t, max_rank> idx{};
            std::size_t src = 0;
            for (std::size_t o = 0; o < per; ++o) {
                yb[o] = xb[src];
                // Next output index (row-major), keeping `src` in step.
                for (std::size_t a = rank; a-- > 0;) {
                    src += stride_of_out[a];
                    if (++idx[a] < output_shape_[a]) break;
                    src -= stride_of_out[a] * output_shape_[a];
                    idx[a] = 0;
                }
            }
        }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["dims"] = cfg_.dims;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Permute config";
        config_type c;
        detail::read_base(c, j, w);
        const auto it = j.find("dims");
        if (it == j.end()) throw config_error(w + ": config has no field 'dims'");
        if (!it->is_array()) throw config_error(w + ": field 'dims' must be a list of integers, got " + it->dump());
        for (const auto& v : *it) c.dims.push_back(detail::spatial::to_size(v, "dims", w));
        return c;
    }
    [[nodiscard]] static Permute from_config(const json& j) { return Permute(config_from_json(j)); }
};

} // namespace scion::layers
