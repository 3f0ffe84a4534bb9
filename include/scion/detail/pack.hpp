// scion/detail/pack.hpp — loops over parameter packs as wide as a model (implementation detail).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <utility>

namespace scion::detail {

// A fold expression over N elements is a binary expression nested N deep, and clang refuses to
// nest deeper than 256 (-fbracket-depth): a 640-layer model would not compile. A braced list
// is flat however long it is, and its elements are evaluated in order — so every loop over a
// model's layers or nodes goes through these helpers instead of a fold.

/// Whether every value is true (true for none).
[[nodiscard]] constexpr bool all_of(std::initializer_list<bool> values) noexcept {
    for (bool v : values)
        if (!v) return false;
    return true;
}

/// Whether any value is true (false for none).
[[nodiscard]] constexpr bool any_of(std::initializer_list<bool> values) noexcept {
    for (bool v : values)
        if (v) return true;
    return false;
}

/// The sum of the values.
[[nodiscard]] constexpr std::size_t sum_of(std::initializer_list<std::size_t> values) noexcept {
    std::size_t s = 0;
    for (std::size_t v : values) s += v;
    return s;
}

/// Calls f(std::integral_constant<std::size_t, I>{}) for I = 0 .. N-1, in order.
template <std::size_t N, class F>
constexpr void for_each_index(F&& f) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        [[maybe_unused]] const int in_order[] = {0, (f(std::integral_constant<std::size_t, I>{}), 0)...};
    }(std::make_index_sequence<N>{});
}

} // namespace scion::detail
