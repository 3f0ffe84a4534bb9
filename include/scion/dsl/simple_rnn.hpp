// scion/dsl/simple_rnn.hpp — SimpleRNN<Units, Options...>: the static DSL's fully connected
// recurrent layer.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/lstm.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/simple_rnn.hpp>

#include <string>
#include <type_traits>

namespace scion {

namespace detail {
template <class O>
inline constexpr bool simple_rnn_option =
    std::is_same_v<O, no_bias> || std::is_same_v<O, return_sequences> || std::is_same_v<O, go_backwards> ||
    std::is_same_v<O, return_state> || is_wrapped<O, activation> || is_wrapped<O, kernel_initializer> ||
    is_wrapped<O, recurrent_initializer> || is_wrapped<O, bias_initializer>;
template <class... Options>
inline constexpr bool simple_rnn_options_ok = (simple_rnn_option<Options> && ...) && options_unique<Options...>;
template <std::size_t Units, class... Options>
inline constexpr bool simple_rnn_arguments_ok =
    Units > 0 && simple_rnn_options_ok<Options...> &&
    ActivationType<find_option_t<activation, act::tanh, Options...>> &&
    InitializerType<find_option_t<kernel_initializer, init::glorot_uniform, Options...>> &&
    InitializerType<find_option_t<recurrent_initializer, init::orthogonal<>, Options...>> &&
    InitializerType<find_option_t<bias_initializer, init::zeros, Options...>>;

/// What a SimpleRNN or GRU type declares for the graph protocol (graph/protocol.hpp) beyond a
/// one-output layer: with return_state, `output_count` (2: output, state); without, nothing.
template <bool ReturnState>
struct rnn_outputs {};
template <>
struct rnn_outputs<true> {
    static constexpr std::size_t output_count = layers::rnn_output_count(true);
};

/// The config check shared by the recurrent DSL types: throws config_error naming `layer` and
/// the field when a field the type fixes differs.
inline void check_recurrent_field(bool same, const char* layer, const char* field) {
    if (!same)
        throw config_error(std::string(layer) + " config does not match the static type: field '" + field +
                           "' differs");
}
} // namespace detail

/// Keras `SimpleRNN` over (time, features) inputs: h = act(x_t · kernel + h · recurrent_kernel
/// + bias) at each step.
///
///     SimpleRNN<16>                                   // (T, F) -> (16): the last step
///     SimpleRNN<16, return_sequences>                 // (T, F) -> (T, 16)
///     SimpleRNN<8, go_backwards, activation<act::relu>>
///     SimpleRNN<16, return_state>                     // 2 outputs: (16), state (16)
///
/// With `return_state` the layer has two outputs, as Keras's [output, state]: a functional node
/// calling it stands for output 0, and `Get<node, 1>` selects the final state, (Units).
/// Bidirectional does not take such a layer.
///
/// Options: `return_sequences`, `go_backwards`, `return_state`, `no_bias`, `activation<A>`
/// (tanh), `kernel_initializer<I>` (glorot_uniform), `recurrent_initializer<I>` (orthogonal),
/// `bias_initializer<I>` (zeros).
template <std::size_t Units, class... Options>
class SimpleRNN : public static_layer<layers::SimpleRNN>,
                  public detail::rnn_outputs<detail::has_flag<return_state, Options...>> {
    static_assert(Units > 0, "scion::SimpleRNN<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::simple_rnn_options_ok<Options...>,
                  "scion::SimpleRNN<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, activation<A> and the *_initializer<I> options, each at most once "
                  "[SCION_UNKNOWN_OPTION]");
    using act_t = detail::find_option_t<activation, act::tanh, Options...>;
    static_assert(ActivationType<act_t>, "scion::SimpleRNN's activation<A> requires 'A' to be an activation type "
                                         "such as scion::act::tanh [SCION_NOT_AN_ACTIVATION]");
    using kernel_init = detail::find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using recurrent_init = detail::find_option_t<recurrent_initializer, init::orthogonal<>, Options...>;
    using bias_init = detail::find_option_t<bias_initializer, init::zeros, Options...>;
    static_assert(InitializerType<kernel_init> && InitializerType<recurrent_init> && InitializerType<bias_init>,
                  "scion::SimpleRNN's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : SimpleRNN<...> {};`, stores one).
    using dsl_type = SimpleRNN;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = !detail::has_flag<no_bias, Options...>;
    static constexpr bool returns_sequences = detail::has_flag<return_sequences, Options...>;
    static constexpr bool reads_backwards = detail::has_flag<go_backwards, Options...>;
    static constexpr bool returns_state = detail::has_flag<return_state, Options...>;

    /// Output 0's shape rule: `(Units)`, or `(T, Units)` with return_sequences.
    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::rnn_output_shape(in, Units, returns_sequences);
    }
    /// With return_state, output `k`'s rule: 0 as `infer`, 1 (the state) `(Units)`.
    static constexpr shape_result infer_output(const Shape& in, std::size_t k) noexcept
        requires returns_state
    {
        return layers::rnn_output_shape(in, Units, returns_sequences, layers::rnn_output_count(true), k);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return layers::simple_rnn_param_count(in, Units, use_bias);
    }
    /// Multiply-adds per sample: at each step, the input and recurrent products.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        return in.rank() < 2 ? 0 : in[0] * Units * (in.back() + Units);
    }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.units = Units;
        c.activation = act_t::id;
        c.use_bias = use_bias;
        c.return_sequences = returns_sequences;
        c.go_backwards = reads_backwards;
        c.return_state = returns_state;
        c.kernel_initializer = kernel_init::make();
        c.recurrent_initializer = recurrent_init::make();
        c.bias_initializer = bias_init::make();
        return c;
    }

    SimpleRNN() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activation, use_bias,
    /// return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit SimpleRNN(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static SimpleRNN from_config(const json& j) {
        return SimpleRNN(layers::SimpleRNN::config_from_json(j));
    }

    using static_layer::forward;
    /// With return_state, every output: `ys[0]` the output, `ys[1]` the state.
    void forward(ConstTensorView x, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires returns_state
    {
        impl_.forward(x, ys, scratch, ctx);
    }

private:
    static config_type checked(config_type c) {
        const config_type d = default_config();
        constexpr const char* who = "SimpleRNN";
        detail::check_recurrent_field(c.units == d.units, who, "units");
        detail::check_recurrent_field(c.activation == d.activation, who, "activation");
        detail::check_recurrent_field(c.use_bias == d.use_bias, who, "use_bias");
        detail::check_recurrent_field(c.return_sequences == d.return_sequences, who, "return_sequences");
        detail::check_recurrent_field(c.go_backwards == d.go_backwards, who, "go_backwards");
        detail::check_recurrent_field(c.return_state == d.return_state, who, "return_state");
        return c;
    }
};

template <std::size_t U, class... O>
inline constexpr bool detail::arguments_ok_v<SimpleRNN<U, O...>> = detail::simple_rnn_arguments_ok<U, O...>;

template <class T>
inline constexpr bool is_simple_rnn_v = false;
template <std::size_t U, class... O>
inline constexpr bool is_simple_rnn_v<SimpleRNN<U, O...>> = true;

} // namespace scion
