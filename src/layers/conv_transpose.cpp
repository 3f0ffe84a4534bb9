// src/layers/conv_transpose.cpp — Conv2DTranspose: one matrix product per sample (every input
// pixel times every kernel tap) into scratch, then a scatter-add into the output.
#include <scion/layers/conv_transpose.hpp>

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

// ---- Conv2DTranspose ---------------------------------------------------------------------------------

Conv2DTranspose::Conv2DTranspose(config_type cfg) : basic_layer(std::move(cfg)) {
    const std::string w = who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    detail::conv_check_geometry(cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate, cfg_.padding, false, w);
    if (cfg_.output_padding)
        for (std::size_t i = 0; i < 2; ++i)
            if ((*cfg_.output_padding)[i] >= cfg_.strides[i])
                throw config_error(w + ": output_padding (" + std::to_string((*cfg_.output_padding)[i]) +
                                   ") must be less than its stride (" + std::to_string(cfg_.strides[i]) + ")");
}

Shape Conv2DTranspose::compute_output_shape(const Shape& in) const {
    return check_shape(conv2d_transpose_output_shape(in, cfg_.filters, cfg_.kernel_size, cfg_.strides,
                                                     cfg_.dilation_rate, cfg_.padding,
                                                     cfg_.output_padding.has_value(),
                                                     cfg_.output_padding.value_or(conv_dims<2>{0, 0})),
                       who(), in);
}

void Conv2DTranspose::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void Conv2DTranspose::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
}

std::size_t Conv2DTranspose::scratch_size(std::size_t /*batch*/) const noexcept {
    return input_shape_[0] * input_shape_[1] * cfg_.kernel_size[0] * cfg_.kernel_size[1] * cfg_.filters;
}

void Conv2DTranspose::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch,
                              const call_context& /*ctx*/) const {
    using Eigen::Index;
    const std::size_t batch = x.shape[0], h = input_shape_[0], w = input_shape_[1], c = input_shape_[2];
    const std::size_t oh = output_shape_[0], ow = output_shape_[1], f = cfg_.filters;
    const std::size_t kh = cfg_.kernel_size[0], kw = cfg_.kernel_size[1];
    const std::size_t sh = cfg_.strides[0], sw = cfg_.strides[1], dh = cfg_.dilation_rate[0],
                      dw = cfg_.dilation_rate[1];
    const std::size_t pt = conv_transpose_padding_before(h, oh, kh, sh, dh, cfg_.padding);
    const std::size_t pl = conv_transpose_padding_before(w, ow, kw, sw, dw, cfg_.padding);
    const std::size_t taps = kh * kw * f;
    // kernel (kh, kw, f, c) read as a (kh * kw * f, c) matrix; its transpose maps a pixel's
    // channels to every tap's filters.
    const ConstMatrixMap kernel(weights_[0].data(), Index(taps), Index(c));
    MatrixMap z(scratch.data(), Index(h * w), Index(taps));
    for (std::size_t b = 0; b < batch; ++b) {
        scion::detail::gemm(z, ConstMatrixMap(x.data + b * h * w * c, Index(h * w), Index(c)), kernel.transpose());
        float* out = y.data + b * oh * ow * f;
        std::fill(out, out + oh * ow * f, 0.0f);
        for (std::size_t iy = 0; iy < h; ++iy)
            for (std::size_t ix = 0; ix < w; ++ix) {
                const float* zp = scratch.data() + (iy * w + ix) * taps;
                for (std::size_t ky = 0; ky < kh; ++ky) {
                    const std::ptrdiff_t oy = detail::conv_geometry::at(iy, ky, sh, dh, pt, oh);
                    if (oy < 0) continue;
                    for (std::size_t kx = 0; kx < kw; ++kx) {
                        const std::ptrdiff_t ox = detail::conv_geometry::at(ix, kx, sw, dw, pl, ow);
                        if (ox < 0) continue;
                        float* o = out + (static_cast<std::size_t>(oy) * ow + static_cast<std::size_t>(ox)) * f;
                        const float* t = zp + (ky * kw + kx) * f;
                        for (std::size_t k = 0; k < f; ++k) o[k] += t[k];
                    }
                }
            }
    }
    detail::conv_finish(y, f, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
}

std::vector<std::string> Conv2DTranspose::weight_names() const {
    if (cfg_.use_bias) return {"kernel", "bias"};
    return {"kernel"};
}

json Conv2DTranspose::get_config() const {
    json j = detail::write_base(cfg_);
    j["filters"] = cfg_.filters;
    j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
    j["strides"] = detail::conv_dims_json(cfg_.strides);
    j["padding"] = std::string(to_string(cfg_.padding));
    j["data_format"] = "channels_last";
    if (cfg_.dilation_rate != conv_dims<2>{1, 1}) j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
    if (cfg_.output_padding) j["output_padding"] = detail::conv_dims_json(*cfg_.output_padding);
    j["activation"] = std::string(to_string(cfg_.activation));
    j["use_bias"] = cfg_.use_bias;
    j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
    j["bias_initializer"] = cfg_.bias_initializer.to_json();
    detail::conv_write_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                "kernel_constraint", "bias_constraint"});
    return j;
}

auto Conv2DTranspose::config_from_json(const json& j) -> config_type {
    const std::string w = "Conv2DTranspose config";
    config_type c;
    detail::read_base(c, j, w);
    c.filters = detail::conv_read_required_count(j, "filters", w);
    c.kernel_size = detail::conv_read_dims<2>(j, "kernel_size", std::nullopt, w);
    c.strides = detail::conv_read_dims<2>(j, "strides", conv_dims<2>{1, 1}, w);
    c.dilation_rate = detail::conv_read_dims<2>(j, "dilation_rate", conv_dims<2>{1, 1}, w);
    c.padding = detail::conv_read_padding(j, w, false);
    detail::conv_check_data_format(j, w);
    (void)detail::conv_read_groups(j, w, false);
    if (const auto it = j.find("output_padding"); it != j.end() && !it->is_null())
        c.output_padding = detail::conv_read_dims<2>(j, "output_padding", std::nullopt, w, true);
    c.activation = detail::conv_read_activation(j, w);
    c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
    c.kernel_initializer = detail::conv_read_init(j, "kernel_initializer", Initializer::glorot_uniform(), w);
    c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
    detail::conv_require_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                  "kernel_constraint", "bias_constraint"}, w);
    return c;
}

Conv2DTranspose Conv2DTranspose::from_config(const json& j) { return Conv2DTranspose(config_from_json(j)); }

auto Conv2DTranspose::weight_defs(const Shape& in) const -> std::array<weight_def, 2> {
    const Shape k{cfg_.kernel_size[0], cfg_.kernel_size[1], cfg_.filters, in.back()};
    return {{{"kernel", detail::conv_checked_weight(k, who(), "kernel"), &cfg_.kernel_initializer},
             {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
