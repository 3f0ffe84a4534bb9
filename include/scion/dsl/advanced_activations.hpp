// scion/dsl/advanced_activations.hpp — ReLU, LeakyReLU, PReLU, ELU, Softmax: the static DSL's
// activation layers with parameters.
#pragma once

#include <scion/dsl/dropout.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/normalization.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/advanced_activations.hpp>

#include <array>
#include <cstddef>
#include <ratio>
#include <span>
#include <string>
#include <type_traits>

namespace scion {

/// ReLU options (std::ratio values, each >= 0): the ceiling, the slope below the threshold, and
/// the threshold.
template <class Ratio> struct max_value {};
template <class Ratio> struct negative_slope {};
template <class Ratio> struct threshold {};
/// PReLU options: the axes (batch axis counted, >= 1) that share one alpha, and alpha's initializer.
template <int... Axes> struct shared_axes {};
template <class Init> struct alpha_initializer {};

namespace detail {

template <class R, bool = is_ratio_v<R>>
inline constexpr bool non_negative_ratio = false;
template <class R>
inline constexpr bool non_negative_ratio<R, true> = std::ratio_greater_equal_v<R, std::ratio<0>>;

template <class O>
inline constexpr bool relu_option = is_wrapped<O, max_value> || is_wrapped<O, negative_slope> || is_wrapped<O, threshold>;
template <class... Options>
inline constexpr bool relu_options_ok = (relu_option<Options> && ...) && options_unique<Options...>;
/// Every ratio the options give is a std::ratio >= 0 (a ratio that is no ratio fails here).
template <class... Options>
inline constexpr bool relu_values_ok = non_negative_ratio<find_option_t<max_value, std::ratio<0>, Options...>> &&
                                       non_negative_ratio<find_option_t<negative_slope, std::ratio<0>, Options...>> &&
                                       non_negative_ratio<find_option_t<threshold, std::ratio<0>, Options...>>;

template <class O>
inline constexpr bool is_shared_axes_option = false;
template <int... A>
inline constexpr bool is_shared_axes_option<shared_axes<A...>> = true;
template <class... Options>
struct find_shared_axes {
    static constexpr std::array<int, 0> value{};
};
template <int... A, class... Options>
struct find_shared_axes<shared_axes<A...>, Options...> {
    static constexpr std::array<int, sizeof...(A)> value{A...};
};
template <class O, class... Options>
    requires(!is_shared_axes_option<O>)
struct find_shared_axes<O, Options...> : find_shared_axes<Options...> {};

template <class O>
inline constexpr bool prelu_option = is_shared_axes_option<O> || is_wrapped<O, alpha_initializer>;
template <class... Options>
inline constexpr bool prelu_options_ok = (prelu_option<Options> && ...) && options_unique<Options...> &&
                                         (std::size_t{is_shared_axes_option<Options>} + ... + 0) <= 1;
template <class... Options>
inline constexpr bool prelu_axes_ok = [] {
    constexpr auto a = find_shared_axes<Options...>::value;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] <= 0) return false;
        for (std::size_t k = 0; k < i; ++k)
            if (a[k] == a[i]) return false;
    }
    return true;
}();

template <int... Axes>
inline constexpr bool softmax_axes_ok = [] {
    constexpr std::array<int, sizeof...(Axes)> a{Axes...};
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == 0) return false;
        for (std::size_t k = 0; k < i; ++k)
            if (a[k] == a[i]) return false;
    }
    return true;
}();

} // namespace detail

/// Keras `ReLU`: y = min(x, max_value) for x > threshold, negative_slope * (x - threshold)
/// otherwise.
///
///     ReLU<>                                     // max(x, 0)
///     ReLU<max_value<std::ratio<6>>>             // relu6
///     ReLU<negative_slope<std::ratio<1, 10>>, threshold<std::ratio<1, 2>>>
///
/// Options: `max_value<R>` (none), `negative_slope<R>` (0), `threshold<R>` (0), each >= 0.
template <class... Options>
class ReLU : public static_layer<layers::ReLU> {
    static_assert(detail::relu_options_ok<Options...>,
                  "scion::ReLU<Options...> takes only the options max_value<R>, negative_slope<R> and threshold<R>, "
                  "each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::relu_values_ok<Options...>,
                  "scion::ReLU's max_value<R>, negative_slope<R> and threshold<R> require 'R' to be a std::ratio >= 0 "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct act : ReLU<> {};`, stores one).
    using dsl_type = ReLU;
    static constexpr bool has_max_value = (detail::is_wrapped<Options, max_value> || ...);
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        if constexpr (has_max_value)
            c.max_value = detail::ratio_value<detail::find_option_t<max_value, std::ratio<0>, Options...>>;
        c.negative_slope = detail::ratio_value<detail::find_option_t<negative_slope, std::ratio<0>, Options...>>;
        c.threshold = detail::ratio_value<detail::find_option_t<threshold, std::ratio<0>, Options...>>;
        return c;
    }
    ReLU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (max_value, negative_slope,
    /// threshold); throws config_error otherwise.
    explicit ReLU(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static ReLU from_config(const json& j) { return ReLU(layers::ReLU::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        const config_type d = default_config();
        const std::string w = "ReLU";
        if (c.max_value.has_value() != d.max_value.has_value())
            throw config_error(w + " config does not match the static type: max_value is " +
                               (c.max_value ? std::to_string(*c.max_value) : std::string("null")) + ", the type says " +
                               (d.max_value ? std::to_string(*d.max_value) : std::string("null")));
        if (c.max_value) detail::check_number_agrees(*c.max_value, *d.max_value, "max_value", w);
        detail::check_number_agrees(c.negative_slope, d.negative_slope, "negative_slope", w);
        detail::check_number_agrees(c.threshold, d.threshold, "threshold", w);
        return c;
    }
};

template <class... O>
inline constexpr bool detail::arguments_ok_v<ReLU<O...>> = detail::relu_options_ok<O...> && detail::relu_values_ok<O...>;

/// Keras `LeakyReLU` with slope `Alpha` (a std::ratio) below 0: `LeakyReLU<>` (0.3),
/// `LeakyReLU<std::ratio<1, 5>>`.
template <class Alpha = std::ratio<3, 10>>
class LeakyReLU : public static_layer<layers::LeakyReLU> {
    static_assert(is_ratio_v<Alpha>,
                  "scion::LeakyReLU<Alpha> requires 'Alpha' to be a std::ratio such as std::ratio<1, 5> "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct act : LeakyReLU<> {};`, stores one).
    using dsl_type = LeakyReLU;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.alpha = detail::ratio_value<Alpha>;
        return c;
    }
    LeakyReLU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (alpha); throws config_error otherwise.
    explicit LeakyReLU(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static LeakyReLU from_config(const json& j) {
        return LeakyReLU(layers::LeakyReLU::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        detail::check_number_agrees(c.alpha, detail::ratio_value<Alpha>, "alpha", "LeakyReLU");
        return c;
    }
};

template <class A>
inline constexpr bool detail::arguments_ok_v<LeakyReLU<A>> = is_ratio_v<A>;

/// Keras `PReLU`: y = x for x >= 0, alpha * x otherwise, alpha learned per element, or shared
/// along `shared_axes` (batch axis counted): `PReLU<>`, `PReLU<shared_axes<1, 2>>` (one alpha per
/// channel of an image).
///
/// Options: `shared_axes<A...>` (none), `alpha_initializer<I>` (zeros).
template <class... Options>
class PReLU : public static_layer<layers::PReLU> {
    static_assert(detail::prelu_options_ok<Options...>,
                  "scion::PReLU<Options...> takes only the options shared_axes<A...> and alpha_initializer<I>, each at "
                  "most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::prelu_axes_ok<Options...>,
                  "scion::PReLU<shared_axes<A...>> requires distinct axes >= 1 (the batch axis 0 is always shared) "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    using alpha_init = detail::find_option_t<alpha_initializer, init::zeros, Options...>;
    static_assert(InitializerType<alpha_init>,
                  "scion::PReLU's alpha_initializer<I> requires 'I' to be an initializer type such as "
                  "scion::init::constant<std::ratio<1, 4>> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct act : PReLU<> {};`, stores one).
    using dsl_type = PReLU;
    static constexpr auto shared = detail::find_shared_axes<Options...>::value;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::prelu_output_shape(in, shared); }
    static constexpr std::size_t param_count(const Shape& in) noexcept { return layers::prelu_param_count(in, shared); }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.shared_axes.assign(shared.begin(), shared.end());
        c.alpha_initializer = alpha_init::make();
        return c;
    }
    PReLU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (shared_axes); throws config_error otherwise.
    explicit PReLU(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static PReLU from_config(const json& j) { return PReLU(layers::PReLU::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        bool same = c.shared_axes.size() == shared.size();
        for (std::size_t i = 0; same && i < shared.size(); ++i) same = c.shared_axes[i] == shared[i];
        if (!same)
            throw config_error("PReLU config does not match the static type: field 'shared_axes' differs");
        return c;
    }
};

template <class... O>
inline constexpr bool detail::arguments_ok_v<PReLU<O...>> =
    detail::prelu_options_ok<O...> && detail::prelu_axes_ok<O...> &&
    InitializerType<detail::find_option_t<alpha_initializer, init::zeros, O...>>;

/// Keras `ELU`: y = x for x > 0, Alpha * (exp(x) - 1) otherwise: `ELU<>` (1), `ELU<std::ratio<1, 2>>`.
template <class Alpha = std::ratio<1>>
class ELU : public static_layer<layers::ELU> {
    static_assert(is_ratio_v<Alpha>,
                  "scion::ELU<Alpha> requires 'Alpha' to be a std::ratio such as std::ratio<1, 2> "
                  "[SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct act : ELU<> {};`, stores one).
    using dsl_type = ELU;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.alpha = detail::ratio_value<Alpha>;
        return c;
    }
    ELU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (alpha); throws config_error otherwise.
    explicit ELU(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static ELU from_config(const json& j) { return ELU(layers::ELU::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        detail::check_number_agrees(c.alpha, detail::ratio_value<Alpha>, "alpha", "ELU");
        return c;
    }
};

template <class A>
inline constexpr bool detail::arguments_ok_v<ELU<A>> = is_ratio_v<A>;

/// Keras `Softmax` over `Axes` (batch axis counted; none given: the last axis, -1):
/// `Softmax<>`, `Softmax<1>` (over the first per-sample axis), `Softmax<1, 2>` (over both
/// together, as Keras 3 with a tuple).
template <int... Axes>
class Softmax : public static_layer<layers::Softmax> {
    static_assert(detail::softmax_axes_ok<Axes...>,
                  "scion::Softmax<Axes...> requires distinct axes, not the batch axis 0 [SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct probs : Softmax<> {};`, stores one).
    using dsl_type = Softmax;
    static constexpr auto axes = [] {
        if constexpr (sizeof...(Axes) == 0) return std::array<int, 1>{-1};
        else return std::array<int, sizeof...(Axes)>{Axes...};
    }();
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::softmax_output_shape(in, axes); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.axis.assign(axes.begin(), axes.end());
        return c;
    }
    Softmax() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (the number of axes; the axes
    /// themselves when the layer is built); throws config_error otherwise.
    explicit Softmax(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Softmax from_config(const json& j) { return Softmax(layers::Softmax::config_from_json(j)); }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        detail::check_axes_agree(config().axis, axes, in.rank(), "Softmax");
        impl_.build(in, s, scope);
    }
    void rebind(const Shape& in) {
        detail::check_axes_agree(config().axis, axes, in.rank(), "Softmax");
        impl_.rebind(in);
    }

private:
    static config_type checked(config_type c) {
        if (c.axis.size() != axes.size())
            throw config_error("Softmax config does not match the static type: field 'axis' lists " +
                               std::to_string(c.axis.size()) + " axes, the type " + std::to_string(axes.size()));
        return c;
    }
};

template <int... A>
inline constexpr bool detail::arguments_ok_v<Softmax<A...>> = detail::softmax_axes_ok<A...>;

} // namespace scion
