// scion/dsl/lstm.hpp — LSTM<Units, Options...>: the static DSL's long short-term memory layer;
// and what the recurrent DSL types (SimpleRNN, GRU, LSTM) share: their option spec.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/lstm.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace scion {

namespace detail {

/// The options every recurrent layer (SimpleRNN, GRU, LSTM) takes.
template <class O>
inline constexpr bool rnn_option =
    std::is_same_v<O, no_bias> || std::is_same_v<O, return_sequences> || std::is_same_v<O, go_backwards> ||
    std::is_same_v<O, return_state> || is_wrapped<O, activation> || is_wrapped<O, kernel_initializer> ||
    is_wrapped<O, recurrent_initializer> || is_wrapped<O, bias_initializer>;

/// Everything the options of a recurrent layer select, read once for SimpleRNN, GRU and LSTM:
/// the flags, the activations and initializers (Keras's defaults where an option is absent),
/// the conditions of the layers' static_asserts, and the engine config. `Own::takes<O>` says
/// which options a layer takes beyond `rnn_option`; the layer reads its own flags itself (GRU's
/// no_reset_after, LSTM's no_unit_forget_bias) and sets their fields in the config.
template <class Own, class... Options>
struct rnn_spec {
    using activation_t = find_option_t<activation, act::tanh, Options...>;
    using recurrent_activation_t = find_option_t<recurrent_activation, act::sigmoid, Options...>;
    using kernel_init = find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using recurrent_init = find_option_t<recurrent_initializer, init::orthogonal<>, Options...>;
    using bias_init = find_option_t<bias_initializer, init::zeros, Options...>;
    static constexpr bool use_bias = !has_flag<no_bias, Options...>;
    static constexpr bool returns_sequences = has_flag<return_sequences, Options...>;
    static constexpr bool reads_backwards = has_flag<go_backwards, Options...>;
    static constexpr bool returns_state = has_flag<return_state, Options...>;

    // The conditions of the layers' static_asserts.
    static constexpr bool options_ok =
        ((rnn_option<Options> || Own::template takes<Options>) && ...) && options_unique<Options...>;
    static constexpr bool activations_ok = ActivationType<activation_t> && ActivationType<recurrent_activation_t>;
    static constexpr bool initializers_ok =
        InitializerType<kernel_init> && InitializerType<recurrent_init> && InitializerType<bias_init>;
    template <std::size_t Units>
    static constexpr bool arguments_ok = Units > 0 && options_ok && activations_ok && initializers_ok;

    /// The engine config (simple_rnn_config, gru_config or lstm_config) of `units` with these
    /// options, every other field at its default.
    template <class Config>
    [[nodiscard]] static Config config(std::size_t units) {
        Config c;
        c.units = units;
        c.activation = activation_t::id;
        if constexpr (requires(Config& k) { k.recurrent_activation; })
            c.recurrent_activation = recurrent_activation_t::id;
        c.use_bias = use_bias;
        c.return_sequences = returns_sequences;
        c.return_state = returns_state;
        c.go_backwards = reads_backwards;
        c.kernel_initializer = kernel_init::make();
        c.recurrent_initializer = recurrent_init::make();
        c.bias_initializer = bias_init::make();
        return c;
    }
};

/// The config check of the recurrent DSL types: `c` if it agrees with `d`, the type's
/// default_config(), in every field the type fixes (units, the activations, use_bias,
/// reset_after, return_sequences, go_backwards, return_state; not the initializers nor
/// unit_forget_bias, which only shape new weights); else throws config_error naming `layer`
/// and the first field that differs.
template <class Config>
[[nodiscard]] Config checked_rnn_config(Config c, const Config& d, std::string_view layer) {
    const auto same = [layer](bool equal, const char* field) {
        if (!equal)
            throw config_error(std::string(layer) + " config does not match the static type: field '" + field +
                               "' differs");
    };
    same(c.units == d.units, "units");
    same(c.activation == d.activation, "activation");
    if constexpr (requires { c.recurrent_activation; })
        same(c.recurrent_activation == d.recurrent_activation, "recurrent_activation");
    same(c.use_bias == d.use_bias, "use_bias");
    if constexpr (requires { c.reset_after; }) same(c.reset_after == d.reset_after, "reset_after");
    same(c.return_sequences == d.return_sequences, "return_sequences");
    same(c.go_backwards == d.go_backwards, "go_backwards");
    same(c.return_state == d.return_state, "return_state");
    return c;
}

/// LSTM's options beyond every recurrent layer's.
struct lstm_own_options {
    template <class O>
    static constexpr bool takes = std::is_same_v<O, no_unit_forget_bias> || is_wrapped<O, recurrent_activation>;
};
template <class... Options>
using lstm_spec = rnn_spec<lstm_own_options, Options...>;
/// LSTM's option check, by a name of its own: the compilers print it with the options.
template <class... Options>
inline constexpr bool lstm_options_ok = lstm_spec<Options...>::options_ok;

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
    using S = detail::lstm_spec<Options...>;
    static_assert(Units > 0, "scion::LSTM<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::lstm_options_ok<Options...>,
                  "scion::LSTM<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, no_unit_forget_bias, activation<A>, recurrent_activation<A> and the "
                  "*_initializer<I> options, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(ActivationType<typename S::activation_t> && ActivationType<typename S::recurrent_activation_t>,
                  "scion::LSTM's activation<A> and recurrent_activation<A> require 'A' to be an activation type such "
                  "as scion::act::tanh [SCION_NOT_AN_ACTIVATION]");
    static_assert(InitializerType<typename S::kernel_init> && InitializerType<typename S::recurrent_init> &&
                      InitializerType<typename S::bias_init>,
                  "scion::LSTM's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : LSTM<...> {};`, stores one).
    using dsl_type = LSTM;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = S::use_bias;
    static constexpr bool unit_forget_bias = !detail::has_flag<no_unit_forget_bias, Options...>;
    static constexpr bool returns_sequences = S::returns_sequences;
    static constexpr bool reads_backwards = S::reads_backwards;
    static constexpr bool returns_state = S::returns_state;

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
        auto c = S::template config<config_type>(Units);
        c.unit_forget_bias = unit_forget_bias;
        return c;
    }

    LSTM() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activations, use_bias,
    /// return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit LSTM(config_type cfg)
        : static_layer(detail::checked_rnn_config(std::move(cfg), default_config(), class_name)) {}
    [[nodiscard]] static LSTM from_config(const json& j) { return LSTM(layers::LSTM::config_from_json(j)); }

    using static_layer::forward;
    /// With return_state, every output: `ys[0]` the output, `ys[1]` state_h, `ys[2]` state_c.
    void forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires returns_state
    {
        impl_.forward(x, ys, scratch, ctx);
    }
};

template <std::size_t U, class... O>
inline constexpr bool detail::arguments_ok_v<LSTM<U, O...>> = detail::lstm_spec<O...>::template arguments_ok<U>;

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
