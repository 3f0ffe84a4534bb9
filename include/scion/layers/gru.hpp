// scion/layers/gru.hpp — GRU: gated recurrent unit over (time, features) sequences, with
// Keras's two forms (reset_after true and false).
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>
#include <scion/layers/simple_rnn.hpp>

#include <array>
#include <string>

namespace scion::layers {

/// GRU's parameter count: kernel (features, 3u), recurrent kernel (u, 3u), and a bias of 3u, or
/// of (2, 3u) with reset_after (an input bias and a recurrent bias).
[[nodiscard]] constexpr std::size_t gru_param_count(const Shape& in, std::size_t units, bool use_bias,
                                                    bool reset_after) noexcept {
    return 3 * units * (in.back() + units) + (use_bias ? (reset_after ? 6 : 3) * units : 0);
}

/// GRU's arguments: Keras's constructor arguments with Keras's defaults, then name and
/// trainable; `gru_config` with activation ids, `dynamic::gru_options` with Keras names (see
/// basic_lstm_config).
template <class Act>
struct basic_gru_config {
    std::size_t units = 0;
    Act activation = detail::rnn_activation<Act>(activation_id::tanh);
    Act recurrent_activation = detail::rnn_activation<Act>(activation_id::sigmoid);
    bool use_bias = true;
    /// Keras's default (true): the reset gate multiplies h · recurrent_kernel, and the bias is
    /// (2, 3u). TensorFlow.js knows only false (it writes reset_after false, bias (3u)).
    bool reset_after = true;
    bool return_sequences = false;
    bool return_state = false;  ///< also output the final state (Keras return_state)
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};  ///< empty: the model gives a Keras-style automatic name
    bool trainable = true;

    friend bool operator==(const basic_gru_config&, const basic_gru_config&) = default;
};
/// The config of `GRU` (Keras: the fields of its `get_config()`).
using gru_config = basic_gru_config<activation_id>;

namespace detail {
/// `o` with its activations resolved, every other field as it is (see lstm_config's).
template <class F>
[[nodiscard]] gru_config with_activation_ids(const basic_gru_config<std::string>& o, F to_id) {
    const auto& [units, activation, recurrent_activation, use_bias, reset_after, return_sequences, return_state,
                 go_backwards, kernel_initializer, recurrent_initializer, bias_initializer, name, trainable] = o;
    return {units,          to_id(activation), to_id(recurrent_activation), use_bias,
            reset_after,    return_sequences,  return_state,                go_backwards,
            kernel_initializer, recurrent_initializer, bias_initializer,   name,
            trainable};
}
} // namespace detail

/// Keras `GRU`. Gates in Keras order z (update), r (reset), h̃ (candidate) along the 3·units
/// axis, with σ the recurrent activation (sigmoid by default) and act the activation (tanh):
///
///     reset_after = false (TensorFlow.js, Keras 1):         reset_after = true (Keras 2 and 3):
///       z  = σ(x·Wz + bz + h·Uz)                              z  = σ(x·Wz + bz + h·Uz + b'z)
///       r  = σ(x·Wr + br + h·Ur)                              r  = σ(x·Wr + br + h·Ur + b'r)
///       h̃ = act(x·Wh + bh + (r ∘ h)·Uh)                      h̃ = act(x·Wh + bh + r ∘ (h·Uh + b'h))
///       h  = z ∘ h + (1 − z) ∘ h̃                             h  = z ∘ h + (1 − z) ∘ h̃
///
/// from h = 0. Weights, in Keras order: kernel (features, 3u), recurrent_kernel (u, 3u), bias
/// (3u), or (2, 3u) with reset_after: row 0 the input bias b, row 1 the recurrent bias b'.
/// With go_backwards the sequence is read from its end and, with return_sequences, the outputs
/// stay in reading order (as Keras).
///
/// With return_state the layer has two outputs, as Keras's [output, state]: the output above,
/// then the state after the last step read, (batch, units) — the first input step with
/// go_backwards. Without return_sequences the two are equal.
class GRU : public detail::rnn_base<GRU, gru_config> {
    friend class detail::rnn_base<GRU, gru_config>;

public:
    static constexpr std::string_view class_name = "GRU";
    static constexpr std::string_view default_name = "gru";

    explicit GRU(config_type cfg);

    /// Floats of scratch needed for a batch: x·kernel for every step, the recurrent products,
    /// h and a temporary.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        const std::size_t u = cfg_.units, t = input_shape_[0];
        return batch * t * 3 * u + batch * 3 * u + 2 * batch * u;
    }

    [[nodiscard]] json get_config() const;

    /// Reads TensorFlow.js's and Keras's configs. A config without reset_after gets Keras's
    /// default, true; TensorFlow.js always writes the field (false).
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static GRU from_config(const json& j);

private:
    // The forward pass: output 0 into `y`, and the final state into `h_out` ((batch, units))
    // when it is not null.
    void run(const ConstTensorView& x, const TensorView& y, float* h_out, std::span<float> scratch) const;

    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
