// scion/dynamic/layers/conv.hpp — the dynamic path's Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/core/error.hpp>
#include <scion/core/initializers.hpp>
#include <scion/dynamic/registry.hpp>
#include <scion/layers/conv.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------
// Per-axis arguments (kernel_size, strides, dilation_rate, output_padding) take one value for
// every axis ({3}) or one per axis ({3, 2}), as Keras's integer-or-tuple arguments.

/// Keras `Conv1D(filters, kernel_size, ...)`.
struct conv1d_options {
    std::size_t filters = 0;
    std::vector<std::size_t> kernel_size{};        ///< required
    std::vector<std::size_t> strides{1};
    std::string padding = "valid";                 ///< "valid", "same" or "causal"
    std::string data_format = "channels_last";     ///< channels_first is not supported
    std::vector<std::size_t> dilation_rate{1};
    std::size_t groups = 1;
    std::string activation = "linear";
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
/// Keras `Conv2D(filters, kernel_size, ...)`.
struct conv2d_options {
    std::size_t filters = 0;
    std::vector<std::size_t> kernel_size{};        ///< required
    std::vector<std::size_t> strides{1};
    std::string padding = "valid";                 ///< "valid" or "same"
    std::string data_format = "channels_last";     ///< channels_first is not supported
    std::vector<std::size_t> dilation_rate{1};
    std::size_t groups = 1;
    std::string activation = "linear";
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
/// Keras `DepthwiseConv2D(kernel_size, ...)`.
struct depthwise_conv2d_options {
    std::vector<std::size_t> kernel_size{};        ///< required
    std::vector<std::size_t> strides{1};
    std::string padding = "valid";
    std::size_t depth_multiplier = 1;
    std::string data_format = "channels_last";
    std::vector<std::size_t> dilation_rate{1};
    std::string activation = "linear";
    bool use_bias = true;
    Initializer depthwise_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
/// Keras `SeparableConv2D(filters, kernel_size, ...)`.
struct separable_conv2d_options {
    std::size_t filters = 0;
    std::vector<std::size_t> kernel_size{};        ///< required
    std::vector<std::size_t> strides{1};
    std::string padding = "valid";
    std::string data_format = "channels_last";
    std::vector<std::size_t> dilation_rate{1};
    std::size_t depth_multiplier = 1;
    std::string activation = "linear";
    bool use_bias = true;
    Initializer depthwise_initializer = Initializer::glorot_uniform();
    Initializer pointwise_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};
/// Keras `Conv2DTranspose(filters, kernel_size, ...)`.
struct conv2d_transpose_options {
    std::size_t filters = 0;
    std::vector<std::size_t> kernel_size{};        ///< required
    std::vector<std::size_t> strides{1};
    std::string padding = "valid";                 ///< "valid" or "same"
    std::vector<std::size_t> output_padding{};     ///< empty: Keras's None
    std::string data_format = "channels_last";
    std::vector<std::size_t> dilation_rate{1};
    std::string activation = "linear";
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
    std::string name{};
    bool trainable = true;
};

namespace detail {

// The options' fields in engine form; errors name the layer ("Conv2D layer 'c1'") and the field.
// (conv_axes<R>, conv_geometry<R> and conv_config_of<R>, used by the factories only, are in libscion.)
layers::conv_padding conv_padding_of(const std::string& p, const std::string& who);
void conv_data_format(const std::string& f, const std::string& who);
activation_id conv_activation(const std::string& a, const std::string& who);
std::string conv_who(std::string_view class_name, const std::string& name);

} // namespace detail

// ---- factories --------------------------------------------------------------------------------------

/// Conv1D over (steps, channels): `dynamic::Conv1D({.filters = 8, .kernel_size = {3}, .padding = "causal"})`.
/// Throws config_error naming the layer and the field for a value Keras would refuse.
[[nodiscard]] Layer Conv1D(const conv1d_options& o);
/// Conv2D over (height, width, channels): `dynamic::Conv2D({.filters = 8, .kernel_size = {3, 3},
/// .strides = {2}, .padding = "same", .activation = "relu"})`.
[[nodiscard]] Layer Conv2D(const conv2d_options& o);
/// DepthwiseConv2D: `dynamic::DepthwiseConv2D({.kernel_size = {3}, .depth_multiplier = 2})`.
[[nodiscard]] Layer DepthwiseConv2D(const depthwise_conv2d_options& o);
/// SeparableConv2D: `dynamic::SeparableConv2D({.filters = 16, .kernel_size = {3}, .padding = "same"})`.
[[nodiscard]] Layer SeparableConv2D(const separable_conv2d_options& o);
/// Conv2DTranspose: `dynamic::Conv2DTranspose({.filters = 8, .kernel_size = {3}, .strides = {2},
/// .padding = "same"})`.
[[nodiscard]] Layer Conv2DTranspose(const conv2d_transpose_options& o);

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_conv_layers(registry& r);
} // namespace detail

// The dynamic faces of the convolutions are compiled once, in libscion (src/dynamic/layers/conv.cpp).
extern template class engine_layer<layers::Conv<1>>;
extern template class engine_layer<layers::Conv<2>>;
extern template class engine_layer<layers::DepthwiseConv2D>;
extern template class engine_layer<layers::SeparableConv2D>;
extern template class engine_layer<layers::Conv2DTranspose>;

} // namespace scion::dynamic
