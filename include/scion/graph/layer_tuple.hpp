// scion/graph/layer_tuple.hpp — layer_tuple: a model's layers, stored flat.
#pragma once

#include <scion/detail/pack.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace scion::graph {

namespace detail {
/// One element of a layer_tuple: the layer at index I.
template <std::size_t I, class T>
struct slot {
    T value;
};

template <class Indices, class... Ls>
struct layer_tuple_base;
template <std::size_t... I, class... Ls>
struct layer_tuple_base<std::index_sequence<I...>, Ls...> : slot<I, Ls>... {
    layer_tuple_base() = default;
    layer_tuple_base(Ls... layers)  // NOLINT: implicit, so that {a, b, c} builds one
        requires(sizeof...(Ls) > 0)
        : slot<I, Ls>{std::move(layers)}... {}
};
} // namespace detail

/// The layer at index I (found by overload resolution on the base `slot<I, T>`).
template <std::size_t I, class T>
[[nodiscard]] constexpr T& get(detail::slot<I, T>& s) noexcept {
    return s.value;
}
template <std::size_t I, class T>
[[nodiscard]] constexpr const T& get(const detail::slot<I, T>& s) noexcept {
    return s.value;
}
template <std::size_t I, class T>
[[nodiscard]] constexpr T&& get(detail::slot<I, T>&& s) noexcept {
    return std::move(s.value);
}

/// The layers of a model, one per distinct layer, in layer order. Unlike std::tuple (a chain of
/// nested bases in libstdc++, which makes a 640-layer model exceed the template depth), every
/// element is a direct base: access is one overload resolution, never a recursion as deep as the
/// model. Built from a braced list of layers: `{Dense<8>{}, Dense<2>{}}`. Supports structured
/// bindings and `get<I>`.
template <class... Ls>
struct layer_tuple : detail::layer_tuple_base<std::index_sequence_for<Ls...>, Ls...> {
    using detail::layer_tuple_base<std::index_sequence_for<Ls...>, Ls...>::layer_tuple_base;
    static constexpr std::size_t size = sizeof...(Ls);

    /// Calls f(layer) on each layer in order.
    template <class F>
    void for_each(F&& f) {
        scion::detail::for_each_index<sizeof...(Ls)>([&](auto i) { f(get<decltype(i)::value>(*this)); });
    }
    template <class F>
    void for_each(F&& f) const {
        scion::detail::for_each_index<sizeof...(Ls)>([&](auto i) { f(get<decltype(i)::value>(*this)); });
    }
};

namespace detail {
template <std::size_t I, class T>
T element_of(const slot<I, T>&);
}
/// The type of the layer at index I.
template <std::size_t I, class Tuple>
using layer_at_t = decltype(detail::element_of<I>(std::declval<const Tuple&>()));

} // namespace scion::graph

// Structured bindings: auto& [first, second] = model.layers();
template <class... Ls>
struct std::tuple_size<scion::graph::layer_tuple<Ls...>> : std::integral_constant<std::size_t, sizeof...(Ls)> {};
template <std::size_t I, class... Ls>
struct std::tuple_element<I, scion::graph::layer_tuple<Ls...>> {
    using type = scion::graph::layer_at_t<I, scion::graph::layer_tuple<Ls...>>;
};
