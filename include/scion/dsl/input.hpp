// scion/dsl/input.hpp — Input<Dims...>: a model's input, declared by its per-sample shape.
#pragma once

#include <scion/core/shape.hpp>

#include <cstddef>
#include <utility>

namespace scion {

namespace detail {
template <std::size_t... Dims>
inline constexpr bool input_dims_ok = sizeof...(Dims) >= 1 && sizeof...(Dims) < max_rank && ((Dims > 0) && ...);
} // namespace detail

/// A model input with per-sample shape (Dims...), batch axis excluded (Keras `Input(shape=...)`):
/// `Input<728>` takes (batch, 728) tensors, `Input<20, 8>` takes (batch, 20, 8).
/// As a value, `Input<10>{}` is what clone_model takes to rebuild a model on a new input.
/// In a functional graph, a struct deriving from it is an input node, named after the struct.
template <std::size_t... Dims>
struct Input {
    static_assert(detail::input_dims_ok<Dims...>,
                  "scion::Input<Dims...> requires 1 to 7 positive dimensions [SCION_BAD_INPUT_SHAPE]");
    static constexpr Shape shape{Dims...};
    /// In a functional graph, an input is a node: `struct x : Input<10> {};` names it "x".
    using input_type = Input;
    static constexpr std::size_t node_depth = 0;
};

template <class T>
inline constexpr bool is_input_v = false;
template <std::size_t... D>
inline constexpr bool is_input_v<Input<D...>> = true;

/// Whether T is an Input<...> with valid dimensions (checked without instantiating it).
template <class T>
inline constexpr bool is_valid_input_v = false;
template <std::size_t... D>
inline constexpr bool is_valid_input_v<Input<D...>> = detail::input_dims_ok<D...>;

/// A compile-time shape as a type, as model traits return it: `dims<20, 16>`.
template <std::size_t... Dims>
struct dims {
    static constexpr Shape value{Dims...};
};

namespace detail {
/// `T<S[0], S[1], ...>` for a shape value S: the one way a Shape becomes a type
/// (`apply_dims_t<dims, S>`, `apply_dims_t<Input, S>`).
template <template <std::size_t...> class T, Shape S>
struct apply_dims {
    template <std::size_t... I>
    static T<S[I]...> make(std::index_sequence<I...>);
    using type = decltype(make(std::make_index_sequence<S.rank()>{}));
};
template <template <std::size_t...> class T, Shape S>
using apply_dims_t = typename apply_dims<T, S>::type;
} // namespace detail

} // namespace scion
