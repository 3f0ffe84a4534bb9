// src/dynamic/layers/normalization.cpp — the dynamic path's normalization layers:
// BatchNormalization, LayerNormalization. Factories, registration, engine_layer instantiations.
#include <scion/dynamic/layers/normalization.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

Layer BatchNormalization(const batch_normalization_options& o) {
    auto c = detail::base_of<layers::batch_normalization_config>(o);
    c.axis = o.axis;
    c.momentum = o.momentum;
    c.epsilon = o.epsilon;
    c.center = o.center;
    c.scale = o.scale;
    c.beta_initializer = o.beta_initializer;
    c.gamma_initializer = o.gamma_initializer;
    c.moving_mean_initializer = o.moving_mean_initializer;
    c.moving_variance_initializer = o.moving_variance_initializer;
    return Layer(layers::BatchNormalization(std::move(c)));
}

Layer LayerNormalization(const layer_normalization_options& o) {
    auto c = detail::base_of<layers::layer_normalization_config>(o);
    c.axis = o.axis;
    c.epsilon = o.epsilon;
    c.center = o.center;
    c.scale = o.scale;
    c.beta_initializer = o.beta_initializer;
    c.gamma_initializer = o.gamma_initializer;
    return Layer(layers::LayerNormalization(std::move(c)));
}

namespace detail {

void register_normalization_layers(registry& r) {
    r.add_builtin<layers::BatchNormalization>();
    r.add_builtin<layers::LayerNormalization>();
}

} // namespace detail

template class engine_layer<layers::BatchNormalization>;
template class engine_layer<layers::LayerNormalization>;

} // namespace scion::dynamic
