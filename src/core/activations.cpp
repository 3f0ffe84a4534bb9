// src/core/activations.cpp — activation names parsing and activation math on Eigen blocks.
#include <scion/core/activations.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace scion {

activation_id activation_from_string(std::string_view name) {
    for (const auto& e : detail::activation_names)
        if (e.name == name) return e.value;
    throw config_error("unknown activation '" + std::string(name) +
                       "' (known: linear, relu, sigmoid, tanh, softmax, elu, selu, gelu, swish/silu, "
                       "softplus, softsign, hard_sigmoid, exponential)");
}

void apply_activation(activation_id a, RowBlock m) {
    auto x = m.array();
    switch (a) {
    case activation_id::linear: return;
    case activation_id::relu: x = x.max(0.0f); return;
    case activation_id::sigmoid: x = (1.0f + (-x).exp()).inverse(); return;
    case activation_id::tanh: x = x.tanh(); return;
    case activation_id::softmax:
        for (Eigen::Index r = 0; r < m.rows(); ++r) {
            auto row = m.row(r).array();
            row = (row - row.maxCoeff()).exp();
            row /= row.sum();
        }
        return;
    case activation_id::elu: x = (x > 0.0f).select(x, x.exp() - 1.0f); return;
    case activation_id::selu: {
        constexpr float alpha = 1.6732632423543772848170429916717f;
        constexpr float scale = 1.0507009873554804934193349852946f;
        x = scale * (x > 0.0f).select(x, alpha * (x.exp() - 1.0f));
        return;
    }
    case activation_id::gelu:
        x = x.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::erf(v * 0.70710678118654752440f)); });
        return;
    case activation_id::swish: x = x * (1.0f + (-x).exp()).inverse(); return;
    case activation_id::softplus:
        x = x.unaryExpr([](float v) { return std::max(v, 0.0f) + std::log1p(std::exp(-std::fabs(v))); });
        return;
    case activation_id::softsign: x = x / (1.0f + x.abs()); return;
    case activation_id::hard_sigmoid: x = (0.2f * x + 0.5f).max(0.0f).min(1.0f); return;
    case activation_id::exponential: x = x.exp(); return;
    }
}

void apply_activation(activation_id a, float* data, std::size_t size, std::size_t last) {
    if (a == activation_id::linear || size == 0) return;
    MatrixMap m(data, static_cast<Eigen::Index>(size / last), static_cast<Eigen::Index>(last));
    apply_activation(a, RowBlock(m));
}

} // namespace scion
