// scion/dynamic/layers/reshaping.hpp — the dynamic path's reshaping layers: ZeroPadding2D,
// Cropping2D, UpSampling2D, RepeatVector, Permute.
#pragma once

#include <scion/dynamic/layers/pooling.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/reshaping.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

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
/// 1, 2 or 4 values as {{top, bottom}, {left, right}}.
layers::sides2d sides(const std::vector<std::size_t>& v, std::string_view field, const std::string& who_);
} // namespace detail::spatial

// ---- factories --------------------------------------------------------------------------------------

/// Keras `ZeroPadding2D` (see layers::ZeroPadding2D).
[[nodiscard]] Layer ZeroPadding2D(const zero_padding2d_options& o = {});
/// Keras `Cropping2D` (see layers::Cropping2D).
[[nodiscard]] Layer Cropping2D(const cropping2d_options& o = {});
/// Keras `UpSampling2D` (see layers::UpSampling2D).
[[nodiscard]] Layer UpSampling2D(const upsampling2d_options& o = {});
/// Keras `RepeatVector`: (features) becomes (n, features).
[[nodiscard]] Layer RepeatVector(const repeat_vector_options& o);
/// Keras `Permute` (1-based `dims`; see layers::Permute).
[[nodiscard]] Layer Permute(const permute_options& o);

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_reshaping_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/reshaping.cpp.
extern template class engine_layer<layers::ZeroPadding2D>;
extern template class engine_layer<layers::Cropping2D>;
extern template class engine_layer<layers::UpSampling2D>;
extern template class engine_layer<layers::RepeatVector>;
extern template class engine_layer<layers::Permute>;

} // namespace scion::dynamic
