// scion/dynamic/layers/pooling.hpp — the dynamic path's pooling layers: MaxPooling1D/2D,
// AveragePooling1D/2D, GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D (and Keras's aliases
// MaxPool2D, AvgPool2D, ...).
#pragma once

#include <scion/dynamic/registry.hpp>
#include <scion/layers/pooling.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
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

// Shared with dynamic/layers/reshaping.hpp, as the engine shares layers::detail::spatial.
namespace detail::spatial {

/// "MaxPooling2D layer 'name'".
std::string who(std::string_view class_name, const std::string& name);

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
[[nodiscard]] Layer MaxPooling1D(const pooling1d_options& o = {});
/// Keras `AveragePooling1D` (see layers::AveragePooling1D).
[[nodiscard]] Layer AveragePooling1D(const pooling1d_options& o = {});
/// Keras `MaxPooling2D` (see layers::MaxPooling2D).
[[nodiscard]] Layer MaxPooling2D(const pooling2d_options& o = {});
/// Keras `AveragePooling2D` (see layers::AveragePooling2D).
[[nodiscard]] Layer AveragePooling2D(const pooling2d_options& o = {});
/// Keras `GlobalAveragePooling1D`.
[[nodiscard]] Layer GlobalAveragePooling1D(const global_pooling_options& o = {});
/// Keras `GlobalMaxPooling1D`.
[[nodiscard]] Layer GlobalMaxPooling1D(const global_pooling_options& o = {});
/// Keras `GlobalAveragePooling2D`.
[[nodiscard]] Layer GlobalAveragePooling2D(const global_pooling_options& o = {});
/// Keras `GlobalMaxPooling2D`.
[[nodiscard]] Layer GlobalMaxPooling2D(const global_pooling_options& o = {});

namespace detail {
/// Registers the family's engine classes (called once, by the registry), and Keras's aliases of the pooling class names (MaxPool2D, AvgPool2D, GlobalAvgPool2D, ...).
void register_pooling_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/pooling.cpp.
extern template class engine_layer<layers::MaxPooling1D>;
extern template class engine_layer<layers::AveragePooling1D>;
extern template class engine_layer<layers::MaxPooling2D>;
extern template class engine_layer<layers::AveragePooling2D>;
extern template class engine_layer<layers::GlobalAveragePooling1D>;
extern template class engine_layer<layers::GlobalMaxPooling1D>;
extern template class engine_layer<layers::GlobalAveragePooling2D>;
extern template class engine_layer<layers::GlobalMaxPooling2D>;

} // namespace scion::dynamic
