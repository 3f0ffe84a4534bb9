// scion/dsl/conv.hpp — the static DSL's convolutions: Conv1D, Conv2D, DepthwiseConv2D,
// SeparableConv2D, Conv2DTranspose, and the options only they take.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/conv.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>

namespace scion {

/// Options of the convolutions only (the shared geometry options — kernel_size<N...>,
/// strides<N...>, dilation_rate<N...>, padding_valid / padding_same / padding_causal — are in
/// dsl/options.hpp).
template <std::size_t N> struct groups {};             ///< Conv1D, Conv2D: Keras `groups` (divides the filters and channels)
template <std::size_t N> struct depth_multiplier {};   ///< DepthwiseConv2D, SeparableConv2D: kernels per input channel
template <std::size_t... N> struct output_padding {};  ///< Conv2DTranspose: extra output rows/columns, each < its stride
template <class Init> struct depthwise_initializer {}; ///< DepthwiseConv2D, SeparableConv2D (glorot_uniform)
template <class Init> struct pointwise_initializer {}; ///< SeparableConv2D (glorot_uniform)

namespace detail {

// ---- per-axis options: kernel_size<3>, strides<2, 1>, ... ----

template <template <std::size_t...> class W, class T>
struct axes_of {
    static constexpr bool match = false;
    static constexpr std::array<std::size_t, 1> values{0};
    static constexpr std::size_t size = 0;
};
template <template <std::size_t...> class W, std::size_t... N>
struct axes_of<W, W<N...>> {
    static constexpr bool match = true;
    static constexpr std::array<std::size_t, sizeof...(N) == 0 ? 1 : sizeof...(N)> values{N...};
    static constexpr std::size_t size = sizeof...(N);
};
/// Whether some `W<...>` is among Options.
template <template <std::size_t...> class W, class... Options>
inline constexpr bool has_axes = (axes_of<W, Options>::match || ...);
/// Whether every `W<...>` among Options has 1 or R values, each positive (or zero, with ZeroOk).
template <template <std::size_t...> class W, std::size_t R, bool ZeroOk, class O>
constexpr bool axes_valid() {
    using A = axes_of<W, O>;
    if constexpr (!A::match) {
        return true;
    } else {
        if (A::size != 1 && A::size != R) return false;
        for (std::size_t i = 0; i < A::size; ++i)
            if (!ZeroOk && A::values[i] == 0) return false;
        return true;
    }
}
template <template <std::size_t...> class W, std::size_t R, bool ZeroOk, class... Options>
inline constexpr bool axes_ok = (axes_valid<W, R, ZeroOk, Options>() && ...);
/// The values of the first `W<...>` among Options, one per axis (a single value on every
/// axis), or `Default` on every axis.
template <template <std::size_t...> class W, std::size_t R, std::size_t Default, class... Options>
constexpr layers::conv_dims<R> axes_value() {
    layers::conv_dims<R> r = layers::conv_fill<R>(Default);
    bool found = false;
    const auto take = [&]<class O>() {
        using A = axes_of<W, O>;
        if constexpr (A::match) {
            if (found) return;
            found = true;
            for (std::size_t i = 0; i < R; ++i) r[i] = A::size == 1 ? A::values[0] : i < A::size ? A::values[i] : 0;
        }
    };
    (take.template operator()<Options>(), ...);
    (void)take;
    return r;
}

// ---- one-value options: groups<2>, depth_multiplier<3> ----

template <template <std::size_t> class W, class T>
struct count_of {
    static constexpr bool match = false;
    static constexpr std::size_t value = 0;
};
template <template <std::size_t> class W, std::size_t N>
struct count_of<W, W<N>> {
    static constexpr bool match = true;
    static constexpr std::size_t value = N;
};
/// N of the first `W<N>` among Options, or `Default`.
template <template <std::size_t> class W, std::size_t Default, class... Options>
constexpr std::size_t count_value() {
    std::size_t r = Default;
    bool found = false;
    ((count_of<W, Options>::match && !found ? (r = count_of<W, Options>::value, found = true) : false), ...);
    return r;
}

// ---- the activation: act::relu, or activation<act::relu> ----

template <class Default, class... Options>
struct find_conv_activation {
    using type = Default;
};
template <class Default, class O, class... Options>
struct find_conv_activation<Default, O, Options...> {
    using type = typename std::conditional_t<
        ActivationType<O>, std::type_identity<O>,
        std::conditional_t<is_wrapped<O, activation>, unwrap<O>, find_conv_activation<Default, Options...>>>::type;
};

// ---- option kinds, so that no option is given twice ----

struct conv_activation_kind {};
struct conv_padding_kind {};
template <class O>
struct conv_kind : option_kind<O> {};
template <std::size_t... N> struct conv_kind<kernel_size<N...>> { using type = kernel_size<>; };
template <std::size_t... N> struct conv_kind<strides<N...>> { using type = strides<>; };
template <std::size_t... N> struct conv_kind<dilation_rate<N...>> { using type = dilation_rate<>; };
template <std::size_t... N> struct conv_kind<output_padding<N...>> { using type = output_padding<>; };
template <std::size_t N> struct conv_kind<groups<N>> { using type = groups<0>; };
template <std::size_t N> struct conv_kind<depth_multiplier<N>> { using type = depth_multiplier<0>; };
template <> struct conv_kind<padding_valid> { using type = conv_padding_kind; };
template <> struct conv_kind<padding_same> { using type = conv_padding_kind; };
template <> struct conv_kind<padding_causal> { using type = conv_padding_kind; };
template <class A> struct conv_kind<activation<A>> { using type = conv_activation_kind; };
template <class O>
using conv_kind_t = typename std::conditional_t<ActivationType<O>, std::type_identity<conv_activation_kind>,
                                                conv_kind<O>>::type;
template <class O, class... Options>
inline constexpr std::size_t conv_kind_count = (std::size_t{std::is_same_v<conv_kind_t<O>, conv_kind_t<Options>>} + ... + 0);
/// Whether no option (counting act::X and activation<X> as one, and the paddings as one) is given twice.
template <class... Options>
inline constexpr bool conv_options_unique = ((conv_kind_count<Options, Options...> == 1) && ...);

// Which family member takes which option.
// (Tag types rather than an enum: clang prints a type argument by name in a failed condition,
// conv_takes<scion::detail::conv_member::conv2d, scion::padding_causal>, an enum one as a number.)
namespace conv_member {
struct conv1d {};
struct conv2d {};
struct depthwise {};
struct separable {};
struct transpose {};
} // namespace conv_member
template <class M, class O>
inline constexpr bool conv_takes = [] {
    constexpr bool common = axes_of<kernel_size, O>::match || axes_of<strides, O>::match ||
                            axes_of<dilation_rate, O>::match || std::is_same_v<O, padding_valid> ||
                            std::is_same_v<O, padding_same> || std::is_same_v<O, no_bias> || ActivationType<O> ||
                            is_wrapped<O, activation> || is_wrapped<O, bias_initializer>;
    if constexpr (std::is_same_v<M, conv_member::conv1d>)
        return common || std::is_same_v<O, padding_causal> || count_of<groups, O>::match || is_wrapped<O, kernel_initializer>;
    else if constexpr (std::is_same_v<M, conv_member::conv2d>)
        return common || count_of<groups, O>::match || is_wrapped<O, kernel_initializer>;
    else if constexpr (std::is_same_v<M, conv_member::depthwise>)
        return common || count_of<depth_multiplier, O>::match || is_wrapped<O, depthwise_initializer>;
    else if constexpr (std::is_same_v<M, conv_member::separable>)
        return common || count_of<depth_multiplier, O>::match || is_wrapped<O, depthwise_initializer> ||
               is_wrapped<O, pointwise_initializer>;
    else
        return common || axes_of<output_padding, O>::match || is_wrapped<O, kernel_initializer>;
}();

/// Everything the options of a convolution select: geometry, activation, bias, initializers.
template <std::size_t R, class... Options>
struct conv_spec {
    static constexpr bool has_kernel = has_axes<kernel_size, Options...>;
    static constexpr layers::conv_dims<R> kernel = axes_value<kernel_size, R, 1, Options...>();
    static constexpr layers::conv_dims<R> strides_v = axes_value<strides, R, 1, Options...>();
    static constexpr layers::conv_dims<R> dilation = axes_value<dilation_rate, R, 1, Options...>();
    static constexpr bool has_output_padding = has_axes<output_padding, Options...>;
    static constexpr layers::conv_dims<R> output_pad = axes_value<output_padding, R, 0, Options...>();
    static constexpr layers::conv_padding padding = has_flag<padding_same, Options...>     ? layers::conv_padding::same
                                                    : has_flag<padding_causal, Options...> ? layers::conv_padding::causal
                                                                                           : layers::conv_padding::valid;
    static constexpr std::size_t group_count = count_value<groups, 1, Options...>();
    static constexpr std::size_t multiplier = count_value<depth_multiplier, 1, Options...>();
    static constexpr bool use_bias = !has_flag<no_bias, Options...>;
    using act = typename find_conv_activation<scion::act::linear, Options...>::type;
    using kernel_init = find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using bias_init = find_option_t<bias_initializer, init::zeros, Options...>;
    using depthwise_init = find_option_t<depthwise_initializer, init::glorot_uniform, Options...>;
    using pointwise_init = find_option_t<pointwise_initializer, init::glorot_uniform, Options...>;

    // The facts the checks read (conv_rules and conv_checks below).
    static constexpr bool options_ok = conv_options_unique<Options...>;
    static constexpr bool geometry_ok = has_kernel && axes_ok<kernel_size, R, false, Options...> &&
                                        axes_ok<strides, R, false, Options...> &&
                                        axes_ok<dilation_rate, R, false, Options...> &&
                                        axes_ok<output_padding, R, true, Options...>;
    static constexpr bool output_padding_ok = [] {
        for (std::size_t i = 0; i < R; ++i)
            if (output_pad[i] >= strides_v[i]) return false;
        return true;
    }();
    static constexpr bool activation_ok = ActivationType<act>;
    static constexpr bool inits_ok = InitializerType<kernel_init> && InitializerType<bias_init> &&
                                     InitializerType<depthwise_init> && InitializerType<pointwise_init>;
};

// ---- the argument checks of the five convolutions, stated once ----

// Which members have which counts (the other checks apply to all five).
template <class M>
inline constexpr bool conv_has_filters = !std::is_same_v<M, conv_member::depthwise>;
template <class M>
inline constexpr bool conv_has_groups = std::is_same_v<M, conv_member::conv1d> || std::is_same_v<M, conv_member::conv2d>;
template <class M>
inline constexpr bool conv_has_multiplier =
    std::is_same_v<M, conv_member::depthwise> || std::is_same_v<M, conv_member::separable>;
template <class M>
inline constexpr bool conv_has_output_padding = std::is_same_v<M, conv_member::transpose>;

/// Whether member M's arguments pass each check, and all of them (`ok`, which
/// arguments_ok_v reads without instantiating the layer). Filters is 0 for DepthwiseConv2D.
template <class M, std::size_t R, std::size_t Filters, class... Options>
struct conv_rules {
    using S = conv_spec<R, Options...>;
    static constexpr bool filters_ok = !conv_has_filters<M> || Filters > 0;
    static constexpr bool takes_ok = (conv_takes<M, Options> && ...);
    static constexpr bool groups_ok =
        !conv_has_groups<M> || (S::group_count > 0 && Filters % (S::group_count == 0 ? 1 : S::group_count) == 0);
    static constexpr bool multiplier_ok = !conv_has_multiplier<M> || S::multiplier > 0;
    static constexpr bool output_padding_ok = !conv_has_output_padding<M> || S::output_padding_ok;
    static constexpr bool ok = filters_ok && takes_ok && S::options_ok && S::geometry_ok && groups_ok &&
                               multiplier_ok && output_padding_ok && S::activation_ok && S::inits_ok;
};
template <class M, std::size_t R, std::size_t Filters, class... Options>
inline constexpr bool conv_arguments_ok = conv_rules<M, R, Filters, Options...>::ok;

/// The static_asserts of every convolution, once: each DSL class instantiates this with itself
/// as `Layer` (Conv2D<8, kernel_size<3>, ...>, which both compilers then print with the failed
/// check) and its member kind. A static_assert's message is a string literal, the same for the
/// five: the layer is the first argument of conv_checks<...> in the instantiation line, and each
/// condition names the culprit (conv_takes<member, option>, conv_spec<R, options...>::geometry_ok,
/// conv_rules<...>::groups_ok, ...).
template <class Layer, class M, std::size_t R, std::size_t Filters, class... Options>
struct conv_checks {
    using S = conv_spec<R, Options...>;
    using C = conv_rules<M, R, Filters, Options...>;
    static_assert(C::filters_ok, "scion: a convolution (the first argument of conv_checks<...>) requires Filters > 0 "
                                 "[SCION_BAD_LAYER_ARGUMENT]");
    // The fold is spelled out (it is C::takes_ok) so that the compilers name the option not taken.
    static_assert((conv_takes<M, Options> && ...) && S::options_ok,
                  "scion: a convolution (the first argument of conv_checks<...>) was given an option it does not "
                  "take, or an option twice [SCION_UNKNOWN_OPTION]. All five take kernel_size<K...>, strides<S...>, "
                  "dilation_rate<D...>, padding_valid, padding_same, an activation, no_bias and bias_initializer<I>; "
                  "Conv1D also padding_causal; Conv1D and Conv2D groups<G> and kernel_initializer<I>; "
                  "DepthwiseConv2D and SeparableConv2D depth_multiplier<M> and depthwise_initializer<I>; "
                  "SeparableConv2D pointwise_initializer<I>; Conv2DTranspose output_padding<P...> and "
                  "kernel_initializer<I>");
    static_assert(S::geometry_ok,
                  "scion: a convolution (the first argument of conv_checks<...>) requires a kernel_size<K...> option, "
                  "and kernel_size, strides and dilation_rate of 1 or 2 positive values (Conv1D: 1 value), and "
                  "Conv2DTranspose's output_padding<P...> of 1 or 2 values [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(C::groups_ok, "scion::Conv1D<Filters, groups<G>> or scion::Conv2D<Filters, groups<G>> requires G > 0 "
                                "dividing Filters [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(C::multiplier_ok, "scion::DepthwiseConv2D<depth_multiplier<M>> or scion::SeparableConv2D<Filters, "
                                    "depth_multiplier<M>> requires M > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(C::output_padding_ok, "scion::Conv2DTranspose<Filters, output_padding<P...>> requires each P below "
                                        "its stride [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(S::activation_ok, "scion: a convolution's activation<A> requires 'A' to be an activation type such as "
                                    "scion::act::relu [SCION_NOT_AN_ACTIVATION]");
    static_assert(S::inits_ok, "scion: a convolution's *_initializer<I> options require 'I' to be an initializer type "
                               "such as scion::init::he_normal [SCION_NOT_AN_INITIALIZER]");
};

// "[3, 3]": per-axis values in messages.
template <std::size_t R>
std::string conv_dims_text(const layers::conv_dims<R>& d) {
    std::string s = "[";
    for (std::size_t i = 0; i < R; ++i) s += (i ? ", " : "") + std::to_string(d[i]);
    return s + "]";
}
/// Throws the config_error of a config that does not match its static type.
[[noreturn]] inline void conv_mismatch(std::string_view class_name, std::string_view field, const std::string& got,
                                       const std::string& want) {
    throw config_error(std::string(class_name) + " config does not match the static type: " + std::string(field) +
                       " is " + got + ", the type says " + want);
}
template <class C, class S, std::size_t R>
void conv_check_common(std::string_view class_name, const C& c) {
    if (c.kernel_size != S::kernel) conv_mismatch(class_name, "kernel_size", conv_dims_text<R>(c.kernel_size), conv_dims_text<R>(S::kernel));
    if (c.strides != S::strides_v) conv_mismatch(class_name, "strides", conv_dims_text<R>(c.strides), conv_dims_text<R>(S::strides_v));
    if (c.dilation_rate != S::dilation)
        conv_mismatch(class_name, "dilation_rate", conv_dims_text<R>(c.dilation_rate), conv_dims_text<R>(S::dilation));
    if (c.padding != S::padding)
        conv_mismatch(class_name, "padding", "'" + std::string(layers::to_string(c.padding)) + "'",
                      "'" + std::string(layers::to_string(S::padding)) + "'");
    if (c.activation != S::act::id)
        conv_mismatch(class_name, "activation", "'" + std::string(to_string(c.activation)) + "'",
                      "'" + std::string(to_string(S::act::id)) + "'");
    if (c.use_bias != S::use_bias)
        conv_mismatch(class_name, "use_bias", c.use_bias ? "true" : "false", S::use_bias ? "true" : "false");
}
inline void conv_check_count(std::string_view class_name, std::string_view field, std::size_t got, std::size_t want) {
    if (got != want) conv_mismatch(class_name, field, std::to_string(got), std::to_string(want));
}

} // namespace detail

// ---- Conv1D, Conv2D -------------------------------------------------------------------------------------

/// Keras `Conv1D` over (steps, channels), channels_last:
///
///     Conv1D<16, kernel_size<3>>                                   // (T, C) -> (T - 2, 16)
///     Conv1D<8, kernel_size<5>, padding_causal, dilation_rate<2>, act::relu>
///     Conv1D<8, kernel_size<3>, strides<2>, padding_same, no_bias>
///
/// Filters first, then the options in any order, each at most once: `kernel_size<K>` (required),
/// `strides<S>`, `dilation_rate<D>`, `padding_valid` (default) / `padding_same` /
/// `padding_causal`, `groups<G>`, an activation (`act::relu` or `activation<act::relu>`;
/// linear by default), `no_bias`, `kernel_initializer<I>`, `bias_initializer<I>`.
template <std::size_t Filters, class... Options>
class Conv1D : public static_layer<layers::Conv1D> {
    using S = detail::conv_spec<1, Options...>;
    static_assert(sizeof(detail::conv_checks<Conv1D, detail::conv_member::conv1d, 1, Filters, Options...>) > 0);

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Conv1D<...> {};`, stores one).
    using dsl_type = Conv1D;
    static constexpr std::size_t filters = Filters;
    static constexpr layers::conv_dims<1> kernel_size_v = S::kernel;
    static constexpr layers::conv_dims<1> strides_v = S::strides_v;
    static constexpr layers::conv_dims<1> dilation_rate_v = S::dilation;
    static constexpr layers::conv_padding padding_v = S::padding;
    static constexpr std::size_t groups_v = S::group_count;
    static constexpr activation_id activation_v = S::act::id;
    static constexpr bool use_bias = S::use_bias;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::conv_output_shape<1>(in, Filters, S::kernel, S::strides_v, S::dilation, S::padding, S::group_count);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::conv_param_count<1>(in, Filters, S::kernel, S::group_count, use_bias);
    }
    /// Multiply-adds per sample: one per kernel entry per output position.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        const shape_result r = infer(in);
        return r.ok() ? r.shape[0] * S::kernel[0] * (in.back() / S::group_count) * Filters : 0;
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.filters = Filters;
        c.kernel_size = S::kernel;
        c.strides = S::strides_v;
        c.dilation_rate = S::dilation;
        c.padding = S::padding;
        c.groups = S::group_count;
        c.activation = S::act::id;
        c.use_bias = use_bias;
        c.kernel_initializer = S::kernel_init::make();
        c.bias_initializer = S::bias_init::make();
        return c;
    }
    Conv1D() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (filters, geometry, groups,
    /// activation, use_bias); throws config_error otherwise. Name, trainable and initializers
    /// come from the config.
    explicit Conv1D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Conv1D from_config(const json& j) { return Conv1D(layers::Conv1D::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        detail::conv_check_count(class_name, "filters", c.filters, Filters);
        detail::conv_check_common<config_type, S, 1>(class_name, c);
        detail::conv_check_count(class_name, "groups", c.groups, S::group_count);
        return c;
    }
};

/// Keras `Conv2D` over (height, width, channels), channels_last:
///
///     Conv2D<16, kernel_size<3>>                                       // 3x3, valid, linear
///     Conv2D<16, kernel_size<3, 3>, strides<2, 2>, padding_same, act::relu>
///     Conv2D<8, kernel_size<3>, dilation_rate<2>, no_bias, kernel_initializer<init::he_normal>>
///     Conv2D<8, kernel_size<1>, groups<2>>                             // grouped convolution
///
/// Filters first, then the options in any order, each at most once: `kernel_size<K...>`
/// (required; one value for every axis or one per axis, as strides and dilation_rate),
/// `strides<S...>`, `dilation_rate<D...>`, `padding_valid` (default) / `padding_same`,
/// `groups<G>`, an activation (`act::relu` or `activation<act::relu>`; linear by default),
/// `no_bias`, `kernel_initializer<I>`, `bias_initializer<I>`.
template <std::size_t Filters, class... Options>
class Conv2D : public static_layer<layers::Conv2D> {
    using S = detail::conv_spec<2, Options...>;
    static_assert(sizeof(detail::conv_checks<Conv2D, detail::conv_member::conv2d, 2, Filters, Options...>) > 0);

public:
    /// The DSL layer type itself (a named layer, `struct stem : Conv2D<...> {};`, stores one).
    using dsl_type = Conv2D;
    static constexpr std::size_t filters = Filters;
    static constexpr layers::conv_dims<2> kernel_size_v = S::kernel;
    static constexpr layers::conv_dims<2> strides_v = S::strides_v;
    static constexpr layers::conv_dims<2> dilation_rate_v = S::dilation;
    static constexpr layers::conv_padding padding_v = S::padding;
    static constexpr std::size_t groups_v = S::group_count;
    static constexpr activation_id activation_v = S::act::id;
    static constexpr bool use_bias = S::use_bias;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::conv_output_shape<2>(in, Filters, S::kernel, S::strides_v, S::dilation, S::padding, S::group_count);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::conv_param_count<2>(in, Filters, S::kernel, S::group_count, use_bias);
    }
    /// Multiply-adds per sample: one per kernel entry per output position.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        const shape_result r = infer(in);
        return r.ok() ? r.shape[0] * r.shape[1] * S::kernel[0] * S::kernel[1] * (in.back() / S::group_count) * Filters : 0;
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.filters = Filters;
        c.kernel_size = S::kernel;
        c.strides = S::strides_v;
        c.dilation_rate = S::dilation;
        c.padding = S::padding;
        c.groups = S::group_count;
        c.activation = S::act::id;
        c.use_bias = use_bias;
        c.kernel_initializer = S::kernel_init::make();
        c.bias_initializer = S::bias_init::make();
        return c;
    }
    Conv2D() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (filters, geometry, groups,
    /// activation, use_bias); throws config_error otherwise. Name, trainable and initializers
    /// come from the config.
    explicit Conv2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Conv2D from_config(const json& j) { return Conv2D(layers::Conv2D::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        detail::conv_check_count(class_name, "filters", c.filters, Filters);
        detail::conv_check_common<config_type, S, 2>(class_name, c);
        detail::conv_check_count(class_name, "groups", c.groups, S::group_count);
        return c;
    }
};

// ---- DepthwiseConv2D --------------------------------------------------------------------------------------

/// Keras `DepthwiseConv2D` over (height, width, channels): each channel convolved with its own
/// `depth_multiplier` kernels, giving channels * depth_multiplier outputs.
///
///     DepthwiseConv2D<kernel_size<3>>                                // (h, w, c) -> (h-2, w-2, c)
///     DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, strides<2>, padding_same, act::relu>
///
/// Options, in any order, each at most once: `kernel_size<K...>` (required), `strides<S...>`,
/// `dilation_rate<D...>`, `padding_valid` / `padding_same`, `depth_multiplier<M>` (1), an
/// activation, `no_bias`, `depthwise_initializer<I>`, `bias_initializer<I>`.
template <class... Options>
class DepthwiseConv2D : public static_layer<layers::DepthwiseConv2D> {
    using S = detail::conv_spec<2, Options...>;
    static_assert(
        sizeof(detail::conv_checks<DepthwiseConv2D, detail::conv_member::depthwise, 2, 0, Options...>) > 0);

public:
    /// The DSL layer type itself.
    using dsl_type = DepthwiseConv2D;
    static constexpr layers::conv_dims<2> kernel_size_v = S::kernel;
    static constexpr layers::conv_dims<2> strides_v = S::strides_v;
    static constexpr layers::conv_dims<2> dilation_rate_v = S::dilation;
    static constexpr layers::conv_padding padding_v = S::padding;
    static constexpr std::size_t depth_multiplier_v = S::multiplier;
    static constexpr activation_id activation_v = S::act::id;
    static constexpr bool use_bias = S::use_bias;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::depthwise_conv2d_output_shape(in, S::kernel, S::strides_v, S::dilation, S::padding, S::multiplier);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::depthwise_conv2d_param_count(in, S::kernel, S::multiplier, use_bias);
    }
    /// Multiply-adds per sample: one per kernel tap per output element.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        const shape_result r = infer(in);
        return r.ok() ? r.shape.elements() * S::kernel[0] * S::kernel[1] : 0;
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.kernel_size = S::kernel;
        c.strides = S::strides_v;
        c.dilation_rate = S::dilation;
        c.padding = S::padding;
        c.depth_multiplier = S::multiplier;
        c.activation = S::act::id;
        c.use_bias = use_bias;
        c.depthwise_initializer = S::depthwise_init::make();
        c.bias_initializer = S::bias_init::make();
        return c;
    }
    DepthwiseConv2D() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type; throws config_error otherwise.
    explicit DepthwiseConv2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static DepthwiseConv2D from_config(const json& j) {
        return DepthwiseConv2D(layers::DepthwiseConv2D::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::conv_check_common<config_type, S, 2>(class_name, c);
        detail::conv_check_count(class_name, "depth_multiplier", c.depth_multiplier, S::multiplier);
        return c;
    }
};

// ---- SeparableConv2D --------------------------------------------------------------------------------------

/// Keras `SeparableConv2D` over (height, width, channels): a depthwise convolution
/// (`depth_multiplier` kernels per channel) followed by a 1x1 convolution to `Filters` channels.
///
///     SeparableConv2D<32, kernel_size<3>, padding_same, act::relu>
///     SeparableConv2D<16, kernel_size<3>, depth_multiplier<2>, strides<2>>
///
/// Filters first, then the options in any order, each at most once: `kernel_size<K...>`
/// (required), `strides<S...>`, `dilation_rate<D...>`, `padding_valid` / `padding_same`,
/// `depth_multiplier<M>` (1), an activation, `no_bias`, `depthwise_initializer<I>`,
/// `pointwise_initializer<I>`, `bias_initializer<I>`.
template <std::size_t Filters, class... Options>
class SeparableConv2D : public static_layer<layers::SeparableConv2D> {
    using S = detail::conv_spec<2, Options...>;
    static_assert(
        sizeof(detail::conv_checks<SeparableConv2D, detail::conv_member::separable, 2, Filters, Options...>) > 0);

public:
    /// The DSL layer type itself.
    using dsl_type = SeparableConv2D;
    static constexpr std::size_t filters = Filters;
    static constexpr layers::conv_dims<2> kernel_size_v = S::kernel;
    static constexpr layers::conv_dims<2> strides_v = S::strides_v;
    static constexpr layers::conv_dims<2> dilation_rate_v = S::dilation;
    static constexpr layers::conv_padding padding_v = S::padding;
    static constexpr std::size_t depth_multiplier_v = S::multiplier;
    static constexpr activation_id activation_v = S::act::id;
    static constexpr bool use_bias = S::use_bias;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::separable_conv2d_output_shape(in, Filters, S::kernel, S::strides_v, S::dilation, S::padding,
                                                     S::multiplier);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::separable_conv2d_param_count(in, Filters, S::kernel, S::multiplier, use_bias);
    }
    /// Multiply-adds per sample: the depthwise taps, then the pointwise product.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        const shape_result r = infer(in);
        const std::size_t cm = in.back() * S::multiplier;
        return r.ok() ? r.shape[0] * r.shape[1] * cm * (S::kernel[0] * S::kernel[1] + Filters) : 0;
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.filters = Filters;
        c.kernel_size = S::kernel;
        c.strides = S::strides_v;
        c.dilation_rate = S::dilation;
        c.padding = S::padding;
        c.depth_multiplier = S::multiplier;
        c.activation = S::act::id;
        c.use_bias = use_bias;
        c.depthwise_initializer = S::depthwise_init::make();
        c.pointwise_initializer = S::pointwise_init::make();
        c.bias_initializer = S::bias_init::make();
        return c;
    }
    SeparableConv2D() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type; throws config_error otherwise.
    explicit SeparableConv2D(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static SeparableConv2D from_config(const json& j) {
        return SeparableConv2D(layers::SeparableConv2D::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::conv_check_count(class_name, "filters", c.filters, Filters);
        detail::conv_check_common<config_type, S, 2>(class_name, c);
        detail::conv_check_count(class_name, "depth_multiplier", c.depth_multiplier, S::multiplier);
        return c;
    }
};

// ---- Conv2DTranspose --------------------------------------------------------------------------------------

/// Keras `Conv2DTranspose` over (height, width, channels): the transpose of a Conv2D, growing
/// the image by its strides.
///
///     Conv2DTranspose<8, kernel_size<3>, strides<2>, padding_same>        // (h, w, c) -> (2h, 2w, 8)
///     Conv2DTranspose<4, kernel_size<3>, strides<2>, output_padding<1>>   // (h, w, c) -> (2h, 2w, 4)
///
/// Filters first, then the options in any order, each at most once: `kernel_size<K...>`
/// (required), `strides<S...>`, `dilation_rate<D...>`, `padding_valid` / `padding_same`,
/// `output_padding<P...>` (each below its stride), an activation, `no_bias`,
/// `kernel_initializer<I>`, `bias_initializer<I>`.
template <std::size_t Filters, class... Options>
class Conv2DTranspose : public static_layer<layers::Conv2DTranspose> {
    using S = detail::conv_spec<2, Options...>;
    static_assert(
        sizeof(detail::conv_checks<Conv2DTranspose, detail::conv_member::transpose, 2, Filters, Options...>) > 0);

public:
    /// The DSL layer type itself.
    using dsl_type = Conv2DTranspose;
    static constexpr std::size_t filters = Filters;
    static constexpr layers::conv_dims<2> kernel_size_v = S::kernel;
    static constexpr layers::conv_dims<2> strides_v = S::strides_v;
    static constexpr layers::conv_dims<2> dilation_rate_v = S::dilation;
    static constexpr layers::conv_padding padding_v = S::padding;
    static constexpr bool has_output_padding = S::has_output_padding;
    static constexpr layers::conv_dims<2> output_padding_v = S::output_pad;
    static constexpr activation_id activation_v = S::act::id;
    static constexpr bool use_bias = S::use_bias;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::conv2d_transpose_output_shape(in, Filters, S::kernel, S::strides_v, S::dilation, S::padding,
                                                     S::has_output_padding, S::output_pad);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::conv2d_transpose_param_count(in, Filters, S::kernel, use_bias);
    }
    /// Multiply-adds per sample: every input pixel times every kernel entry.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        return infer(in).ok() ? in.elements() * S::kernel[0] * S::kernel[1] * Filters : 0;
    }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.filters = Filters;
        c.kernel_size = S::kernel;
        c.strides = S::strides_v;
        c.dilation_rate = S::dilation;
        c.padding = S::padding;
        if (S::has_output_padding) c.output_padding = S::output_pad;
        c.activation = S::act::id;
        c.use_bias = use_bias;
        c.kernel_initializer = S::kernel_init::make();
        c.bias_initializer = S::bias_init::make();
        return c;
    }
    Conv2DTranspose() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type; throws config_error otherwise.
    explicit Conv2DTranspose(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Conv2DTranspose from_config(const json& j) {
        return Conv2DTranspose(layers::Conv2DTranspose::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::conv_check_count(class_name, "filters", c.filters, Filters);
        detail::conv_check_common<config_type, S, 2>(class_name, c);
        const auto text = [](const std::optional<layers::conv_dims<2>>& p) {
            return p ? detail::conv_dims_text<2>(*p) : std::string("null");
        };
        const std::optional<layers::conv_dims<2>> want =
            S::has_output_padding ? std::optional<layers::conv_dims<2>>(S::output_pad) : std::nullopt;
        if (c.output_padding != want) detail::conv_mismatch(class_name, "output_padding", text(c.output_padding), text(want));
        return c;
    }
};

template <std::size_t F, class... O>
inline constexpr bool detail::arguments_ok_v<Conv1D<F, O...>> =
    detail::conv_arguments_ok<detail::conv_member::conv1d, 1, F, O...>;
template <std::size_t F, class... O>
inline constexpr bool detail::arguments_ok_v<Conv2D<F, O...>> =
    detail::conv_arguments_ok<detail::conv_member::conv2d, 2, F, O...>;
template <class... O>
inline constexpr bool detail::arguments_ok_v<DepthwiseConv2D<O...>> =
    detail::conv_arguments_ok<detail::conv_member::depthwise, 2, 0, O...>;
template <std::size_t F, class... O>
inline constexpr bool detail::arguments_ok_v<SeparableConv2D<F, O...>> =
    detail::conv_arguments_ok<detail::conv_member::separable, 2, F, O...>;
template <std::size_t F, class... O>
inline constexpr bool detail::arguments_ok_v<Conv2DTranspose<F, O...>> =
    detail::conv_arguments_ok<detail::conv_member::transpose, 2, F, O...>;

namespace detail {
// The deployment rewrites' edits (detail::layer_edit): a bias (no no_bias), another activation
// (the activation option replaced, given last), over each convolution's options.
template <std::size_t F>
struct conv_with_filters {
    template <class... K>
    using conv1d = Conv1D<F, K...>;
    template <class... K>
    using conv2d = Conv2D<F, K...>;
    template <class... K>
    using separable = SeparableConv2D<F, K...>;
    template <class... K>
    using transpose = Conv2DTranspose<F, K...>;
};
template <std::size_t F, class... O>
struct layer_edit<Conv1D<F, O...>> : option_list_edit<conv_with_filters<F>::template conv1d, O...> {};
template <std::size_t F, class... O>
struct layer_edit<Conv2D<F, O...>> : option_list_edit<conv_with_filters<F>::template conv2d, O...> {};
template <class... O>
struct layer_edit<DepthwiseConv2D<O...>> : option_list_edit<DepthwiseConv2D, O...> {};
template <std::size_t F, class... O>
struct layer_edit<SeparableConv2D<F, O...>> : option_list_edit<conv_with_filters<F>::template separable, O...> {};
// Conv2DTranspose takes an activation, no fold (fold_batch_norm does not host a BN there).
template <std::size_t F, class... O>
struct layer_edit<Conv2DTranspose<F, O...>> {
    template <class Act>
    using with_activation = typename option_list_edit<conv_with_filters<F>::template transpose, O...>::template with_activation<Act>;
};
} // namespace detail

/// Whether T is a Conv1D or Conv2D type.
template <class T>
inline constexpr bool is_conv_v = false;
template <std::size_t F, class... O>
inline constexpr bool is_conv_v<Conv1D<F, O...>> = true;
template <std::size_t F, class... O>
inline constexpr bool is_conv_v<Conv2D<F, O...>> = true;

} // namespace scion
