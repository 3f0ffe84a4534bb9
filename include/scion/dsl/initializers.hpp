// scion/dsl/initializers.hpp — initializers as types (scion::init::he_normal, ...), for the DSL.
#pragma once

#include <scion/core/initializers.hpp>

#include <concepts>
#include <ratio>

/// Initializers as types: `Dense<8, act::relu, kernel_initializer<init::he_normal>>`.
/// Parameters are std::ratio values: `init::constant<std::ratio<1, 2>>`.
namespace scion::init {
namespace detail {
template <class R>
constexpr float value = static_cast<float>(static_cast<double>(R::num) / static_cast<double>(R::den));
}
// clang-format off
struct zeros          { static Initializer make() { return Initializer::zeros(); } };
struct ones           { static Initializer make() { return Initializer::ones(); } };
struct glorot_uniform { static Initializer make() { return Initializer::glorot_uniform(); } };
struct glorot_normal  { static Initializer make() { return Initializer::glorot_normal(); } };
struct he_uniform     { static Initializer make() { return Initializer::he_uniform(); } };
struct he_normal      { static Initializer make() { return Initializer::he_normal(); } };
struct lecun_uniform  { static Initializer make() { return Initializer::lecun_uniform(); } };
struct lecun_normal   { static Initializer make() { return Initializer::lecun_normal(); } };
template <class Value = std::ratio<0>>
struct constant       { static Initializer make() { return Initializer::constant(detail::value<Value>); } };
template <class Min = std::ratio<-1, 20>, class Max = std::ratio<1, 20>>
struct random_uniform { static Initializer make() { return Initializer::random_uniform(detail::value<Min>, detail::value<Max>); } };
template <class Mean = std::ratio<0>, class Stddev = std::ratio<1, 20>>
struct random_normal  { static Initializer make() { return Initializer::random_normal(detail::value<Mean>, detail::value<Stddev>); } };
template <class Mean = std::ratio<0>, class Stddev = std::ratio<1, 20>>
struct truncated_normal { static Initializer make() { return Initializer::truncated_normal(detail::value<Mean>, detail::value<Stddev>); } };
template <class Gain = std::ratio<1>>
struct orthogonal     { static Initializer make() { return Initializer::orthogonal(detail::value<Gain>); } };
// clang-format on
} // namespace scion::init

namespace scion {
/// A type naming an initializer: one of scion::init, or any type with `static Initializer make()`.
template <class I>
concept InitializerType = requires {
    { I::make() } -> std::same_as<Initializer>;
};
} // namespace scion
