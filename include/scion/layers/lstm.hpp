// scion/layers/lstm.hpp — LSTM: long short-term memory over (time, features) sequences.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>

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

/// The config of `LSTM` (Keras: the fields of its `get_config()`).
struct lstm_config : base_config {
    std::size_t units = 0;
    scion::activation_id activation = scion::activation_id::tanh;
    scion::activation_id recurrent_activation = scion::activation_id::sigmoid;
    bool use_bias = true;
    bool unit_forget_bias = true;
    bool return_sequences = false;
    bool go_backwards = false;
    bool return_state = false;  ///< also output the final states h and c (Keras return_state)
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
};

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

    explicit LSTM(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
    }


    /// 3 with return_state (output, state_h, state_c), else 1.
    [[nodiscard]] std::size_t output_count() const noexcept { return lstm_output_count(cfg_.return_state); }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(lstm_output_shape(in, cfg_.units, cfg_.return_sequences), who(), in);
    }
    /// The shape of output `k` (< output_count()); throws shape_error otherwise.
    [[nodiscard]] Shape compute_output_shape(const Shape& in, std::size_t k) const {
        return check_shape(lstm_output_shape(in, cfg_.units, cfg_.return_sequences, cfg_.return_state, k), who(), in);
    }

    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const std::size_t u = cfg_.units;
        const auto defs = weight_defs(in);
        allocate(std::span(defs.data(), cfg_.use_bias ? 3 : 2), s, std::string(scope) + cfg_.name);
        if (cfg_.use_bias && cfg_.unit_forget_bias) {
            // Keras: bias = [init(u), ones(u), init(2u)]; the forget gate starts open.
            float* b = weights_[2].data();
            std::fill(b + u, b + 2 * u, 1.0f);
        }
        mark_built(in, out);
    }

    /// Keeps the weights for a new input shape with the same features (any number of steps);
    /// throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 3 : 2), who());
    }


    /// "kernel", "recurrent_kernel", "bias" (without a bias, the first two).
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"kernel", "recurrent_kernel", "bias"};
        return {"kernel", "recurrent_kernel"};
    }

    /// Floats of scratch needed for a batch: x·kernel for every step, h, c and a temporary.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        const std::size_t u = cfg_.units, t = input_shape_[0];
        return batch * t * 4 * u + batch * 4 * u + 3 * batch * u;
    }

    /// Output 0 only (the output, whether or not the layer returns its states).
    void forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context&) const {
        run(x, y, nullptr, nullptr, scratch);
    }
    /// Every output: `ys[0]` the output, and with return_state `ys[1]` state_h and `ys[2]`
    /// state_c, each (batch, units). `ys` holds output_count() views; throws shape_error otherwise.
    void forward(ConstTensorView x, std::span<const TensorView> ys, std::span<float> scratch,
                 const call_context&) const {
        if (ys.size() != output_count())
            throw shape_error(who() + ": forward given " + std::to_string(ys.size()) + " outputs, it has " +
                              std::to_string(output_count()));
        if (ys.size() == 1) run(x, ys[0], nullptr, nullptr, scratch);
        else run(x, ys[0], ys[1].data, ys[2].data, scratch);
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["units"] = cfg_.units;
        j["activation"] = std::string(to_string(cfg_.activation));
        j["recurrent_activation"] = std::string(to_string(cfg_.recurrent_activation));
        j["use_bias"] = cfg_.use_bias;
        j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
        j["recurrent_initializer"] = cfg_.recurrent_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        j["unit_forget_bias"] = cfg_.unit_forget_bias;
        for (const char* k : {"kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                              "kernel_constraint", "recurrent_constraint", "bias_constraint"})
            j[k] = nullptr;
        j["dropout"] = 0.0;
        j["recurrent_dropout"] = 0.0;
        j["return_sequences"] = cfg_.return_sequences;
        j["return_state"] = cfg_.return_state;
        j["go_backwards"] = cfg_.go_backwards;
        j["stateful"] = false;
        j["unroll"] = false;
        return j;
    }

    [[nodiscard]] static config_type config_from_json(const json& j) {
        namespace d = scion::detail;
        const std::string w = "LSTM config";
        config_type c;
        detail::read_base(c, j, w);
        c.units = d::get_field<std::size_t>(j, "units", w);
        c.activation = activation_from_string(d::get_field_or<std::string>(j, "activation", "tanh", w));
        c.recurrent_activation =
            activation_from_string(d::get_field_or<std::string>(j, "recurrent_activation", "sigmoid", w));
        c.use_bias = d::get_field_or<bool>(j, "use_bias", true, w);
        c.unit_forget_bias = d::get_field_or<bool>(j, "unit_forget_bias", true, w);
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
        if (d::get_field_or<bool>(j, "stateful", false, w))
            throw config_error(w + ": unsupported option 'stateful' = true");
        // dropout and recurrent_dropout only act in training; inference is unchanged.
        return c;
    }
    [[nodiscard]] static LSTM from_config(const json& j) { return LSTM(config_from_json(j)); }

private:
    // The forward pass: output 0 into `y`, and the final states into `h_out` and `c_out` (each
    // (batch, units)) when they are not null.
    void run(ConstTensorView x, TensorView y, float* h_out, float* c_out, std::span<float> scratch) const {
        using Eigen::Index;
        using StridedRows = Eigen::Map<const RowMatrix, 0, Eigen::OuterStride<>>;
        using StridedRowsOut = Eigen::Map<RowMatrix, 0, Eigen::OuterStride<>>;
        const auto B = static_cast<Index>(x.shape[0]);
        const auto T = static_cast<Index>(input_shape_[0]);
        const auto F = static_cast<Index>(input_shape_[1]);
        const auto U = static_cast<Index>(cfg_.units);
        float* s = scratch.data();
        MatrixMap XW(s, B * T, 4 * U);     // row b*T + t: x[b, t] · kernel + bias
        s += B * T * 4 * U;
        MatrixMap Z(s, B, 4 * U);
        s += B * 4 * U;
        MatrixMap H(s, B, U);
        MatrixMap C(s + B * U, B, U);
        MatrixMap tmp(s + 2 * B * U, B, U);

        scion::detail::gemm(XW, ConstMatrixMap(x.data, B * T, F), ConstMatrixMap(weights_[0].data(), F, 4 * U));
        if (cfg_.use_bias) XW.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(weights_[2].data(), 4 * U);
        const ConstMatrixMap R(weights_[1].data(), U, 4 * U);
        H.setZero();
        C.setZero();
        for (Index step = 0; step < T; ++step) {
            const Index t = cfg_.go_backwards ? T - 1 - step : step;
            Z.noalias() = StridedRows(XW.data() + t * 4 * U, B, 4 * U, Eigen::OuterStride<>(T * 4 * U));
            scion::detail::gemm(Z, H, R, /*accumulate=*/true);
            apply_activation(cfg_.recurrent_activation, RowBlock(Z.leftCols(2 * U)));
            apply_activation(cfg_.activation, RowBlock(Z.middleCols(2 * U, U)));
            apply_activation(cfg_.recurrent_activation, RowBlock(Z.rightCols(U)));
            C.array() = Z.middleCols(U, U).array() * C.array() + Z.leftCols(U).array() * Z.middleCols(2 * U, U).array();
            tmp = C;
            apply_activation(cfg_.activation, RowBlock(tmp));
            H.array() = Z.rightCols(U).array() * tmp.array();
            if (cfg_.return_sequences)
                StridedRowsOut(y.data + step * U, B, U, Eigen::OuterStride<>(T * U)) = H;
        }
        if (!cfg_.return_sequences) MatrixMap(y.data, B, U) = H;
        if (h_out != nullptr) MatrixMap(h_out, B, U) = H;
        if (c_out != nullptr) MatrixMap(c_out, B, U) = C;
    }

    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const {
        const std::size_t u = cfg_.units;
        return {{{"kernel", Shape{in[1], 4 * u}, &cfg_.kernel_initializer},
                 {"recurrent_kernel", Shape{u, 4 * u}, &cfg_.recurrent_initializer},
                 {"bias", Shape{4 * u}, &cfg_.bias_initializer}}};
    }
};

} // namespace scion::layers
