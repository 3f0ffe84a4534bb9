// src/dynamic/layers/pooling.cpp — the dynamic path's pooling layers: MaxPooling1D/2D,
// AveragePooling1D/2D, GlobalAveragePooling1D/2D, GlobalMaxPooling1D/2D (and Keras's aliases
// MaxPool2D, AvgPool2D, ...). Factories, registration, engine_layer instantiations.
#include <scion/dynamic/layers/pooling.hpp>

#include <string>
#include <string_view>

namespace scion::dynamic {

namespace detail::spatial {

std::string who(std::string_view class_name, const std::string& name) {
    return layers::detail::who(class_name, name);
}

} // namespace detail::spatial

// ---- factories --------------------------------------------------------------------------------------

Layer MaxPooling1D(const pooling1d_options& o) {
    return detail::spatial::pooling1d<layers::MaxPooling1D>(o);
}

Layer AveragePooling1D(const pooling1d_options& o) {
    return detail::spatial::pooling1d<layers::AveragePooling1D>(o);
}

Layer MaxPooling2D(const pooling2d_options& o) {
    return detail::spatial::pooling2d<layers::MaxPooling2D>(o);
}

Layer AveragePooling2D(const pooling2d_options& o) {
    return detail::spatial::pooling2d<layers::AveragePooling2D>(o);
}

Layer GlobalAveragePooling1D(const global_pooling_options& o) {
    return detail::spatial::global_pooling<layers::GlobalAveragePooling1D>(o);
}

Layer GlobalMaxPooling1D(const global_pooling_options& o) {
    return detail::spatial::global_pooling<layers::GlobalMaxPooling1D>(o);
}

Layer GlobalAveragePooling2D(const global_pooling_options& o) {
    return detail::spatial::global_pooling<layers::GlobalAveragePooling2D>(o);
}

Layer GlobalMaxPooling2D(const global_pooling_options& o) {
    return detail::spatial::global_pooling<layers::GlobalMaxPooling2D>(o);
}

namespace detail {

void register_pooling_layers(registry& r) {
    r.add_builtin<layers::MaxPooling1D>();
    r.add_builtin<layers::AveragePooling1D>();
    r.add_builtin<layers::MaxPooling2D>();
    r.add_builtin<layers::AveragePooling2D>();
    r.add_builtin<layers::GlobalAveragePooling1D>();
    r.add_builtin<layers::GlobalMaxPooling1D>();
    r.add_builtin<layers::GlobalAveragePooling2D>();
    r.add_builtin<layers::GlobalMaxPooling2D>();
    r.add("MaxPool1D", &make_from_config<layers::MaxPooling1D>);
    r.add("AvgPool1D", &make_from_config<layers::AveragePooling1D>);
    r.add("MaxPool2D", &make_from_config<layers::MaxPooling2D>);
    r.add("AvgPool2D", &make_from_config<layers::AveragePooling2D>);
    r.add("GlobalAvgPool1D", &make_from_config<layers::GlobalAveragePooling1D>);
    r.add("GlobalMaxPool1D", &make_from_config<layers::GlobalMaxPooling1D>);
    r.add("GlobalAvgPool2D", &make_from_config<layers::GlobalAveragePooling2D>);
    r.add("GlobalMaxPool2D", &make_from_config<layers::GlobalMaxPooling2D>);
}

} // namespace detail

template class engine_layer<layers::MaxPooling1D>;
template class engine_layer<layers::AveragePooling1D>;
template class engine_layer<layers::MaxPooling2D>;
template class engine_layer<layers::AveragePooling2D>;
template class engine_layer<layers::GlobalAveragePooling1D>;
template class engine_layer<layers::GlobalMaxPooling1D>;
template class engine_layer<layers::GlobalAveragePooling2D>;
template class engine_layer<layers::GlobalMaxPooling2D>;

} // namespace scion::dynamic
