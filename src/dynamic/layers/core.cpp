// src/dynamic/layers/core.cpp — the dynamic path's core layers: Dense, Activation, Dropout,
// Flatten, Reshape (InputLayer is dynamic::Input, in dynamic/layer.hpp). Factories, registration,
// engine_layer instantiations.
#include <scion/dynamic/layers/core.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

Layer Dense(const dense_options& o) {
    auto c = detail::base_of<layers::dense_config>(o);
    c.units = o.units;
    c.activation = activation_from_string(o.activation);
    c.use_bias = o.use_bias;
    c.kernel_initializer = o.kernel_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::Dense(std::move(c)));
}

Layer Activation(const activation_options& o) {
    auto c = detail::base_of<layers::activation_config>(o);
    c.activation = activation_from_string(o.activation);
    return Layer(layers::Activation(std::move(c)));
}

Layer Dropout(const dropout_options& o) {
    auto c = detail::base_of<layers::dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::Dropout(std::move(c)));
}

Layer Flatten(const flatten_options& o) {
    return Layer(layers::Flatten(detail::base_of<layers::Flatten::config_type>(o)));
}

Layer Reshape(const reshape_options& o) {
    auto c = detail::base_of<layers::reshape_config>(o);
    c.target_shape = o.target_shape;
    return Layer(layers::Reshape(std::move(c)));
}

namespace detail {

void register_core_layers(registry& r) {
    r.add_builtin<layers::Dense>();
    r.add_builtin<layers::Activation>();
    r.add_builtin<layers::Dropout>();
    r.add_builtin<layers::Flatten>();
    r.add_builtin<layers::Reshape>();
}

} // namespace detail

template class engine_layer<layers::Dense>;
template class engine_layer<layers::Activation>;
template class engine_layer<layers::Dropout>;
template class engine_layer<layers::Flatten>;
template class engine_layer<layers::Reshape>;

} // namespace scion::dynamic
