// scion/dsl/embedding.hpp — Embedding<InputDim, OutputDim, Options...>: the static DSL's lookup table.
#pragma once

#include <scion/dsl/layer.hpp>
#include <scion/dsl/options.hpp>
#include <scion/layers/embedding.hpp>

#include <cstddef>
#include <ratio>
#include <string>
#include <type_traits>

namespace scion {

/// Embedding option: the table's initializer (Keras's default: uniform in [-0.05, 0.05]).
template <class Init> struct embeddings_initializer {};

namespace detail {
using default_embeddings_init = init::random_uniform<std::ratio<-1, 20>, std::ratio<1, 20>>;
template <class O>
inline constexpr bool embedding_option = is_wrapped<O, embeddings_initializer>;
template <class... Options>
inline constexpr bool embedding_options_ok = (embedding_option<Options> && ...) && options_unique<Options...>;
template <std::size_t InputDim, std::size_t OutputDim, class... Options>
inline constexpr bool embedding_arguments_ok =
    InputDim > 0 && OutputDim > 0 && embedding_options_ok<Options...> &&
    InitializerType<find_option_t<embeddings_initializer, default_embeddings_init, Options...>>;
} // namespace detail

/// Keras `Embedding`: each integer id of the input (held in a float tensor) becomes the id's
/// row of a table of `InputDim` rows of `OutputDim` values: (d1, ..., dn) -> (d1, ..., dn,
/// OutputDim). An id outside [0, InputDim) throws scion::value_error naming the layer and the id.
///
///     Sequential<Input<10>, Embedding<1000, 16>, Flatten, Dense<1, act::sigmoid>>
///     Embedding<50, 8, embeddings_initializer<init::glorot_uniform>>
///
/// Options: `embeddings_initializer<I>` (uniform in [-0.05, 0.05]). Keras's mask_zero is not
/// supported.
template <std::size_t InputDim, std::size_t OutputDim, class... Options>
class Embedding : public static_layer<layers::Embedding> {
    static_assert(InputDim > 0 && OutputDim > 0,
                  "scion::Embedding<InputDim, OutputDim> requires InputDim > 0 and OutputDim > 0 "
                  "[SCION_BAD_LAYER_ARGUMENT]");
    static_assert(detail::embedding_options_ok<Options...>,
                  "scion::Embedding<InputDim, OutputDim, Options...> takes only the option embeddings_initializer<I>, "
                  "at most once [SCION_UNKNOWN_OPTION]");
    using table_init = detail::find_option_t<embeddings_initializer, detail::default_embeddings_init, Options...>;
    static_assert(InitializerType<table_init>,
                  "scion::Embedding's embeddings_initializer<I> requires 'I' to be an initializer type such as "
                  "scion::init::glorot_uniform [SCION_NOT_AN_INITIALIZER]");

public:
    /// The DSL layer type itself (a named layer, `struct words : Embedding<...> {};`, stores one).
    using dsl_type = Embedding;
    static constexpr std::size_t input_dim = InputDim;
    static constexpr std::size_t output_dim = OutputDim;

    static constexpr shape_result infer(const Shape& in) noexcept {
        return layers::embedding_output_shape(in, InputDim, OutputDim);
    }
    static constexpr std::size_t param_count(const Shape&) noexcept {
        return layers::embedding_param_count(InputDim, OutputDim);
    }
    /// Multiply-adds per sample: none (a lookup).
    static constexpr std::size_t macs(const Shape&) noexcept { return 0; }

    [[nodiscard]] static config_type default_config() {
        config_type c;
        c.input_dim = InputDim;
        c.output_dim = OutputDim;
        c.embeddings_initializer = table_init::make();
        return c;
    }

    Embedding() : static_layer(default_config()) {}
    /// A layer from a config, which must agree with the type (input_dim, output_dim); throws
    /// config_error otherwise. Name, trainable and the initializer come from the config.
    explicit Embedding(config_type cfg) : static_layer(checked(std::move(cfg))) {}
    [[nodiscard]] static Embedding from_config(const json& j) {
        return Embedding(layers::Embedding::config_from_json(j));
    }

private:
    static config_type checked(config_type c) {
        if (c.input_dim != InputDim || c.output_dim != OutputDim)
            throw config_error("Embedding config does not match the static type: input_dim, output_dim are " +
                               std::to_string(c.input_dim) + ", " + std::to_string(c.output_dim) + ", the type says " +
                               std::to_string(InputDim) + ", " + std::to_string(OutputDim));
        return c;
    }
};

template <std::size_t I, std::size_t O, class... Opt>
inline constexpr bool detail::arguments_ok_v<Embedding<I, O, Opt...>> = detail::embedding_arguments_ok<I, O, Opt...>;

} // namespace scion
