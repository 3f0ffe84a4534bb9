// src/layers/gru.cpp — GRU's out-of-line definitions: config, forward pass (reset_after true and false).
#include <scion/layers/gru.hpp>

#include <string>

namespace scion::layers {

GRU::GRU(config_type cfg) : rnn_base(std::move(cfg)) {
    if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
}

json GRU::get_config() const {
    json j = detail::write_rnn_base(cfg_);
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

GRU::config_type GRU::config_from_json(const json& j) {
    namespace d = scion::detail;
    const std::string w = "GRU config";
    config_type c;
    detail::read_recurrent_fields(c, j, w);
    c.recurrent_activation =
        activation_from_string(d::get_field_or<std::string>(j, "recurrent_activation", "sigmoid", w));
    c.reset_after = d::get_field_or<bool>(j, "reset_after", true, w);
    return c;
}

GRU GRU::from_config(const json& j) { return GRU(config_from_json(j)); }

void GRU::run(const ConstTensorView& x, const TensorView& y, float* h_out, std::span<float> scratch) const {
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

std::array<GRU::weight_def, 3> GRU::weight_defs(const Shape& in) const {
    const std::size_t u = cfg_.units;
    return {{{"kernel", Shape{in[1], 3 * u}, &cfg_.kernel_initializer},
             {"recurrent_kernel", Shape{u, 3 * u}, &cfg_.recurrent_initializer},
             {"bias", cfg_.reset_after ? Shape{2, 3 * u} : Shape{3 * u}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
