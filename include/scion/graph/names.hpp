// scion/graph/names.hpp — every input's and layer's name, computed at compile time: the declared
// one, or a Keras-style automatic one ("dense", "dense_1", ...).
#pragma once

#include <scion/graph/graph.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

namespace scion::graph {

/// A name held in a fixed buffer, so that tables of names can be computed at compile time.
struct static_name {
    static constexpr std::size_t capacity = 63;
    std::array<char, capacity + 1> chars{};
    std::size_t size = 0;

    constexpr static_name() = default;
    constexpr explicit static_name(std::string_view s) { append(s); }
    constexpr void append(std::string_view s) {
        for (char c : s)
            if (size < capacity) chars[size++] = c;
    }
    constexpr void append_number(std::size_t n) {
        char digits[24]{};
        std::size_t k = 0;
        do {
            digits[k++] = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        while (k != 0) append(std::string_view(&digits[--k], 1));
    }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars.data(), size}; }
};

/// The names of a graph's inputs (first `In::size` entries) and layers, and the first name
/// used twice, if any.
template <std::size_t N>
struct name_table {
    std::array<static_name, N> names{};
    bool unique = true;
    std::size_t duplicate = 0;  ///< an entry whose name another entry also has
};

namespace detail {
template <class G>
struct default_names;
template <class In, class... Ls, class Nodes, class Out, class Names>
struct default_names<graph<In, layer_list<Ls...>, Nodes, Out, Names>> {
    static constexpr std::array<std::string_view, sizeof...(Ls)> values{std::string_view(Ls::default_name)...};
};

template <std::size_t N>
constexpr bool is_declared(const std::array<std::string_view, N>& declared, std::size_t count,
                           std::string_view candidate) {
    for (std::size_t i = 0; i < count; ++i)
        if (declared[i] == candidate) return true;
    return false;
}
} // namespace detail

/// Names for every input and layer of G: declared names as they are; the others take the
/// layer kind's default name with the first free suffix ("dense", "dense_1", ...), skipping
/// declared names, in layer order — as Keras names layers as they are created.
template <class G>
[[nodiscard]] constexpr name_table<G::inputs::size + G::layer_count> make_names() {
    constexpr std::size_t ni = G::inputs::size, nl = G::layer_count, n = ni + nl;
    std::array<std::string_view, n> declared{};
    for (std::size_t i = 0; i < ni; ++i) declared[i] = G::input_name(i);
    for (std::size_t i = 0; i < nl; ++i) declared[ni + i] = G::layer_name(i);

    // The declared names, packed: automatic names are checked against these only.
    std::array<std::string_view, n> taken{};
    std::size_t taken_count = 0;
    for (std::string_view d : declared)
        if (!d.empty()) taken[taken_count++] = d;

    name_table<n> t;
    // Automatic names: one counter per default name (few distinct kinds), skipping taken names;
    // each name is written in place (no copies of name buffers: compile-time steps count).
    std::array<std::string_view, n + 1> bases{};
    std::array<std::size_t, n + 1> counters{};
    std::size_t kinds = 0;
    for (std::size_t i = 0; i < n; ++i) {
        static_name& name = t.names[i];
        if (!declared[i].empty()) {
            name.append(declared[i]);
            continue;
        }
        const std::string_view base = i < ni ? std::string_view("input_layer") : detail::default_names<G>::values[i - ni];
        std::size_t kind = 0;
        while (kind < kinds && bases[kind] != base) ++kind;
        if (kind == kinds) bases[kinds++] = base;
        do {
            name.size = 0;
            name.append(base);
            if (counters[kind] != 0) {
                name.append("_");
                name.append_number(counters[kind]);
            }
            ++counters[kind];
        } while (taken_count != 0 && detail::is_declared(taken, taken_count, name.view()));
    }
    // Duplicates: automatic names never collide with each other or with declared ones, so only
    // declared names are compared: sorted, then neighbours.
    std::array<std::size_t, n + 1> order{};
    std::size_t m = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (!declared[i].empty()) order[m++] = i;
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(m),
              [&](std::size_t a, std::size_t b) { return declared[a] < declared[b]; });
    for (std::size_t i = 1; i < m; ++i)
        if (declared[order[i]] == declared[order[i - 1]]) {
            t.unique = false;
            t.duplicate = std::max(order[i], order[i - 1]);
            break;
        }
    return t;
}

/// The names of a graph, computed once per graph type.
template <class G>
inline constexpr auto names_v = make_names<G>();

} // namespace scion::graph
