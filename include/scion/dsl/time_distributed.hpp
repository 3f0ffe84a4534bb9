// scion/dsl/time_distributed.hpp — TimeDistributed<L>: a layer applied to every step of a
// sequence.
#pragma once

#include <scion/dsl/dense.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/layers/time_distributed.hpp>

#include <type_traits>

namespace scion {

namespace detail {
/// Whether `L` can be wrapped: a layer of the DSL (one input, one output) with an engine class.
template <class L>
inline constexpr bool time_distributable =
    Layer<L> && !has_several_outputs_v<L> && requires { typename L::engine_type; };
// L's own arguments first: a wrapped Dense<0> reports its own error, and is not instantiated here.
template <class L>
inline constexpr bool time_distributed_arguments_ok = [] {
    if constexpr (!arguments_ok_v<L>) return false;
    else return time_distributable<L>;
}();

template <class L, bool = time_distributable<L>>
struct td_engine {
    using type = layers::Dense;  // only reached after the static_asserts below have fired
};
template <class L>
struct td_engine<L, true> {
    using type = typename L::engine_type;
};

/// The DSL type that checks a config of the wrapped layer: `L::dsl_type` (so that a named layer,
/// `struct proj : Dense<4> {};`, works), or `L`.
template <class L>
struct td_dsl {
    using type = L;
};
template <class L>
    requires requires { typename L::dsl_type; }
struct td_dsl<L> {
    using type = typename L::dsl_type;
};
} // namespace detail

/// Keras `TimeDistributed`: `TimeDistributed<Dense<4>>` applies the layer to every step of a
/// (time, ...) input with the same weights: (T, 8) -> (T, 4); (T, 28, 28, 1) through
/// `TimeDistributed<Conv2D<...>>` convolves each frame. `TimeDistributed{layer}` wraps an
/// existing layer's config (fresh weights). The weights are the wrapped layer's (named
/// "kernel", "bias" under the TimeDistributed's name, as TF.js and Keras write them).
///
/// `L` is a DSL layer type with one input and one output (not `LSTM<..., return_state>`).
template <class L>
class TimeDistributed : public static_layer<layers::TimeDistributed<typename detail::td_engine<L>::type>> {
    static_assert(Layer<L>, "scion::TimeDistributed<L> requires 'L' to be a layer type such as scion::Dense<4> "
                            "[SCION_NOT_A_LAYER]");
    static_assert(!Layer<L> || !detail::has_several_outputs_v<L>,
                  "scion::TimeDistributed<L> requires 'L' to have one output (not a layer with return_state) "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert(!Layer<L> || detail::has_several_outputs_v<L> || requires { typename L::engine_type; },
                  "scion::TimeDistributed<L> requires 'L' to be a layer of the DSL, which runs an engine class "
                  "(L::engine_type) [SCION_NOT_A_LAYER]");
    using base = static_layer<layers::TimeDistributed<typename detail::td_engine<L>::type>>;
    using dsl_l = typename detail::td_dsl<L>::type;

public:
    /// The DSL layer type itself (a named layer, `struct frames : TimeDistributed<...> {};`, stores one).
    using dsl_type = TimeDistributed;
    using config_type = typename base::config_type;
    using layer_type = L;

    /// (T, ...) -> (T, ...L's output); the input needs two axes at least.
    static constexpr shape_result infer(const Shape& in) noexcept {
        if (in.rank() < 2) return layers::time_distributed_output_shape(in, {});
        return layers::time_distributed_output_shape(in, L::infer(in.drop_front()));
    }
    /// The wrapped layer's parameters (one set for every step).
    static constexpr std::size_t param_count(const Shape& in) noexcept {
        return in.rank() < 2 ? 0 : L::param_count(in.drop_front());
    }
    /// Multiply-adds per sample: the wrapped layer's, once per step.
    static constexpr std::size_t macs(const Shape& in) noexcept {
        if constexpr (requires { L::macs(in); }) return in.rank() < 2 ? 0 : in[0] * L::macs(in.drop_front());
        else return 0;
    }

    [[nodiscard]] static config_type default_config() { return wrap(L().config()); }

    TimeDistributed() : base(default_config()) {}
    /// Wraps `layer`: its config (name included) becomes the wrapped layer's; weights are fresh.
    explicit TimeDistributed(const L& layer)
        requires detail::time_distributable<L>
        : base(wrap(layer.config())) {}
    /// A layer from a config, whose wrapped layer's config must agree with `L`; throws
    /// config_error otherwise.
    explicit TimeDistributed(config_type cfg) : base(checked(std::move(cfg))) {}
    [[nodiscard]] static TimeDistributed from_config(const json& j) {
        return TimeDistributed(base::engine_type::config_from_json(j));
    }

private:
    using inner_config = typename base::config_type::layer_type_config;
    static config_type wrap(inner_config inner) {
        config_type c;
        c.layer = dsl_l(std::move(inner)).config();  // checks that the config agrees with L
        return c;
    }
    static config_type checked(config_type c) {
        c.layer = dsl_l(c.layer).config();
        return c;
    }
};

template <class L>
TimeDistributed(const L&) -> TimeDistributed<L>;

template <class L>
inline constexpr bool detail::arguments_ok_v<TimeDistributed<L>> = detail::time_distributed_arguments_ok<L>;

template <class T>
inline constexpr bool is_time_distributed_v = false;
template <class L>
inline constexpr bool is_time_distributed_v<TimeDistributed<L>> = true;

} // namespace scion
