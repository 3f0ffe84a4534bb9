// scion/layers/lstm.hpp — LSTM: long short-term memory over (time, features) sequences; and
// what the recurrent layers' configs share.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scion::layers {

/// The shape rule of every recurrent layer (SimpleRNN, GRU, LSTM): (time, features) becomes
/// (time, units) with return_sequences, else (units).
[[nodiscard]] constexpr shape_result rnn_output_shape(const Shape& in, std::size_t units,
                                                      bool return_sequences) noexcept {
    if (in.rank() != 2) return shape_result::fail(shape_errc::rank_mismatch, 2, in.rank());
    if (units == 0 || in[0] == 0 || in[1] == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return return_sequences ? shape_result{Shape{in[0], units}} : shape_result{Shape{units}};
}
/// A recurrent layer's output `k` of `outputs` (1 without return_state; with it, 1 + the number
/// of states): 0 is the output of the rule above, the states are `(units)`. An index past the
/// outputs fails with input_count (expected: the number of outputs, actual: k + 1), as a
/// selection past a layer's outputs does in a graph.
[[nodiscard]] constexpr shape_result rnn_output_shape(const Shape& in, std::size_t units, bool return_sequences,
                                                      std::size_t outputs, std::size_t k) noexcept {
    if (k >= outputs) return shape_result::fail(shape_errc::input_count, outputs, k + 1);
    const shape_result out = rnn_output_shape(in, units, return_sequences);
    if (!out.ok() || k == 0) return out;
    return {Shape{units}};
}

/// LSTM's shape rule: (time, features) becomes (time, units) with return_sequences, else (units).
[[nodiscard]] constexpr shape_result lstm_output_shape(const Shape& in, std::size_t units,
                                                       bool return_sequences) noexcept {
    return rnn_output_shape(in, units, return_sequences);
}
/// LSTM's number of outputs: 3 with return_state (Keras: [output, state_h, state_c]), else 1.
[[nodiscard]] constexpr std::size_t lstm_output_count(bool return_state) noexcept { return return_state ? 3 : 1; }
/// LSTM's output `k`: 0 is the output of the rule above; with return_state, 1 (state_h) and 2
/// (state_c) are `(units)`, the states after the last step read (the first input step with
/// go_backwards). An index past the outputs fails with input_count (expected: the number of
/// outputs, actual: k + 1), as a selection past a layer's outputs does in a graph.
[[nodiscard]] constexpr shape_result lstm_output_shape(const Shape& in, std::size_t units, bool return_sequences,
                                                       bool return_state, std::size_t k) noexcept {
    return rnn_output_shape(in, units, return_sequences, lstm_output_count(return_state), k);
}
/// LSTM's parameter count: kernel (features, 4u), recurrent kernel (u, 4u), bias (4u).
[[nodiscard]] constexpr std::size_t lstm_param_count(const Shape& in, std::size_t units, bool use_bias) noexcept {
    return 4 * units * (in.back() + units) + (use_bias ? 4 * units : 0);
}

namespace detail {

/// A recurrent config's default activation `a`, held as the config holds activations: the id
/// (the engine's configs) or its Keras name (the dynamic options, which are the same structs).
template <class Act>
[[nodiscard]] Act rnn_activation(activation_id a) {
    if constexpr (std::is_same_v<Act, activation_id>) return a;
    else return Act(to_string(a));
}

/// Reads and writes a recurrent config's name and trainable as every layer's (read_base,
/// write_base). The recurrent configs hold these two as fields of their own, last, rather than
/// in base_config: their dynamic options are the same structs, and designated initializers
/// (`{.units = 8, .name = "enc"}`) cannot name a base's members.
template <class C>
void read_rnn_base(C& c, const json& j, std::string_view who) {
    base_config b;
    read_base(b, j, who);
    c.name = std::move(b.name);
    c.trainable = b.trainable;
}
template <class C>
[[nodiscard]] json write_rnn_base(const C& c) {
    return write_base(base_config{c.name, c.trainable});
}

} // namespace detail

/// LSTM's arguments: Keras's constructor arguments with Keras's defaults, then name and
/// trainable, in the order user code's designated initializers follow (`dynamic::LSTM({.units =
/// 8, .return_sequences = true})`). `Act` is how an activation is held: `lstm_config`, the
/// engine's config, holds activation ids; `dynamic::lstm_options` is this same struct with Keras
/// names (std::string) and becomes a config through `detail::with_activation_ids`. A new
/// argument is a field here, in that function, in the JSON (src/layers/lstm.cpp) and in the
/// DSL's option spec (dsl/lstm.hpp).
template <class Act>
struct basic_lstm_config {
    std::size_t units = 0;
    Act activation = detail::rnn_activation<Act>(activation_id::tanh);
    Act recurrent_activation = detail::rnn_activation<Act>(activation_id::sigmoid);
    bool use_bias = true;
    bool unit_forget_bias = true;  ///< start the forget gate's bias at 1 (an initialization option)
    bool return_sequences = false;
    bool return_state = false;  ///< also output the final states h and c (Keras return_state)
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};  ///< empty: the model gives a Keras-style automatic name
    bool trainable = true;

    friend bool operator==(const basic_lstm_config&, const basic_lstm_config&) = default;
};
/// The config of `LSTM` (Keras: the fields of its `get_config()`).
using lstm_config = basic_lstm_config<activation_id>;

namespace detail {
/// `o` with its activations resolved (`to_id` of each: a Keras name to an activation_id),
/// every other field as it is. The binding names every field, so a field added to the struct
/// and not here does not compile.
template <class F>
[[nodiscard]] lstm_config with_activation_ids(const basic_lstm_config<std::string>& o, F to_id) {
    const auto& [units, activation, recurrent_activation, use_bias, unit_forget_bias, return_sequences, return_state,
                 go_backwards, kernel_initializer, recurrent_initializer, bias_initializer, name, trainable] = o;
    return {units,          to_id(activation), to_id(recurrent_activation), use_bias,
            unit_forget_bias, return_sequences, return_state,                go_backwards,
            kernel_initializer, recurrent_initializer, bias_initializer,   name,
            trainable};
}
} // namespace detail

/// Keras `LSTM`. Gates in Keras order i, f, c, o along the 4·units axis:
///   z = x_t · kernel + h · recurrent_kernel + bias
///   c = σ(f) ∘ c + σ(i) ∘ act(c̃),   h = σ(o) ∘ act(c)
/// with σ the recurrent activation (sigmoid by default). With go_backwards the sequence is
/// read from its end and, with return_sequences, the outputs stay in reading order (as Keras).
/// Weights, in Keras order: kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u).
///
/// With return_state the layer has three outputs, as Keras's [output, state_h, state_c]: the
/// output above, then the hidden and cell states after the last step read, each (batch, units).
/// With go_backwards that step is the first of the input. Without return_sequences output 0 and
/// state_h are equal. Bidirectional rejects return_state (Keras would give 5 outputs).
class LSTM : public basic_layer<LSTM, lstm_config> {
public:
    static constexpr std::string_view class_name = "LSTM";
    static constexpr std::string_view default_name = "lstm";
    static constexpr bool is_recurrent = true;

    explicit LSTM(config_type cfg);


    /// 3 with return_state (output, state_h, state_c), else 1.
    [[nodiscard]] std::size_t output_count() const noexcept { return lstm_output_count(cfg_.return_state); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(lstm_output_shape(in, cfg_.units, cfg_.return_sequences), who(), in);
    }
    /// The shape of output `k` (< output_count()); throws shape_error otherwise.
    [[nodiscard]] Shape compute_output_shape(const Shape& in, std::size_t k) const {
        return check_shape(lstm_output_shape(in, cfg_.units, cfg_.return_sequences, cfg_.return_state, k), who(), in);
    }

    void build(const Shape& in, seed s, std::string_view scope = {});

    /// Keeps the weights for a new input shape with the same features (any number of steps);
    /// throws clone_error otherwise.
    void rebind(const Shape& in);


    /// "kernel", "recurrent_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    /// Floats of scratch needed for a batch: x·kernel for every step, h, c and a temporary.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        const std::size_t u = cfg_.units, t = input_shape_[0];
        return batch * t * 4 * u + batch * 4 * u + 3 * batch * u;
    }

    /// Output 0 only (the output, whether or not the layer returns its states).
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context&) const;
    /// Every output: `ys[0]` the output, and with return_state `ys[1]` state_h and `ys[2]`
    /// state_c, each (batch, units). `ys` holds output_count() views; throws shape_error otherwise.
    void forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                 const call_context&) const;

    [[nodiscard]] json get_config() const;

    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static LSTM from_config(const json& j);

private:
    // The forward pass: output 0 into `y`, and the final states into `h_out` and `c_out` (each
    // (batch, units)) when they are not null.
    void run(const ConstTensorView& x, const TensorView& y, float* h_out, float* c_out, std::span<float> scratch) const;

    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
