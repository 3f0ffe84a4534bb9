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

/// dst[r * ds + j] = src[r * ss + j] for r < rows, j < cols: a strided block copy, short rows
/// included (compilers keep it a loop rather than a call per row).
void copy_rows(const float* src, std::size_t ss, float* dst, std::size_t ds, std::size_t rows, std::size_t cols) {
    for (std::size_t r = 0; r < rows; ++r, src += ss, dst += ds)
        for (std::size_t j = 0; j < cols; ++j) dst[j] = src[j];
}

void zero_rows(float* dst, std::size_t ds, std::size_t rows, std::size_t cols) {
    for (std::size_t r = 0; r < rows; ++r, dst += ds)
        for (std::size_t j = 0; j < cols; ++j) dst[j] = 0.0f;
}

/// The outputs [lo, hi) along one axis whose taps [k0, k0 + taps) all read inside the input
/// (the others read padding for at least one tap).
struct inside {
    std::size_t lo, hi;
};
inside inside_range(std::size_t outs, std::size_t k0, std::size_t taps, std::size_t s, std::size_t d, std::size_t pad,
                    std::size_t n) {
    // Output o reads o * s + k * d - pad for k in [k0, k0 + taps): inside when the first is >= 0
    // and the last < n.
    const std::size_t first = k0 * d, last = (k0 + taps - 1) * d;
    const std::size_t lo = pad > first ? (pad - first + s - 1) / s : 0;
    const std::size_t hi = n + pad > last ? std::min(outs, (n + pad - last - 1) / s + 1) : 0;
    return {std::min(lo, outs), std::max(std::min(lo, outs), hi)};
}

/// im2col for output rows [oy0, oy1) of one sample: row (oy - oy0, ox) of `cols` holds, for every
/// kernel tap (ky, kx) in order, channels [c0, c0 + cg) of the input pixel the tap reads (zeros in
/// the padding): a ((oy1 - oy0) * ow, kh * kw * cg) matrix whose product with a (kh * kw * cg, filters) kernel is the
/// convolution. Copied a block of rows at a time: for one output row and kernel row, the taps
/// of a run of outputs read a strided run of the input; without dilation and groups, a kernel
/// row's taps are one contiguous run of kw * c floats.
void conv_im2col(const float* x, const detail::conv_geometry& g, std::size_t c0, std::size_t cg, std::size_t oy0,
                 std::size_t oy1, float* cols) {
    const std::size_t depth = g.kh * g.kw * cg;
    // Taps per copied run along x: the whole kernel row when its taps are adjacent in memory.
    const std::size_t run = g.dw == 1 && cg == g.c ? g.kw : 1;
    for (std::size_t oy = oy0; oy < oy1; ++oy) {
        float* row = cols + (oy - oy0) * g.ow * depth;
        for (std::size_t ky = 0; ky < g.kh; ++ky) {
            const std::ptrdiff_t iy = detail::conv_geometry::at(oy, ky, g.sh, g.dh, g.pt, g.h);
            for (std::size_t kx = 0; kx < g.kw; kx += run) {
                float* dst = row + (ky * g.kw + kx) * cg;
                if (iy < 0) {
                    zero_rows(dst, depth, g.ow, run * cg);
                    continue;
                }
                const inside in = inside_range(g.ow, kx, run, g.sw, g.dw, g.pl, g.w);
                const float* src = x + static_cast<std::size_t>(iy) * g.w * g.c + c0;
                // Interior: every tap of the run reads the input.
                if (in.hi > in.lo)
                    copy_rows(src + (in.lo * g.sw + kx * g.dw - g.pl) * g.c, g.sw * g.c, dst + in.lo * depth, depth,
                              in.hi - in.lo, run * cg);
                // Edges: tap by tap, zeros in the padding.
                const auto edge = [&](std::size_t ox) {
                    for (std::size_t t = 0; t < run; ++t) {
                        float* d = dst + ox * depth + t * cg;
                        const std::ptrdiff_t ix = detail::conv_geometry::at(ox, kx + t, g.sw, g.dw, g.pl, g.w);
                        if (ix < 0) std::fill(d, d + cg, 0.0f);
                        else std::copy_n(src + static_cast<std::size_t>(ix) * g.c, cg, d);
                    }
                };
                for (std::size_t ox = 0; ox < in.lo; ++ox) edge(ox);
                for (std::size_t ox = in.hi; ox < g.ow; ++ox) edge(ox);
            }
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
std::size_t Conv<R>::rows_per_chunk(std::size_t batch) const noexcept {
    const auto g = geometry();
    const std::size_t depth = pointwise() ? 0 : g.kh * g.kw * (g.c / cfg_.groups);
    const std::size_t per_row = g.ow * (depth + cfg_.filters);
    const std::size_t rows =
        std::max((chunk_positions + g.ow - 1) / g.ow, chunk_floats / std::max<std::size_t>(1, per_row));
    return std::clamp<std::size_t>(rows, 1, std::max<std::size_t>(1, batch * g.oh));
}

template <std::size_t R>
std::size_t Conv<R>::scratch_size(std::size_t batch) const noexcept {
    if (pointwise()) return 0;
    const auto g = geometry();
    return rows_per_chunk(batch) * g.ow * g.kh * g.kw * (g.c / cfg_.groups);
}

template <std::size_t R>
void Conv<R>::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& /*ctx*/) const {
    using Eigen::Index;
    const auto g = geometry();
    const std::size_t batch = x.shape[0], f = cfg_.filters, groups = cfg_.groups;
    const std::size_t cg = g.c / groups, fg = f / groups, depth = g.kh * g.kw * cg;
    const std::size_t sample_in = g.h * g.w * g.c, total = batch * g.oh;
    const ConstMatrixMap kernel(weights_[0].data(), Index(depth), Index(f));
    const float* bias = cfg_.use_bias ? weights_[1].data() : nullptr;
    // The output rows of all samples, one after the other, a chunk at a time: as many as
    // scratch_size(batch) made room for. Their im2col rows, one under the other, make one product
    // per group (several samples' when they are small); the chunk's output is still in cache when
    // the activation runs over it.
    std::size_t chunk = rows_per_chunk(batch);
    if (!pointwise()) chunk = std::max<std::size_t>(1, std::min(chunk, scratch.size() / (g.ow * depth)));
    for (std::size_t t0 = 0; t0 < total; t0 += chunk) {
        const std::size_t t1 = std::min(total, t0 + chunk), rows = (t1 - t0) * g.ow;
        MatrixMap Y(y.data + t0 * g.ow * f, Index(rows), Index(f));
        // With a bias the products accumulate onto it: no pass to zero y, none to add it.
        if (bias != nullptr) Y.rowwise() = Eigen::Map<const Eigen::RowVectorXf>(bias, Index(f));
        if (pointwise()) {
            // Output position p reads input pixel p.
            scion::detail::gemm(Y, ConstMatrixMap(x.data + t0 * g.ow * g.c, Index(rows), Index(g.c)), kernel,
                                bias != nullptr);
        } else {
            for (std::size_t k = 0; k < groups; ++k) {
                float* dst = scratch.data();
                for (std::size_t t = t0; t < t1;) {
                    const std::size_t b = t / g.oh, oy0 = t % g.oh, oy1 = std::min(g.oh, oy0 + (t1 - t));
                    conv_im2col(x.data + b * sample_in, g, k * cg, cg, oy0, oy1, dst);
                    dst += (oy1 - oy0) * g.ow * depth;
                    t += oy1 - oy0;
                }
                const ConstMatrixMap cols(scratch.data(), Index(rows), Index(depth));
                if (groups == 1) scion::detail::gemm(Y, cols, kernel, bias != nullptr);
                else scion::detail::gemm(Y.middleCols(Index(k * fg), Index(fg)), cols,
                                         kernel.middleCols(Index(k * fg), Index(fg)), bias != nullptr);
            }
        }
        apply_activation(cfg_.activation, Y.data(), rows * f, f);
    }
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
