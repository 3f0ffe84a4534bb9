// scion/dsl/dense.hpp — Dense<Units, Act, Options...>: the static DSL's densely connected layer.
#pragma once

#include <scion/detail/diagnostics.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/dense.hpp>

#include <type_traits>

namespace scion {

namespace detail {
template <class O>
inline constexpr bool dense_option = std::is_same_v<O, no_bias> || is_wrapped<O, kernel_initializer> ||
                                     is_wrapped<O, bias_initializer>;
template <class... Options>
inline constexpr bool dense_options_ok = (dense_option<Options> && ...) && options_unique<Options...>;
template <std::size_t Units, class Act, class... Options>
inline constexpr bool dense_arguments_ok =
    ActivationType<Act> && Units > 0 && dense_options_ok<Options...> &&
    InitializerType<find_option_t<kernel_initializer, init::glorot_uniform, Options...>> &&
    InitializerType<find_option_t<bias_initializer, init::zeros, Options...>>;
} // namespace detail

/// A densely connected layer, `activation(x · kernel + bias)` on the last axis (Keras `Dense`).
///
///     Dense<32, act::relu>                       // 32 units, relu
///     Dense<10, act::softmax, no_bias>           // no bias vector
///     Dense<8, act::linear, kernel_initializer<init::he_normal>>
///
/// Options: `no_bias`, `kernel_initializer<I>`, `bias_initializer<I>`.
template <std::size_t Units, class Act = act::linear, class... Options>
class Dense : public static_layer<layers::Dense> {
    static_assert(ActivationType<Act>,
                  "scion::Dense<Units, Act> requires 'Act' to be an activation type such as scion::act::relu "
                  "[SCION_NOT_AN_ACTIVATION]");
    static_assert(Units > 0, "scion::Dense<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::dense_options_ok<Options...>,
                  "scion::Dense<Units, Act, Options...> takes only the options no_bias, kernel_initializer<I> and "
                  "bias_initializer<I>, each at most once [SCION_UNKNOWN_OPTION]");
    using kernel_init = detail::find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using bias_init = detail::find_option_t<bias_initializer, init::zeros, Options...>;
    static_assert(InitializerType<kernel_init> && InitializerType<bias_init>,
                  "scion::Dense's kernel_initializer<I> and bias_initializer<I> require 'I' to be an initializer type "
                  "such as scion::init::he_normal [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Dense<...> {};`, stores one).
    using dsl_type = Dense;
    static constexpr std::size_t units = Units;
    static constexpr activation_id activation_v = Act::id;
    static constexpr bool use_bias = !detail::has_flag<no_bias, Options...>;

    static constexpr shape_result infer(const Shape& in) noexcept { return layers::dense_output_shape(in, Units); }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::dense_param_count(in, Units, use_bias);
    }
    /// Multiply-adds per sample: one per kernel entry per input row.
    static constexpr std::size_t macs(const Shape& in) noexcept { return in.elements() * Units; }

    /// The config this type stands for (automatic name).
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.units = Units;
        c.activation = Act::id;
        c.use_bias = use_bias;
        c.kernel_initializer = kernel_init::make();
        c.bias_initializer = bias_init::make();
        return c;
    }

    Dense() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activation, use_bias);
    /// throws config_error otherwise. Name, trainable and initializers come from the config.
    explicit Dense(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Dense from_config(const json& j) { return Dense(layers::Dense::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        if (c.units != Units)
            throw config_error("Dense config does not match the static type: units is " + std::to_string(c.units) +
                               ", the type says " + std::to_string(Units));
        if (c.activation != Act::id)
            throw config_error("Dense config does not match the static type: activation is '" +
                               std::string(to_string(c.activation)) + "', the type says '" +
                               std::string(to_string(Act::id)) + "'");
        if (c.use_bias != use_bias)
            throw config_error(std::string("Dense config does not match the static type: use_bias is ") +
                               (c.use_bias ? "true" : "false") + ", the type says " + (use_bias ? "true" : "false"));
        return c;
    }
};

template <std::size_t U, class A, class... O>
inline constexpr bool detail::arguments_ok_v<Dense<U, A, O...>> = detail::dense_arguments_ok<U, A, O...>;

namespace detail {
template <std::size_t U, class A, class... O>
struct layer_edit<Dense<U, A, O...>> {
    template <class... K>
    using with_options = Dense<U, A, K...>;
    using with_bias = apply_list_t<with_options, drop_options_t<is_no_bias, O...>>;
    template <class Act>
    using with_activation = Dense<U, Act, O...>;
};
} // namespace detail

template <class T>
inline constexpr bool is_dense_v = false;
template <std::size_t U, class A, class... O>
inline constexpr bool is_dense_v<Dense<U, A, O...>> = true;

} // namespace scion
