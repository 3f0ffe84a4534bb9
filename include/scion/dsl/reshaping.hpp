// scion/dsl/reshaping.hpp — ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute: the
// static DSL's layers that move values without weights.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/reshaping.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace scion {

/// UpSampling2D: repeat each value (Keras interpolation="nearest", the default).
struct interpolation_nearest {};
/// UpSampling2D: TF.js's bilinear interpolation (Keras interpolation="bilinear").
struct interpolation_bilinear {};

namespace detail::spatial {

/// Whether a padding or cropping list has a meaning: none (the default), one value (every
/// side), two (rows, cols: symmetric) or four (top, bottom, left, right).
template <std::size_t... V>
inline constexpr bool sides_count_ok = sizeof...(V) == 0 || sizeof...(V) == 1 || sizeof...(V) == 2 ||
                                       sizeof...(V) == 4;

/// The {{top, bottom}, {left, right}} a padding or cropping list stands for.
template <std::size_t Default, std::size_t... V>
constexpr layers::sides2d sides_of() noexcept {
    constexpr std::array<std::size_t, sizeof...(V) + 1> v{V..., 0};
    if constexpr (sizeof...(V) == 0) return {{{Default, Default}, {Default, Default}}};
    else if constexpr (sizeof...(V) == 1) return {{{v[0], v[0]}, {v[0], v[0]}}};
    else if constexpr (sizeof...(V) == 2) return {{{v[0], v[0]}, {v[1], v[1]}}};
    else if constexpr (sizeof...(V) == 4) return {{{v[0], v[1]}, {v[2], v[3]}}};
    else return {};
}

inline std::string list_string(const std::size_t* v, std::size_t n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

inline std::string sides_string(const layers::sides2d& s) {
    return "[[" + std::to_string(s[0][0]) + ", " + std::to_string(s[0][1]) + "], [" + std::to_string(s[1][0]) +
           ", " + std::to_string(s[1][1]) + "]]";
}

template <class O>
inline constexpr bool upsampling_option = std::is_same_v<O, interpolation_nearest> ||
                                          std::is_same_v<O, interpolation_bilinear>;
template <std::size_t H, std::size_t W, class... Options>
inline constexpr bool upsampling_arguments_ok = H > 0 && W > 0 && (upsampling_option<Options> && ...) &&
                                                sizeof...(Options) <= 1;

template <std::size_t... Dims>
inline constexpr bool permute_arguments_ok = [] {
    if constexpr (sizeof...(Dims) == 0) {
        return false;
    } else {
        constexpr std::array<std::size_t, sizeof...(Dims)> d{Dims...};
        return layers::is_permutation_1based(d.data(), d.size());
    }
}();

} // namespace detail::spatial

/// Keras `ZeroPadding2D` (channels_last): rows and columns of zeros around each image.
///
///     ZeroPadding2D<>              // 1 on every side (Keras's default)
///     ZeroPadding2D<2>             // 2 on every side
///     ZeroPadding2D<1, 2>          // 1 row above and below, 2 columns left and right
///     ZeroPadding2D<0, 1, 2, 3>    // top, bottom, left, right
template <std::size_t... Padding>
class ZeroPadding2D : public static_layer<layers::ZeroPadding2D> {
    static_assert(detail::spatial::sides_count_ok<Padding...>,
                  "scion::ZeroPadding2D<Padding...> takes 0, 1, 2 (rows, cols) or 4 (top, bottom, left, right) values "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct pad : ZeroPadding2D<...> {};`, stores one).
    using dsl_type = ZeroPadding2D;
    /// {{top, bottom}, {left, right}}.
    static constexpr layers::sides2d padding = detail::spatial::sides_of<1, Padding...>();
    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::zero_padding2d_output_shape(in, padding);
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.padding = padding;
        return c;
    }
    ZeroPadding2D() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type's padding; config_error otherwise.
    explicit ZeroPadding2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static ZeroPadding2D from_config(const json& j) {
        return ZeroPadding2D(layers::ZeroPadding2D::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.padding != padding)
            throw config_error("ZeroPadding2D config does not match the static type: padding is " +
                               detail::spatial::sides_string(c.padding) + ", the type says " +
                               detail::spatial::sides_string(padding));
        return c;
    }
};

/// Keras `Cropping2D` (channels_last): rows and columns removed at each side of each image.
///
///     Cropping2D<1>                // 1 on every side
///     Cropping2D<1, 2>             // 1 row at the top and bottom, 2 columns left and right
///     Cropping2D<0, 1, 2, 3>       // top, bottom, left, right
///     Cropping2D<>                 // nothing (Keras's default)
template <std::size_t... Cropping>
class Cropping2D : public static_layer<layers::Cropping2D> {
    static_assert(detail::spatial::sides_count_ok<Cropping...>,
                  "scion::Cropping2D<Cropping...> takes 0, 1, 2 (rows, cols) or 4 (top, bottom, left, right) values "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    using dsl_type = Cropping2D;
    /// {{top, bottom}, {left, right}}.
    static constexpr layers::sides2d cropping = detail::spatial::sides_of<0, Cropping...>();
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::cropping2d_output_shape(in, cropping); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.cropping = cropping;
        return c;
    }
    Cropping2D() : static_layer(default_config()) {}
    explicit Cropping2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Cropping2D from_config(const json& j) {
        return Cropping2D(layers::Cropping2D::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.cropping != cropping)
            throw config_error("Cropping2D config does not match the static type: cropping is " +
                               detail::spatial::sides_string(c.cropping) + ", the type says " +
                               detail::spatial::sides_string(cropping));
        return c;
    }
};

/// Keras `UpSampling2D` (channels_last): rows multiplied by `Rows`, columns by `Cols`.
///
///     UpSampling2D<>                                // (2, 2), nearest
///     UpSampling2D<3>                               // (3, 3)
///     UpSampling2D<2, 3, interpolation_bilinear>    // TF.js's bilinear interpolation
///
/// Options: `interpolation_nearest` (default) or `interpolation_bilinear`.
template <std::size_t Rows = 2, std::size_t Cols = Rows, class... Options>
class UpSampling2D : public static_layer<layers::UpSampling2D> {
    static_assert(Rows > 0 && Cols > 0, "scion::UpSampling2D<Rows, Cols> requires Rows > 0 and Cols > 0 "
                                        "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert((detail::spatial::upsampling_option<Options> && ...) && sizeof...(Options) <= 1,
                  "scion::UpSampling2D<Rows, Cols, Options...> takes only one of the options interpolation_nearest "
                  "and interpolation_bilinear [SCION_UNKNOWN_OPTION]");

public:
    using dsl_type = UpSampling2D;
    static constexpr std::array<std::size_t, 2> size{Rows, Cols};
    static constexpr layers::upsampling_interpolation interpolation =
        detail::has_flag<interpolation_bilinear, Options...> ? layers::upsampling_interpolation::bilinear
                                                             : layers::upsampling_interpolation::nearest;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::upsampling2d_output_shape(in, size); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.size = size;
        c.interpolation = interpolation;
        return c;
    }
    UpSampling2D() : static_layer(default_config()) {}
    explicit UpSampling2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static UpSampling2D from_config(const json& j) {
        return UpSampling2D(layers::UpSampling2D::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.size != size)
            throw config_error("UpSampling2D config does not match the static type: size is [" +
                               std::to_string(c.size[0]) + ", " + std::to_string(c.size[1]) + "], the type says [" +
                               std::to_string(Rows) + ", " + std::to_string(Cols) + "]");
        if (c.interpolation != interpolation)
            throw config_error("UpSampling2D config does not match the static type: interpolation is \"" +
                               std::string(layers::to_string(c.interpolation)) + "\", the type says \"" +
                               std::string(layers::to_string(interpolation)) + "\"");
        return c;
    }
};

/// Keras `RepeatVector`: (features) becomes (N, features). (Not `scion::Repeat`, which repeats
/// blocks of a model.)
template <std::size_t N>
class RepeatVector : public static_layer<layers::RepeatVector> {
    static_assert(N > 0, "scion::RepeatVector<N> requires N > 0 [SCION_BAD_LAYER_ARGUMENT]");

public:
    using dsl_type = RepeatVector;
    static constexpr std::size_t n = N;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::repeat_vector_output_shape(in, N); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.n = N;
        return c;
    }
    RepeatVector() : static_layer(default_config()) {}
    explicit RepeatVector(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static RepeatVector from_config(const json& j) {
        return RepeatVector(layers::RepeatVector::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.n != N)
            throw config_error("RepeatVector config does not match the static type: n is " + std::to_string(c.n) +
                               ", the type says " + std::to_string(N));
        return c;
    }
};

/// Keras `Permute`: the per-sample axes reordered, 1-based as Keras (the batch axis stays):
/// `Permute<2, 1>` turns (steps, features) into (features, steps); `Permute<3, 1, 2>` turns
/// (rows, cols, channels) into (channels, rows, cols). `Dims` must be a permutation of 1..N.
template <std::size_t... Dims>
class Permute : public static_layer<layers::Permute> {
    static_assert(detail::spatial::permute_arguments_ok<Dims...>,
                  "scion::Permute<Dims...> requires 'Dims' to be a permutation of 1..N (1-based, as Keras; at most 7 "
                  "axes), such as Permute<2, 1> [SCION_BAD_LAYER_ARGUMENT]");
    static constexpr std::array<std::size_t, sizeof...(Dims)> dims_v{Dims...};

public:
    using dsl_type = Permute;
    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::permute_output_shape(in, dims_v.data(), dims_v.size());
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.dims = {Dims...};
        return c;
    }
    Permute() : static_layer(default_config()) {}
    explicit Permute(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Permute from_config(const json& j) { return Permute(layers::Permute::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        if (c.dims != std::vector<std::size_t>{Dims...})
            throw config_error("Permute config does not match the static type: dims is " +
                               detail::spatial::list_string(c.dims.data(), c.dims.size()) + ", the type says " +
                               detail::spatial::list_string(dims_v.data(), dims_v.size()));
        return c;
    }
};

template <std::size_t... P>
inline constexpr bool detail::arguments_ok_v<ZeroPadding2D<P...>> = detail::spatial::sides_count_ok<P...>;
template <std::size_t... C>
inline constexpr bool detail::arguments_ok_v<Cropping2D<C...>> = detail::spatial::sides_count_ok<C...>;
template <std::size_t H, std::size_t W, class... O>
inline constexpr bool detail::arguments_ok_v<UpSampling2D<H, W, O...>> =
    detail::spatial::upsampling_arguments_ok<H, W, O...>;
template <std::size_t N>
inline constexpr bool detail::arguments_ok_v<RepeatVector<N>> = N > 0;
template <std::size_t... D>
inline constexpr bool detail::arguments_ok_v<Permute<D...>> = detail::spatial::permute_arguments_ok<D...>;

} // namespace scion
