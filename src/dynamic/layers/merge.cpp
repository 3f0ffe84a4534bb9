// src/dynamic/layers/merge.cpp — the dynamic path's merge layers: Add, Subtract, Multiply, Average,
// Maximum, Minimum, Concatenate. Factories, registration, engine_layer instantiations.
#include <scion/dynamic/layers/merge.hpp>

#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

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

namespace detail {

void register_merge_layers(registry& r) {
    r.add_builtin<layers::Add>();
    r.add_builtin<layers::Subtract>();
    r.add_builtin<layers::Multiply>();
    r.add_builtin<layers::Average>();
    r.add_builtin<layers::Maximum>();
    r.add_builtin<layers::Minimum>();
    r.add_builtin<layers::Concatenate>();
}

} // namespace detail

template class engine_layer<layers::Add>;
template class engine_layer<layers::Subtract>;
template class engine_layer<layers::Multiply>;
template class engine_layer<layers::Average>;
template class engine_layer<layers::Maximum>;
template class engine_layer<layers::Minimum>;
template class engine_layer<layers::Concatenate>;

} // namespace scion::dynamic
