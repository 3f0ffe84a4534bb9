// scion/dsl/options.hpp — the options a layer type takes after its required arguments.
#pragma once

#include <scion/dsl/act.hpp>
#include <scion/dsl/initializers.hpp>

#include <cstddef>
#include <type_traits>

namespace scion {

/// Layer options, given after a layer's required arguments in any order:
/// `Dense<8, act::relu, no_bias>`, `LSTM<16, return_sequences, go_backwards>`.
struct no_bias {};             ///< Dense, LSTM: no bias vector (Keras use_bias=False)
struct return_sequences {};    ///< LSTM: output every step, (time, units)
struct go_backwards {};        ///< LSTM: read the sequence from its end
struct return_state {};        ///< LSTM: also output the final states h and c (3 outputs)
struct no_unit_forget_bias {}; ///< LSTM: do not start the forget-gate bias at 1
template <class Act> struct activation {};            ///< LSTM: the cell activation (tanh)
template <class Act> struct recurrent_activation {};  ///< LSTM: the gate activation (sigmoid)
template <class Init> struct kernel_initializer {};
/// Convolution and pooling geometry, one value per spatial axis (`kernel_size<3, 3>`; a single
/// value is used for every axis, as Keras's integer arguments): Conv*, *Pooling*.
template <std::size_t... N> struct kernel_size {};
template <std::size_t... N> struct strides {};
template <std::size_t... N> struct dilation_rate {};
template <std::size_t... N> struct pool_size {};
struct padding_valid {};       ///< Conv*, *Pooling*: no padding (Keras padding="valid", the default)
struct padding_same {};        ///< Conv*, *Pooling*: pad so that output = ceil(input / stride)
struct padding_causal {};      ///< Conv1D: pad on the left only (Keras padding="causal")
template <class Init> struct recurrent_initializer {};
template <class Init> struct bias_initializer {};

namespace detail {

template <class T, template <class> class W>
inline constexpr bool is_wrapped = false;
template <class X, template <class> class W>
inline constexpr bool is_wrapped<W<X>, W> = true;

template <class T>
struct unwrap;
template <template <class> class W, class X>
struct unwrap<W<X>> {
    using type = X;
};

/// The argument of the first `W<X>` among `Options`, or `Default`.
template <template <class> class W, class Default, class... Options>
struct find_option {
    using type = Default;
};
template <template <class> class W, class Default, class O, class... Options>
struct find_option<W, Default, O, Options...> {
    using type = typename std::conditional_t<is_wrapped<O, W>, unwrap<O>,
                                             find_option<W, Default, Options...>>::type;
};
template <template <class> class W, class Default, class... Options>
using find_option_t = typename find_option<W, Default, Options...>::type;

template <class Flag, class... Options>
inline constexpr bool has_flag = (std::is_same_v<Flag, Options> || ...);

/// The kind of an option: the option itself for flags, the wrapper for `W<X>` options (so that
/// `kernel_initializer<A>` and `kernel_initializer<B>` count as the same option).
template <class O>
struct option_kind {
    using type = O;
};
template <template <class> class W, class X>
struct option_kind<W<X>> {
    using type = W<void>;
};
/// How many of `Options` are of the same kind as `O`.
template <class O, class... Options>
inline constexpr std::size_t option_count =
    (std::size_t{std::is_same_v<typename option_kind<O>::type, typename option_kind<Options>::type>} + ... + 0);
/// Whether no option is given twice.
template <class... Options>
inline constexpr bool options_unique = ((option_count<Options, Options...> == 1) && ...);

// ---- rebuilding a layer type with other options (the deployment rewrites, clone/rewrite.hpp) ----

template <class... Ts>
struct type_list {};
template <class... A, class... B>
type_list<A..., B...> operator+(type_list<A...>, type_list<B...>);
/// `Options` without those for which `Drop<O>::value` holds, as a type_list (a fold, no recursion).
template <template <class> class Drop, class... Options>
using drop_options_t =
    decltype((type_list<>{} + ... + std::conditional_t<Drop<Options>::value, type_list<>, type_list<Options>>{}));
/// `T<Ts...>` for `type_list<Ts...>`.
template <template <class...> class T, class List>
struct apply_list;
template <template <class...> class T, class... Ts>
struct apply_list<T, type_list<Ts...>> {
    using type = T<Ts...>;
};
template <template <class...> class T, class List>
using apply_list_t = typename apply_list<T, List>::type;

template <class O>
struct is_no_bias : std::is_same<O, no_bias> {};
/// An activation given as an option (`act::relu` or `activation<act::relu>`: the convolutions).
template <class O>
struct is_activation_option : std::bool_constant<ActivationType<O> || is_wrapped<O, activation>> {};

/// How the deployment rewrites rebuild a DSL layer type (clone/rewrite.hpp), specialized next to
/// each layer template they change: `with_bias` (the type with a bias vector: fold_batch_norm's
/// host), `template <class A> with_activation` (the type with activation A: fuse_activation's
/// host), and for `Activation<A>`, `activation_type` (A). Not specialized: the rewrites leave the
/// type alone.
template <class L>
struct layer_edit {};

/// The edits of a layer whose options are a pack `O...` (the convolutions): `WithOptions<K...>` is
/// the layer with options K. A bias is no `no_bias`; an activation replaces the activation option,
/// given last. Conv2DTranspose, which takes no fold, uses only `with_activation`.
template <template <class...> class WithOptions, class... O>
struct option_list_edit {
    using with_bias = apply_list_t<WithOptions, drop_options_t<is_no_bias, O...>>;
    template <class Act>
    using with_activation =
        apply_list_t<WithOptions, decltype(drop_options_t<is_activation_option, O...>{} + type_list<Act>{})>;
};

} // namespace detail
} // namespace scion
