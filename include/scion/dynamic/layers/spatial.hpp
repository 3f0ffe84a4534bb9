// scion/dynamic/layers/spatial.hpp — the dynamic path's pooling, global pooling, ZeroPadding2D,
// Cropping2D, UpSampling2D, RepeatVector, Permute.
#pragma once

#include <scion/dynamic/registry.hpp>
#include <scion/layers/pooling.hpp>
#include <scion/layers/reshaping.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

/// MaxPooling1D, AveragePooling1D: `{.pool_size = 3, .strides = 1, .padding = "same"}`.
struct pooling1d_options {
    std::size_t pool_size = 2;
    std::optional<std::size_t> strides{};    ///< none: pool_size
    std::string padding = "valid";            ///< "valid" or "same"
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// MaxPooling2D, AveragePooling2D: `{.pool_size = {2, 3}, .strides = {1, 1}, .padding = "same"}`;
/// one value stands for both axes, as Keras's integer arguments.
struct pooling2d_options {
    std::vector<std::size_t> pool_size{2, 2};
    std::vector<std::size_t> strides{};       ///< empty: pool_size
    std::string padding = "valid";            ///< "valid" or "same"
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D.
struct global_pooling_options {
    bool keepdims = false;                    ///< keep the pooled axes with length 1
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// ZeroPadding2D: `padding` holds 1 value (every side), 2 (rows, cols) or 4 (top, bottom,
/// left, right).
struct zero_padding2d_options {
    std::vector<std::size_t> padding{1};
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// Cropping2D: `cropping` holds 1 value (every side), 2 (rows, cols) or 4 (top, bottom, left,
/// right).
struct cropping2d_options {
    std::vector<std::size_t> cropping{0};
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// UpSampling2D: `size` holds 1 value (both axes) or 2 (rows, cols); `interpolation` "nearest" or
/// "bilinear".
struct upsampling2d_options {
    std::vector<std::size_t> size{2, 2};
    std::string interpolation = "nearest";
    std::string data_format = "channels_last";
    std::string name{};
    bool trainable = true;
};
/// RepeatVector: `{.n = 3}`.
struct repeat_vector_options {
    std::size_t n = 0;
    std::string name{};
    bool trainable = true;
};
/// Permute: `{.dims = {2, 1}}`, 1-based as Keras.
struct permute_options {
    std::vector<std::size_t> dims{};
    std::string name{};
    bool trainable = true;
};

namespace detail::spatial {

inline std::string who(std::string_view class_name, const std::string& name) {
    return layers::detail::who(class_name, name);
}

/// `v` as N values (one value stands for every axis); config_error naming the field otherwise.
template <std::size_t N>
std::array<std::size_t, N> spread(const std::vector<std::size_t>& v, std::string_view field, const std::string& who_) {
    std::array<std::size_t, N> r{};
    if (v.size() == 1) {
        r.fill(v[0]);
    } else if (v.size() == N) {
        for (std::size_t i = 0; i < N; ++i) r[i] = v[i];
    } else {
        throw config_error(who_ + ": " + std::string(field) + " must hold 1 or " + std::to_string(N) + " values (field '" +
                           std::string(field) + "'), got " + std::to_string(v.size()));
    }
    return r;
}

/// 1, 2 or 4 values as {{top, bottom}, {left, right}}.
inline layers::sides2d sides(const std::vector<std::size_t>& v, std::string_view field, const std::string& who_) {
    if (v.size() == 1) return {{{v[0], v[0]}, {v[0], v[0]}}};
    if (v.size() == 2) return {{{v[0], v[0]}, {v[1], v[1]}}};
    if (v.size() == 4) return {{{v[0], v[1]}, {v[2], v[3]}}};
    throw config_error(who_ + ": " + std::string(field) + " must hold 1, 2 (rows, cols) or 4 (top, bottom, left, right) "
                       "values (field '" + std::string(field) + "'), got " + std::to_string(v.size()));
}

template <class L>
Layer pooling1d(const pooling1d_options& o) {
    const std::string w = who(L::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = base_of<typename L::config_type>(o);
    c.pool_size = {o.pool_size};
    c.strides = {o.strides.value_or(o.pool_size)};
    c.padding = layers::pool_padding_from_string(o.padding, w);
    return Layer(L(std::move(c)));
}
template <class L>
Layer pooling2d(const pooling2d_options& o) {
    const std::string w = who(L::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = base_of<typename L::config_type>(o);
    c.pool_size = spread<2>(o.pool_size, "pool_size", w);
    c.strides = o.strides.empty() ? c.pool_size : spread<2>(o.strides, "strides", w);
    c.padding = layers::pool_padding_from_string(o.padding, w);
    return Layer(L(std::move(c)));
}
template <class L>
Layer global_pooling(const global_pooling_options& o) {
    layers::detail::spatial::check_data_format(o.data_format, who(L::class_name, o.name));
    auto c = base_of<typename L::config_type>(o);
    c.keepdims = o.keepdims;
    return Layer(L(std::move(c)));
}

} // namespace detail::spatial

// ---- factories --------------------------------------------------------------------------------------

/// Keras `MaxPooling1D` (see layers::MaxPooling1D).
[[nodiscard]] inline Layer MaxPooling1D(const pooling1d_options& o = {}) {
    return detail::spatial::pooling1d<layers::MaxPooling1D>(o);
}
/// Keras `AveragePooling1D` (see layers::AveragePooling1D).
[[nodiscard]] inline Layer AveragePooling1D(const pooling1d_options& o = {}) {
    return detail::spatial::pooling1d<layers::AveragePooling1D>(o);
}
/// Keras `MaxPooling2D` (see layers::MaxPooling2D).
[[nodiscard]] inline Layer MaxPooling2D(const pooling2d_options& o = {}) {
    return detail::spatial::pooling2d<layers::MaxPooling2D>(o);
}
/// Keras `AveragePooling2D` (see layers::AveragePooling2D).
[[nodiscard]] inline Layer AveragePooling2D(const pooling2d_options& o = {}) {
    return detail::spatial::pooling2d<layers::AveragePooling2D>(o);
}
/// Keras `GlobalAveragePooling1D`.
[[nodiscard]] inline Layer GlobalAveragePooling1D(const global_pooling_options& o = {}) {
    return detail::spatial::global_pooling<layers::GlobalAveragePooling1D>(o);
}
/// Keras `GlobalMaxPooling1D`.
[[nodiscard]] inline Layer GlobalMaxPooling1D(const global_pooling_options& o = {}) {
    return detail::spatial::global_pooling<layers::GlobalMaxPooling1D>(o);
}
/// Keras `GlobalAveragePooling2D`.
[[nodiscard]] inline Layer GlobalAveragePooling2D(const global_pooling_options& o = {}) {
    return detail::spatial::global_pooling<layers::GlobalAveragePooling2D>(o);
}
/// Keras `GlobalMaxPooling2D`.
[[nodiscard]] inline Layer GlobalMaxPooling2D(const global_pooling_options& o = {}) {
    return detail::spatial::global_pooling<layers::GlobalMaxPooling2D>(o);
}
/// Keras `ZeroPadding2D` (see layers::ZeroPadding2D).
[[nodiscard]] inline Layer ZeroPadding2D(const zero_padding2d_options& o = {}) {
    const std::string w = detail::spatial::who(layers::ZeroPadding2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::zero_padding2d_config>(o);
    c.padding = detail::spatial::sides(o.padding, "padding", w);
    return Layer(layers::ZeroPadding2D(std::move(c)));
}
/// Keras `Cropping2D` (see layers::Cropping2D).
[[nodiscard]] inline Layer Cropping2D(const cropping2d_options& o = {}) {
    const std::string w = detail::spatial::who(layers::Cropping2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::cropping2d_config>(o);
    c.cropping = detail::spatial::sides(o.cropping, "cropping", w);
    return Layer(layers::Cropping2D(std::move(c)));
}
/// Keras `UpSampling2D` (see layers::UpSampling2D).
[[nodiscard]] inline Layer UpSampling2D(const upsampling2d_options& o = {}) {
    const std::string w = detail::spatial::who(layers::UpSampling2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::upsampling2d_config>(o);
    c.size = detail::spatial::spread<2>(o.size, "size", w);
    c.interpolation = layers::UpSampling2D::interpolation_from_string(o.interpolation, w);
    return Layer(layers::UpSampling2D(std::move(c)));
}
/// Keras `RepeatVector`: (features) becomes (n, features).
[[nodiscard]] inline Layer RepeatVector(const repeat_vector_options& o) {
    auto c = detail::base_of<layers::repeat_vector_config>(o);
    c.n = o.n;
    return Layer(layers::RepeatVector(std::move(c)));
}
/// Keras `Permute` (1-based `dims`; see layers::Permute).
[[nodiscard]] inline Layer Permute(const permute_options& o) {
    auto c = detail::base_of<layers::permute_config>(o);
    c.dims = o.dims;
    return Layer(layers::Permute(std::move(c)));
}

namespace detail {
/// Registers the family's engine classes (called once, by the registry), and Keras's aliases
/// of the pooling class names (MaxPool2D, AvgPool2D, GlobalAvgPool2D, ...).
inline void register_spatial_layers(registry& r) {
    r.add_builtin<layers::MaxPooling1D>();
    r.add_builtin<layers::AveragePooling1D>();
    r.add_builtin<layers::MaxPooling2D>();
    r.add_builtin<layers::AveragePooling2D>();
    r.add_builtin<layers::GlobalAveragePooling1D>();
    r.add_builtin<layers::GlobalMaxPooling1D>();
    r.add_builtin<layers::GlobalAveragePooling2D>();
    r.add_builtin<layers::GlobalMaxPooling2D>();
    r.add_builtin<layers::ZeroPadding2D>();
    r.add_builtin<layers::Cropping2D>();
    r.add_builtin<layers::UpSampling2D>();
    r.add_builtin<layers::RepeatVector>();
    r.add_builtin<layers::Permute>();
    r.add("MaxPool1D", &make_from_config<layers::MaxPooling1D>);
    r.add("AvgPool1D", &make_from_config<layers::AveragePooling1D>);
    r.add("MaxPool2D", &make_from_config<layers::MaxPooling2D>);
    r.add("AvgPool2D", &make_from_config<layers::AveragePooling2D>);
    r.add("GlobalAvgPool1D", &make_from_config<layers::GlobalAveragePooling1D>);
    r.add("GlobalMaxPool1D", &make_from_config<layers::GlobalMaxPooling1D>);
    r.add("GlobalAvgPool2D", &make_from_config<layers::GlobalAveragePooling2D>);
    r.add("GlobalMaxPool2D", &make_from_config<layers::GlobalMaxPooling2D>);
}
} // namespace detail

} // namespace scion::dynamic
