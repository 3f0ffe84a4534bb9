// scion/detail/type_name.hpp — a type's name at compile time, for declared layer and input names.
#pragma once

#include <cstddef>
#include <string_view>

namespace scion::detail {

template <class T>
constexpr std::string_view pretty_function() noexcept {
    return __PRETTY_FUNCTION__;  // g++: "... [with T = NAME; ...]", clang++: "... [T = NAME]"
}

/// The type's name as the compiler spells it, scopes included: "main()::encoder", "ns::x".
template <class T>
constexpr std::string_view qualified_type_name() noexcept {
    constexpr std::string_view p = pretty_function<T>();
    constexpr std::size_t start = p.find("T = ") + 4;
    constexpr std::size_t end = p.find_first_of(";]", start);
    return p.substr(start, end - start);
}

/// The type's own name, without its scopes: "encoder" for `ns::encoder` or a struct local to a
/// function. Scopes are cut at the last "::" outside template arguments and parentheses.
template <class T>
constexpr std::string_view type_name() noexcept {
    constexpr std::string_view q = qualified_type_name<T>();
    std::size_t depth = 0, cut = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        const char c = q[i];
        if (c == '<' || c == '(' || c == '{') ++depth;
        else if (c == '>' || c == ')' || c == '}') --depth;
        else if (depth == 0 && c == ':' && i + 1 < q.size() && q[i + 1] == ':') cut = i + 2;
    }
    return q.substr(cut);
}

} // namespace scion::detail
