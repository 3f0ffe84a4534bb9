// src/dynamic/layers.cpp — the dynamic path's built-in layer factories, register_layer, layer_from_config.
#include <scion/dynamic/layers.hpp>

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
Layer Add(const merge_options& o) { return Layer(layers::Add(detail::base_of<layers::merge_config>(o))); }
Layer Subtract(const merge_options& o) {
    return Layer(layers::Subtract(detail::base_of<layers::merge_config>(o)));
}
Layer Multiply(const merge_options& o) {
    return Layer(layers::Multiply(detail::base_of<layers::merge_config>(o)));
}
Layer Average(const merge_options& o) {
    return Layer(layers::Average(detail::base_of<layers::merge_config>(o)));
}
Layer Maximum(const merge_options& o) {
    return Layer(layers::Maximum(detail::base_of<layers::merge_config>(o)));
}
Layer Minimum(const merge_options& o) {
    return Layer(layers::Minimum(detail::base_of<layers::merge_config>(o)));
}
Layer Concatenate(const concatenate_options& o) {
    auto c = detail::base_of<layers::concatenate_config>(o);
    c.axis = o.axis;
    return Layer(layers::Concatenate(std::move(c)));
}

void register_layer(std::string class_name, layer_factory f) {
    detail::registry::instance().add(std::move(class_name), std::move(f));
}

bool is_registered(std::string_view class_name) {
    return detail::registry::instance().find(class_name).has_value();
}

Layer layer_from_config(std::string_view class_name, const json& config) {
    const auto f = detail::registry::instance().find(class_name);
    if (!f)
        throw config_error("unknown layer class '" + std::string(class_name) +
                           "': register it with scion::dynamic::register_layer<YourLayer>(\"" +
                           std::string(class_name) + "\")");
    return (*f)(config);
}

// ---- the built-in layers' dynamic wrappers (declared extern in dynamic/layers.hpp) ------------------

template class engine_layer<layers::Dense>;
template class engine_layer<layers::Activation>;
template class engine_layer<layers::Dropout>;
template class engine_layer<layers::Flatten>;
template class engine_layer<layers::Reshape>;
template class engine_layer<layers::Add>;
template class engine_layer<layers::Subtract>;
template class engine_layer<layers::Multiply>;
template class engine_layer<layers::Average>;
template class engine_layer<layers::Maximum>;
template class engine_layer<layers::Minimum>;
template class engine_layer<layers::Concatenate>;

} // namespace scion::dynamic
