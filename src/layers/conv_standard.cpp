// src/layers/conv_standard.cpp — Conv1D and Conv2D (layers::Conv<R>): im2col into scratch and one
// matrix product per sample and group; a 1x1 kernel with strides 1 is one product over the batch.
#include <scion/layers/conv_standard.hpp>

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

/// im2col for one sample: row (oy, ox) of `cols` holds, for every kernel tap (ky, kx) in order,
/// channels [c0, c0 + cg) of the input pixel the tap reads (zeros in the padding): a
/// (oh * ow, kh * kw * cg) matrix whose product with a (kh * kw * cg, filters) kernel is the
/// convolution.
void conv_im2col(const float* x, const detail::conv_geometry& g, std::size_t c0, std::size_t cg, float* cols) {
    float* dst = cols;
    for (std::size_t oy = 0; oy < g.oh; ++oy)
        for (std::size_t ox = 0; ox < g.ow; ++ox)
            for (std::size_t ky = 0; ky < g.kh; ++ky) {
                const std::ptrdiff_t iy = detail::conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
                for (std::size_t kx = 0; kx < g.kw; ++kx, dst += cg) {
                    const std::ptrdiff_t ix = detail::conv_geometry::at(ox, kx, g.sw, g.dw, g.pl, g.w);
                    if (iy < 0 || ix < 0) std::fill(dst, dst + cg, 0.0f);
                    else std::copy_n(x + (static_cast<std::size_t>(iy) * g.w + static_cast<std::size_t>(ix)) * g.c + c0,
                                     cg, dst);
                }
            }
}

} // namespace

// ---- Conv1D, Conv2D -----------------------------------------------------------------------------------

template <std::size_t R>
Conv<R>::Conv(config_type cfg) : base(std::move(cfg)) {
    const std::string w = this->who();
    if (cfg_.filters == 0) throw config_error(w + ": filters must be positive");
    detail::conv_check_geometry(cfg_.kernel_size, cfg_.strides, cfg_.dilation_rate, cfg_.padding, R == 1, w);
    if (cfg_.groups == 0) throw config_error(w + ": groups must be positive");
    if (cfg_.filters % cfg_.groups != 0)
        throw config_error(w + ": filters (" + std::to_string(cfg_.filters) + ") must be divisible by groups (" +
                           std::to_string(cfg_.groups) + ")");
}

template <std::size_t R>
Shape Conv<R>::compute_output_shape(const Shape& in) const {
    detail::conv_check_fits(in, cfg_.kernel_size, cfg_.dilation_rate, cfg_.padding, this->who());
    if (in.rank() == R + 1 && in.back() % cfg_.groups != 0)
        throw shape_error(this->who() + ": cannot be applied to input shape " + in.to_batch_string() + ": its " +
                          std::to_string(in.back()) + " channels are not divisible by groups (" +
                          std::to_string(cfg_.groups) + ")");
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
void Conv<R>::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& /*ctx*/) const {
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
                conv_im2col(x.data + b * g.h * g.w * g.c, g, k * cg, cg, scratch.data());
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

} // namespace scion::layers
