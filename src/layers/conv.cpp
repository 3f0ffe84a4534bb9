// src/layers/conv.cpp — the convolutions' engine code: Keras JSON helpers, im2col / depthwise math, Conv<1>, Conv<2>, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose.
#include <scion/layers/conv.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::layers {

namespace detail {

// ---- Keras JSON, read and written alike by every convolution ----

json conv_dims_json(std::span<const std::size_t> d) {
    json a = json::array();
    for (std::size_t x : d) a.push_back(x);
    return a;
}

std::size_t conv_read_count(const json& v, std::string_view field, std::string_view who) {
    if (!v.is_number_integer() || (v.is_number_unsigned() ? v.get<std::uint64_t>() > conv_max_value
                                                          : v.get<std::int64_t>() < 1 ||
                                                                v.get<std::int64_t>() > std::int64_t(conv_max_value)))
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    const auto x = v.get<std::uint64_t>();
    if (x == 0)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must hold integers from 1 to " +
                           std::to_string(conv_max_value) + ", got " + v.dump());
    return static_cast<std::size_t>(x);
}

std::size_t conv_read_required_count(const json& j, std::string_view field, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null())
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    return conv_read_count(*it, field, who);
}

template <std::size_t R>
conv_dims<R> conv_read_dims(const json& j, std::string_view field, std::optional<conv_dims<R>> fallback,
                            std::string_view who, bool allow_zero) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    }
    const auto one = [&](const json& v) -> std::size_t {
        if (allow_zero && v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() == 0) return 0;
        if (allow_zero && v.is_number_unsigned() && v.get<std::uint64_t>() == 0) return 0;
        return conv_read_count(v, field, who);
    };
    if (it->is_number()) return conv_fill<R>(one(*it));
    if (!it->is_array() || it->size() != R)
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be an integer or a list of " +
                           std::to_string(R) + " integers, got " + it->dump());
    conv_dims<R> d{};
    for (std::size_t i = 0; i < R; ++i) d[i] = one((*it)[i]);
    return d;
}

template conv_dims<1> conv_read_dims<1>(const json&, std::string_view, std::optional<conv_dims<1>>, std::string_view,
                                        bool);
template conv_dims<2> conv_read_dims<2>(const json&, std::string_view, std::optional<conv_dims<2>>, std::string_view,
                                        bool);

conv_padding conv_read_padding(const json& j, std::string_view who, bool allow_causal) {
    const auto p = scion::detail::get_field_or<std::string>(j, "padding", "valid", who);
    if (p == "valid") return conv_padding::valid;
    if (p == "same") return conv_padding::same;
    if (p == "causal" && allow_causal) return conv_padding::causal;
    throw config_error(std::string(who) + ": unsupported option 'padding' = \"" + p + "\" (" +
                       (allow_causal ? "valid, same or causal" : "valid or same") + ")");
}

void conv_check_data_format(const json& j, std::string_view who) {
    const auto f = scion::detail::get_field_or<std::string>(j, "data_format", "channels_last", who);
    if (f != "channels_last" && f != "channelsLast")
        throw config_error(std::string(who) + ": unsupported option 'data_format' = \"" + f +
                           "\" (scion's convolutions are channels_last)");
}

scion::activation_id conv_read_activation(const json& j, std::string_view who) {
    const auto a = scion::detail::get_field_or<std::string>(j, "activation", "linear", who);
    try {
        return activation_from_string(a);
    } catch (const config_error& e) {
        throw config_error(std::string(who) + ": field 'activation': " + e.what());
    }
}

Initializer conv_read_init(const json& j, std::string_view field, Initializer fallback, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) return fallback;
    return Initializer::from_json(*it, std::string(who) + " " + std::string(field));
}

std::size_t conv_read_groups(const json& j, std::string_view who, bool allowed) {
    const auto it = j.find("groups");
    if (it == j.end() || it->is_null()) return 1;
    const std::size_t g = conv_read_count(*it, "groups", who);
    if (g != 1 && !allowed) throw config_error(std::string(who) + ": unsupported option 'groups' = " + it->dump());
    return g;
}

void conv_require_null(const json& j, std::initializer_list<const char*> fields, std::string_view who) {
    for (const char* k : fields) scion::detail::require_null(j, k, who);
}
void conv_write_null(json& j, std::initializer_list<const char*> fields) {
    for (const char* k : fields) j[k] = nullptr;
}

Shape conv_checked_weight(Shape s, const std::string& who_, std::string_view weight) {
    std::size_t n = 1;
    for (std::size_t d : s) {
        if (d != 0 && n > conv_max_weight / d)
            throw config_error(who_ + ": weight '" + std::string(weight) + "' of shape " + s.to_string() +
                               " would hold more than " + std::to_string(conv_max_weight) + " scalars");
        n *= d;
    }
    return s;
}

// ---- the math ----

conv_geometry conv2d_geometry(const Shape& in, const Shape& out, const conv_dims<2>& k, const conv_dims<2>& s,
                              const conv_dims<2>& d, conv_padding p) noexcept {
    conv_geometry g;
    g.h = in[0], g.w = in[1], g.c = in[2];
    g.oh = out[0], g.ow = out[1];
    g.kh = k[0], g.kw = k[1], g.sh = s[0], g.sw = s[1], g.dh = d[0], g.dw = d[1];
    g.pt = conv_padding_before(g.h, k[0], s[0], d[0], p);
    g.pl = conv_padding_before(g.w, k[1], s[1], d[1], p);
    return g;
}

void conv_im2col(const float* x, const conv_geometry& g, std::size_t c0, std::size_t cg, float* cols) {
    float* dst = cols;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox)
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                for (std::size_t kx = 0; kx < g.kw; ++kx, dst += cg) {
                    const std::ptrdiff_t ix = conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
                    if (iy < 0 || ix < 0) std::fill(dst, dst + cg, 0.0f);
                    else std::copy_n(x + (static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)) * g.c + c0,
                                     cg, dst);
                }
            }
}

void conv_depthwise(const float* x, const conv_geometry& g, std::size_t m, const float* kernel, float* out) {
    const std::size_t cm = g.c * m;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox) {
            float* o = out + (oy * g.ow + ox) * cm;
            std::fill(o, o + cm, 0.0f);
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                if (iy < 0) continue;
                for (std::size_t kx = 0; kx < g.kw; ++kx) {
                    const std::ptrdiff_t ix = conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
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

void conv_finish(TensorView y, std::size_t channels, const float* bias, scion::activation_id a) {
    const auto n = static_cast<Eigen::Index>(channels);
    if (bias != nullptr) {
        MatrixMap Y(y.data, static_cast<Eigen::Index>(y.size()) / n, n);
        Y.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, n);
    }
    apply_activation(a, y.data, y.size(), channels);
}

std::string conv_too_small(const Shape& in, std::size_t i, std::size_t extent) {
    return "cannot be applied to input shape " + in.to_batch_string() + ": the kernel spans " +
           std::to_string(extent) + " along axis " + std::to_string(i + 1) + " (dilation included), more than its " +
           std::to_string(in[i]) + " with padding 'valid'";
}

} // namespace detail

// ---- Conv1D, Conv2D -----------------------------------------------------------------------------------

template <std::size_t R>
Conv<R>::Conv(config_type cfg) : base(std::move(cfg)) {
    const std::string w = this->who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
    if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
    if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
    if (cfg_.groups == 0) throw config_error(w + ": groups must be positive");
    if (cfg_.filters % cfg_.groups != 0)
        throw config_error(w + ": filters (" + std::to_string(cfg_.filters) + ") must be divisible by groups (" +
                           std::to_string(cfg_.groups) + ")");
    if (R != 1 && cfg_.padding == conv_padding::causal)
        throw config_error(w + ": padding 'causal' is only for Conv1D");
}

template <std::size_t R>
Shape Conv<R>::compute_output_shape(const Shape& in) const {
    if (in.rank() == R + 1) {
        if (cfg_.padding == conv_padding::valid)
            for (std::size_t i = 0; i < R; ++i) {
                const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
                if (in[i] != 0 && in[i] < e) throw shape_error(this->who() + ": " + detail::conv_too_small(in, i, e));
            }
        if (in.back() % cfg_.groups != 0)
            throw shape_error(this->who() + ": cannot be applied to input shape " + in.to_batch_string() + ": its " +
                              std::to_string(in.back()) + " channels are not divisible by groups (" +
                              std::to_string(cfg_.groups) + ")");
    }
    return check_shape(conv_output_shape<R>(in, cfg_.filters, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                            cfg_.padding, cfg_.groups),
                       this->who(), in);
}

template <std::size_t R>
void Conv<R>::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    this->allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
    this->mark_built(in, out);
}

template <std::size_t R>
void Conv<R>::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    this->rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), this->who());
}

template <std::size_t R>
std::size_t Conv<R>::scratch_size(std::size_t /*batch*/) const noexcept {
    if (pointwise()) return 0;
    const auto g = geometry();
    return g.oh * g.ow * g.kh * g.kw * (g.c / cfg_.groups);
}

template <std::size_t R>
void Conv<R>::forward(ConstTensorView x, TensorView y, std::span<float> scratch, const call_context& /*ctx*/) const {
    using Eigen::Index;
    const auto g = geometry();
    const std::size_t batch = x.shape[0], f = cfg_.filters, groups = cfg_.groups;
    const std::size_t cg = g.c / groups, fg = f / groups, positions = g.oh * g.ow, depth = g.kh * g.kw * cg;
    const ConstMatrixMap kernel(weights_[0].data(), Index(depth), Index(f));
    if (pointwise()) {
        scion::detail::gemm(MatrixMap(y.data, Index(batch * positions), Index(f)),
                            ConstMatrixMap(x.data, Index(batch * g.h * g.w), Index(g.c)), kernel);
    } else {
        for (std::size_t b = 0; b < batch; ++b) {
            MatrixMap Y(y.data + b * positions * f, Index(positions), Index(f));
            for (std::size_t k = 0; k < groups; ++k) {
                detail::conv_im2col(x.data + b * g.h * g.w * g.c, g, k * cg, cg, scratch.data());
                const ConstMatrixMap cols(scratch.data(), Index(positions), Index(depth));
                if (groups == 1) scion::detail::gemm(Y, cols, kernel);
                else scion::detail::gemm(Y.middleCols(Index(k * fg), Index(fg)), cols,
                                         kernel.middleCols(Index(k * fg), Index(fg)));
            }
        }
    }
    detail::conv_finish(y, f, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
}

template <std::size_t R>
std::vector<std::string> Conv<R>::weight_names() const {
    if (cfg_.use_bias) return {"kernel", "bias"};
    return {"kernel"};
}

template <std::size_t R>
json Conv<R>::get_config() const {
    json j = detail::write_base(cfg_);
    j["filters"] = cfg_.filters;
    j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
    j["strides"] = detail::conv_dims_json(cfg_.strides);
    j["padding"] = std::string(to_string(cfg_.padding));
    if constexpr (R == 2) j["data_format"] = "channels_last";
    j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
    if (cfg_.groups != 1) j["groups"] = cfg_.groups;
    j["activation"] = std::string(to_string(cfg_.activation));
    j["use_bias"] = cfg_.use_bias;
    j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
    j["bias_initializer"] = cfg_.bias_initializer.to_json();
    detail::conv_write_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                "kernel_constraint", "bias_constraint"});
    return j;
}

template <std::size_t R>
auto Conv<R>::config_from_json(const json& j) -> config_type {
    const std::string w = std::string(class_name) + " config";
    config_type c;
    detail::read_base(c, j, w);
    c.filters = detail::conv_read_required_count(j, "filters", w);
    c.kernel_size = detail::conv_read_dims<R>(j, "kernel_size", std::nullopt, w);
    c.strides = detail::conv_read_dims<R>(j, "strides", conv_fill<R>(1), w);
    c.dilation_rate = detail::conv_read_dims<R>(j, "dilation_rate", conv_fill<R>(1), w);
    c.padding = detail::conv_read_padding(j, w, R == 1);
    detail::conv_check_data_format(j, w);
    c.groups = detail::conv_read_groups(j, w, true);
    c.activation = detail::conv_read_activation(j, w);
    c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
    c.kernel_initializer = detail::conv_read_init(j, "kernel_initializer", Initializer::glorot_uniform(), w);
    c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
    detail::conv_require_null(j, {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                                  "kernel_constraint", "bias_constraint"}, w);
    return c;
}

template <std::size_t R>
Conv<R> Conv<R>::from_config(const json& j) {
    return Conv(config_from_json(j));
}

template <std::size_t R>
bool Conv<R>::pointwise() const noexcept {
    return detail::conv_dims_product(cfg_.kernel_size) == 1 && detail::conv_dims_product(cfg_.strides) == 1 &&
           cfg_.groups == 1;
}

template <std::size_t R>
detail::conv_geometry Conv<R>::geometry() const noexcept {
    const auto& k = cfg_.kernel_size;
    const auto& s = cfg_.strides;
    const auto& d = cfg_.dilation_rate;
    if constexpr (R == 1) {
        detail::conv_geometry g;
        g.c = input_shape_[1];
        g.w = input_shape_[0];
        g.ow = output_shape_[0];
        g.kw = k[0];
        g.sw = s[0];
        g.dw = d[0];
        g.pl = conv_padding_before(g.w, k[0], s[0], d[0], cfg_.padding);
        return g;
    } else {
        return detail::conv2d_geometry(input_shape_, output_shape_, k, s, d, cfg_.padding);
    }
}

template <std::size_t R>
std::array<weight_store::weight_def, 2> Conv<R>::weight_defs(const Shape& in) const {
    Shape ks;
    for (std::size_t x : cfg_.kernel_size) ks.push_back(x);
    ks.push_back(in.back() / cfg_.groups);
    ks.push_back(cfg_.filters);
    return {{{"kernel", detail::conv_checked_weight(ks, this->who(), "kernel"), &cfg_.kernel_initializer},
             {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
}

template class Conv<1>;
template class Conv<2>;

// ---- DepthwiseConv2D ---------------------------------------------------------------------------------

DepthwiseConv2D::DepthwiseConv2D(config_type cfg) : basic_layer(std::move(cfg)) {
    const std::string w = who();
    if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
    if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
    if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
    if (cfg_.depth_multiplier == 0) throw config_error(w + ": depth_multiplier must be positive");
    if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
}

Shape DepthwiseConv2D::compute_output_shape(const Shape& in) const {
    check_kernel_fits(in);
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

void DepthwiseConv2D::forward(ConstTensorView x, TensorView y, std::span<float> /*scratch*/,
                              const call_context& /*ctx*/) const {
    const auto g = geometry();
    const std::size_t batch = x.shape[0], cm = g.c * cfg_.depth_multiplier;
    for (std::size_t b = 0; b < batch; ++b)
        detail::conv_depthwise(x.data + b * g.h * g.w * g.c, g, cfg_.depth_multiplier, weights_[0].data(),
                               y.data + b * g.oh * g.ow * cm);
    detail::conv_finish(y, cm, cfg_.use_bias ? weights_[1].data() : nullptr, cfg_.activation);
}

std::vector<std::string> DepthwiseConv2D::weight_names() const {
    if (cfg_.use_bias) return {"depthwise_kernel", "bias"};
    return {"depthwise_kernel"};
}

json DepthwiseConv2D::get_config() const {
    json j = detail::write_base(cfg_);
    j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
    j["strides"] = detail::conv_dims_json(cfg_.strides);
    j["padding"] = std::string(to_string(cfg_.padding));
    j["data_format"] = "channels_last";
    j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
    j["depth_multiplier"] = cfg_.depth_multiplier;
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
    detail::conv_require_null(j, {"depthwise_regularizer", "bias_regularizer", "activity_regularizer",
                                  "depthwise_constraint", "bias_constraint"}, w);
    return c;
}

DepthwiseConv2D DepthwiseConv2D::from_config(const json& j) { return DepthwiseConv2D(config_from_json(j)); }

void DepthwiseConv2D::check_kernel_fits(const Shape& in) const {
    if (in.rank() == 3 && cfg_.padding == conv_padding::valid)
        for (std::size_t i = 0; i < 2; ++i) {
            const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
            if (in[i] != 0 && in[i] < e) throw shape_error(who() + ": " + detail::conv_too_small(in, i, e));
        }
}

detail::conv_geometry DepthwiseConv2D::geometry() const noexcept {
    return detail::conv2d_geometry(input_shape_, output_shape_, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                   cfg_.padding);
}

auto DepthwiseConv2D::weight_defs(const Shape& in) const -> std::array<weight_def, 2> {
    const std::size_t c = in.back(), m = cfg_.depth_multiplier;
    const Shape k{cfg_.kernel_size[0], cfg_.kernel_size[1], c, m};
    return {{{"depthwise_kernel", detail::conv_checked_weight(k, who(), "depthwise_kernel"),
              &cfg_.depthwise_initializer},
             {"bias", Shape{c * m}, &cfg_.bias_initializer}}};
}

// ---- SeparableConv2D ---------------------------------------------------------------------------------

SeparableConv2D::SeparableConv2D(config_type cfg) : basic_layer(std::move(cfg)) {
    const std::string w = who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
    if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
    if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
    if (cfg_.depth_multiplier == 0) throw config_error(w + ": depth_multiplier must be positive");
    if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
}

Shape SeparableConv2D::compute_output_shape(const Shape& in) const {
    if (in.rank() == 3 && cfg_.padding == conv_padding::valid)
        for (std::size_t i = 0; i < 2; ++i) {
            const std::size_t e = conv_dilated_extent(cfg_.kernel_size[i], cfg_.dilation_rate[i]);
            if (in[i] != 0 && in[i] < e) throw shape_error(who() + ": " + detail::conv_too_small(in, i, e));
        }
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

void SeparableConv2D::forward(ConstTensorView x, TensorView y, std::span<float> scratch,
                              const call_context& /*ctx*/) const {
    using Eigen::Index;
    const auto g = geometry();
    const std::size_t batch = x.shape[0], cm = g.c * cfg_.depth_multiplier, positions = g.oh * g.ow;
    for (std::size_t b = 0; b < batch; ++b)
        detail::conv_depthwise(x.data + b * g.h * g.w * g.c, g, cfg_.depth_multiplier, weights_[0].data(),
                               scratch.data() + b * positions * cm);
    scion::detail::gemm(MatrixMap(y.data, Index(batch * positions), Index(cfg_.filters)),
                        ConstMatrixMap(scratch.data(), Index(batch * positions), Index(cm)),
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
    j["kernel_size"] = detail::conv_dims_json(cfg_.kernel_size);
    j["strides"] = detail::conv_dims_json(cfg_.strides);
    j["padding"] = std::string(to_string(cfg_.padding));
    j["data_format"] = "channels_last";
    j["dilation_rate"] = detail::conv_dims_json(cfg_.dilation_rate);
    j["depth_multiplier"] = cfg_.depth_multiplier;
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
    c.pointwise_initializer = detail::conv_read_init(j, "pointwise_initializer", Initializer::glorot_uniform(), w);
    c.bias_initializer = detail::conv_read_init(j, "bias_initializer", Initializer::zeros(), w);
    detail::conv_require_null(j, {"depthwise_regularizer", "pointwise_regularizer", "bias_regularizer",
                                  "activity_regularizer", "depthwise_constraint", "pointwise_constraint",
                                  "bias_constraint", "kernel_regularizer", "kernel_constraint"}, w);
    return c;
}

SeparableConv2D SeparableConv2D::from_config(const json& j) { return SeparableConv2D(config_from_json(j)); }

detail::conv_geometry SeparableConv2D::geometry() const noexcept {
    return detail::conv2d_geometry(input_shape_, output_shape_, cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate,
                                   cfg_.padding);
}

auto SeparableConv2D::weight_defs(const Shape& in) const -> std::array<weight_def, 3> {
    const std::size_t c = in.back(), m = cfg_.depth_multiplier;
    const Shape dk{cfg_.kernel_size[0], cfg_.kernel_size[1], c, m};
    const Shape pk{1, 1, c * m, cfg_.filters};
    return {{{"depthwise_kernel", detail::conv_checked_weight(dk, who(), "depthwise_kernel"),
              &cfg_.depthwise_initializer},
             {"pointwise_kernel", detail::conv_checked_weight(pk, who(), "pointwise_kernel"),
              &cfg_.pointwise_initializer},
             {"bias", Shape{cfg_.filters}, &cfg_.bias_initializer}}};
}

// ---- Conv2DTranspose ---------------------------------------------------------------------------------

Conv2DTranspose::Conv2DTranspose(config_type cfg) : basic_layer(std::move(cfg)) {
    const std::string w = who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    if (!detail::conv_dims_positive(cfg_.kernel_size)) throw config_error(w + ": kernel_size must be positive");
    if (!detail::conv_dims_positive(cfg_.strides)) throw config_error(w + ": strides must be positive");
    if (!detail::conv_dims_positive(cfg_.dilation_rate)) throw config_error(w + ": dilation_rate must be positive");
    if (cfg_.padding == conv_padding::causal) throw config_error(w + ": padding 'causal' is only for Conv1D");
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

void Conv2DTranspose::forward(ConstTensorView x, TensorView y, std::span<float> scratch,
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
