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

/// The config of `GRU` (Keras: the fields of its `get_config()`).
struct gru_config : base_config {
    std::size_t units = 0;
    scion::activation_id activation = scion::activation_id::tanh;
    scion::activation_id recurrent_activation = scion::activation_id::sigmoid;
    bool use_bias = true;
    /// Keras's default (true): the reset gate multiplies h · recurrent_kernel, and the bias is
    /// (2, 3u). TensorFlow.js knows only false (it writes reset_after false, bias (3u)).
    bool reset_after = true;
    bool return_sequences = false;
    bool go_backwards = false;
    bool return_state = false;  ///< also output the final state (Keras return_state)
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer recurrent_initializer = Initializer::orthogonal();
    Initializer bias_initializer = Initializer::zeros();
};

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

    explicit GRU(config_type cfg) : rnn_base(std::move(cfg)) {
        if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
    }

    /// Floats of scratch needed for a batch: x·kernel for every step, the recurrent products,
    /// h and a temporary.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept {
        const std::size_t u = cfg_.units, t = input_shape_[0];
        return batch * t * 3 * u + batch * 3 * u + 2 * batch * u;
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
        detail::write_recurrent_nulls(j);
        j["reset_after"] = cfg_.reset_after;
        detail::write_recurrent_flags(j, cfg_);
        return j;
    }

    /// Reads TensorFlow.js's and Keras's configs. A config without reset_after gets Keras's
    /// default, true; TensorFlow.js always writes the field (false).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        namespace d = scion::detail;
        const std::string w = "GRU config";
        config_type c;
        detail::read_recurrent_fields(c, j, w);
        c.recurrent_activation =
            activation_from_string(d::get_field_or<std::string>(j, "recurrent_activation", "sigmoid", w));
        c.reset_after = d::get_field_or<bool>(j, "reset_after", true, w);
        return c;
    }
    [[nodiscard]] static GRU from_config(const json& j) { return GRU(config_from_json(j)); }

private:
    // The forward pass: output 0 into `y`, and the final state into `h_out` ((batch, units))
    // when it is not null.
    void run(ConstTensorView x, TensorView y, float* h_out, std::span<float> scratch) const {
        using Eigen::Index;
        const auto B = static_cast<Index>(x.shape[0]);
        const auto T = static_cast<Index>(input_shape_[0]);
        const auto F = static_cast<Index>(input_shape_[1]);
        const auto U = static_cast<Index>(cfg_.units);
        float* s = scratch.data();
        MatrixMap XW(s, B * T, 3 * U);  // row b*T + t: x[b, t] · kernel + input bias
        s += B * T * 3 * U;
        MatrixMap Z(s, B, 3 * U);  // the gates of one step
        s += B * 3 * U;
        MatrixMap H(s, B, U);
        MatrixMap tmp(s + B * U, B, U);

        scion::detail::gemm(XW, ConstMatrixMap(x.data, B * T, F), ConstMatrixMap(weights_[0].data(), F, 3 * U));
        if (cfg_.use_bias) XW.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(weights_[2].data(), 3 * U);
        const ConstMatrixMap R(weights_[1].data(), U, 3 * U);
        H.setZero();
        for (Index step = 0; step < T; ++step) {
            const Index t = cfg_.go_backwards ? T - 1 - step : step;
            const StridedRows xw(XW.data() + t * 3 * U, B, 3 * U, Eigen::OuterStride<>(T * 3 * U));
            if (cfg_.reset_after) {
                // Z = h · recurrent_kernel + recurrent bias; then z, r from x and h; h̃ from x and r ∘ (h·Uh + b'h).
                scion::detail::gemm(Z, H, R);
                if (cfg_.use_bias)
                    Z.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(weights_[2].data() + 3 * U, 3 * U);
                Z.leftCols(2 * U) += xw.leftCols(2 * U);
                apply_activation(cfg_.recurrent_activation, RowBlock(Z.leftCols(2 * U)));
                Z.rightCols(U).array() = xw.rightCols(U).array() + Z.middleCols(U, U).array() * Z.rightCols(U).array();
            } else {
                // z, r from x and h; h̃ from x and (r ∘ h) · Uh.
                Z.leftCols(2 * U) = xw.leftCols(2 * U);
                scion::detail::gemm(Z.leftCols(2 * U), H, R.leftCols(2 * U), /*accumulate=*/true);
                apply_activation(cfg_.recurrent_activation, RowBlock(Z.leftCols(2 * U)));
                tmp.array() = Z.middleCols(U, U).array() * H.array();
                Z.rightCols(U) = xw.rightCols(U);
                scion::detail::gemm(Z.rightCols(U), tmp, R.rightCols(U), /*accumulate=*/true);
            }
            apply_activation(cfg_.activation, RowBlock(Z.rightCols(U)));
            H.array() = Z.leftCols(U).array() * H.array() + (1.0f - Z.leftCols(U).array()) * Z.rightCols(U).array();
            if (cfg_.return_sequences) StridedRowsOut(y.data + step * U, B, U, Eigen::OuterStride<>(T * U)) = H;
        }
        if (!cfg_.return_sequences) MatrixMap(y.data, B, U) = H;
        if (h_out != nullptr) MatrixMap(h_out, B, U) = H;
    }

    [[nodiscard]] std::array<weight_def, 3> weight_defs(const Shape& in) const {
        const std::size_t u = cfg_.units;
        return {{{"kernel", Shape{in[1], 3 * u}, &cfg_.kernel_initializer},
                 {"recurrent_kernel", Shape{u, 3 * u}, &cfg_.recurrent_initializer},
                 {"bias", cfg_.reset_after ? Shape{2, 3 * u} : Shape{3 * u}, &cfg_.bias_initializer}}};
    }
};

} // namespace scion::layers
