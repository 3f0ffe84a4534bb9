// scion/layers/simple_rnn.hpp — SimpleRNN: a fully connected recurrent layer over (time,
// features) sequences; and what the recurrent layers SimpleRNN and GRU share.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>
#include <scion/layers/lstm.hpp>

#include <array>
#include <string>
#include <vector>

namespace scion::layers {

/// SimpleRNN's and GRU's number of outputs: 2 with return_state (Keras: [output, state]), else 1.
[[nodiscard]] constexpr std::size_t rnn_output_count(bool return_state) noexcept { return return_state ? 2 : 1; }

/// SimpleRNN's parameter count: kernel (features, u), recurrent kernel (u, u), bias (u).
[[nodiscard]] constexpr std::size_t simple_rnn_param_count(const Shape& in, std::size_t units,
                                                           bool use_bias) noexcept {
    return units * (in.back() + units) + (use_bias ? units : 0);
}

/// SimpleRNN's arguments: Keras's constructor arguments with Keras's defaults, then name and
/// trainable; `simple_rnn_config` with an activation id, `dynamic::simple_rnn_options` with a
/// Keras name (see basic_lstm_config).
template <class Act>
struct basic_simple_rnn_config {
    std::size_t units = 0;
    Act activation = detail::rnn_activation<Act>(activation_id::tanh);
    bool use_bias = true;
    bool return_sequences = false;
    bool return_state = false;  ///< also output the final state (Keras return_state)
    bool go_backwards = false;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};  ///< empty: the model gives a Keras-style automatic name
    bool trainable = true;

    friend bool operator==(const basic_simple_rnn_config&, const basic_simple_rnn_config&) = default;
};
/// The config of `SimpleRNN` (Keras: the fields of its `get_config()`).
using simple_rnn_config = basic_simple_rnn_config<activation_id>;

namespace detail {
/// `o` with its activation resolved, every other field as it is (see lstm_config's).
template <class F>
[[nodiscard]] simple_rnn_config with_activation_ids(const basic_simple_rnn_config<std::string>& o, F to_id) {
    const auto& [units, activation, use_bias, return_sequences, return_state, go_backwards, kernel_initializer,
                 recurrent_initializer, bias_initializer, name, trainable] = o;
    return {units,        to_id(activation),     use_bias,         return_sequences, return_state, go_backwards,
            kernel_initializer, recurrent_initializer, bias_initializer, name,          trainable};
}
} // namespace detail

namespace detail {

/// The Keras fields that SimpleRNN, GRU and LSTM share, read into config `c` (`w` names the
/// config in messages): units, activation, use_bias, return_sequences, go_backwards,
/// return_state and the three initializers. Regularizers and constraints must be null (they
/// only act in training, and a model that sets them is not one scion reproduces); stateful and
/// time_major are refused; dropout, recurrent_dropout, unroll, implementation and seed change
/// nothing at inference and are ignored.
template <class C>
void read_recurrent_fields(C& c, const json& j, const std::string& w) {
    namespace d = scion::detail;
    read_rnn_base(c, j, w);
    c.units = d::get_field<std::size_t>(j, "units", w);
    c.activation = activation_from_string(d::get_field_or<std::string>(j, "activation", "tanh", w));
    c.use_bias = d::get_field_or<bool>(j, "use_bias", true, w);
    c.return_sequences = d::get_field_or<bool>(j, "return_sequences", false, w);
    c.go_backwards = d::get_field_or<bool>(j, "go_backwards", false, w);
    c.return_state = d::get_field_or<bool>(j, "return_state", false, w);
    if (j.contains("kernel_initializer"))
        c.kernel_initializer = Initializer::from_json(j["kernel_initializer"], w + " kernel_initializer");
    if (j.contains("recurrent_initializer"))
        c.recurrent_initializer = Initializer::from_json(j["recurrent_initializer"], w + " recurrent_initializer");
    if (j.contains("bias_initializer"))
        c.bias_initializer = Initializer::from_json(j["bias_initializer"], w + " bias_initializer");
    for (const char* k : {"kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                          "kernel_constraint", "recurrent_constraint", "bias_constraint"})
        d::require_null(j, k, w);
    for (const char* k : {"stateful", "time_major"})
        if (d::get_field_or<bool>(j, k, false, w))
            throw config_error(w + ": unsupported option '" + std::string(k) + "' = true");
}

/// Writes the regularizer and constraint fields (all null), dropout and recurrent_dropout (0).
void write_recurrent_nulls(json& j);

/// Writes return_sequences, return_state, go_backwards, stateful and unroll (Keras's order).
template <class C>
void write_recurrent_flags(json& j, const C& c) {
    j["return_sequences"] = c.return_sequences;
    j["return_state"] = c.return_state;
    j["go_backwards"] = c.go_backwards;
    j["stateful"] = false;
    j["unroll"] = false;
}

/// What SimpleRNN and GRU share beyond basic_layer: one state, so one or two outputs (output,
/// state); the shape rules; build and rebind from the derived layer's `weight_defs(in)` (kernel,
/// recurrent_kernel, bias); the one- and several-output forward passes over the derived layer's
/// `run(x, y, state_out, scratch)`; and the weight names.
template <class Derived, class Config>
class rnn_base : public basic_layer<Derived, Config> {
    using base = basic_layer<Derived, Config>;

public:
    static constexpr bool is_recurrent = true;

    using base::base;

    /// 2 with return_state (output, state), else 1.
    [[nodiscard]] std::size_t output_count() const noexcept { return rnn_output_count(this->cfg_.return_state); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(rnn_output_shape(in, this->cfg_.units, this->cfg_.return_sequences), this->who(), in);
    }
    /// The shape of output `k` (< output_count()); throws shape_error otherwise.
    [[nodiscard]] Shape compute_output_shape(const Shape& in, std::size_t k) const {
        return check_shape(rnn_output_shape(in, this->cfg_.units, this->cfg_.return_sequences, output_count(), k),
                           this->who(), in);
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = derived().weight_defs(in);
        this->allocate(std::span(defs.data(), this->cfg_.use_bias ? 3 : 2), s, std::string(scope) + this->cfg_.name);
        this->mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same features (any number of steps);
    /// throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = derived().weight_defs(in);
        this->rebind_weights(in, out, std::span(defs.data(), this->cfg_.use_bias ? 3 : 2), this->who());
    }

    /// "kernel", "recurrent_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (this->cfg_.use_bias) return {"kernel", "recurrent_kernel", "bias"};
        return {"kernel", "recurrent_kernel"};
    }

    /// Output 0 only (the output, whether or not the layer returns its state).
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context&) const {
        derived().run(x, y, nullptr, scratch);
    }
    /// Every output: `ys[0]` the output and, with return_state, `ys[1]` the state after the last
    /// step read, (batch, units). `ys` holds output_count() views; throws shape_error otherwise.
    void forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                 const call_context&) const {
        if (ys.size() != output_count())
            throw shape_error(this->who() + ": forward given " + std::to_string(ys.size()) + " outputs, it has " +
                              std::to_string(output_count()));
        derived().run(x, ys[0], ys.size() > 1 ? ys[1].data : nullptr, scratch);
    }

protected:
    using weight_def = typename base::weight_def;
    using StridedRows = Eigen::Map<const RowMatrix, 0, Eigen::OuterStride<>>;
    using StridedRowsOut = Eigen::Map<RowMatrix, 0, Eigen::OuterStride<>>;

    [[nodiscard]] const Derived& derived() const noexcept { return static_cast<const Derived&>(*this); }
};

} // namespace detail

/// Keras `SimpleRNN`: at each step h = act(x_t · kernel + h · recurrent_kernel + bias), from
/// h = 0. With go_backwards the sequence is read from its end and, with return_sequences, the
/// outputs stay in reading order (as Keras). Weights, in Keras order: kernel (features, u),
/// recurrent_kernel (u, u), bias (u).
///
/// With return_state the layer has two outputs, as Keras's [output, state]: the output above,
/// then the state after the last step read, (batch, units) — the first input step with
/// go_backwards. Without return_sequences the two are equal.
class SimpleRNN : public detail::rnn_base<SimpleRNN, simple_rnn_config> {
    friend class detail::rnn_base<SimpleRNN, simple_rnn_config>;

public:
    static constexpr std::string_view class_name = "SimpleRNN";
    static constexpr std::string_view default_name = "simple_rnn";

    explicit SimpleRNN(config_type cfg);

    /// Floats of scratch needed for a batch: x·kernel for every step, h and a temporary.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        const std::size_t u = cfg_.units, t = input_shape_[0];
        return batch * t * u + 2 * batch * u;
    }

    [[nodiscard]] json get_config() const;

    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static SimpleRNN from_config(const json& j);

private:
    // The forward pass: output 0 into `y`, and the final state into `h_out` ((batch, units))
    // when it is not null.
    void run(const ConstTensorView& x, const TensorView& y, float* h_out, std::span<float> scratch) const;

    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
