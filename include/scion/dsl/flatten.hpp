// scion/dsl/flatten.hpp — Flatten: every axis but the batch axis collapsed into one.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/layers/flatten.hpp>

namespace scion {

/// Keras `Flatten`: (d1, d2, ...) becomes (d1 * d2 * ...).
class Flatten : public static_layer<layers::Flatten> {
public:
    /// The DSL layer type itself (a named layer, `struct encoder : Flatten<...> {};`, stores one).
    using dsl_type = Flatten;
    static constexpr shape_result infer(const Shape& in) noexcept { return layers::flatten_output_shape(in); }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() { return {}; }
    Flatten() : static_layer(default_config()) {}
    explicit Flatten(config_type cfg) : static_layer(std::move(cfg)) {}
    [[nodiscard]] static Flatten from_config(const json& j) { return Flatten(layers::Flatten::config_from_json(j)); }
};

} // namespace scion
