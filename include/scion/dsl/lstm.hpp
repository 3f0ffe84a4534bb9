// scion/dsl/lstm.hpp — LSTM<Units, Options...>: the static DSL's long short-term memory layer.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/lstm.hpp>

#include <type_traits>

namespace scion {

namespace detail {
template <class O>
inline constexpr bool lstm_option =
    std::is_same_v<O, no_bias> || std::is_same_v<O, return_sequences> || std::is_same_v<O, go_backwards> ||
    std::is_same_v<O, return_state> || std::is_same_v<O, no_unit_forget_bias> || is_wrapped<O, activation> ||
    is_wrapped<O, recurrent_activation> || is_wrapped<O, kernel_initializer> || is_wrapped<O, recurrent_initializer> || is_wrapped<O, bias_initializer>;
template <class... Options>
inline constexpr bool lstm_options_ok = (lstm_option<Options> && ...) && options_unique<Options...>;
template <std::size_t Units, class... Options>
inline constexpr bool lstm_arguments_ok =
    Units > 0 && lstm_options_ok<Options...> &&
    ActivationType<find_option_t<activation, act::tanh, Options...>> &&
    ActivationType<find_option_t<recurrent_activation, act::sigmoid, Options...>> &&
    InitializerType<find_option_t<kernel_initializer, init::glorot_uniform, Options...>> &&
    InitializerType<find_option_t<recurrent_initializer, init::orthogonal<>, Options...>> &&
    InitializerType<find_option_t<bias_initializer, init::zeros, Options...>>;

/// What an LSTM type declares for the graph protocol (graph/protocol.hpp) beyond a one-output
/// layer: with return_state, `output_count` (3); without, nothing.
template <bool ReturnState>
struct lstm_outputs {};
template <>
struct lstm_outputs<true> {
    static constexpr std::size_t output_count = layers::lstm_output_count(true);
};
} // namespace detail

/// Keras `LSTM` over (time, features) inputs.
///
///     LSTM<16>                                   // (T, F) -> (16): the last step
///     LSTM<16, return_sequences>                 // (T, F) -> (T, 16)
///     LSTM<8, go_backwards, activation<act::relu>>
///     LSTM<16, return_state>                     // 3 outputs: (16), state_h (16), state_c (16)
///
/// With `return_state` the layer has three outputs, as Keras's [output, state_h, state_c]: a
/// functional node calling it stands for output 0, and `Get<node, 1>`, `Get<node, 2>` select
/// the final hidden and cell states, each (Units). Bidirectional does not take such a layer.
///
/// Options: `return_sequences`, `go_backwards`, `return_state`, `no_bias`, `no_unit_forget_bias`,
/// `activation<A>` (tanh), `recurrent_activation<A>` (sigmoid), `kernel_initializer<I>`
/// (glorot_uniform), `recurrent_initializer<I>` (orthogonal), `bias_initializer<I>` (zeros).
template <std::size_t Units, class... Options>
class LSTM : public static_layer<layers::LSTM>,
             public detail::lstm_outputs<detail::has_flag<return_state, Options...>> {
    static_assert(Units > 0, "scion::LSTM<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::lstm_options_ok<Options...>,
                  "scion::LSTM<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, no_unit_forget_bias, activation<A>, recurrent_activation<A> and the "
                  "*_initializer<I> options, each at most once [SCION_UNKNOWN_OPTION]");
    using act_t = detail::find_option_t<activation, act::tanh, Options...>;
    using rec_act_t = detail::find_option_t<recurrent_activation, act::sigmoid, Options...>;
    static_assert(ActivationType<act_t> && ActivationType<rec_act_t>,
                  "scion::LSTM's activation<A> and recurrent_activation<A> require 'A' to be an activation type such "
                  "as scion::act::tanh [SCION_NOT_AN_ACTIVATION]");
    using kernel_init = detail::find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using recurrent_init = detail::find_option_t<recurrent_initializer, init::orthogonal<>, Options...>;
    using bias_init = detail::find_option_t<bias_initializer, init::zeros, Options...>;
    static_assert(InitializerType<kernel_init> && InitializerType<recurrent_init> && InitializerType<bias_init>,
                  "scion::LSTM's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : LSTM<...> {};`, stores one).
    using dsl_type = LSTM;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = !detail::has_flag<no_bias, Options...>;
    static constexpr bool returns_sequences = detail::has_flag<return_sequences, Options...>;
    static constexpr bool reads_backwards = detail::has_flag<go_backwards, Options...>;
    static constexpr bool returns_state = detail::has_flag<return_state, Options...>;

    /// Output 0's shape rule: `(Units)`, or `(T, Units)` with return_sequences.
    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::lstm_output_shape(in, Units, returns_sequences);
    }
    /// With return_state, output `k`'s rule: 0 as `infer`, 1 (state_h) and 2 (state_c) `(Units)`.
    static constexpr shape_result infer_output(const Shape& in, std::size_t k) noexcept
        requires returns_state
    {
        return layers::lstm_output_shape(in, Units, returns_sequences, true, k);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::lstm_param_count(in, Units, use_bias);
    }
    /// Multiply-adds per sample: at each step, the input and recurrent products of four gates.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        return in.rank() < 2 ? 0 : in[0] * 4 * Units * (in.back() + Units);
    }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.units = Units;
        c.activation = act_t::id;
        c.recurrent_activation = rec_act_t::id;
        c.use_bias = use_bias;
        c.unit_forget_bias = !detail::has_flag<no_unit_forget_bias, Options...>;
        c.return_sequences = returns_sequences;
        c.go_backwards = reads_backwards;
        c.return_state = returns_state;
        c.kernel_initializer = kernel_init::make();
        c.recurrent_initializer = recurrent_init::make();
        c.bias_initializer = bias_init::make();
        return c;
    }

    LSTM() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activations, use_bias,
    /// return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit LSTM(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static LSTM from_config(const json& j) { return LSTM(layers::LSTM::config_from_json(j)); }

    using static_layer::forward;
    /// With return_state, every output: `ys[0]` the output, `ys[1]` state_h, `ys[2]` state_c.
    void forward(ConstTensorView x, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires returns_state
    {
        impl_.forward(x, ys, scratch, ctx);
    }

private:
    static config_type checked(config_type c) {
        const config_type d = default_config();
        auto fail = [](const char* field) {
            throw config_error(std::string("LSTM config does not match the static type: field '") + field + "' differs");
        };
        if (c.units != d.units) fail("units");
        if (c.activation != d.activation) fail("activation");
        if (c.recurrent_activation != d.recurrent_activation) fail("recurrent_activation");
        if (c.use_bias != d.use_bias) fail("use_bias");
        if (c.return_sequences != d.return_sequences) fail("return_sequences");
        if (c.go_backwards != d.go_backwards) fail("go_backwards");
        if (c.return_state != d.return_state) fail("return_state");
        return c;
    }
};

template <std::size_t U, class... O>
inline constexpr bool detail::arguments_ok_v<LSTM<U, O...>> = detail::lstm_arguments_ok<U, O...>;

template <class T>
inline constexpr bool is_lstm_v = false;
template <std::size_t U, class... O>
inline constexpr bool is_lstm_v<LSTM<U, O...>> = true;

/// A recurrent layer type (one that Bidirectional can wrap).
template <class L>
concept RecurrentLayer = Layer<L> && requires {
    requires L::is_recurrent;
};

} // namespace scion
