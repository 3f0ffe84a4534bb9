// scion/dsl/bidirectional.hpp — Bidirectional<L, Merge>: a recurrent layer run both ways.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/lstm.hpp>
#include <scion/layers/bidirectional.hpp>

#include <concepts>

namespace scion {

/// Bidirectional merge modes as types.
namespace merge {
struct concat { static constexpr layers::merge_mode value = layers::merge_mode::concat; };
struct sum { static constexpr layers::merge_mode value = layers::merge_mode::sum; };
struct mul { static constexpr layers::merge_mode value = layers::merge_mode::mul; };
struct ave { static constexpr layers::merge_mode value = layers::merge_mode::ave; };
} // namespace merge

/// A merge mode type: one of scion::merge.
template <class M>
concept MergeMode = requires {
    { M::value } -> std::convertible_to<layers::merge_mode>;
};

namespace detail {
/// Whether a layer type declares that it returns its states (`LSTM<u, return_state>`,
/// `GRU<u, return_state>`).
template <class L>
inline constexpr bool returns_state_v = requires {
    requires L::returns_state;
};
template <class L, class Merge>
inline constexpr bool bidirectional_arguments_ok =
    arguments_ok_v<L> && RecurrentLayer<L> && !returns_state_v<L> && MergeMode<Merge>;
template <class M, bool = MergeMode<M>>
inline constexpr layers::merge_mode merge_value = layers::merge_mode::concat;
template <class M>
inline constexpr layers::merge_mode merge_value<M, true> = M::value;

template <class L, bool = RecurrentLayer<L>>
struct rnn_engine {
    using type = layers::LSTM;  // only reached after the static_assert below has fired
};
template <class L>
struct rnn_engine<L, true> {
    using type = typename L::engine_type;
};
} // namespace detail

/// Keras `Bidirectional`: `Bidirectional<LSTM<16>>` (or a GRU, or a SimpleRNN) reads the
/// sequence forwards and backwards and merges the two outputs (concatenates them by default: 32
/// features).
/// `Bidirectional{lstm}` wraps an existing layer's config (fresh weights) — what a clone
/// function returns to turn every LSTM of a model into a Bidirectional one.
template <class L, class Merge = merge::concat>
class Bidirectional : public static_layer<layers::Bidirectional<typename detail::rnn_engine<L>::type>> {
    static_assert(!detail::arguments_ok_v<L> || RecurrentLayer<L>,
                  "scion::Bidirectional<L> requires 'L' to be a recurrent layer such as scion::LSTM<16>, "
                  "scion::GRU<16> or scion::SimpleRNN<16> [SCION_BIDIRECTIONAL_NEEDS_RNN]");
    static_assert(!detail::arguments_ok_v<L> || !RecurrentLayer<L> || !detail::returns_state_v<L>,
                  "scion::Bidirectional<L> does not take a layer with return_state (Keras would return the merged "
                  "output and both directions' states) [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(MergeMode<Merge>, "scion::Bidirectional<L, Merge> requires 'Merge' to be scion::merge::concat, sum, "
                                    "mul or ave [SCION_BAD_LAYER_ARGUMENT]");
    using base = static_layer<layers::Bidirectional<typename detail::rnn_engine<L>::type>>;

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Bidirectional<...> {};`, stores one).
    using dsl_type = Bidirectional;
    using config_type = typename base::config_type;
    using layer_type = L;
    static constexpr layers::merge_mode merge_mode = detail::merge_value<Merge>;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::bidirectional_output_shape(L::infer(in), detail::merge_value<Merge>);
    }
    static constexpr std::size_t param_count(const Shape& in) noexcept { return 2 * L::param_count(in); }
    /// Multiply-adds per sample: both directions.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        if constexpr (requires { L::macs(in); }) return 2 * L::macs(in);
        else return 0;
    }

    [[nodiscard]] static config_type default_config() { return wrap(L::default_config()); }

    Bidirectional() : base(default_config()) {}
    /// Wraps `layer`: its config (name included) becomes the forward layer's; weights are fresh.
    explicit Bidirectional(const L& layer) : base(wrap(layer.config())) {}
    explicit Bidirectional(config_type cfg) : base(checked(std::move(cfg))) {}
    [[nodiscard]] static Bidirectional from_config(const json& j) {
        return Bidirectional(base::engine_type::config_from_json(j));
    }

private:
    static config_type wrap(typename L::config_type inner) {
        config_type c;
        c.layer = L(std::move(inner)).config();  // checks that the config agrees with L
        c.merge_mode = detail::merge_value<Merge>;
        return c;
    }
    static config_type checked(config_type c) {
        c.layer = L(c.layer).config();
        if (c.merge_mode != detail::merge_value<Merge>)
            throw config_error("Bidirectional config does not match the static type: merge_mode is '" +
                               std::string(to_string(c.merge_mode)) + "', the type says '" +
                               std::string(to_string(detail::merge_value<Merge>)) + "'");
        return c;
    }
};

template <class L>
Bidirectional(const L&) -> Bidirectional<L>;

template <class L, class M>
inline constexpr bool detail::arguments_ok_v<Bidirectional<L, M>> = detail::bidirectional_arguments_ok<L, M>;

template <class T>
inline constexpr bool is_bidirectional_v = false;
template <class L, class M>
inline constexpr bool is_bidirectional_v<Bidirectional<L, M>> = true;

} // namespace scion
