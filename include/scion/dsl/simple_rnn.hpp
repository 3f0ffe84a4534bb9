// scion/dsl/simple_rnn.hpp — SimpleRNN<Units, Options...>: the static DSL's fully connected
// recurrent layer.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/lstm.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/simple_rnn.hpp>

#include <type_traits>

namespace scion {

namespace detail {
/// SimpleRNN takes no options beyond every recurrent layer's.
struct simple_rnn_own_options {
    template <class O>
    static constexpr bool takes = false;
};
template <class... Options>
using simple_rnn_spec = rnn_spec<simple_rnn_own_options, Options...>;
/// SimpleRNN's option check, by a name of its own: the compilers print it with the options.
template <class... Options>
inline constexpr bool simple_rnn_options_ok = simple_rnn_spec<Options...>::options_ok;

/// What a SimpleRNN or GRU type declares for the graph protocol (graph/protocol.hpp) beyond a
/// one-output layer: with return_state, `output_count` (2: output, state); without, nothing.
template <bool ReturnState>
struct rnn_outputs {};
template <>
struct rnn_outputs<true> {
    static constexpr std::size_t output_count = layers::rnn_output_count(true);
};
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
    using S = detail::simple_rnn_spec<Options...>;
    static_assert(Units > 0, "scion::SimpleRNN<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::simple_rnn_options_ok<Options...>,
                  "scion::SimpleRNN<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, activation<A> and the *_initializer<I> options, each at most once "
                  "[SCION_UNKNOWN_OPTION]");
    static_assert(ActivationType<typename S::activation_t>,
                  "scion::SimpleRNN's activation<A> requires 'A' to be an activation type such as scion::act::tanh "
                  "[SCION_NOT_AN_ACTIVATION]");
    static_assert(InitializerType<typename S::kernel_init> && InitializerType<typename S::recurrent_init> &&
                      InitializerType<typename S::bias_init>,
                  "scion::SimpleRNN's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : SimpleRNN<...> {};`, stores one).
    using dsl_type = SimpleRNN;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = S::use_bias;
    static constexpr bool returns_sequences = S::returns_sequences;
    static constexpr bool reads_backwards = S::reads_backwards;
    static constexpr bool returns_state = S::returns_state;

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

    [[nodiscard]] static config_type default_config() { return S::template config<config_type>(Units); }

    SimpleRNN() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activation, use_bias,
    /// return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit SimpleRNN(config_type cfg)
        : static_layer(detail::checked_rnn_config(std::move(cfg), default_config(), class_name)) {}
    [[nodiscard]] static SimpleRNN from_config(const json& j) {
        return SimpleRNN(layers::SimpleRNN::config_from_json(j));
    }

    using static_layer::forward;
    /// With return_state, every output: `ys[0]` the output, `ys[1]` the state.
    void forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                 const layers::call_context& ctx) const
        requires returns_state
    {
        impl_.forward(x, ys, scratch, ctx);
    }
};

template <std::size_t U, class... O>
inline constexpr bool detail::arguments_ok_v<SimpleRNN<U, O...>> =
    detail::simple_rnn_spec<O...>::template arguments_ok<U>;

template <class T>
inline constexpr bool is_simple_rnn_v = false;
template <std::size_t U, class... O>
inline constexpr bool is_simple_rnn_v<SimpleRNN<U, O...>> = true;

} // namespace scion
