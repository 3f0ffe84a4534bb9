// src/layers/simple_rnn.cpp — SimpleRNN's out-of-line definitions, and the recurrent layers' shared JSON writer.
#include <scion/layers/simple_rnn.hpp>

#include <string>

namespace scion::layers {

namespace detail {

void write_recurrent_nulls(json& j) {
    for (const char* k : {"kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
                          "kernel_constraint", "recurrent_constraint", "bias_constraint"})
        j[k] = nullptr;
    j["dropout"] = 0.0;
    j["recurrent_dropout"] = 0.0;
}

} // namespace detail

SimpleRNN::SimpleRNN(config_type cfg) : rnn_base(std::move(cfg)) {
    if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
}

json SimpleRNN::get_config() const {
    json j = detail::write_rnn_base(cfg_);
    j["units"] = cfg_.units;
    j["activation"] = std::string(to_string(cfg_.activation));
    j["use_bias"] = cfg_.use_bias;
    j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
    j["recurrent_initializer"] = cfg_.recurrent_initializer.to_json();
    j["bias_initializer"] = cfg_.bias_initializer.to_json();
    detail::write_recurrent_nulls(j);
    detail::write_recurrent_flags(j, cfg_);
    return j;
}

SimpleRNN::config_type SimpleRNN::config_from_json(const json& j) {
    config_type c;
    detail::read_recurrent_fields(c, j, "SimpleRNN config");
    return c;
}

SimpleRNN SimpleRNN::from_config(const json& j) { return SimpleRNN(config_from_json(j)); }

void SimpleRNN::run(const ConstTensorView& x, const TensorView& y, float* h_out, std::span<float> scratch) const {
    using Eigen::Index;
    const auto B = static_cast<Index>(x.shape[0]);
    const auto T = static_cast<Index>(input_shape_[0]);
    const auto F = static_cast<Index>(input_shape_[1]);
    const auto U = static_cast<Index>(cfg_.units);
    float* s = scratch.data();
    MatrixMap XW(s, B * T, U);  // row b*T + t: x[b, t] · kernel + bias
    s += B * T * U;
    MatrixMap H(s, B, U);
    MatrixMap Z(s + B * U, B, U);

    scion::detail::gemm(XW, ConstMatrixMap(x.data, B * T, F), ConstMatrixMap(weights_[0].data(), F, U));
    if (cfg_.use_bias) XW.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(weights_[2].data(), U);
    const ConstMatrixMap R(weights_[1].data(), U, U);
    H.setZero();
    for (Index step = 0; step < T; ++step) {
        const Index t = cfg_.go_backwards ? T - 1 - step : step;
        Z.noalias() = StridedRows(XW.data() + t * U, B, U, Eigen::OuterStride<>(T * U));
        scion::detail::gemm(Z, H, R, /*accumulate=*/true);
        apply_activation(cfg_.activation, RowBlock(Z));
        H = Z;
        if (cfg_.return_sequences) StridedRowsOut(y.data + step * U, B, U, Eigen::OuterStride<>(T * U)) = H;
    }
    if (!cfg_.return_sequences) MatrixMap(y.data, B, U) = H;
    if (h_out != nullptr) MatrixMap(h_out, B, U) = H;
}

std::array<SimpleRNN::weight_def, 3> SimpleRNN::weight_defs(const Shape& in) const {
    const std::size_t u = cfg_.units;
    return {{{"kernel", Shape{in[1], u}, &cfg_.kernel_initializer},
             {"recurrent_kernel", Shape{u, u}, &cfg_.recurrent_initializer},
             {"bias", Shape{u}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
