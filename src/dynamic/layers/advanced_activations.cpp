// src/dynamic/layers/advanced_activations.cpp — the dynamic path's activation layers with
// parameters: ReLU, LeakyReLU, PReLU, ELU, Softmax. Factories, registration, engine_layer
// instantiations.
#include <scion/dynamic/layers/advanced_activations.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

Layer ReLU(const relu_options& o) {
    auto c = detail::base_of<layers::relu_config>(o);
    c.max_value = o.max_value;
    c.negative_slope = o.negative_slope;
    c.threshold = o.threshold;
    return Layer(layers::ReLU(std::move(c)));
}

Layer LeakyReLU(const leaky_relu_options& o) {
    auto c = detail::base_of<layers::leaky_relu_config>(o);
    c.alpha = o.alpha;
    return Layer(layers::LeakyReLU(std::move(c)));
}

Layer PReLU(const prelu_options& o) {
    auto c = detail::base_of<layers::prelu_config>(o);
    c.alpha_initializer = o.alpha_initializer;
    c.shared_axes = o.shared_axes;
    return Layer(layers::PReLU(std::move(c)));
}

Layer ELU(const elu_options& o) {
    auto c = detail::base_of<layers::elu_config>(o);
    c.alpha = o.alpha;
    return Layer(layers::ELU(std::move(c)));
}

Layer Softmax(const softmax_options& o) {
    auto c = detail::base_of<layers::softmax_config>(o);
    c.axis = o.axis;
    return Layer(layers::Softmax(std::move(c)));
}

namespace detail {

void register_advanced_activations_layers(registry& r) {
    r.add_builtin<layers::ReLU>();
    r.add_builtin<layers::LeakyReLU>();
    r.add_builtin<layers::PReLU>();
    r.add_builtin<layers::ELU>();
    r.add_builtin<layers::Softmax>();
}

} // namespace detail

template class engine_layer<layers::ReLU>;
template class engine_layer<layers::LeakyReLU>;
template class engine_layer<layers::PReLU>;
template class engine_layer<layers::ELU>;
template class engine_layer<layers::Softmax>;

} // namespace scion::dynamic
