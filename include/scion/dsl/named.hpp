// scion/dsl/named.hpp — named layers: one layer, called at several sites, holding one set of
// weights; and the name a layer type declares.
#pragma once

#include <scion/detail/type_name.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace scion {

/// A string usable as a template argument: `named<"encoder", Dense<5>>`.
template <std::size_t N>
struct fixed_string {
    char chars[N]{};
    constexpr fixed_string(const char (&s)[N]) noexcept {  // NOLINT: implicit, from a literal
        for (std::size_t i = 0; i < N; ++i) chars[i] = s[i];
    }
    [[nodiscard]] constexpr std::string_view view() const noexcept { return {chars, N - 1}; }
};

namespace detail {
template <class T>
concept has_dsl_type = requires { typename T::dsl_type; };
template <class T, bool = has_dsl_type<T>>
struct layer_storage {
    using type = T;
};
template <class T>
struct layer_storage<T, true> {
    using type = typename T::dsl_type;
};
} // namespace detail

/// The type a model stores for layer type `T`: the DSL layer a named layer derives from
/// (`struct encoder : Dense<5> {}` stores a `Dense<5>`), `T` itself otherwise.
template <class T>
using layer_storage_t = typename detail::layer_storage<T>::type;

/// Whether `T` is a named layer: a type deriving from a DSL layer (`struct encoder : Dense<5>
/// {};`) or `named<"encoder", Dense<5>>`. Every call of a named layer in a graph is a call of
/// the same layer, with one set of weights; a layer template written at a call site
/// (`Call<Dense<5>, x>`) is a new layer at each site, as `Dense(5)` is in Keras.
template <class T>
inline constexpr bool is_named_layer_v = [] {
    if constexpr (detail::has_dsl_type<T>) return !std::is_same_v<T, typename T::dsl_type>;
    else return false;
}();

/// A layer type with a declared name: `named<"encoder", Dense<5, act::elu>>`. Same as declaring
/// `struct encoder : Dense<5, act::elu> {};`, for names that are not C++ identifiers or for
/// types made inside templates (clone functions rename with `rename<"...">(layer)`).
template <fixed_string Name, class L>
class named : public layer_storage_t<L> {
public:
    using dsl_type = layer_storage_t<L>;
    static constexpr std::string_view declared_name = Name.view();

    named() = default;
    explicit named(dsl_type layer) : dsl_type(std::move(layer)) {}
};

/// `layer` under a new name, as a named layer: what a clone function returns to rename a layer.
template <fixed_string Name, class L>
[[nodiscard]] named<Name, layer_storage_t<L>> rename(L layer) {
    return named<Name, layer_storage_t<L>>(layer_storage_t<L>(std::move(layer)));
}

/// The name a layer type declares: `named`'s string, a named struct's own name, or "" (the
/// model gives it a name).
template <class T>
[[nodiscard]] constexpr std::string_view declared_layer_name() noexcept {
    if constexpr (requires { T::declared_name; }) return T::declared_name;
    else if constexpr (is_named_layer_v<T>) return detail::type_name<T>();
    else return {};
}

} // namespace scion
