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
template <class O>
inline constexpr bool gru_option =
    std::is_same_v<O, no_bias> || std::is_same_v<O, return_sequences> || std::is_same_v<O, go_backwards> ||
    std::is_same_v<O, return_state> || std::is_same_v<O, no_reset_after> || is_wrapped<O, activation> ||
    is_wrapped<O, recurrent_activation> || is_wrapped<O, kernel_initializer> ||
    is_wrapped<O, recurrent_initializer> || is_wrapped<O, bias_initializer>;
template <class... Options>
inline constexpr bool gru_options_ok = (gru_option<Options> && ...) && options_unique<Options...>;
template <std::size_t Units, class... Options>
inline constexpr bool gru_arguments_ok =
    Units > 0 && gru_options_ok<Options...> && ActivationType<find_option_t<activation, act::tanh, Options...>> &&
    ActivationType<find_option_t<recurrent_activation, act::sigmoid, Options...>> &&
    InitializerType<find_option_t<kernel_initializer, init::glorot_uniform, Options...>> &&
    InitializerType<find_option_t<recurrent_initializer, init::orthogonal<>, Options...>> &&
    InitializerType<find_option_t<bias_initializer, init::zeros, Options...>>;
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
    static_assert(Units > 0, "scion::GRU<Units> requires Units > 0 [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::gru_options_ok<Options...>,
                  "scion::GRU<Units, Options...> takes only the options return_sequences, go_backwards, "
                  "return_state, no_bias, no_reset_after, activation<A>, recurrent_activation<A> and the "
                  "*_initializer<I> options, each at most once [SCION_UNKNOWN_OPTION]");
    using act_t = detail::find_option_t<activation, act::tanh, Options...>;
    using rec_act_t = detail::find_option_t<recurrent_activation, act::sigmoid, Options...>;
    static_assert(ActivationType<act_t> && ActivationType<rec_act_t>,
                  "scion::GRU's activation<A> and recurrent_activation<A> require 'A' to be an activation type such "
                  "as scion::act::tanh [SCION_NOT_AN_ACTIVATION]");
    using kernel_init = detail::find_option_t<kernel_initializer, init::glorot_uniform, Options...>;
    using recurrent_init = detail::find_option_t<recurrent_initializer, init::orthogonal<>, Options...>;
    using bias_init = detail::find_option_t<bias_initializer, init::zeros, Options...>;
    static_assert(InitializerType<kernel_init> && InitializerType<recurrent_init> && InitializerType<bias_init>,
                  "scion::GRU's *_initializer<I> options require 'I' to be an initializer type such as "
                  "scion::init::orthogonal<> [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : GRU<...> {};`, stores one).
    using dsl_type = GRU;
    static constexpr bool is_recurrent = true;
    static constexpr std::size_t units = Units;
    static constexpr bool use_bias = !detail::has_flag<no_bias, Options...>;
    static constexpr bool reset_after = !detail::has_flag<no_reset_after, Options...>;
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
        return layers::gru_param_count(in, Units, use_bias, reset_after);
    }
    /// Multiply-adds per sample: at each step, the input and recurrent products of three gates.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        return in.rank() < 2 ? 0 : in[0] * 3 * Units * (in.back() + Units);
    }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.units = Units;
        c.activation = act_t::id;
        c.recurrent_activation = rec_act_t::id;
        c.use_bias = use_bias;
        c.reset_after = reset_after;
        c.return_sequences = returns_sequences;
        c.go_backwards = reads_backwards;
        c.return_state = returns_state;
        c.kernel_initializer = kernel_init::make();
        c.recurrent_initializer = recurrent_init::make();
        c.bias_initializer = bias_init::make();
        return c;
    }

    GRU() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (units, activations, use_bias,
    /// reset_after, return_sequences, go_backwards, return_state); throws config_error otherwise.
    explicit GRU(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static GRU from_config(const json& j) { return GRU(layers::GRU::config_from_json(j)); }

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
        constexpr const char* who = "GRU";
        detail::check_recurrent_field(c.units == d.units, who, "units");
        detail::check_recurrent_field(c.activation == d.activation, who, "activation");
        detail::check_recurrent_field(c.recurrent_activation == d.recurrent_activation, who, "recurrent_activation");
        detail::check_recurrent_field(c.use_bias == d.use_bias, who, "use_bias");
        detail::check_recurrent_field(c.reset_after == d.reset_after, who, "reset_after");
        detail::check_recurrent_field(c.return_sequences == d.return_sequences, who, "return_sequences");
        detail::check_recurrent_field(c.go_backwards == d.go_backwards, who, "go_backwards");
        detail::check_recurrent_field(c.return_state == d.return_state, who, "return_state");
        return c;
    }
};

template <std::size_t U, class... O>
inline constexpr bool detail::arguments_ok_v<GRU<U, O...>> = detail::gru_arguments_ok<U, O...>;

template <class T>
inline constexpr bool is_gru_v = false;
template <std::size_t U, class... O>
inline constexpr bool is_gru_v<GRU<U, O...>> = true;

} // namespace scion
