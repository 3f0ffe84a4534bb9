// scion/dsl/normalization.hpp — BatchNormalization<Options...> and LayerNormalization<Options...>:
// the static DSL's normalization layers, and the axis options the misc layers share.
#pragma once

#include <scion/dsl/dropout.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/normalization.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <ratio>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

namespace scion {

/// Normalization options: `axis<A...>` the axes (batch axis counted, negative from the end;
/// BatchNormalization takes one, LayerNormalization one or more), `epsilon<R>` and
/// `momentum<R>` (std::ratio values), `no_center` (no beta), `no_scale` (no gamma), and the
/// initializers of the weights.
template <int... Axes> struct axis {};
template <class Ratio> struct epsilon {};
template <class Ratio> struct momentum {};
struct no_center {};   ///< BatchNormalization, LayerNormalization: no beta (Keras center=False)
struct no_scale {};    ///< BatchNormalization, LayerNormalization: no gamma (Keras scale=False)
template <class Init> struct beta_initializer {};
template <class Init> struct gamma_initializer {};
template <class Init> struct moving_mean_initializer {};
template <class Init> struct moving_variance_initializer {};

namespace detail {

/// A std::ratio's value as a double.
template <class R>
inline constexpr double ratio_value = static_cast<double>(R::num) / static_cast<double>(R::den);

template <class O>
inline constexpr bool is_axis_option = false;
template <int... A>
inline constexpr bool is_axis_option<axis<A...>> = true;

/// The axes of the first `axis<...>` among Options, or {-1}.
template <class... Options>
struct find_axes {
    static constexpr std::array<int, 1> value{-1};
};
template <int... A, class... Options>
struct find_axes<axis<A...>, Options...> {
    static constexpr std::array<int, sizeof...(A)> value{A...};
};
template <class O, class... Options>
    requires(!is_axis_option<O>)
struct find_axes<O, Options...> : find_axes<Options...> {};

/// The single axis of a BatchNormalization's options (-1 when the options do not give exactly one).
template <class... Options>
inline constexpr int first_axis = [] {
    constexpr auto a = find_axes<Options...>::value;
    if constexpr (a.size() == 1) return a[0];
    else return -1;
}();

template <class... Options>
inline constexpr std::size_t axis_option_count = (std::size_t{is_axis_option<Options>} + ... + 0);

/// A positive std::ratio (epsilon), or one in [0, 1] (momentum).
template <class R, bool = is_ratio_v<R>>
inline constexpr bool positive_ratio = false;
template <class R>
inline constexpr bool positive_ratio<R, true> = std::ratio_greater_v<R, std::ratio<0>>;
template <class R, bool = is_ratio_v<R>>
inline constexpr bool unit_ratio = false;
template <class R>
inline constexpr bool unit_ratio<R, true> =
    std::ratio_greater_equal_v<R, std::ratio<0>> && std::ratio_less_equal_v<R, std::ratio<1>>;

/// The value of the first `W<R>` among Options (a std::ratio), or Default.
template <template <class> class W, class Default, class... Options>
using find_ratio_t = find_option_t<W, Default, Options...>;

/// Throws config_error unless a config's Keras axes agree with a type's at per-sample rank `rank`.
inline void check_axes_agree(std::span<const int> given, std::span<const int> type_axes, std::size_t rank,
                             const std::string& who) {
    bool same = given.size() == type_axes.size();
    for (std::size_t i = 0; same && i < given.size(); ++i)
        same = layers::misc_detail::per_sample_axis(given[i], rank) ==
               layers::misc_detail::per_sample_axis(type_axes[i], rank);
    if (!same)
        throw config_error(who + " config does not match the static type: field 'axis' names other axes on input of rank " +
                           std::to_string(rank) + " (batch axis not counted)");
}
/// Throws config_error unless two numbers of a config and a type agree (to float precision).
inline void check_number_agrees(double given, double type_value, const char* field, const std::string& who) {
    if (std::fabs(given - type_value) > 1e-6 * std::max(1.0, std::fabs(type_value)))
        throw config_error(who + " config does not match the static type: " + field + " is " + std::to_string(given) +
                           ", the type says " + std::to_string(type_value));
}
inline void check_flag_agrees(bool given, bool type_value, const char* field, const std::string& who) {
    if (given != type_value)
        throw config_error(who + " config does not match the static type: " + field + " is " + (given ? "true" : "false") +
                           ", the type says " + (type_value ? "true" : "false"));
}

template <class O>
inline constexpr bool batch_norm_option =
    is_axis_option<O> || is_wrapped<O, epsilon> || is_wrapped<O, momentum> || std::is_same_v<O, no_center> ||
    std::is_same_v<O, no_scale> || is_wrapped<O, beta_initializer> || is_wrapped<O, gamma_initializer> ||
    is_wrapped<O, moving_mean_initializer> || is_wrapped<O, moving_variance_initializer>;
template <class... Options>
inline constexpr bool batch_norm_options_ok = (batch_norm_option<Options> && ...) && options_unique<Options...> &&
                                              axis_option_count<Options...> <= 1;
template <class... Options>
inline constexpr bool batch_norm_axis_ok =
    find_axes<Options...>::value.size() == 1 && find_axes<Options...>::value[0] != 0;
template <class... Options>
inline constexpr bool batch_norm_numbers_ok =
    positive_ratio<find_ratio_t<epsilon, std::ratio<1, 1000>, Options...>> &&
    unit_ratio<find_ratio_t<momentum, std::ratio<99, 100>, Options...>>;
template <class... Options>
inline constexpr bool batch_norm_inits_ok =
    InitializerType<find_option_t<beta_initializer, init::zeros, Options...>> &&
    InitializerType<find_option_t<gamma_initializer, init::ones, Options...>> &&
    InitializerType<find_option_t<moving_mean_initializer, init::zeros, Options...>> &&
    InitializerType<find_option_t<moving_variance_initializer, init::ones, Options...>>;

template <class O>
inline constexpr bool layer_norm_option = is_axis_option<O> || is_wrapped<O, epsilon> || std::is_same_v<O, no_center> ||
                                          std::is_same_v<O, no_scale> || is_wrapped<O, beta_initializer> ||
                                          is_wrapped<O, gamma_initializer>;
template <class... Options>
inline constexpr bool layer_norm_options_ok = (layer_norm_option<Options> && ...) && options_unique<Options...> &&
                                              axis_option_count<Options...> <= 1;
template <class... Options>
inline constexpr bool layer_norm_axes_ok = [] {
    constexpr auto a = find_axes<Options...>::value;
    if (a.empty()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == 0) return false;
        for (std::size_t k = 0; k < i; ++k)
            if (a[k] == a[i]) return false;
    }
    return true;
}();

} // namespace detail

/// Keras `BatchNormalization`, at inference: y = (x - moving_mean) / sqrt(moving_variance +
/// epsilon) * gamma + beta along one axis (the last by default).
///
///     BatchNormalization<>                                  // axis -1, epsilon 1e-3
///     BatchNormalization<axis<1>, epsilon<std::ratio<1, 100000>>, no_center>
///
/// Options: `axis<A>` (one axis, batch axis counted; -1), `epsilon<R>` (1/1000), `momentum<R>`
/// (99/100; kept in the config, scion does not train), `no_center`, `no_scale`,
/// `beta_initializer<I>`, `gamma_initializer<I>`, `moving_mean_initializer<I>`,
/// `moving_variance_initializer<I>`. A config given to the type must agree on axis, epsilon,
/// center and scale.
template <class... Options>
class BatchNormalization : public static_layer<layers::BatchNormalization> {
    static_assert(detail::batch_norm_options_ok<Options...>,
                  "scion::BatchNormalization<Options...> takes only the options axis<A>, epsilon<R>, momentum<R>, "
                  "no_center, no_scale and the beta/gamma/moving_mean/moving_variance _initializer<I> options, each "
                  "at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::batch_norm_axis_ok<Options...>,
                  "scion::BatchNormalization<axis<A>> requires one axis, not the batch axis 0 "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::batch_norm_numbers_ok<Options...>,
                  "scion::BatchNormalization requires epsilon<R> a positive std::ratio and momentum<R> a std::ratio "
                  "in [0, 1] [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::batch_norm_inits_ok<Options...>,
                  "scion::BatchNormalization's *_initializer<I> options require 'I' to be an initializer type such "
                  "as scion::init::ones [SCION_NOT_AN_INITIALIZER]");
    using eps_t = detail::find_ratio_t<epsilon, std::ratio<1, 1000>, Options...>;
    using momentum_t = detail::find_ratio_t<momentum, std::ratio<99, 100>, Options...>;

public:
    /// The DSL layer type itself (a named layer, `struct bn : BatchNormalization<> {};`, stores one).
    using dsl_type = BatchNormalization;
    static constexpr int axis_v = detail::first_axis<Options...>;
    static constexpr bool center = !detail::has_flag<no_center, Options...>;
    static constexpr bool scale = !detail::has_flag<no_scale, Options...>;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::batch_normalization_output_shape(in, axis_v);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::batch_normalization_param_count(in, axis_v, center, scale);
    }
    /// Of param_count, the scalars Keras counts as non-trainable: the moving statistics.
    static constexpr std::size_t non_trainable_param_count(const Shape& in) noexcept {
        return layers::batch_normalization_non_trainable_count(in, axis_v);
    }
    /// Multiply-adds per sample: one per element.
    static constexpr std::size_t macs(const Shape& in) noexcept { return in.elements(); }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.axis = axis_v;
        c.epsilon = detail::ratio_value<eps_t>;
        c.momentum = detail::ratio_value<momentum_t>;
        c.center = center;
        c.scale = scale;
        c.beta_initializer = detail::find_option_t<beta_initializer, init::zeros, Options...>::make();
        c.gamma_initializer = detail::find_option_t<gamma_initializer, init::ones, Options...>::make();
        c.moving_mean_initializer = detail::find_option_t<moving_mean_initializer, init::zeros, Options...>::make();
        c.moving_variance_initializer = detail::find_option_t<moving_variance_initializer, init::ones, Options...>::make();
        return c;
    }

    BatchNormalization() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (epsilon, center, scale; the axis is
    /// compared when the layer is built, where the input's rank tells -1 from 3); throws
    /// config_error otherwise. Name, momentum and initializers come from the config.
    explicit BatchNormalization(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static BatchNormalization from_config(const json& j) {
        return BatchNormalization(layers::BatchNormalization::config_from_json(j));
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        check_axis(in);
        impl_.build(in, s, scope);
    }
    void rebind(const Shape& in) {
        check_axis(in);
        impl_.rebind(in);
    }

private:
    void check_axis(const Shape& in) const {
        const int a = config().axis;
        detail::check_axes_agree(std::span<const int>(&a, 1), std::span<const int>(&axis_v, 1), in.rank(),
                                 "BatchNormalization");
    }
    static config_type checked(config_type c) {
        const std::string w = "BatchNormalization";
        detail::check_number_agrees(c.epsilon, detail::ratio_value<eps_t>, "epsilon", w);
        detail::check_flag_agrees(c.center, center, "center", w);
        detail::check_flag_agrees(c.scale, scale, "scale", w);
        return c;
    }
};

template <class... O>
inline constexpr bool detail::arguments_ok_v<BatchNormalization<O...>> =
    detail::batch_norm_options_ok<O...> && detail::batch_norm_axis_ok<O...> && detail::batch_norm_numbers_ok<O...> &&
    detail::batch_norm_inits_ok<O...>;

/// Keras `LayerNormalization`: each sample normalised over `axis` (the last by default) with its
/// own mean and variance, then scaled by gamma and shifted by beta.
///
///     LayerNormalization<>                                   // axis -1, epsilon 1e-3
///     LayerNormalization<axis<1, 2>, epsilon<std::ratio<1, 1000000>>>
///
/// Options: `axis<A...>` (one or more axes, batch axis counted; -1), `epsilon<R>` (1/1000),
/// `no_center`, `no_scale`, `beta_initializer<I>`, `gamma_initializer<I>`. A config given to the
/// type must agree on axis, epsilon, center and scale.
template <class... Options>
class LayerNormalization : public static_layer<layers::LayerNormalization> {
    static_assert(detail::layer_norm_options_ok<Options...>,
                  "scion::LayerNormalization<Options...> takes only the options axis<A...>, epsilon<R>, no_center, "
                  "no_scale, beta_initializer<I> and gamma_initializer<I>, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(detail::layer_norm_axes_ok<Options...>,
                  "scion::LayerNormalization<axis<A...>> requires one or more distinct axes, not the batch axis 0 "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::positive_ratio<detail::find_ratio_t<epsilon, std::ratio<1, 1000>, Options...>>,
                  "scion::LayerNormalization requires epsilon<R> a positive std::ratio [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(InitializerType<detail::find_option_t<beta_initializer, init::zeros, Options...>> &&
                      InitializerType<detail::find_option_t<gamma_initializer, init::ones, Options...>>,
                  "scion::LayerNormalization's beta_initializer<I> and gamma_initializer<I> require 'I' to be an "
                  "initializer type such as scion::init::ones [SCION_NOT_AN_INITIALIZER]");
    using eps_t = detail::find_ratio_t<epsilon, std::ratio<1, 1000>, Options...>;

public:
    /// The DSL layer type itself (a named layer, `struct ln : LayerNormalization<> {};`, stores one).
    using dsl_type = LayerNormalization;
    static constexpr auto axes = detail::find_axes<Options...>::value;
    static constexpr bool center = !detail::has_flag<no_center, Options...>;
    static constexpr bool scale = !detail::has_flag<no_scale, Options...>;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::layer_normalization_output_shape(in, axes);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::layer_normalization_param_count(in, axes, center, scale);
    }
    /// Multiply-adds per sample: about three per element (mean, variance, output).
    static constexpr std::size_t macs(const Shape& in) noexcept { return 3 * in.elements(); }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.axis.assign(axes.begin(), axes.end());
        c.epsilon = detail::ratio_value<eps_t>;
        c.center = center;
        c.scale = scale;
        c.beta_initializer = detail::find_option_t<beta_initializer, init::zeros, Options...>::make();
        c.gamma_initializer = detail::find_option_t<gamma_initializer, init::ones, Options...>::make();
        return c;
    }

    LayerNormalization() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (epsilon, center, scale, the number of
    /// axes; the axes themselves when the layer is built); throws config_error otherwise.
    explicit LayerNormalization(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static LayerNormalization from_config(const json& j) {
        return LayerNormalization(layers::LayerNormalization::config_from_json(j));
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        detail::check_axes_agree(config().axis, axes, in.rank(), "LayerNormalization");
        impl_.build(in, s, scope);
    }
    void rebind(const Shape& in) {
        detail::check_axes_agree(config().axis, axes, in.rank(), "LayerNormalization");
        impl_.rebind(in);
    }

private:
    static config_type checked(config_type c) {
        const std::string w = "LayerNormalization";
        if (c.axis.size() != axes.size())
            throw config_error(w + " config does not match the static type: field 'axis' lists " +
                               std::to_string(c.axis.size()) + " axes, the type " + std::to_string(axes.size()));
        detail::check_number_agrees(c.epsilon, detail::ratio_value<eps_t>, "epsilon", w);
        detail::check_flag_agrees(c.center, center, "center", w);
        detail::check_flag_agrees(c.scale, scale, "scale", w);
        return c;
    }
};

template <class... O>
inline constexpr bool detail::arguments_ok_v<LayerNormalization<O...>> =
    detail::layer_norm_options_ok<O...> && detail::layer_norm_axes_ok<O...> &&
    detail::positive_ratio<detail::find_ratio_t<epsilon, std::ratio<1, 1000>, O...>> &&
    InitializerType<detail::find_option_t<beta_initializer, init::zeros, O...>> &&
    InitializerType<detail::find_option_t<gamma_initializer, init::ones, O...>>;

} // namespace scion
