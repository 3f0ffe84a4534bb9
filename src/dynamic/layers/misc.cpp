// src/dynamic/layers/misc.cpp — the dynamic path's normalization, Embedding, advanced activation and noise factories.
#include <scion/dynamic/layers/misc.hpp>

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

void register_misc_layers(registry& r) {
    r.add_builtin<layers::BatchNormalization>();
    r.add_builtin<layers::LayerNormalization>();
    r.add_builtin<layers::Embedding>();
    r.add_builtin<layers::ReLU>();
    r.add_builtin<layers::LeakyReLU>();
    r.add_builtin<layers::PReLU>();
    r.add_builtin<layers::ELU>();
    r.add_builtin<layers::Softmax>();
    r.add_builtin<layers::SpatialDropout1D>();
    r.add_builtin<layers::SpatialDropout2D>();
    r.add_builtin<layers::SpatialDropout3D>();
    r.add_builtin<layers::GaussianNoise>();
    r.add_builtin<layers::GaussianDropout>();
}

} // namespace detail

template class engine_layer<layers::BatchNormalization>;
template class engine_layer<layers::LayerNormalization>;
template class engine_layer<layers::Embedding>;
template class engine_layer<layers::ReLU>;
template class engine_layer<layers::LeakyReLU>;
template class engine_layer<layers::PReLU>;
template class engine_layer<layers::ELU>;
template class engine_layer<layers::Softmax>;
template class engine_layer<layers::SpatialDropout<1>>;
template class engine_layer<layers::SpatialDropout<2>>;
template class engine_layer<layers::SpatialDropout<3>>;
template class engine_layer<layers::GaussianNoise>;
template class engine_layer<layers::GaussianDropout>;

} // namespace scion::dynamic
