// src/layers/reshaping.cpp — ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute: engine code.
#include <scion/layers/reshaping.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

namespace detail::spatial {
json sides_to_json(const sides2d& s) { return json::array({{s[0][0], s[0][1]}, {s[1][0], s[1][1]}}); }
} // namespace detail::spatial

// ---- ZeroPadding2D -----------------------------------------------------------------------------

Shape ZeroPadding2D::compute_output_shape(const Shape& in) const {
    return check_shape(zero_padding2d_output_shape(in, cfg_.padding), who(), in);
}

void ZeroPadding2D::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
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

json ZeroPadding2D::get_config() const {
    json j = detail::write_base(cfg_);
    j["padding"] = detail::spatial::sides_to_json(cfg_.padding);
    j["data_format"] = "channels_last";
    return j;
}

ZeroPadding2D::config_type ZeroPadding2D::config_from_json(const json& j) {
    const std::string w = "ZeroPadding2D config";
    config_type c;
    detail::read_base(c, j, w);
    if (const auto it = j.find("padding"); it != j.end() && !it->is_null())
        c.padding = detail::spatial::read_sides(j, "padding", w);
    detail::spatial::read_data_format(j, w);
    return c;
}

// ---- Cropping2D --------------------------------------------------------------------------------

Shape Cropping2D::compute_output_shape(const Shape& in) const {
    const shape_result r = cropping2d_output_shape(in, cfg_.cropping);
    if (!r.ok() && r.errc == shape_errc::zero_dimension && r.expected > 1)
        throw shape_error(who() + ": cannot be applied to input shape " + in.to_batch_string() + ": cropping " +
                          std::to_string(r.expected - 1) + " of an axis of " + std::to_string(r.actual) +
                          " leaves nothing");
    return check_shape(r, who(), in);
}

void Cropping2D::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const std::size_t batch = x.shape[0], rows = input_shape_[0], cols = input_shape_[1], ch = input_shape_[2];
    const std::size_t out_rows = output_shape_[0], out_cols = output_shape_[1];
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t r = 0; r < out_rows; ++r) {
            const float* src = x.data + ((b * rows + r + cfg_.cropping[0][0]) * cols + cfg_.cropping[1][0]) * ch;
            std::copy(src, src + out_cols * ch, y.data + (b * out_rows + r) * out_cols * ch);
        }
}

json Cropping2D::get_config() const {
    json j = detail::write_base(cfg_);
    j["cropping"] = detail::spatial::sides_to_json(cfg_.cropping);
    j["data_format"] = "channels_last";
    return j;
}

Cropping2D::config_type Cropping2D::config_from_json(const json& j) {
    const std::string w = "Cropping2D config";
    config_type c;
    detail::read_base(c, j, w);
    if (const auto it = j.find("cropping"); it != j.end() && !it->is_null())
        c.cropping = detail::spatial::read_sides(j, "cropping", w);
    detail::spatial::read_data_format(j, w);
    return c;
}

// ---- UpSampling2D ------------------------------------------------------------------------------

UpSampling2D::UpSampling2D(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.size[0] == 0 || cfg_.size[1] == 0) throw config_error(who() + ": size must be positive (field 'size')");
}

Shape UpSampling2D::compute_output_shape(const Shape& in) const {
    return check_shape(upsampling2d_output_shape(in, cfg_.size), who(), in);
}

void UpSampling2D::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
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

json UpSampling2D::get_config() const {
    json j = detail::write_base(cfg_);
    j["size"] = cfg_.size;
    j["data_format"] = "channels_last";
    j["interpolation"] = std::string(to_string(cfg_.interpolation));
    return j;
}

UpSampling2D::config_type UpSampling2D::config_from_json(const json& j) {
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

upsampling_interpolation UpSampling2D::interpolation_from_string(const std::string& s, std::string_view who_) {
    if (s == "nearest") return upsampling_interpolation::nearest;
    if (s == "bilinear") return upsampling_interpolation::bilinear;
    throw config_error(std::string(who_) + ": unsupported interpolation '" + s +
                       "' (field 'interpolation': scion implements \"nearest\" and \"bilinear\", as TF.js)");
}

// ---- RepeatVector ------------------------------------------------------------------------------

RepeatVector::RepeatVector(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.n == 0) throw config_error(who() + ": n must be positive (field 'n')");
}

Shape RepeatVector::compute_output_shape(const Shape& in) const {
    return check_shape(repeat_vector_output_shape(in, cfg_.n), who(), in);
}

void RepeatVector::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const std::size_t batch = x.shape[0], f = input_shape_[0];
    for (std::size_t b = 0; b < batch; ++b)
        for (std::size_t i = 0; i < cfg_.n; ++i)
            std::copy(x.data + b * f, x.data + (b + 1) * f, y.data + (b * cfg_.n + i) * f);
}

json RepeatVector::get_config() const {
    json j = detail::write_base(cfg_);
    j["n"] = cfg_.n;
    return j;
}

RepeatVector::config_type RepeatVector::config_from_json(const json& j) {
    const std::string w = "RepeatVector config";
    config_type c;
    detail::read_base(c, j, w);
    c.n = scion::detail::get_field<std::size_t>(j, "n", w);
    return c;
}

// ---- Permute -----------------------------------------------------------------------------------

Permute::Permute(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!is_permutation_1based(cfg_.dims.data(), cfg_.dims.size())) {
        std::string d;
        for (std::size_t v : cfg_.dims) d += (d.empty() ? "" : ", ") + std::to_string(v);
        throw config_error(who() + ": dims must be a permutation of 1.." + std::to_string(cfg_.dims.size()) +
                           " with at most " + std::to_string(max_rank - 1) + " axes (field 'dims'), got [" + d +
                           "]");
    }
}

Shape Permute::compute_output_shape(const Shape& in) const {
    return check_shape(permute_output_shape(in, cfg_.dims.data(), cfg_.dims.size()), who(), in);
}

void Permute::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
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

json Permute::get_config() const {
    json j = detail::write_base(cfg_);
    j["dims"] = cfg_.dims;
    return j;
}

Permute::config_type Permute::config_from_json(const json& j) {
    const std::string w = "Permute config";
    config_type c;
    detail::read_base(c, j, w);
    const auto it = j.find("dims");
    if (it == j.end()) throw config_error(w + ": config has no field 'dims'");
    if (!it->is_array()) throw config_error(w + ": field 'dims' must be a list of integers, got " + it->dump());
    for (const auto& v : *it) c.dims.push_back(detail::spatial::to_size(v, "dims", w));
    return c;
}

} // namespace scion::layers
