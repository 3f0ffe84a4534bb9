// src/layers/lstm.cpp — LSTM's out-of-line definitions: config, build, forward pass.
#include <scion/layers/lstm.hpp>
#include <scion/layers/simple_rnn.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace scion::layers {

LSTM::LSTM(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
}

void LSTM::build(const Shape& in, seed s, std::string_view scope) {
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

void LSTM::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 3 : 2), who());
}

std::vector<std::string> LSTM::weight_names() const {
    if (cfg_.use_bias) return {"kernel", "recurrent_kernel", "bias"};
    return {"kernel", "recurrent_kernel"};
}

void LSTM::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context&) const {
    run(x, y, nullptr, nullptr, scratch);
}

void LSTM::forward(const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch,
                   const call_context&) const {
    if (ys.size() != output_count())
        throw shape_error(who() + ": forward given " + std::to_string(ys.size()) + " outputs, it has " +
                          std::to_string(output_count()));
    if (ys.size() == 1) run(x, ys[0], nullptr, nullptr, scratch);
    else run(x, ys[0], ys[1].data, ys[2].data, scratch);
}

json LSTM::get_config() const {
    json j = detail::write_rnn_base(cfg_);
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

LSTM::config_type LSTM::config_from_json(const json& j) {
    namespace d = scion::detail;
    const std::string w = "LSTM config";
    config_type c;
    detail::read_recurrent_fields(c, j, w);
    c.recurrent_activation =
        activation_from_string(d::get_field_or<std::string>(j, "recurrent_activation", "sigmoid", w));
    c.unit_forget_bias = d::get_field_or<bool>(j, "unit_forget_bias", true, w);
    // dropout and recurrent_dropout only act in training; inference is unchanged.
    return c;
}

LSTM LSTM::from_config(const json& j) { return LSTM(config_from_json(j)); }

void LSTM::run(const ConstTensorView& x, const TensorView& y, float* h_out, float* c_out, std::span<float> scratch) const {
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

std::array<LSTM::weight_def, 3> LSTM::weight_defs(const Shape& in) const {
    const std::size_t u = cfg_.units;
    return {{{"kernel", Shape{in[1], 4 * u}, &cfg_.kernel_initializer},
             {"recurrent_kernel", Shape{u, 4 * u}, &cfg_.recurrent_initializer},
             {"bias", Shape{4 * u}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
