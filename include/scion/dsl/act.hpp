// scion/dsl/act.hpp — activations as types (scion::act::relu, ...), for the static DSL.
#pragma once

#include <scion/core/activations.hpp>

#include <concepts>

/// Activations as types: `Dense<32, act::relu>`. Each names an engine activation.
namespace scion::act {
// clang-format off
struct linear       { static constexpr activation_id id = activation_id::linear; };
struct relu         { static constexpr activation_id id = activation_id::relu; };
struct sigmoid      { static constexpr activation_id id = activation_id::sigmoid; };
struct tanh         { static constexpr activation_id id = activation_id::tanh; };
struct softmax      { static constexpr activation_id id = activation_id::softmax; };
struct elu          { static constexpr activation_id id = activation_id::elu; };
struct selu         { static constexpr activation_id id = activation_id::selu; };
struct gelu         { static constexpr activation_id id = activation_id::gelu; };
struct swish        { static constexpr activation_id id = activation_id::swish; };
using silu = swish;
struct softplus     { static constexpr activation_id id = activation_id::softplus; };
struct softsign     { static constexpr activation_id id = activation_id::softsign; };
struct hard_sigmoid { static constexpr activation_id id = activation_id::hard_sigmoid; };
struct exponential  { static constexpr activation_id id = activation_id::exponential; };
// clang-format on
} // namespace scion::act

namespace scion {
/// A type naming an activation: one of scion::act, or any type with
/// `static constexpr activation_id id`.
template <class A>
concept ActivationType = requires {
    { A::id } -> std::convertible_to<activation_id>;
};
} // namespace scion
