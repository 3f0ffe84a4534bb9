// scion/dsl/reshape.hpp — Reshape<Dims...>: a new per-sample shape with the same elements.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/layers/reshape.hpp>

#include <array>
#include <cstdint>

namespace scion {

namespace detail {
template <std::int64_t... Dims>
inline constexpr bool reshape_arguments_ok = sizeof...(Dims) >= 1 && sizeof...(Dims) < max_rank &&
                                             ((Dims > 0 || Dims == -1) && ...) && ((Dims == -1) + ... + 0) <= 1;
} // namespace detail

/// Keras `Reshape`: `Reshape<3, 4>` turns 12 features into (3, 4); one dimension may be -1.
template <std::int64_t... Dims>
class Reshape : public static_layer<layers::Reshape> {
    static_assert(sizeof...(Dims) >= 1 && sizeof...(Dims) < max_rank,
                  "scion::Reshape<Dims...> requires 1 to 7 dimensions [SCION_BAD_LAYER_ARGUMENT]");
    static_assert(((Dims > 0 || Dims == -1) && ...) && ((Dims == -1) + ... + 0) <= 1,
                  "scion::Reshape<Dims...> requires positive dimensions and at most one -1 [SCION_BAD_LAYER_ARGUMENT]");
    static constexpr std::array<std::int64_t, sizeof...(Dims)> dims{Dims...};

public:
    /// The DSL layer type itself (a named layer, `struct encoder : Reshape<...> {};`, stores one).
    using dsl_type = Reshape;
    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::reshape_output_shape(in, dims.data(), dims.size());
    }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.target_shape = {Dims...};
        return c;
    }
    Reshape() : static_layer(default_config()) {}
    explicit Reshape(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Reshape from_config(const json& j) { return Reshape(layers::Reshape::config_from_json(j)); }

private:
    static config_type checked(config_type c) {
        if (c.target_shape != std::vector<std::int64_t>{Dims...})
            throw config_error("Reshape config does not match the static type's target_shape");
        return c;
    }
};

template <std::int64_t... Dims>
inline constexpr bool detail::arguments_ok_v<Reshape<Dims...>> = detail::reshape_arguments_ok<Dims...>;

} // namespace scion
