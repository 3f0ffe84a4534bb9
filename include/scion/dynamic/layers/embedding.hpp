// scion/dynamic/layers/embedding.hpp — the dynamic path's Embedding.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/embedding.hpp>

#include <cstddef>
#include <string>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

struct embedding_options {
    std::size_t input_dim = 0;
    std::size_t output_dim = 0;
    Initializer embeddings_initializer = Initializer::random_uniform(-0.05f, 0.05f);
    bool mask_zero = false;  ///< not supported: true throws config_error
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

/// Keras `Embedding`: `Embedding({.input_dim = 1000, .output_dim = 16})`. mask_zero = true throws
/// config_error (scion has no masks).
[[nodiscard]] Layer Embedding(const embedding_options& o);

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_embedding_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/embedding.cpp.
extern template class engine_layer<layers::Embedding>;

} // namespace scion::dynamic
