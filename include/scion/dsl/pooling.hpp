// scion/dsl/pooling.hpp — MaxPooling1D/2D, AveragePooling1D/2D, GlobalAveragePooling1D/2D,
// GlobalMaxPooling1D/2D: the static DSL's pooling layers.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/pooling.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>

namespace scion {

/// GlobalAveragePooling*, GlobalMaxPooling*: keep the pooled axes with length 1 (Keras
/// `keepdims=True`; TF.js has no such option).
struct keepdims {};

namespace detail::spatial {

/// Whether `O` is `W<N...>` for a geometry option W (pool_size, strides, ...).
template <template <std::size_t...> class W, class O>
inline constexpr bool is_dims_option = false;
template <template <std::size_t...> class W, std::size_t... N>
inline constexpr bool is_dims_option<W, W<N...>> = true;

/// How many of `Options` are W<...>.
template <template <std::size_t...> class W, class... Options>
inline constexpr std::size_t dims_option_count = (std::size_t{is_dims_option<W, Options>} + ... + 0);

/// The first W<...> among `Options`, or `Default`.
template <template <std::size_t...> class W, class Default, class... Options>
struct find_dims {
    using type = Default;
};
template <template <std::size_t...> class W, class Default, class O, class... Options>
struct find_dims<W, Default, O, Options...> {
    using type = std::conditional_t<is_dims_option<W, O>, O, typename find_dims<W, Default, Options...>::type>;
};
template <template <std::size_t...> class W, class Default, class... Options>
using find_dims_t = typename find_dims<W, Default, Options...>::type;

/// The values of a geometry option W<N...>.
template <class O>
struct dims_of;
template <template <std::size_t...> class W, std::size_t... N>
struct dims_of<W<N...>> {
    static constexpr std::size_t count = sizeof...(N);
    static constexpr std::array<std::size_t, sizeof...(N)> values{N...};
};

/// Whether geometry option `O` gives `Rank` positive values (one value stands for every axis).
template <std::size_t Rank, class O>
inline constexpr bool dims_fit = [] {
    constexpr std::size_t n = dims_of<O>::count;
    if constexpr (n != 1 && n != Rank) {
        return false;
    } else {
        for (std::size_t v : dims_of<O>::values)
            if (v == 0) return false;
        return true;
    }
}();

/// `O`'s values spread over `Rank` axes (ones where `O` does not fit: the layer reports that).
template <std::size_t Rank, class O>
constexpr std::array<std::size_t, Rank> spread_dims() noexcept {
    std::array<std::size_t, Rank> r{};
    r.fill(1);
    if constexpr (dims_fit<Rank, O>)
        for (std::size_t i = 0; i < Rank; ++i) r[i] = dims_of<O>::values[dims_of<O>::count == 1 ? 0 : i];
    return r;
}

template <class O>
inline constexpr bool pooling_option = is_dims_option<pool_size, O> || is_dims_option<strides, O> ||
                                       std::is_same_v<O, padding_valid> || std::is_same_v<O, padding_same>;
/// Only pool_size<...>, strides<...> and one padding flag, each at most once.
template <class... Options>
inline constexpr bool pooling_options_ok =
    (pooling_option<Options> && ...) && dims_option_count<pool_size, Options...> <= 1 &&
    dims_option_count<strides, Options...> <= 1 &&
    (std::size_t{has_flag<padding_valid, Options...>} + std::size_t{has_flag<padding_same, Options...>}) <= 1 &&
    options_unique<Options...>;
template <std::size_t Rank, class... Options>
inline constexpr bool pooling_dims_ok = dims_fit<Rank, find_dims_t<pool_size, pool_size<2>, Options...>> &&
                                        dims_fit<Rank, find_dims_t<strides, strides<1>, Options...>>;
template <std::size_t Rank, class... Options>
inline constexpr bool pooling_arguments_ok = pooling_options_ok<Options...> && pooling_dims_ok<Rank, Options...>;

inline std::string dims_string(const std::size_t* v, std::size_t n) {
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) s += (i ? ", " : "") + std::to_string(v[i]);
    return s + "]";
}

/// What the pooling types share: the geometry their options select, the shape rule, the
/// default config and the check of a config against the type.
template <class Engine, std::size_t Rank, class... Options>
class pooling_type : public static_layer<Engine> {
public:
    using config_type = typename Engine::config_type;
    /// The window, per spatial axis (default 2).
    static constexpr std::array<std::size_t, Rank> pool_size_v =
        spread_dims<Rank, find_dims_t<scion::pool_size, scion::pool_size<2>, Options...>>();
    /// The step, per spatial axis (default: pool_size).
    static constexpr std::array<std::size_t, Rank> strides_v =
        dims_option_count<scion::strides, Options...> == 0
            ? pool_size_v
            : spread_dims<Rank, find_dims_t<scion::strides, scion::strides<1>, Options...>>();
    static constexpr layers::pool_padding padding_v =
        has_flag<padding_same, Options...> ? layers::pool_padding::same : layers::pool_padding::valid;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::pooling_output_shape<Rank>(in, pool_size_v, strides_v, padding_v);
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.pool_size = pool_size_v;
        c.strides = strides_v;
        c.padding = padding_v;
        return c;
    }

protected:
    explicit pooling_type(config_type c) : static_layer<Engine>(std::move(c)) {}
    /// `c` if it agrees with the type (pool_size, strides, padding); config_error otherwise.
    static config_type checked(config_type c) {
        const std::string w = std::string(Engine::class_name) + " config does not match the static type: ";
        if (c.pool_size != pool_size_v)
            throw config_error(w + "pool_size is " + dims_string(c.pool_size.data(), Rank) + ", the type says " +
                               dims_string(pool_size_v.data(), Rank));
        if (c.strides != strides_v)
            throw config_error(w + "strides is " + dims_string(c.strides.data(), Rank) + ", the type says " +
                               dims_string(strides_v.data(), Rank));
        if (c.padding != padding_v)
            throw config_error(w + "padding is \"" + std::string(layers::to_string(c.padding)) +
                               "\", the type says \"" + std::string(layers::to_string(padding_v)) + "\"");
        return c;
    }
};

template <class... Options>
inline constexpr bool global_pooling_options_ok =
    ((std::is_same_v<Options, keepdims>) && ...) && sizeof...(Options) <= 1;

/// What the global pooling types share.
template <class Engine, std::size_t Rank, class... Options>
class global_pooling_type : public static_layer<Engine> {
public:
    using config_type = typename Engine::config_type;
    static constexpr bool keepdims_v = has_flag<keepdims, Options...>;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::global_pooling_output_shape<Rank>(in, keepdims_v);
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.keepdims = keepdims_v;
        return c;
    }

protected:
    explicit global_pooling_type(config_type c) : static_layer<Engine>(std::move(c)) {}
    static config_type checked(config_type c) {
        if (c.keepdims != keepdims_v)
            throw config_error(std::string(Engine::class_name) + " config does not match the static type: keepdims is " +
                               (c.keepdims ? "true" : "false") + ", the type says " + (keepdims_v ? "true" : "false"));
        return c;
    }
};

} // namespace detail::spatial

/// Keras `MaxPooling1D`: (steps, channels) becomes (pooled steps, channels), the max of each
/// window.
///
///     MaxPooling1D<>                                     // pool 2, stride 2, "valid"
///     MaxPooling1D<pool_size<3>, strides<1>, padding_same>
///
/// Options: `pool_size<N>` (default 2), `strides<N>` (default: pool_size), `padding_valid`
/// (default) or `padding_same`.
template <class... Options>
class MaxPooling1D : public detail::spatial::pooling_type<layers::MaxPooling1D, 1, Options...> {
    static_assert(detail::spatial::pooling_options_ok<Options...>,
                  "scion::MaxPooling1D<Options...> takes only the options pool_size<N>, strides<N> and padding_valid "
                  "or padding_same, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::spatial::pooling_dims_ok<1, Options...>,
                  "scion::MaxPooling1D<pool_size<N>, strides<N>> requires one positive value in each "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    using base = detail::spatial::pooling_type<layers::MaxPooling1D, 1, Options...>;

public:
    /// The DSL layer type itself (a named layer, `struct pool : MaxPooling1D<...> {};`, stores one).
    using dsl_type = MaxPooling1D;
    using config_type = typename base::config_type;
    MaxPooling1D() : base(base::default_config()) {}
    /// A layer from a config, which must agree with the type (pool_size, strides, padding); throws
    /// config_error otherwise.
    explicit MaxPooling1D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static MaxPooling1D from_config(const json& j) {
        return MaxPooling1D(layers::MaxPooling1D::config_from_json(j));
    }
};

/// Keras `AveragePooling1D`: the mean of each window (with `padding_same`, of the window's
/// cells inside the input, as TensorFlow and TF.js). Options as MaxPooling1D.
template <class... Options>
class AveragePooling1D : public detail::spatial::pooling_type<layers::AveragePooling1D, 1, Options...> {
    static_assert(detail::spatial::pooling_options_ok<Options...>,
                  "scion::AveragePooling1D<Options...> takes only the options pool_size<N>, strides<N> and "
                  "padding_valid or padding_same, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::spatial::pooling_dims_ok<1, Options...>,
                  "scion::AveragePooling1D<pool_size<N>, strides<N>> requires one positive value in each "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    using base = detail::spatial::pooling_type<layers::AveragePooling1D, 1, Options...>;

public:
    using dsl_type = AveragePooling1D;
    using config_type = typename base::config_type;
    AveragePooling1D() : base(base::default_config()) {}
    explicit AveragePooling1D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static AveragePooling1D from_config(const json& j) {
        return AveragePooling1D(layers::AveragePooling1D::config_from_json(j));
    }
};

/// Keras `MaxPooling2D` (channels_last): (rows, cols, channels) becomes (pooled rows, pooled
/// cols, channels), the max of each window.
///
///     MaxPooling2D<>                                           // pool (2, 2), strides (2, 2), "valid"
///     MaxPooling2D<pool_size<2, 2>, strides<2, 2>, padding_same>
///     MaxPooling2D<pool_size<3>, strides<1, 2>>                // one value stands for both axes
///
/// Options: `pool_size<N...>` (one or two values, default 2), `strides<N...>` (default:
/// pool_size), `padding_valid` (default) or `padding_same`.
template <class... Options>
class MaxPooling2D : public detail::spatial::pooling_type<layers::MaxPooling2D, 2, Options...> {
    static_assert(detail::spatial::pooling_options_ok<Options...>,
                  "scion::MaxPooling2D<Options...> takes only the options pool_size<N...>, strides<N...> and "
                  "padding_valid or padding_same, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::spatial::pooling_dims_ok<2, Options...>,
                  "scion::MaxPooling2D<pool_size<N...>, strides<N...>> requires one or two positive values in each "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    using base = detail::spatial::pooling_type<layers::MaxPooling2D, 2, Options...>;

public:
    using dsl_type = MaxPooling2D;
    using config_type = typename base::config_type;
    MaxPooling2D() : base(base::default_config()) {}
    explicit MaxPooling2D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static MaxPooling2D from_config(const json& j) {
        return MaxPooling2D(layers::MaxPooling2D::config_from_json(j));
    }
};

/// Keras `AveragePooling2D` (channels_last): the mean of each window (with `padding_same`, of
/// the window's cells inside the input, as TensorFlow and TF.js). Options as MaxPooling2D.
template <class... Options>
class AveragePooling2D : public detail::spatial::pooling_type<layers::AveragePooling2D, 2, Options...> {
    static_assert(detail::spatial::pooling_options_ok<Options...>,
                  "scion::AveragePooling2D<Options...> takes only the options pool_size<N...>, strides<N...> and "
                  "padding_valid or padding_same, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::spatial::pooling_dims_ok<2, Options...>,
                  "scion::AveragePooling2D<pool_size<N...>, strides<N...>> requires one or two positive values in "
                  "each [SCION_BAD_LAYER_ARGUMENT]");
    using base = detail::spatial::pooling_type<layers::AveragePooling2D, 2, Options...>;

public:
    using dsl_type = AveragePooling2D;
    using config_type = typename base::config_type;
    AveragePooling2D() : base(base::default_config()) {}
    explicit AveragePooling2D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static AveragePooling2D from_config(const json& j) {
        return AveragePooling2D(layers::AveragePooling2D::config_from_json(j));
    }
};

/// Keras `GlobalAveragePooling1D`: (steps, channels) becomes (channels), the mean over steps.
/// `GlobalAveragePooling1D<>`; `GlobalAveragePooling1D<keepdims>` gives (1, channels).
template <class... Options>
class GlobalAveragePooling1D
    : public detail::spatial::global_pooling_type<layers::GlobalAveragePooling1D, 1, Options...> {
    static_assert(detail::spatial::global_pooling_options_ok<Options...>,
                  "scion::GlobalAveragePooling1D<Options...> takes only the option keepdims, at most once "
                  "[SCION_UNKNOWN_OPTION]");
    using base = detail::spatial::global_pooling_type<layers::GlobalAveragePooling1D, 1, Options...>;

public:
    using dsl_type = GlobalAveragePooling1D;
    using config_type = typename base::config_type;
    GlobalAveragePooling1D() : base(base::default_config()) {}
    explicit GlobalAveragePooling1D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static GlobalAveragePooling1D from_config(const json& j) {
        return GlobalAveragePooling1D(layers::GlobalAveragePooling1D::config_from_json(j));
    }
};

/// Keras `GlobalMaxPooling1D`: (steps, channels) becomes (channels), the max over steps.
/// `GlobalMaxPooling1D<>`; `GlobalMaxPooling1D<keepdims>` gives (1, channels).
template <class... Options>
class GlobalMaxPooling1D : public detail::spatial::global_pooling_type<layers::GlobalMaxPooling1D, 1, Options...> {
    static_assert(detail::spatial::global_pooling_options_ok<Options...>,
                  "scion::GlobalMaxPooling1D<Options...> takes only the option keepdims, at most once "
                  "[SCION_UNKNOWN_OPTION]");
    using base = detail::spatial::global_pooling_type<layers::GlobalMaxPooling1D, 1, Options...>;

public:
    using dsl_type = GlobalMaxPooling1D;
    using config_type = typename base::config_type;
    GlobalMaxPooling1D() : base(base::default_config()) {}
    explicit GlobalMaxPooling1D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static GlobalMaxPooling1D from_config(const json& j) {
        return GlobalMaxPooling1D(layers::GlobalMaxPooling1D::config_from_json(j));
    }
};

/// Keras `GlobalAveragePooling2D` (channels_last): (rows, cols, channels) becomes (channels).
/// `GlobalAveragePooling2D<>`; `GlobalAveragePooling2D<keepdims>` gives (1, 1, channels).
template <class... Options>
class GlobalAveragePooling2D
    : public detail::spatial::global_pooling_type<layers::GlobalAveragePooling2D, 2, Options...> {
    static_assert(detail::spatial::global_pooling_options_ok<Options...>,
                  "scion::GlobalAveragePooling2D<Options...> takes only the option keepdims, at most once "
                  "[SCION_UNKNOWN_OPTION]");
    using base = detail::spatial::global_pooling_type<layers::GlobalAveragePooling2D, 2, Options...>;

public:
    using dsl_type = GlobalAveragePooling2D;
    using config_type = typename base::config_type;
    GlobalAveragePooling2D() : base(base::default_config()) {}
    explicit GlobalAveragePooling2D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static GlobalAveragePooling2D from_config(const json& j) {
        return GlobalAveragePooling2D(layers::GlobalAveragePooling2D::config_from_json(j));
    }
};

/// Keras `GlobalMaxPooling2D` (channels_last): (rows, cols, channels) becomes (channels).
/// `GlobalMaxPooling2D<>`; `GlobalMaxPooling2D<keepdims>` gives (1, 1, channels).
template <class... Options>
class GlobalMaxPooling2D : public detail::spatial::global_pooling_type<layers::GlobalMaxPooling2D, 2, Options...> {
    static_assert(detail::spatial::global_pooling_options_ok<Options...>,
                  "scion::GlobalMaxPooling2D<Options...> takes only the option keepdims, at most once "
                  "[SCION_UNKNOWN_OPTION]");
    using base = detail::spatial::global_pooling_type<layers::GlobalMaxPooling2D, 2, Options...>;

public:
    using dsl_type = GlobalMaxPooling2D;
    using config_type = typename base::config_type;
    GlobalMaxPooling2D() : base(base::default_config()) {}
    explicit GlobalMaxPooling2D(config_type cfg) : base(base::checked(std::move(cfg))) {}
    [[nodiscard]] static GlobalMaxPooling2D from_config(const json& j) {
        return GlobalMaxPooling2D(layers::GlobalMaxPooling2D::config_from_json(j));
    }
};

template <class... O>
inline constexpr bool detail::arguments_ok_v<MaxPooling1D<O...>> = detail::spatial::pooling_arguments_ok<1, O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<AveragePooling1D<O...>> = detail::spatial::pooling_arguments_ok<1, O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<MaxPooling2D<O...>> = detail::spatial::pooling_arguments_ok<2, O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<AveragePooling2D<O...>> = detail::spatial::pooling_arguments_ok<2, O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<GlobalAveragePooling1D<O...>> =
    detail::spatial::global_pooling_options_ok<O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<GlobalMaxPooling1D<O...>> = detail::spatial::global_pooling_options_ok<O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<GlobalAveragePooling2D<O...>> =
    detail::spatial::global_pooling_options_ok<O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<GlobalMaxPooling2D<O...>> = detail::spatial::global_pooling_options_ok<O...>;

} // namespace scion
