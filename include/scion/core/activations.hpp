// scion/core/activations.hpp — the Keras activations: names, and their math on Eigen blocks.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/tensor.hpp>

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <string>
#include <string_view>

namespace scion {

/// The activation functions, with Keras's names and math.
enum class activation_id : unsigned char {
    linear, relu, sigmoid, tanh, softmax, elu, selu, gelu, swish, softplus, softsign, hard_sigmoid, exponential
};

namespace detail {
struct activation_name {
    activation_id value;
    std::string_view name;
};
// Canonical Keras names first; then aliases accepted when reading configs.
inline constexpr std::array<activation_name, 16> activation_names{{
    {activation_id::linear, "linear"},       {activation_id::relu, "relu"},
    {activation_id::sigmoid, "sigmoid"},     {activation_id::tanh, "tanh"},
    {activation_id::softmax, "softmax"},     {activation_id::elu, "elu"},
    {activation_id::selu, "selu"},           {activation_id::gelu, "gelu"},
    {activation_id::swish, "swish"},         {activation_id::softplus, "softplus"},
    {activation_id::softsign, "softsign"},   {activation_id::hard_sigmoid, "hard_sigmoid"},
    {activation_id::exponential, "exponential"},
    {activation_id::swish, "silu"},          {activation_id::hard_sigmoid, "hardSigmoid"},
    {activation_id::linear, "None"},
}};
} // namespace detail

/// The Keras name of an activation ("relu", "hard_sigmoid", ...).
[[nodiscard]] constexpr std::string_view to_string(activation_id a) noexcept {
    for (const auto& e : detail::activation_names)
        if (e.value == a) return e.name;
    return "linear";
}

/// Parses a Keras (or TensorFlow.js) activation name; throws config_error for an unknown one.
[[nodiscard]] inline activation_id activation_from_string(std::string_view name) {
    for (const auto& e : detail::activation_names)
        if (e.name == name) return e.value;
    throw config_error("unknown activation '" + std::string(name) +
                       "' (known: linear, relu, sigmoid, tanh, softmax, elu, selu, gelu, swish/silu, "
                       "softplus, softsign, hard_sigmoid, exponential)");
}

/// A strided view of rows: what activations and gates operate on (a whole tensor seen as
/// (rows, last axis), or a block of columns of one).
using RowBlock = Eigen::Ref<RowMatrix, 0, Eigen::OuterStride<>>;

/// Applies `a` in place to every element of `m`; softmax normalises each row (the last axis).
/// The math follows Keras and TensorFlow.js: hard_sigmoid is clip(0.2x + 0.5, 0, 1) as in
/// TensorFlow.js and Keras 2, gelu is the exact (erf) form, selu uses Keras's constants.
inline void apply_activation(activation_id a, RowBlock m) {
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

/// Applies `a` to a contiguous tensor whose last axis has `last` elements.
inline void apply_activation(activation_id a, float* data, std::size_t size, std::size_t last) {
    if (a == activation_id::linear || size == 0) return;
    MatrixMap m(data, static_cast<Eigen::Index>(size / last), static_cast<Eigen::Index>(last));
    apply_activation(a, RowBlock(m));
}

} // namespace scion
