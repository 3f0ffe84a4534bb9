// scion/graph/layer_tuple.hpp — layer_tuple: a model's layers, stored flat.
#pragma once

#include <scion/detail/pack.hpp>

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace scion::graph {

/// Asks for a model whose layers are not built yet: a model used as a layer of another is built
/// by that model, with that model's seed.
struct unbuilt_t {
    explicit constexpr unbuilt_t() = default;
};
inline constexpr unbuilt_t unbuilt{};

/// A layer of type L before it is built: `L(unbuilt)` for nested models, `L{}` for layers.
template <class L>
[[nodiscard]] L make_unbuilt() {
    if constexpr (std::is_constructible_v<L, unbuilt_t>) return L(unbuilt);
    else return L{};
}

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
    explicit layer_tuple_base(unbuilt_t) : slot<I, Ls>{make_unbuilt<Ls>()}... {}

    // Loops over the layers with the two packs side by side: no lookup by index.
    template <class F>
    void each(F& f) {
        [[maybe_unused]] const int in_order[] = {0, (f(static_cast<slot<I, Ls>&>(*this).value), 0)...};
    }
    template <class F>
    void each(F& f) const {
        [[maybe_unused]] const int in_order[] = {0, (f(static_cast<const slot<I, Ls>&>(*this).value), 0)...};
    }
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
/// model. Built from a braced list of layers: `{Dense<8>{}, Dense<2>{}}`, or with every layer
/// default-made and unbuilt: `layer_tuple<...>(unbuilt)`. Supports structured bindings and `get<I>`.
template <class... Ls>
struct layer_tuple : detail::layer_tuple_base<std::index_sequence_for<Ls...>, Ls...> {
    using detail::layer_tuple_base<std::index_sequence_for<Ls...>, Ls...>::layer_tuple_base;
    static constexpr std::size_t size = sizeof...(Ls);

    /// Calls f(layer) on each layer in order.
    template <class F>
    void for_each(F&& f) {
        this->each(f);
    }
    template <class F>
    void for_each(F&& f) const {
        this->each(f);
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
