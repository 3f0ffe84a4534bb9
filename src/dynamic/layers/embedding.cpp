// src/dynamic/layers/embedding.cpp — the dynamic path's Embedding. Factories, registration,
// engine_layer instantiations.
#include <scion/dynamic/layers/embedding.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

Layer Embedding(const embedding_options& o) {
    if (o.mask_zero)
        throw config_error("Embedding layer '" + o.name +
                           "': mask_zero = true is not supported (scion has no masks; id 0 would be embedded like any "
                           "other id)");
    auto c = detail::base_of<layers::embedding_config>(o);
    c.input_dim = o.input_dim;
    c.output_dim = o.output_dim;
    c.embeddings_initializer = o.embeddings_initializer;
    return Layer(layers::Embedding(std::move(c)));
}

namespace detail {

void register_embedding_layers(registry& r) {
    r.add_builtin<layers::Embedding>();
}

} // namespace detail

template class engine_layer<layers::Embedding>;

} // namespace scion::dynamic
