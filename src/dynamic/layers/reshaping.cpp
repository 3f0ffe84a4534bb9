// src/dynamic/layers/reshaping.cpp — the dynamic path's reshaping layers: ZeroPadding2D,
// Cropping2D, UpSampling2D, RepeatVector, Permute. Factories, registration, engine_layer
// instantiations.
#include <scion/dynamic/layers/reshaping.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail::spatial {

layers::sides2d sides(const std::vector<std::size_t>& v, std::string_view field, const std::string& who_) {
    if (v.size() == 1) return {{{v[0], v[0]}, {v[0], v[0]}}};
    if (v.size() == 2) return {{{v[0], v[0]}, {v[1], v[1]}}};
    if (v.size() == 4) return {{{v[0], v[1]}, {v[2], v[3]}}};
    throw config_error(who_ + ": " + std::string(field) + " must hold 1, 2 (rows, cols) or 4 (top, bottom, left, right) "
                       "values (field '" + std::string(field) + "'), got " + std::to_string(v.size()));
}

} // namespace detail::spatial

// ---- factories --------------------------------------------------------------------------------------

Layer ZeroPadding2D(const zero_padding2d_options& o) {
    const std::string w = detail::spatial::who(layers::ZeroPadding2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::zero_padding2d_config>(o);
    c.padding = detail::spatial::sides(o.padding, "padding", w);
    return Layer(layers::ZeroPadding2D(std::move(c)));
}

Layer Cropping2D(const cropping2d_options& o) {
    const std::string w = detail::spatial::who(layers::Cropping2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::cropping2d_config>(o);
    c.cropping = detail::spatial::sides(o.cropping, "cropping", w);
    return Layer(layers::Cropping2D(std::move(c)));
}

Layer UpSampling2D(const upsampling2d_options& o) {
    const std::string w = detail::spatial::who(layers::UpSampling2D::class_name, o.name);
    layers::detail::spatial::check_data_format(o.data_format, w);
    auto c = detail::base_of<layers::upsampling2d_config>(o);
    c.size = detail::spatial::spread<2>(o.size, "size", w);
    c.interpolation = layers::UpSampling2D::interpolation_from_string(o.interpolation, w);
    return Layer(layers::UpSampling2D(std::move(c)));
}

Layer RepeatVector(const repeat_vector_options& o) {
    auto c = detail::base_of<layers::repeat_vector_config>(o);
    c.n = o.n;
    return Layer(layers::RepeatVector(std::move(c)));
}

Layer Permute(const permute_options& o) {
    auto c = detail::base_of<layers::permute_config>(o);
    c.dims = o.dims;
    return Layer(layers::Permute(std::move(c)));
}

namespace detail {

void register_reshaping_layers(registry& r) {
    r.add_builtin<layers::ZeroPadding2D>();
    r.add_builtin<layers::Cropping2D>();
    r.add_builtin<layers::UpSampling2D>();
    r.add_builtin<layers::RepeatVector>();
    r.add_builtin<layers::Permute>();
}

} // namespace detail

template class engine_layer<layers::ZeroPadding2D>;
template class engine_layer<layers::Cropping2D>;
template class engine_layer<layers::UpSampling2D>;
template class engine_layer<layers::RepeatVector>;
template class engine_layer<layers::Permute>;

} // namespace scion::dynamic
