// scion/layers/pooling.hpp — MaxPooling1D/2D, AveragePooling1D/2D, GlobalAveragePooling1D/2D,
// GlobalMaxPooling1D/2D: the engine's pooling layers (channels_last), and the config readers the
// spatial layers share (integer-or-list fields, data_format).
#pragma once

#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

/// How a pooling window treats the borders (Keras `padding`).
enum class pool_padding : unsigned char {
    valid,  ///< windows lie inside the input: output = floor((input - pool) / stride) + 1
    same,   ///< pad so that output = ceil(input / stride); padded cells are ignored
};

/// "valid" or "same".
[[nodiscard]] constexpr std::string_view to_string(pool_padding p) noexcept {
    return p == pool_padding::same ? "same" : "valid";
}

/// The output length of one pooled axis, 0 when the window does not fit (`valid` with
/// pool > input). Shared by the shape rules of both paths.
[[nodiscard]] constexpr std::size_t pooled_length(std::size_t in, std::size_t pool, std::size_t stride,
                                                  pool_padding p) noexcept {
    if (stride == 0 || pool == 0) return 0;
    if (p == pool_padding::same) return (in + stride - 1) / stride;
    return in >= pool ? (in - pool) / stride + 1 : 0;
}

/// Pooling's shape rule over `Rank` spatial axes (1: (steps, channels), 2: (rows, cols,
/// channels)): each spatial axis is pooled, channels are kept.
template <std::size_t Rank>
[[nodiscard]] constexpr shape_result pooling_output_shape(const Shape& in, const std::array<std::size_t, Rank>& pool,
                                                          const std::array<std::size_t, Rank>& strides,
                                                          pool_padding p) noexcept {
    if (in.rank() != Rank + 1) return shape_result::fail(shape_errc::rank_mismatch, Rank + 1, in.rank());
    Shape out;
    for (std::size_t i = 0; i < Rank; ++i) {
        if (in[i] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
        const std::size_t n = pooled_length(in[i], pool[i], strides[i], p);
        if (n == 0) return shape_result::fail(shape_errc::zero_dimension, pool[i], in[i]);
        out.push_back(n);
    }
    if (in.back() == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    out.push_back(in.back());
    return {out};
}

/// Global pooling's shape rule over `Rank` spatial axes: (..., channels) becomes (channels), or
/// (1, ..., 1, channels) with `keepdims`.
template <std::size_t Rank>
[[nodiscard]] constexpr shape_result global_pooling_output_shape(const Shape& in, bool keepdims) noexcept {
    if (in.rank() != Rank + 1) return shape_result::fail(shape_errc::rank_mismatch, Rank + 1, in.rank());
    for (std::size_t d : in)
        if (d == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    Shape out;
    if (keepdims)
        for (std::size_t i = 0; i < Rank; ++i) out.push_back(1);
    out.push_back(in.back());
    return {out};
}

namespace detail::spatial {
inline std::string lower(std::string value);
} // namespace detail::spatial

/// "valid" or "same" (any case, as Keras); anything else ("causal", ...) throws config_error
/// naming `who` and the field.
inline pool_padding pool_padding_from_string(const std::string& s, std::string_view who) {
    const std::string p = detail::spatial::lower(s);
    if (p == "valid") return pool_padding::valid;
    if (p == "same") return pool_padding::same;
    throw config_error(std::string(who) + ": unsupported padding '" + s +
                       "' (field 'padding': pooling takes \"valid\" or \"same\")");
}

namespace detail::spatial {

/// `value` lower-cased (Keras accepts "SAME" and "same").
inline std::string lower(std::string value) {
    for (char& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return value;
}

/// Throws config_error unless `format` is channels_last (TF.js writes it the same way once saved;
/// "channelsLast" is its constructor's spelling).
inline void check_data_format(const std::string& format, std::string_view who) {
    if (format == "channels_last" || format == "channelsLast") return;
    throw config_error(std::string(who) + ": unsupported data_format '" + format +
                       "' (field 'data_format': scion computes channels_last only)");
}

/// Reads `data_format` (absent or null: channels_last); anything but channels_last throws
/// config_error naming the layer and the field.
inline void read_data_format(const json& j, std::string_view who) {
    const auto it = j.find("data_format");
    if (it == j.end() || it->is_null()) return;
    if (!it->is_string())
        throw config_error(std::string(who) + ": field 'data_format' must be a string, got " + it->dump());
    check_data_format(it->get<std::string>(), who);
}

/// One non-negative integer of a JSON config field, or config_error naming the field.
inline std::size_t to_size(const json& v, std::string_view field, std::string_view who) {
    if (v.is_number_unsigned()) return v.get<std::size_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::size_t>(v.get<std::int64_t>());
    throw config_error(std::string(who) + ": field '" + std::string(field) +
                       "' must hold non-negative integers, got " + v.dump());
}

/// Reads an integer-or-list field (Keras's `pool_size=2` or `pool_size=(2, 3)`) as N values: an
/// integer is used for every axis. Throws config_error naming the field otherwise.
template <std::size_t N>
std::array<std::size_t, N> read_ints(const json& j, std::string_view field, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end()) throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    std::array<std::size_t, N> r{};
    if (it->is_number()) {
        r.fill(to_size(*it, field, who));
        return r;
    }
    if (!it->is_array() || it->size() != N)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be an integer or a list of " +
                           std::to_string(N) + " integers, got " + it->dump());
    for (std::size_t i = 0; i < N; ++i) r[i] = to_size((*it)[i], field, who);
    return r;
}

/// Reads a Keras 2D padding or cropping field: an integer (all four sides), a pair (symmetric
/// rows, symmetric columns) or a pair of pairs ((top, bottom), (left, right)).
inline std::array<std::array<std::size_t, 2>, 2> read_sides(const json& j, std::string_view field,
                                                            std::string_view who) {
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

/// Reads `padding` ("valid" or "same", any case); "causal" or anything else throws config_error.
inline pool_padding read_padding(const json& j, std::string_view who) {
    return pool_padding_from_string(scion::detail::get_field_or<std::string>(j, "padding", "valid", who), who);
}

/// The padding before the first cell of an axis (TensorFlow's rule for "same": the smaller half
/// of the total goes first).
[[nodiscard]] constexpr std::size_t pad_before(std::size_t in, std::size_t out, std::size_t pool,
                                               std::size_t stride, pool_padding p) noexcept {
    if (p == pool_padding::valid) return 0;
    const std::size_t need = (out - 1) * stride + pool;
    return need > in ? (need - in) / 2 : 0;
}

/// Max or average pooling of a (batch, rows, cols, channels) block into (batch, out_rows,
/// out_cols, channels); average divides by the number of cells inside the input (as TensorFlow,
/// padded cells are not counted).
inline void pool2d(const float* x, float* y, std::size_t batch, std::array<std::size_t, 3> in,
                   std::array<std::size_t, 2> out, std::array<std::size_t, 2> pool, std::array<std::size_t, 2> stride,
                   pool_padding p, bool max) {
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
                float* yo = y + ((b * out[0] + oy) * out[1] + ox) * ch;
                std::fill(yo, yo + ch, max ? -std::numeric_limits<float>::infinity() : 0.0f);
                for (std::size_t r = r0; r < r1; ++r)
                    for (std::size_t c = c0; c < c1; ++c) {
                        const float* xi = xb + (r * cols + c) * ch;
                        if (max)
                            for (std::size_t k = 0; k < ch; ++k) yo[k] = std::max(yo[k], xi[k]);
                        else
                            for (std::size_t k = 0; k < ch; ++k) yo[k] += xi[k];
                    }
                if (!max) {
                    const auto count = static_cast<float>((r1 - r0) * (c1 - c0));
                    for (std::size_t k = 0; k < ch; ++k) yo[k] /= count;
                }
            }
        }
    }
}

} // namespace detail::spatial

/// The config of the pooling layers over `Rank` spatial axes (Keras: the fields of their
/// `get_config()`; data_format is always channels_last).
template <std::size_t Rank>
struct pooling_config : base_config {
    std::array<std::size_t, Rank> pool_size = filled(2);
    std::array<std::size_t, Rank> strides = filled(2);  ///< Keras's default: pool_size
    pool_padding padding = pool_padding::valid;

private:
    static constexpr std::array<std::size_t, Rank> filled(std::size_t v) noexcept {
        std::array<std::size_t, Rank> a{};
        a.fill(v);
        return a;
    }
};

/// What MaxPooling1D/2D and AveragePooling1D/2D share: the config, the shape rule, the math and
/// the Keras config (TF.js writes `pool_size`, `padding`, `strides`, and `data_format` for 2D).
/// `Derived` gives `class_name`, `default_name` and `is_max`.
template <class Derived, std::size_t Rank>
class pooling_layer : public basic_layer<Derived, pooling_config<Rank>> {
    using base = basic_layer<Derived, pooling_config<Rank>>;

public:
    using config_type = pooling_config<Rank>;

    explicit pooling_layer(config_type cfg) : base(std::move(cfg)) {
        for (std::size_t i = 0; i < Rank; ++i) {
            if (this->cfg_.pool_size[i] == 0)
                throw config_error(this->who() + ": pool_size must be positive (field 'pool_size')");
            if (this->cfg_.strides[i] == 0)
                throw config_error(this->who() + ": strides must be positive (field 'strides')");
        }
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        const auto& c = this->cfg_;
        const shape_result r = pooling_output_shape<Rank>(in, c.pool_size, c.strides, c.padding);
        if (!r.ok() && r.errc == shape_errc::zero_dimension && r.expected > 1)
            throw shape_error(this->who() + ": cannot be applied to input shape " + in.to_batch_string() +
                              ": pool_size " + std::to_string(r.expected) + " is larger than the axis (" +
                              std::to_string(r.actual) + ") and padding is \"valid\"");
        return check_shape(r, this->who(), in);
    }

    /// y = the max or mean of each window; x is (batch, steps, channels) or (batch, rows, cols,
    /// channels).
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
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

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(this->cfg_);
        j["pool_size"] = this->cfg_.pool_size;
        j["padding"] = std::string(to_string(this->cfg_.padding));
        j["strides"] = this->cfg_.strides;
        if constexpr (Rank == 2) j["data_format"] = "channels_last";
        return j;
    }
    /// Reads TF.js's and Keras 2/3's forms: `pool_size` and `strides` as an integer or a list
    /// (`strides` null or absent: pool_size), `padding` "valid"/"same", `data_format` channels_last.
    [[nodiscard]] static config_type config_from_json(const json& j) {
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
    [[nodiscard]] static Derived from_config(const json& j) { return Derived(config_from_json(j)); }
};

/// Keras `MaxPooling1D`: the max of each window of `pool_size` steps, every `strides` steps.
class MaxPooling1D : public pooling_layer<MaxPooling1D, 1> {
public:
    static constexpr std::string_view class_name = "MaxPooling1D";
    static constexpr std::string_view default_name = "max_pooling1d";
    static constexpr bool is_max = true;
    explicit MaxPooling1D(config_type cfg) : pooling_layer(std::move(cfg)) {}
};
/// Keras `AveragePooling1D`: the mean of each window (with "same", of its cells inside the input).
class AveragePooling1D : public pooling_layer<AveragePooling1D, 1> {
public:
    static constexpr std::string_view class_name = "AveragePooling1D";
    static constexpr std::string_view default_name = "average_pooling1d";
    static constexpr bool is_max = false;
    explicit AveragePooling1D(config_type cfg) : pooling_layer(std::move(cfg)) {}
};
/// Keras `MaxPooling2D` (channels_last): the max of each (rows, cols) window.
class MaxPooling2D : public pooling_layer<MaxPooling2D, 2> {
public:
    static constexpr std::string_view class_name = "MaxPooling2D";
    static constexpr std::string_view default_name = "max_pooling2d";
    static constexpr bool is_max = true;
    explicit MaxPooling2D(config_type cfg) : pooling_layer(std::move(cfg)) {}
};
/// Keras `AveragePooling2D` (channels_last): the mean of each window (with "same", of its cells
/// inside the input, as TensorFlow and TF.js).
class AveragePooling2D : public pooling_layer<AveragePooling2D, 2> {
public:
    static constexpr std::string_view class_name = "AveragePooling2D";
    static constexpr std::string_view default_name = "average_pooling2d";
    static constexpr bool is_max = false;
    explicit AveragePooling2D(config_type cfg) : pooling_layer(std::move(cfg)) {}
};

/// The config of the global pooling layers (Keras: `keepdims`, Keras 2.6+ and 3; TF.js has no
/// such field and writes it never, so scion writes it only when true).
struct global_pooling_config : base_config {
    bool keepdims = false;  ///< keep the pooled axes with length 1
};

/// What the global pooling layers share: the mean or max over every spatial axis.
template <class Derived, std::size_t Rank>
class global_pooling_layer : public basic_layer<Derived, global_pooling_config> {
    using base = basic_layer<Derived, global_pooling_config>;

public:
    using config_type = global_pooling_config;
    explicit global_pooling_layer(config_type cfg) : base(std::move(cfg)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(global_pooling_output_shape<Rank>(in, this->cfg_.keepdims), this->who(), in);
    }

    /// y[b, c] = the max or mean of x[b, ..., c] over the spatial axes.
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
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

    /// TF.js writes `data_format` for the 2D layers only; `keepdims` only when true.
    [[nodiscard]] json get_config() const {
        json j = detail::write_base(this->cfg_);
        if constexpr (Rank == 2) j["data_format"] = "channels_last";
        if (this->cfg_.keepdims) j["keepdims"] = true;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = std::string(Derived::class_name) + " config";
        config_type c;
        detail::read_base(c, j, w);
        c.keepdims = scion::detail::get_field_or<bool>(j, "keepdims", false, w);
        detail::spatial::read_data_format(j, w);
        return c;
    }
    [[nodiscard]] static Derived from_config(const json& j) { return Derived(config_from_json(j)); }
};

/// Keras `GlobalAveragePooling1D`: (steps, channels) becomes (channels), the mean over steps.
class GlobalAveragePooling1D : public global_pooling_layer<GlobalAveragePooling1D, 1> {
public:
    static constexpr std::string_view class_name = "GlobalAveragePooling1D";
    static constexpr std::string_view default_name = "global_average_pooling1d";
    static constexpr bool is_max = false;
    explicit GlobalAveragePooling1D(config_type cfg) : global_pooling_layer(std::move(cfg)) {}
};
/// Keras `GlobalMaxPooling1D`: (steps, channels) becomes (channels), the max over steps.
class GlobalMaxPooling1D : public global_pooling_layer<GlobalMaxPooling1D, 1> {
public:
    static constexpr std::string_view class_name = "GlobalMaxPooling1D";
    static constexpr std::string_view default_name = "global_max_pooling1d";
    static constexpr bool is_max = true;
    explicit GlobalMaxPooling1D(config_type cfg) : global_pooling_layer(std::move(cfg)) {}
};
/// Keras `GlobalAveragePooling2D` (channels_last): (rows, cols, channels) becomes (channels).
class GlobalAveragePooling2D : public global_pooling_layer<GlobalAveragePooling2D, 2> {
public:
    static constexpr std::string_view class_name = "GlobalAveragePooling2D";
    static constexpr std::string_view default_name = "global_average_pooling2d";
    static constexpr bool is_max = false;
    explicit GlobalAveragePooling2D(config_type cfg) : global_pooling_layer(std::move(cfg)) {}
};
/// Keras `GlobalMaxPooling2D` (channels_last): (rows, cols, channels) becomes (channels).
class GlobalMaxPooling2D : public global_pooling_layer<GlobalMaxPooling2D, 2> {
public:
    static constexpr std::string_view class_name = "GlobalMaxPooling2D";
    static constexpr std::string_view default_name = "global_max_pooling2d";
    static constexpr bool is_max = true;
    explicit GlobalMaxPooling2D(config_type cfg) : global_pooling_layer(std::move(cfg)) {}
};

} // namespace scion::layers
