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

/// "valid" or "same" (any case, as Keras); anything else ("causal", ...) throws config_error
/// naming `who` and the field.
pool_padding pool_padding_from_string(const std::string& s, std::string_view who);

namespace detail::spatial {

/// `value` lower-cased (Keras accepts "SAME" and "same").
std::string lower(std::string value);

/// Throws config_error unless `format` is channels_last (TF.js writes it the same way once saved;
/// "channelsLast" is its constructor's spelling).
void check_data_format(const std::string& format, std::string_view who);

/// Reads `data_format` (absent or null: channels_last); anything but channels_last throws
/// config_error naming the layer and the field.
void read_data_format(const json& j, std::string_view who);

/// One non-negative integer of a JSON config field, or config_error naming the field.
std::size_t to_size(const json& v, std::string_view field, std::string_view who);

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
std::array<std::array<std::size_t, 2>, 2> read_sides(const json& j, std::string_view field, std::string_view who);

/// Reads `padding` ("valid" or "same", any case); "causal" or anything else throws config_error.
pool_padding read_padding(const json& j, std::string_view who);

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
void pool2d(const float* x, float* y, std::size_t batch, std::array<std::size_t, 3> in, std::array<std::size_t, 2> out,
            std::array<std::size_t, 2> pool, std::array<std::size_t, 2> stride, pool_padding p, bool max);

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

    explicit pooling_layer(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;

    /// y = the max or mean of each window; x is (batch, steps, channels) or (batch, rows, cols,
    /// channels).
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    /// Reads TF.js's and Keras 2/3's forms: `pool_size` and `strides` as an integer or a list
    /// (`strides` null or absent: pool_size), `padding` "valid"/"same", `data_format` channels_last.
    [[nodiscard]] static config_type config_from_json(const json& j);
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

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;

    /// y[b, c] = the max or mean of x[b, ..., c] over the spatial axes.
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    /// TF.js writes `data_format` for the 2D layers only; `keepdims` only when true.
    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
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

// The member functions of the pooling bases are defined once, in src/layers/pooling.cpp.
extern template class pooling_layer<MaxPooling1D, 1>;
extern template class pooling_layer<AveragePooling1D, 1>;
extern template class pooling_layer<MaxPooling2D, 2>;
extern template class pooling_layer<AveragePooling2D, 2>;
extern template class global_pooling_layer<GlobalAveragePooling1D, 1>;
extern template class global_pooling_layer<GlobalMaxPooling1D, 1>;
extern template class global_pooling_layer<GlobalAveragePooling2D, 2>;
extern template class global_pooling_layer<GlobalMaxPooling2D, 2>;

} // namespace scion::layers
