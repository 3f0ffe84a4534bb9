// scion/dsl/gru.hpp — GRU<Units, Options...>: the static DSL's gated recurrent unit.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/lstm.hpp>
#include <scion/dsl/options.hpp>
#include <scion/dsl/simple_rnn.hpp>
#include <scion/layers/gru.hpp>

#include <type_traits>

namespace scion {

/// GRU: Keras's `reset_after=False` — the reset gate multiplies h before the recurrent product,
/// one bias of 3·units — the form TensorFlow.js implements (and writes in its model files).
/// Without it a GRU has Keras's default, `reset_after=True` (bias (2, 3·units)).
struct no_reset_after {};

namespace detail {
/// GRU's options beyond every recurrent layer's.
struct gru_own_options {
    template <class O>
    static constexpr bool takes = std::is_same_v<O, no_reset_after> || is_wrapped<O, recurrent_activation>;
};
template <class... Options>
using gru_spec = rnn_spec<gru_own_options, Options...>;
/// GRU's option check, by a name of its own: the compilers print it with the options.
template <class... Options>
inline constexpr bool gru_options_ok = gru_spec<Options...>::options_ok;
} // namespace detail

/// Keras `GRU` over (time, features) inputs (gates z, r, h̃; see layers::GRU for the math).
///
///     GRU<16>                                    // (T, F) -> (16); Keras's reset_after=True
///     GRU<16, no_reset_after>                    // TensorFlow.js's form (reset_after=False)
///     GRU<16, return_sequences>                  // (T, F) -> (T, 16)
///     GRU<8, go_backwards, recurrent_activation<act::hard_sigmoid>>
///     GRU<16, return_state>                      // 2 outputs: (16), state (16)
///
/// With `return_state` the layer has two outputs, as Keras's [output, state]: a functional node
/// calling it stands for output 0, and `Get<node, 1>` selects the final state, (Units).
/// Bidirectional does not take such a layer.
///
/// Options: `return_sequences`, `go_backwards`, `return_state`, `no_bias`, `no_reset_after`,
/// `activation<A>` (tanh), `recurrent_activation<A>` (sigmoid; TensorFlow.js's default is
/// hard_sigmoid), `kernel_initializer<I>` (glorot_uniform), `recurrent_initializer<I>`
/// (orthogonal), `bias_initializer<I>` (zeros).
template <std::size_t Units, class... Options>
class GRU : public static_layer<layers::GRU>,
            public detail::rnn_outputs<detail::has_flag<return_state, Options...>> {
    using S = detail::gru_spec<Options...>;
    static_assert(Units > 0, "scion::GRU<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::gru_options_ok<Options...>,
                  "scion::GRU<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, no_reset_after, activation<A>, recurrent_activation<A> and the "
                  "*_initializer<I> options, each at most once [SCION_UNKNOWN_OPTION]");
    static_assert(ActivationType<typename S::activation_t> && ActivationType<typename S::recurrent_activation_t>,
                  "scion::GRU's activation<A> and recurrent_activation<A> require 'A' to be an activation type such "
                  "as scion::act::tanh [SCION_NOT_AN_ACTIVATION]");
    static_assert(InitializerType<typename S::kernel_init> && InitializerType<typename S::recurrent_init> &&
                      InitializerType<typename S::bias_init>,
                  "scion::GRU's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : GRU<...> {};`, stores one).
    using dsl_type = GRU;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = S::use_bias;
    static constexpr bool reset_after = !detail::has_flag<no_reset_after, Options...>;
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
        return layers::gru_param_count(in, Units, use_bias, reset_after);
    }
    /// Multiply-adds per sample: at each step, the input and recurrent products of three gates.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        return in.rank() < 2 ? 0 : in[0] * 3 * Units * (in.back() + Units);
    }

    [[nodiscard]] static config_type default_config() {
        auto c = S::template config<config_type>(Units);
        c.reset_after = reset_after;
        return c;
    }

    GRU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activations, use_bias,
    /// reset_after, return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit GRU(config_type cfg)
        : static_layer(detail::checked_rnn_config(std::move(cfg), default_config(), class_name)) {}
    [[nodiscard]] static GRU from_config(const json& j) { return GRU(layers::GRU::config_from_json(j)); }

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
inline constexpr bool detail::arguments_ok_v<GRU<U, O...>> = detail::gru_spec<O...>::template arguments_ok<U>;

template <class T>
inline constexpr bool is_gru_v = false;
template <std::size_t U, class... O>
inline constexpr bool is_gru_v<GRU<U, O...>> = true;

} // namespace scion
