// src/layers/pooling.cpp — the pooling layers' engine code: config readers, pooling math, configs.
#include <scion/layers/pooling.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace scion::layers {

pool_padding pool_padding_from_string(const std::string& s, std::string_view who) {
    const std::string p = detail::spatial::lower(s);
    if (p == "valid") return pool_padding::valid;
    if (p == "same") return pool_padding::same;
    throw config_error(std::string(who) + ": unsupported padding '" + s +
                       "' (field 'padding': pooling takes \"valid\" or \"same\")");
}

namespace detail::spatial {

std::string lower(std::string value) {
    for (char& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return value;
}

void check_data_format(const std::string& format, std::string_view who) {
    if (format == "channels_last" || format == "channelsLast") return;
    throw config_error(std::string(who) + ": unsupported data_format '" + format +
                       "' (field 'data_format': scion computes channels_last only)");
}

void read_data_format(const json& j, std::string_view who) {
    const auto it = j.find("data_format");
    if (it == j.end() || it->is_null()) return;
    if (!it->is_string())
        throw config_error(std::string(who) + ": field 'data_format' must be a string, got " + it->dump());
    check_data_format(it->get<std::string>(), who);
}

std::size_t to_size(const json& v, std::string_view field, std::string_view who) {
    if (v.is_number_unsigned()) return v.get<std::size_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::size_t>(v.get<std::int64_t>());
    throw config_error(std::string(who) + ": field '" + std::string(field) +
                       "' must hold non-negative integers, got " + v.dump());
}

std::array<std::array<std::size_t, 2>, 2> read_sides(const json& j, std::string_view field, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end()) throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    const auto bad = [&] {
        return config_error(std::string(who) + ": field '" + std::string(field) +
                            "' must be an integer, [rows, cols] or [[top, bottom], [left, right]], got " +
                            it->dump());
    };
    if (it->is_number()) {
        const std::size_t v = to_size(*it, field, who);
        return {{{v, v}, {v, v}}};
    }
    if (!it->is_array() || it->size() != 2) throw bad();
    std::array<std::array<std::size_t, 2>, 2> r{};
    for (std::size_t a = 0; a < 2; ++a) {
        const json& e = (*it)[a];
        if (e.is_number()) {
            r[a][0] = r[a][1] = to_size(e, field, who);
        } else if (e.is_array() && e.size() == 2) {
            r[a][0] = to_size(e[0], field, who);
            r[a][1] = to_size(e[1], field, who);
        } else {
            throw bad();
        }
    }
    return r;
}

pool_padding read_padding(const json& j, std::string_view who) {
    return pool_padding_from_string(scion::detail::get_field_or<std::string>(j, "padding", "valid", who), who);
}

namespace {

/// One output pixel: yo[k] = the maximum (or the sum divided by the count) of channel k over the
/// window's rows [r0, r1) and columns [c0, c1). Channels go 16 at a time, each block's running
/// values held in registers (Eigen's fixed-size arrays: compilers do not vectorise std::max over
/// a plain array) over the whole window. The operations are the plain loop's, in its order (from
/// -infinity or zero, row by row; Eigen's max keeps std::max's answer when a value is NaN), so
/// are the results.
template <bool Max>
void pool_window(const float* xb, std::size_t cols, std::size_t ch, std::size_t r0, std::size_t r1, std::size_t c0,
                 std::size_t c1, float* yo) {
    constexpr Eigen::Index block = 16;
    using Block = Eigen::Array<float, block, 1>;
    constexpr float start = Max ? -std::numeric_limits<float>::infinity() : 0.0f;
    const auto count = static_cast<float>((r1 - r0) * (c1 - c0));
    std::size_t k0 = 0;
    for (; k0 + block <= ch; k0 += block) {
        Block acc = Block::Constant(start);
        for (std::size_t r = r0; r < r1; ++r)
            for (std::size_t c = c0; c < c1; ++c) {
                const Eigen::Map<const Block> xi(xb + (r * cols + c) * ch + k0);
                if constexpr (Max) acc = acc.max(xi);
                else acc += xi;
            }
        if constexpr (Max) Eigen::Map<Block>(yo + k0) = acc;
        else Eigen::Map<Block>(yo + k0) = acc / count;
    }
    for (std::size_t k = k0; k < ch; ++k) {
        float acc = start;
        for (std::size_t r = r0; r < r1; ++r)
            for (std::size_t c = c0; c < c1; ++c) {
                const float v = xb[(r * cols + c) * ch + k];
                acc = Max ? std::max(acc, v) : acc + v;
            }
        yo[k] = Max ? acc : acc / count;
    }
}

template <bool Max>
void pool2d_impl(const float* x, float* y, std::size_t batch, std::array<std::size_t, 3> in,
                 std::array<std::size_t, 2> out, std::array<std::size_t, 2> pool, std::array<std::size_t, 2> stride,
                 pool_padding p) {
    const std::size_t rows = in[0], cols = in[1], ch = in[2];
    const std::size_t top = pad_before(rows, out[0], pool[0], stride[0], p);
    const std::size_t left = pad_before(cols, out[1], pool[1], stride[1], p);
    for (std::size_t b = 0; b < batch; ++b) {
        const float* xb = x + b * rows * cols * ch;
        for (std::size_t oy = 0; oy < out[0]; ++oy) {
            // The window's rows [r0, r1) clipped to the input (with "same", r0 may start in the padding).
            const std::size_t start_r = oy * stride[0];
            const std::size_t r0 = start_r > top ? start_r - top : 0;
            const std::size_t r1 = std::min(rows, start_r + pool[0] - top);
            for (std::size_t ox = 0; ox < out[1]; ++ox) {
                const std::size_t start_c = ox * stride[1];
                const std::size_t c0 = start_c > left ? start_c - left : 0;
                const std::size_t c1 = std::min(cols, start_c + pool[1] - left);
                pool_window<Max>(xb, cols, ch, r0, r1, c0, c1, y + ((b * out[0] + oy) * out[1] + ox) * ch);
            }
        }
    }
}

} // namespace

void pool2d(const float* x, float* y, std::size_t batch, std::array<std::size_t, 3> in, std::array<std::size_t, 2> out,
            std::array<std::size_t, 2> pool, std::array<std::size_t, 2> stride, pool_padding p, bool max) {
    if (max) pool2d_impl<true>(x, y, batch, in, out, pool, stride, p);
    else pool2d_impl<false>(x, y, batch, in, out, pool, stride, p);
}

} // namespace detail::spatial

// ---- pooling_layer ----------------------------------------------------------------------------------

template <class Derived, std::size_t Rank>
pooling_layer<Derived, Rank>::pooling_layer(config_type cfg) : base(std::move(cfg)) {
    for (std::size_t i = 0; i < Rank; ++i) {
        if (this->cfg_.pool_size[i] == 0)
            throw config_error(this->who() + ": pool_size must be positive (field 'pool_size')");
        if (this->cfg_.strides[i] == 0)
            throw config_error(this->who() + ": strides must be positive (field 'strides')");
    }
}

template <class Derived, std::size_t Rank>
Shape pooling_layer<Derived, Rank>::compute_output_shape(const Shape& in) const {
    const auto& c = this->cfg_;
    const shape_result r = pooling_output_shape<Rank>(in, c.pool_size, c.strides, c.padding);
    if (!r.ok() && r.errc == shape_errc::zero_dimension && r.expected > 1)
        throw shape_error(this->who() + ": cannot be applied to input shape " + in.to_batch_string() +
                          ": pool_size " + std::to_string(r.expected) + " is larger than the axis (" +
                          std::to_string(r.actual) + ") and padding is \"valid\"");
    return check_shape(r, this->who(), in);
}

template <class Derived, std::size_t Rank>
void pooling_layer<Derived, Rank>::forward(const ConstTensorView& x, const TensorView& y, std::span<float>,
                                           const call_context&) const {
    const Shape& in = this->input_shape_;
    const Shape& out = this->output_shape_;
    const std::size_t batch = x.shape[0];
    const auto& c = this->cfg_;
    if constexpr (Rank == 1)
        detail::spatial::pool2d(x.data, y.data, batch, {in[0], 1, in[1]}, {out[0], 1}, {c.pool_size[0], 1},
                                {c.strides[0], 1}, c.padding, Derived::is_max);
    else
        detail::spatial::pool2d(x.data, y.data, batch, {in[0], in[1], in[2]}, {out[0], out[1]}, c.pool_size,
                                c.strides, c.padding, Derived::is_max);
}

template <class Derived, std::size_t Rank>
json pooling_layer<Derived, Rank>::get_config() const {
    json j = detail::write_base(this->cfg_);
    j["pool_size"] = this->cfg_.pool_size;
    j["padding"] = std::string(to_string(this->cfg_.padding));
    j["strides"] = this->cfg_.strides;
    if constexpr (Rank == 2) j["data_format"] = "channels_last";
    return j;
}

template <class Derived, std::size_t Rank>
typename pooling_layer<Derived, Rank>::config_type pooling_layer<Derived, Rank>::config_from_json(const json& j) {
    const std::string w = std::string(Derived::class_name) + " config";
    config_type c;
    detail::read_base(c, j, w);
    if (const auto it = j.find("pool_size"); it != j.end() && !it->is_null())
        c.pool_size = detail::spatial::read_ints<Rank>(j, "pool_size", w);
    c.strides = c.pool_size;
    if (const auto it = j.find("strides"); it != j.end() && !it->is_null())
        c.strides = detail::spatial::read_ints<Rank>(j, "strides", w);
    c.padding = detail::spatial::read_padding(j, w);
    detail::spatial::read_data_format(j, w);
    return c;
}

// ---- global_pooling_layer ---------------------------------------------------------------------------

template <class Derived, std::size_t Rank>
Shape global_pooling_layer<Derived, Rank>::compute_output_shape(const Shape& in) const {
    return check_shape(global_pooling_output_shape<Rank>(in, this->cfg_.keepdims), this->who(), in);
}

template <class Derived, std::size_t Rank>
void global_pooling_layer<Derived, Rank>::forward(const ConstTensorView& x, const TensorView& y, std::span<float>,
                                                  const call_context&) const {
    const std::size_t batch = x.shape[0];
    const std::size_t ch = this->input_shape_.back();
    const std::size_t cells = this->input_shape_.elements() / ch;
    for (std::size_t b = 0; b < batch; ++b) {
        const float* xb = x.data + b * cells * ch;
        float* yb = y.data + b * ch;
        if constexpr (Derived::is_max) {
            std::copy(xb, xb + ch, yb);
            for (std::size_t s = 1; s < cells; ++s)
                for (std::size_t k = 0; k < ch; ++k) yb[k] = std::max(yb[k], xb[s * ch + k]);
        } else {
            std::fill(yb, yb + ch, 0.0f);
            for (std::size_t s = 0; s < cells; ++s)
                for (std::size_t k = 0; k < ch; ++k) yb[k] += xb[s * ch + k];
            const auto n = static_cast<float>(cells);
            for (std::size_t k = 0; k < ch; ++k) yb[k] /= n;
        }
    }
}

template <class Derived, std::size_t Rank>
json global_pooling_layer<Derived, Rank>::get_config() const {
    json j = detail::write_base(this->cfg_);
    if constexpr (Rank == 2) j["data_format"] = "channels_last";
    if (this->cfg_.keepdims) j["keepdims"] = true;
    return j;
}

template <class Derived, std::size_t Rank>
global_pooling_config global_pooling_layer<Derived, Rank>::config_from_json(const json& j) {
    const std::string w = std::string(Derived::class_name) + " config";
    config_type c;
    detail::read_base(c, j, w);
    c.keepdims = scion::detail::get_field_or<bool>(j, "keepdims", false, w);
    detail::spatial::read_data_format(j, w);
    return c;
}

template class pooling_layer<MaxPooling1D, 1>;
template class pooling_layer<AveragePooling1D, 1>;
template class pooling_layer<MaxPooling2D, 2>;
template class pooling_layer<AveragePooling2D, 2>;
template class global_pooling_layer<GlobalAveragePooling1D, 1>;
template class global_pooling_layer<GlobalMaxPooling1D, 1>;
template class global_pooling_layer<GlobalAveragePooling2D, 2>;
template class global_pooling_layer<GlobalMaxPooling2D, 2>;

} // namespace scion::layers
