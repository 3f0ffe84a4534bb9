// src/dynamic/layers/noise.cpp — the dynamic path's noise layers: SpatialDropout1D/2D/3D,
// GaussianNoise, GaussianDropout. Factories, registration, engine_layer instantiations.
#include <scion/dynamic/layers/noise.hpp>

#include <string>
#include <utility>

namespace scion::dynamic {

// ---- factories --------------------------------------------------------------------------------------

Layer SpatialDropout1D(const spatial_dropout_options& o) { return detail::spatial_dropout<1>(o); }
Layer SpatialDropout2D(const spatial_dropout_options& o) { return detail::spatial_dropout<2>(o); }
Layer SpatialDropout3D(const spatial_dropout_options& o) { return detail::spatial_dropout<3>(o); }

Layer GaussianNoise(const gaussian_noise_options& o) {
    auto c = detail::base_of<layers::gaussian_noise_config>(o);
    c.stddev = o.stddev;
    c.seed = o.seed;
    return Layer(layers::GaussianNoise(std::move(c)));
}

Layer GaussianDropout(const gaussian_dropout_options& o) {
    auto c = detail::base_of<layers::gaussian_dropout_config>(o);
    c.rate = o.rate;
    c.seed = o.seed;
    return Layer(layers::GaussianDropout(std::move(c)));
}

namespace detail {

void register_noise_layers(registry& r) {
    r.add_builtin<layers::SpatialDropout1D>();
    r.add_builtin<layers::SpatialDropout2D>();
    r.add_builtin<layers::SpatialDropout3D>();
    r.add_builtin<layers::GaussianNoise>();
    r.add_builtin<layers::GaussianDropout>();
}

} // namespace detail

template class engine_layer<layers::SpatialDropout<1>>;
template class engine_layer<layers::SpatialDropout<2>>;
template class engine_layer<layers::SpatialDropout<3>>;
template class engine_layer<layers::GaussianNoise>;
template class engine_layer<layers::GaussianDropout>;

} // namespace scion::dynamic
