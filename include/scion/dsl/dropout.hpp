// scion/dsl/dropout.hpp — Dropout<Rate>: identity at inference, a seeded mask in training mode.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/dropout.hpp>

#include <cmath>
#include <ratio>

namespace scion {

template <class T>
inline constexpr bool is_ratio_v = false;
template <std::intmax_t N, std::intmax_t D>
inline constexpr bool is_ratio_v<std::ratio<N, D>> = true;

namespace detail {
template <class Rate, bool = is_ratio_v<Rate>>
inline constexpr bool dropout_rate_ok = false;
template <class Rate>
inline constexpr bool dropout_rate_ok<Rate, true> =
    std::ratio_greater_equal_v<Rate, std::ratio<0>> && std::ratio_less_v<Rate, std::ratio<1>>;
} // namespace detail

/// Keras `Dropout` with rate `Rate`, a std::ratio: `Dropout<std::ratio<1, 4>>` drops a quarter.
template <class Rate = std::ratio<1, 2>>
class Dropout : public static_layer<layers::Dropout> {
    static_assert(is_ratio_v<Rate>, "scion::Dropout<Rate> requires 'Rate' to be a std::ratio such as std::ratio<1, 4> "
                                    "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert(!is_ratio_v<Rate> || detail::dropout_rate_ok<Rate>,
                  "scion::Dropout<Rate> requires 0 <= Rate < 1 [SCION_BAD_LAYER_ARGUMENT]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Dropout<...> {};`, stores one).
    using dsl_type = Dropout;
    static constexpr float rate = static_cast<float>(static_cast<double>(Rate::num) / static_cast<double>(Rate::den));
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.rate = rate;
        return c;
    }
    Dropout() : static_layer(default_config()) {}
    explicit Dropout(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Dropout from_config(const json& j) { return Dropout(layers::Dropout::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        if (std::fabs(c.rate - rate) > 1e-6f)
            throw config_error("Dropout config does not match the static type: rate is " + std::to_string(c.rate) +
                               ", the type says " + std::to_string(rate));
        return c;
    }
};

template <class Rate>
inline constexpr bool detail::arguments_ok_v<Dropout<Rate>> = detail::dropout_rate_ok<Rate>;

} // namespace scion
