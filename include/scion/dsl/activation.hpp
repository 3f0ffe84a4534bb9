// scion/dsl/activation.hpp — Activation<Act>: applies an activation as a layer of its own.
#pragma once

#include <scion/dsl/act.hpp>
#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/activation.hpp>

namespace scion {

/// Applies `Act` element-wise (Keras `Activation`): `Activation<act::elu>`.
template <class Act>
class Activation : public static_layer<layers::Activation> {
    static_assert(ActivationType<Act>,
                  "scion::Activation<Act> requires 'Act' to be an activation type such as scion::act::relu "
                  "[SCION_NOT_AN_ACTIVATION]");

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Activation<...> {};`, stores one).
    using dsl_type = Activation;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::identity_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.activation = Act::id;
        return c;
    }
    Activation() : static_layer(default_config()) {}
    explicit Activation(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Activation from_config(const json& j) {
        return Activation(layers::Activation::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.activation != Act::id)
            throw config_error("Activation config does not match the static type: activation is '" +
                               std::string(to_string(c.activation)) + "', the type says '" +
                               std::string(to_string(Act::id)) + "'");
        return c;
    }
};

template <class Act>
inline constexpr bool detail::arguments_ok_v<Activation<Act>> = ActivationType<Act>;

namespace detail {
template <class Act>
struct layer_edit<Activation<Act>> {
    using activation_type = Act;
};
} // namespace detail

} // namespace scion
