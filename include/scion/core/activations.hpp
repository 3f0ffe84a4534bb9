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
[[nodiscard]] activation_id activation_from_string(std::string_view name);

/// A strided view of rows: what activations and gates operate on (a whole tensor seen as
/// (rows, last axis), or a block of columns of one).
using RowBlock = Eigen::Ref<RowMatrix, 0, Eigen::OuterStride<>>;

/// Applies `a` in place to every element of `m`; softmax normalises each row (the last axis).
/// The math follows Keras and TensorFlow.js: hard_sigmoid is clip(0.2x + 0.5, 0, 1) as in
/// TensorFlow.js and Keras 2, gelu is the exact (erf) form, selu uses Keras's constants.
void apply_activation(activation_id a, RowBlock m);

/// Applies `a` to a contiguous tensor whose last axis has `last` elements.
void apply_activation(activation_id a, float* data, std::size_t size, std::size_t last);

} // namespace scion
