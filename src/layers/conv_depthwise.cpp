// src/layers/conv_depthwise.cpp — DepthwiseConv2D, and SeparableConv2D as DepthwiseConv2D's
// convolution followed by a pointwise one. The depthwise part (checks, geometry, weight, math,
// Keras fields) is written once below, over either layer's config, and both layers call it.
#include <scion/layers/conv_depthwise.hpp>

#include <scion/detail/gemm.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::layers {

namespace {

// ---- the depthwise part, over depthwise_conv2d_config and separable_conv2d_config alike ----

/// The depthwise convolution of one sample: output channel c * m + j is input channel c
/// convolved with depthwise kernel (kh, kw, c, j); `out` is (oh * ow, c * m), no bias.
void depthwise_sample(const float* x, const detail::conv_geometry& g, std::size_t m, const float* kernel,
                      float* out) {
    const std::size_t cm = g.c * m;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox) {
            float* o = out + (oy * g.ow + ox) * cm;
            std::fill(o, o + cm, 0.0f);
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = detail::conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                if (iy < 0) continue;
                for (std::size_t kx = 0; kx < g.kw; ++kx) {
                    const std::ptrdiff_t ix = detail::conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
                    if (ix < 0) continue;
                    const float* xp = x + (static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)) * g.c;
                    const float* kp = kernel + (ky * g.kw + kx) * cm;
                    if (m == 1) {
                        for (std::size_t c = 0; c < g.c; ++c) o[c] += xp[c] * kp[c];
                    } else {
                        for (std::size_t c = 0; c < g.c; ++c)
                            for (std::size_t j = 0; j < m; ++j) o[c * m + j] += xp[c] * kp[c * m + j];
                    }
                }
            }
        }
}

/// The config checks: positive kernel, strides, dilation and depth_multiplier; no causal padding.
template <class Config>
void depthwise_check(const Config& c, const std::string& w) {
    detail::conv_check_geometry(c.kernel_size, c.strides, c.dilation_rate, c.padding, false, w);
    if (c.depth_multiplier == 0) throw config_error(w + ": depth_multiplier must be positive");
}

template <class Config>
detail::conv_geometry depthwise_geometry(const Config& c, const Shape& in, const Shape& out) noexcept {
    return detail::conv2d_geometry(in, out, c.kernel_size, c.strides, c.dilation_rate, c.padding);
}

/// The shape of depthwise_kernel: (kh, kw, channels, depth_multiplier).
template <class Config>
Shape depthwise_kernel_shape(const Config& c, const Shape& in, const std::string& w) {
    return detail::conv_checked_weight(Shape{c.kernel_size[0], c.kernel_size[1], in.back(), c.depth_multiplier}, w,
                                       "depthwise_kernel");
}

/// The depthwise convolution of the batch x (batch, h, w, c) into out (batch, oh, ow, c * m), no bias.
template <class Config>
void depthwise_forward(const Config& c, const detail::conv_geometry& g, const ConstTensorView& x, const float* kernel,
                       float* out) {
    const std::size_t batch = x.shape[0], per_out = g.oh * g.ow * g.c * c.depth_multiplier;
    for (std::size_t b = 0; b < batch; ++b)
        depthwise_sample(x.data + b * g.h * g.w * g.c, g, c.depth_multiplier, kernel, out + b * per_out);
}

/// The fields the depthwise part writes, in TF.js's order: kernel_size ... depth_multiplier.
template <class Config>
void depthwise_write(json& j, const Config& c) {
    j["kernel_size"] = detail::conv_dims_json(c.kernel_size);
    j["strides"] = detail::conv_dims_json(c.strides);
    j["padding"] = std::string(to_string(c.padding));
    j["data_format"] = "channels_last";
    j["dilation_rate"] = detail::conv_dims_json(c.dilation_rate);
    j["depth_multiplier"] = c.depth_multiplier;
}

/// Reads the depthwise part's fields: the geometry, depth_multiplier, activation, use_bias and
/// the depthwise and bias initializers (groups, absent or 1).
template <class Config>
void depthwise_read(Config& c, const json& j, const std::string& w) {
    c.kernel_size = detail::conv_read_dims<2>(j, "kernel_size", std::nullopt, w);
    c.strides = detail::conv_read_dims<2>(j, "strides", conv_dims<2>{1, 1}, w);
    c.dilation_rate = detail::conv_read_dims<2>(j, "dilation_rate", conv_dims<2>{1, 1}, w);
    c.padding = detail::conv_read_padding(j, w, false);
    detail::conv_check_data_format(j, w);
    (void)detail::conv_read_groups(j, w, false);
    if (const auto it = j.find("depth_multiplier"); it != j.end() && !it->is_null())
        c.depth_multiplier = detail::conv_read_count(*it, "depth_multiplier", w);
    c.activation = detail::conv_read_activation(j, w);
    c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
    c.depthwise_initializer = detail::conv_read_init(j, "depthwise_initializer", Initializer::glorot_uniform(), w);
    c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
}

} // namespace

// ---- DepthwiseConv2D ---------------------------------------------------------------------------------

DepthwiseConv2D::DepthwiseConv2D(config_type cfg) : basic_layer(std::move(cfg)) { depthwise_check(cfg_, who()); }

Shape DepthwiseConv2D::compute_output_shape(const Shape& in) const {
    detail::conv_check_fits(in, cfg_.kernel_size, cfg_.dilation_rate, cfg_.padding, who());
    return check_shape(depthwise_conv2d_output_shape(in, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                                     cfg_.padding, cfg_.depth_multiplier),
                       who(), in);
}

void DepthwiseConv2D::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void DepthwiseConv2D::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
}

void DepthwiseConv2D::forward(const ConstTensorView& x, const TensorView& y, std::span<float> /*scratch*/,
                              const call_context& /*ctx*/) const {
    depthwise_forward(cfg_, depthwise_geometry(cfg_, input_shape_, output_shape_), x, weights_[0].data(), y.data);
    detail::conv_finish(y, input_shape_[2] * cfg_.depth_multiplier, cfg_.use_bias ? weights_[1].data() : nullptr,
                        cfg_.activation);
}

std::vector<std::string> DepthwiseConv2D::weight_names() const {
    if (cfg_.use_bias) return {"depthwise_kernel", "bias"};
    return {"depthwise_kernel"};
}

json DepthwiseConv2D::get_config() const {
    json j = detail::write_base(cfg_);
    depthwise_write(j, cfg_);
    j["activation"] = std::string(to_string(cfg_.activation));
    j["use_bias"] = cfg_.use_bias;
    j["depthwise_initializer"] = cfg_.depthwise_initializer.to_json();
    j["bias_initializer"] = cfg_.bias_initializer.to_json();
    detail::conv_write_null(j, {"depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                                "depthwise_constraint", "bias_constraint"});
    return j;
}

auto DepthwiseConv2D::config_from_json(const json& j) -> config_type {
    const std::string w = "DepthwiseConv2D config";
    config_type c;
    detail::read_base(c, j, w);
    depthwise_read(c, j, w);
    detail::conv_require_null(j, {"depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                                  "depthwise_constraint", "bias_constraint"}, w);
    return c;
}

DepthwiseConv2D DepthwiseConv2D::from_config(const json& j) { return DepthwiseConv2D(config_from_json(j)); }

auto DepthwiseConv2D::weight_defs(const Shape& in) const -> std::array<weight_def, 2> {
    return {{{"depthwise_kernel", depthwise_kernel_shape(cfg_, in, who()), &cfg_.depthwise_initializer},
             {"bias", Shape{in.back() * cfg_.depth_multiplier}, &cfg_.bias_initializer}}};
}

// ---- SeparableConv2D: the depthwise part, then a pointwise (1x1) convolution ------------------------

SeparableConv2D::SeparableConv2D(config_type cfg) : basic_layer(std::move(cfg)) {
    const std::string w = who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    depthwise_check(cfg_, w);
}

Shape SeparableConv2D::compute_output_shape(const Shape& in) const {
    detail::conv_check_fits(in, cfg_.kernel_size, cfg_.dilation_rate, cfg_.padding, who());
    return check_shape(separable_conv2d_output_shape(in, cfg_.filters, cfg_.kernel_size, cfg_.strides,
                                                     cfg_.dilation_rate, cfg_.padding, cfg_.depth_multiplier),
                       who(), in);
}

void SeparableConv2D::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(std::span(defs.data(), cfg_.use_bias ? 3 : 2), s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void SeparableConv2D::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 3 : 2), who());
}

std::size_t SeparableConv2D::scratch_size(std::size_t batch) const noexcept {
    return batch * output_shape_[0] * output_shape_[1] * input_shape_[2] * cfg_.depth_multiplier;
}

void SeparableConv2D::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch,
                              const call_context& /*ctx*/) const {
    using Eigen::Index;
    const auto g = depthwise_geometry(cfg_, input_shape_, output_shape_);
    const std::size_t rows = x.shape[0] * g.oh * g.ow, cm = g.c * cfg_.depth_multiplier;
    depthwise_forward(cfg_, g, x, weights_[0].data(), scratch.data());
    scion::detail::gemm(MatrixMap(y.data, Index(rows), Index(cfg_.filters)),
                        ConstMatrixMap(scratch.data(), Index(rows), Index(cm)),
                        ConstMatrixMap(weights_[1].data(), Index(cm), Index(cfg_.filters)));
    detail::conv_finish(y, cfg_.filters, cfg_.use_bias ? weights_[2].data() : nullptr, cfg_.activation);
}

std::vector<std::string> SeparableConv2D::weight_names() const {
    if (cfg_.use_bias) return {"depthwise_kernel", "pointwise_kernel", "bias"};
    return {"depthwise_kernel", "pointwise_kernel"};
}

json SeparableConv2D::get_config() const {
    json j = detail::write_base(cfg_);
    j["filters"] = cfg_.filters;
    depthwise_write(j, cfg_);
    j["activation"] = std::string(to_string(cfg_.activation));
    j["use_bias"] = cfg_.use_bias;
    j["depthwise_initializer"] = cfg_.depthwise_initializer.to_json();
    j["pointwise_initializer"] = cfg_.pointwise_initializer.to_json();
    j["bias_initializer"] = cfg_.bias_initializer.to_json();
    detail::conv_write_null(j, {"depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                                "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                                "bias_constraint"});
    return j;
}

auto SeparableConv2D::config_from_json(const json& j) -> config_type {
    const std::string w = "SeparableConv2D config";
    config_type c;
    detail::read_base(c, j, w);
    c.filters = detail::conv_read_required_count(j, "filters", w);
    depthwise_read(c, j, w);
    c.pointwise_initializer = detail::conv_read_init(j, "pointwise_initializer", Initializer::glorot_uniform(), w);
    detail::conv_require_null(j, {"depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                                  "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                                  "bias_constraint", "kernel_regularizer", "kernel_constraint"}, w);
    return c;
}

SeparableConv2D SeparableConv2D::from_config(const json& j) { return SeparableConv2D(config_from_json(j)); }

auto SeparableConv2D::weight_defs(const Shape& in) const -> std::array<weight_def, 3> {
    const Shape pk{1, 1, in.back() * cfg_.depth_multiplier, cfg_.filters};
    return {{{"depthwise_kernel", depthwise_kernel_shape(cfg_, in, who()), &cfg_.depthwise_initializer},
             {"pointwise_kernel", detail::conv_checked_weight(pk, who(), "pointwise_kernel"),
              &cfg_.pointwise_initializer},
             {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
