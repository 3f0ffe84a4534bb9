// src/dynamic/layers/conv.cpp — the dynamic path's convolution factories, their registration, and engine_layer<> of the convolutions.
#include <scion/dynamic/layers/conv.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail {

// The options' fields in engine form; errors name the layer ("Conv2D layer 'c1'") and the field.
template <std::size_t R>
layers::conv_dims<R> conv_axes(const std::vector<std::size_t>& v, std::string_view field, const std::string& who) {
    if (v.size() == 1) return layers::conv_fill<R>(v[0]);
    if (v.size() != R)
        throw config_error(who + ": " + std::string(field) + " takes 1 or " + std::to_string(R) + " values, got " +
                           std::to_string(v.size()));
    layers::conv_dims<R> d{};
    for (std::size_t i = 0; i < R; ++i) d[i] = v[i];
    return d;
}
/// The geometry every convolution's options carry (kernel_size, required; strides,
/// dilation_rate, padding; data_format, channels_last only), checked and copied into config `c`.
template <std::size_t R, class C, class O>
void conv_geometry(C& c, const O& o, const std::string& w) {
    if (o.kernel_size.empty()) throw config_error(w + ": kernel_size is required");
    c.kernel_size = conv_axes<R>(o.kernel_size, "kernel_size", w);
    c.strides = conv_axes<R>(o.strides, "strides", w);
    c.dilation_rate = conv_axes<R>(o.dilation_rate, "dilation_rate", w);
    c.padding = conv_padding_of(o.padding, w);
    conv_data_format(o.data_format, w);
}

template <std::size_t R, class O>
layers::conv_config<R> conv_config_of(const O& o) {
    const std::string w = conv_who(layers::Conv<R>::class_name, o.name);
    auto c = base_of<layers::conv_config<R>>(o);
    c.filters = o.filters;
    conv_geometry<R>(c, o, w);
    c.groups = o.groups;
    c.activation = conv_activation(o.activation, w);
    c.use_bias = o.use_bias;
    c.kernel_initializer = o.kernel_initializer;
    c.bias_initializer = o.bias_initializer;
    return c;
}


layers::conv_padding conv_padding_of(const std::string& p, const std::string& who) {
    if (p == "valid") return layers::conv_padding::valid;
    if (p == "same") return layers::conv_padding::same;
    if (p == "causal") return layers::conv_padding::causal;
    throw config_error(who + ": padding '" + p + "' is not valid, same or causal");
}
void conv_data_format(const std::string& f, const std::string& who) {
    if (f != "channels_last")
        throw config_error(who + ": unsupported data_format '" + f + "' (scion's convolutions are channels_last)");
}
activation_id conv_activation(const std::string& a, const std::string& who) {
    try {
        return activation_from_string(a);
    } catch (const config_error& e) {
        throw config_error(who + ": " + e.what());
    }
}
std::string conv_who(std::string_view class_name, const std::string& name) {
    return layers::detail::who(class_name, name);
}

} // namespace detail

// ---- factories --------------------------------------------------------------------------------------

Layer Conv1D(const conv1d_options& o) {
    return Layer(layers::Conv1D(detail::conv_config_of<1>(o)));
}
Layer Conv2D(const conv2d_options& o) {
    return Layer(layers::Conv2D(detail::conv_config_of<2>(o)));
}
Layer DepthwiseConv2D(const depthwise_conv2d_options& o) {
    const std::string w = detail::conv_who(layers::DepthwiseConv2D::class_name, o.name);
    auto c = detail::base_of<layers::depthwise_conv2d_config>(o);
    detail::conv_geometry<2>(c, o, w);
    c.depth_multiplier = o.depth_multiplier;
    c.activation = detail::conv_activation(o.activation, w);
    c.use_bias = o.use_bias;
    c.depthwise_initializer = o.depthwise_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::DepthwiseConv2D(std::move(c)));
}
Layer SeparableConv2D(const separable_conv2d_options& o) {
    const std::string w = detail::conv_who(layers::SeparableConv2D::class_name, o.name);
    auto c = detail::base_of<layers::separable_conv2d_config>(o);
    c.filters = o.filters;
    detail::conv_geometry<2>(c, o, w);
    c.depth_multiplier = o.depth_multiplier;
    c.activation = detail::conv_activation(o.activation, w);
    c.use_bias = o.use_bias;
    c.depthwise_initializer = o.depthwise_initializer;
    c.pointwise_initializer = o.pointwise_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::SeparableConv2D(std::move(c)));
}
Layer Conv2DTranspose(const conv2d_transpose_options& o) {
    const std::string w = detail::conv_who(layers::Conv2DTranspose::class_name, o.name);
    auto c = detail::base_of<layers::conv2d_transpose_config>(o);
    c.filters = o.filters;
    detail::conv_geometry<2>(c, o, w);
    if (!o.output_padding.empty()) c.output_padding = detail::conv_axes<2>(o.output_padding, "output_padding", w);
    c.activation = detail::conv_activation(o.activation, w);
    c.use_bias = o.use_bias;
    c.kernel_initializer = o.kernel_initializer;
    c.bias_initializer = o.bias_initializer;
    return Layer(layers::Conv2DTranspose(std::move(c)));
}

namespace detail {
void register_conv_layers(registry& r) {
    r.add_builtin<layers::Conv1D>();
    r.add_builtin<layers::Conv2D>();
    r.add_builtin<layers::DepthwiseConv2D>();
    r.add_builtin<layers::SeparableConv2D>();
    r.add_builtin<layers::Conv2DTranspose>();
}
} // namespace detail

} // namespace scion::dynamic

template class scion::dynamic::engine_layer<scion::layers::Conv<1>>;
template class scion::dynamic::engine_layer<scion::layers::Conv<2>>;
template class scion::dynamic::engine_layer<scion::layers::DepthwiseConv2D>;
template class scion::dynamic::engine_layer<scion::layers::SeparableConv2D>;
template class scion::dynamic::engine_layer<scion::layers::Conv2DTranspose>;
