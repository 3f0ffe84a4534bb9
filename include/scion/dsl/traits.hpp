// scion/dsl/traits.hpp — compile-time facts about a model type: shapes and parameter counts.
#pragma once

#include <scion/dsl/input.hpp>
#include <scion/graph/shape_inference.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace scion {

/// A static model type: one with a canonical graph.
template <class M>
concept StaticModel = requires { typename M::graph_type; };

/// A model type whose declaration was invalid and has already been reported (an empty shell):
/// the traits give neutral values for it instead of a second error.
template <class M>
concept DiagnosedModel = requires { typename M::invalid_model_diagnosed; };

namespace detail {
template <class M>
constexpr bool check_model() {
    static_assert(StaticModel<M> || DiagnosedModel<M>, "scion's model traits require 'M' to be a static model type "
                                                       "such as scion::Sequential<Input<4>, Dense<2>> "
                                                       "[SCION_NOT_A_MODEL]");
    return StaticModel<M> || DiagnosedModel<M>;
}
template <class M>
constexpr std::size_t param_count_of() {
    if constexpr (StaticModel<M>) return M::param_count;
    else return 0;
}
template <class M, std::size_t I>
constexpr Shape output_shape_of() {
    if constexpr (StaticModel<M>) return M::template output_shape<I>;
    else return Shape{};
}
template <class M, std::size_t I>
constexpr Shape input_shape_of() {
    if constexpr (StaticModel<M>) return M::template input_shape<I>;
    else return Shape{};
}
template <Shape S>
struct shape_to_dims {
    template <std::size_t... I>
    static dims<S[I]...> make(std::index_sequence<I...>);
    using type = decltype(make(std::make_index_sequence<S.rank()>{}));
};
} // namespace detail

/// The number of weight scalars of model type `M` (Keras's `count_params()`), at compile time.
template <class M>
    requires(detail::check_model<M>())
inline constexpr std::size_t param_count_v = detail::param_count_of<M>();

/// The per-sample output shape of model `M` (output `I`), as a value and as a type `dims<...>`.
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
inline constexpr Shape output_shape_v = detail::output_shape_of<M, I>();
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
using output_shape_t = typename detail::shape_to_dims<detail::output_shape_of<M, I>()>::type;

/// The per-sample input shape of model `M` (input `I`), as a value and as a type `dims<...>`.
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
inline constexpr Shape input_shape_v = detail::input_shape_of<M, I>();
template <class M, std::size_t I = 0>
    requires(detail::check_model<M>())
using input_shape_t = typename detail::shape_to_dims<detail::input_shape_of<M, I>()>::type;

} // namespace scion
