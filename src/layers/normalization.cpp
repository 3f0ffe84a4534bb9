// src/layers/normalization.cpp — BatchNormalization, LayerNormalization and the misc layers' axis helpers.
#include <scion/layers/normalization.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace scion::layers {

namespace misc_detail {

std::vector<int> read_axes(const json& j, std::string_view field, std::vector<int> fallback, std::string_view who) {
    const auto it = j.find(field);
    if (it == j.end() || it->is_null()) return fallback;
    std::vector<int> r;
    auto one = [&](const json& v) {
        if (!v.is_number_integer())
            throw config_error(std::string(who) + ": field '" + std::string(field) +
                               "' must be an integer or a list of integers, got " + it->dump());
        const auto n = v.get<long long>();
        if (n < -64 || n > 64)
            throw config_error(std::string(who) + ": field '" + std::string(field) + "' holds an axis out of range, got " +
                               it->dump());
        r.push_back(static_cast<int>(n));
    };
    if (it->is_array()) {
        for (const auto& v : *it) one(v);
        if (r.empty()) throw config_error(std::string(who) + ": field '" + std::string(field) + "' is an empty list");
    } else {
        one(*it);
    }
    return r;
}

double read_number(const json& j, std::string_view field, double fallback, std::string_view who) {
    const double v = scion::detail::get_field_or<double>(j, field, fallback, who);
    if (!std::isfinite(v))
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be a finite number");
    return v;
}

axis_groups::axis_groups(const Shape& full, std::span<const std::size_t> per_sample_axes) : rank_(full.rank()) {
    std::size_t stride = 1;
    for (std::size_t i = rank_; i-- > 0;) {
        dims_[i] = full[i];
        strides_[i] = stride;
        stride *= full[i];
    }
    for (std::size_t a : per_sample_axes) in_[a + 1] = true;
    for (std::size_t i = 0; i < rank_; ++i) {
        if (in_[i]) {
            group_size_ *= dims_[i];
            inner_[inner_count_++] = i;
        } else {
            group_count_ *= dims_[i];
            outer_[outer_count_++] = i;
        }
    }
    // Trailing: the axes are the last ones, so each group is one contiguous block.
    trailing_ = true;
    for (std::size_t i = 0; i < rank_; ++i)
        if (in_[i] && i + inner_count_ < rank_) trailing_ = false;
}

resolved_axes resolve_axes(std::span<const int> axes, std::size_t rank) noexcept {
    resolved_axes r;
    for (int a : axes)
        if (r.count < max_rank) r.at[r.count++] = *per_sample_axis(a, rank);
    return r;
}

json axes_json(const std::vector<int>& axes) {
    json a = json::array();
    for (int v : axes) a.push_back(v);
    return a;
}

} // namespace misc_detail

// ---- BatchNormalization -------------------------------------------------------------------------------

namespace {
/// Channel c's factor gamma / sqrt(variance + epsilon), in double (gamma 1 without scale).
double batch_norm_scale(const float* gamma, const float* var, std::size_t c, double epsilon) {
    return (gamma ? static_cast<double>(gamma[c]) : 1.0) / std::sqrt(static_cast<double>(var[c]) + epsilon);
}
} // namespace

BatchNormalization::BatchNormalization(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!(cfg_.epsilon > 0.0) || !std::isfinite(cfg_.epsilon))
        throw config_error(who() + ": epsilon must be a positive number, got " + std::to_string(cfg_.epsilon));
}

void BatchNormalization::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(defs, s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void BatchNormalization::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    rebind_weights(in, out, weight_defs(in), who());
}

void BatchNormalization::forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch,
                                 const call_context& ctx) const {
    const std::size_t a = *misc_detail::per_sample_axis(cfg_.axis, input_shape_.rank()) + 1;
    const std::size_t C = x.shape[a];
    std::size_t inner = 1;
    for (std::size_t i = a + 1; i < x.shape.rank(); ++i) inner *= x.shape[i];
    const std::size_t outer = C * inner == 0 ? 0 : x.size() / (C * inner);
    std::size_t w = 0;
    const float* gamma = cfg_.scale ? weights_[w++].data() : nullptr;
    const float* beta = cfg_.center ? weights_[w++].data() : nullptr;
    const float* mean = weights_[w++].data();
    const float* var = weights_[w].data();
    float* scale = scratch.data();
    if (ctx.training && cfg_.trainable) {
        // The batch's statistics per channel (two passes, in double as TF.js sums).
        float* bm = scratch.data() + C;
        float* bv = scratch.data() + 2 * C;
        const double n = static_cast<double>(outer * inner);
        for (std::size_t c = 0; c < C; ++c) {
            double s = 0;
            for (std::size_t o = 0; o < outer; ++o)
                for (std::size_t i = 0; i < inner; ++i) s += x.data[(o * C + c) * inner + i];
            const double m = n > 0 ? s / n : 0.0;
            double q = 0;
            for (std::size_t o = 0; o < outer; ++o)
                for (std::size_t i = 0; i < inner; ++i) {
                    const double d = x.data[(o * C + c) * inner + i] - m;
                    q += d * d;
                }
            bm[c] = static_cast<float>(m);
            bv[c] = static_cast<float>(n > 0 ? q / n : 0.0);
        }
        mean = bm;
        var = bv;
    }
    for (std::size_t c = 0; c < C; ++c) scale[c] = static_cast<float>(batch_norm_scale(gamma, var, c, cfg_.epsilon));
    for (std::size_t o = 0; o < outer; ++o)
        for (std::size_t c = 0; c < C; ++c) {
            const float m = mean[c], k = scale[c], b = beta ? beta[c] : 0.0f;
            const std::size_t at = (o * C + c) * inner;
            for (std::size_t i = 0; i < inner; ++i) y.data[at + i] = (x.data[at + i] - m) * k + b;
        }
}

channel_affine BatchNormalization::inference_affine() const {
    if (!built_) throw error(who() + ": inference_affine on a layer that is not built");
    const std::size_t C = channels();
    std::size_t w = 0;
    const float* gamma = cfg_.scale ? weights_[w++].data() : nullptr;
    const float* beta = cfg_.center ? weights_[w++].data() : nullptr;
    const float* mean = weights_[w++].data();
    const float* var = weights_[w].data();
    channel_affine a{std::vector<double>(C), std::vector<double>(C)};
    for (std::size_t c = 0; c < C; ++c) {
        a.scale[c] = batch_norm_scale(gamma, var, c, cfg_.epsilon);
        a.shift[c] = (beta ? static_cast<double>(beta[c]) : 0.0) - static_cast<double>(mean[c]) * a.scale[c];
    }
    return a;
}

std::vector<std::string> BatchNormalization::weight_names() const {
    std::vector<std::string> r;
    if (cfg_.scale) r.emplace_back("gamma");
    if (cfg_.center) r.emplace_back("beta");
    r.emplace_back("moving_mean");
    r.emplace_back("moving_variance");
    return r;
}

json BatchNormalization::get_config() const {
    json j = detail::write_base(cfg_);
    j["axis"] = cfg_.axis;
    j["momentum"] = cfg_.momentum;
    j["epsilon"] = cfg_.epsilon;
    j["center"] = cfg_.center;
    j["scale"] = cfg_.scale;
    j["beta_initializer"] = cfg_.beta_initializer.to_json();
    j["gamma_initializer"] = cfg_.gamma_initializer.to_json();
    j["moving_mean_initializer"] = cfg_.moving_mean_initializer.to_json();
    j["moving_variance_initializer"] = cfg_.moving_variance_initializer.to_json();
    for (const char* k : {"beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"})
        j[k] = nullptr;
    return j;
}

BatchNormalization::config_type BatchNormalization::config_from_json(const json& j) {
    namespace d = scion::detail;
    const std::string w = "BatchNormalization config";
    config_type c;
    detail::read_base(c, j, w);
    const auto axes = misc_detail::read_axes(j, "axis", {-1}, w);
    if (axes.size() != 1)
        throw config_error(w + ": unsupported option 'axis' = " + j["axis"].dump() +
                           " (scion normalises along one axis)");
    c.axis = axes[0];
    c.momentum = misc_detail::read_number(j, "momentum", 0.99, w);
    c.epsilon = misc_detail::read_number(j, "epsilon", 1e-3, w);
    c.center = d::get_field_or<bool>(j, "center", true, w);
    c.scale = d::get_field_or<bool>(j, "scale", true, w);
    auto init = [&](const char* field, Initializer& dst) {
        if (const auto it = j.find(field); it != j.end() && !it->is_null())
            dst = Initializer::from_json(*it, w + " " + field);
    };
    init("beta_initializer", c.beta_initializer);
    init("gamma_initializer", c.gamma_initializer);
    init("moving_mean_initializer", c.moving_mean_initializer);
    init("moving_variance_initializer", c.moving_variance_initializer);
    for (const char* k : {"beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
                          "moving_mean_constraint", "moving_variance_constraint", "virtual_batch_size",
                          "adjustment"})
        d::require_null(j, k, w);
    if (d::get_field_or<bool>(j, "renorm", false, w)) throw config_error(w + ": unsupported option 'renorm' = true");
    return c;
}

BatchNormalization BatchNormalization::from_config(const json& j) { return BatchNormalization(config_from_json(j)); }

std::size_t BatchNormalization::channels() const noexcept {
    if (!built_) return 0;
    return input_shape_[*misc_detail::per_sample_axis(cfg_.axis, input_shape_.rank())];
}

std::vector<BatchNormalization::weight_def> BatchNormalization::weight_defs(const Shape& in) const {
    const Shape s{in[*misc_detail::per_sample_axis(cfg_.axis, in.rank())]};
    std::vector<weight_def> d;
    if (cfg_.scale) d.push_back({"gamma", s, &cfg_.gamma_initializer});
    if (cfg_.center) d.push_back({"beta", s, &cfg_.beta_initializer});
    d.push_back({"moving_mean", s, &cfg_.moving_mean_initializer});
    d.push_back({"moving_variance", s, &cfg_.moving_variance_initializer});
    return d;
}

// ---- LayerNormalization -------------------------------------------------------------------------------

LayerNormalization::LayerNormalization(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!(cfg_.epsilon > 0.0) || !std::isfinite(cfg_.epsilon))
        throw config_error(who() + ": epsilon must be a positive number, got " + std::to_string(cfg_.epsilon));
    if (cfg_.axis.empty() || cfg_.axis.size() > max_rank) throw config_error(who() + ": axis must list 1 to 7 axes");
}

void LayerNormalization::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    allocate(weight_defs(in), s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void LayerNormalization::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    rebind_weights(in, out, weight_defs(in), who());
}

void LayerNormalization::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const auto axes = misc_detail::resolve_axes(cfg_.axis, input_shape_.rank());
    const misc_detail::axis_groups g(x.shape, axes.span());
    std::size_t w = 0;
    const float* gamma = cfg_.scale ? weights_[w++].data() : nullptr;
    const float* beta = cfg_.center ? weights_[w].data() : nullptr;
    const std::size_t n = g.group_size();
    for (std::size_t k = 0; k < g.group_count(); ++k) {
        const std::size_t b = g.base(k);
        double s = 0;
        for (std::size_t p = 0; p < n; ++p) s += x.data[b + g.offset(p)];
        const double mean = s / static_cast<double>(n);
        double q = 0;
        for (std::size_t p = 0; p < n; ++p) {
            const double d = x.data[b + g.offset(p)] - mean;
            q += d * d;
        }
        const double inv = 1.0 / std::sqrt(q / static_cast<double>(n) + cfg_.epsilon);
        for (std::size_t p = 0; p < n; ++p) {
            const std::size_t at = b + g.offset(p);
            double v = (x.data[at] - mean) * inv;
            if (gamma) v *= gamma[p];
            if (beta) v += beta[p];
            y.data[at] = static_cast<float>(v);
        }
    }
}

std::vector<std::string> LayerNormalization::weight_names() const {
    std::vector<std::string> r;
    if (cfg_.scale) r.emplace_back("gamma");
    if (cfg_.center) r.emplace_back("beta");
    return r;
}

json LayerNormalization::get_config() const {
    json j = detail::write_base(cfg_);
    j["axis"] = misc_detail::axes_json(cfg_.axis);
    j["epsilon"] = cfg_.epsilon;
    j["center"] = cfg_.center;
    j["scale"] = cfg_.scale;
    j["beta_initializer"] = cfg_.beta_initializer.to_json();
    j["gamma_initializer"] = cfg_.gamma_initializer.to_json();
    for (const char* k : {"beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"})
        j[k] = nullptr;
    return j;
}

LayerNormalization::config_type LayerNormalization::config_from_json(const json& j) {
    namespace d = scion::detail;
    const std::string w = "LayerNormalization config";
    config_type c;
    detail::read_base(c, j, w);
    c.axis = misc_detail::read_axes(j, "axis", {-1}, w);
    c.epsilon = misc_detail::read_number(j, "epsilon", 1e-3, w);
    c.center = d::get_field_or<bool>(j, "center", true, w);
    c.scale = d::get_field_or<bool>(j, "scale", true, w);
    if (const auto it = j.find("beta_initializer"); it != j.end() && !it->is_null())
        c.beta_initializer = Initializer::from_json(*it, w + " beta_initializer");
    if (const auto it = j.find("gamma_initializer"); it != j.end() && !it->is_null())
        c.gamma_initializer = Initializer::from_json(*it, w + " gamma_initializer");
    for (const char* k : {"beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"})
        d::require_null(j, k, w);
    if (d::get_field_or<bool>(j, "rms_scaling", false, w))
        throw config_error(w + ": unsupported option 'rms_scaling' = true");
    return c;
}

LayerNormalization LayerNormalization::from_config(const json& j) { return LayerNormalization(config_from_json(j)); }

std::vector<LayerNormalization::weight_def> LayerNormalization::weight_defs(const Shape& in) const {
    Shape s;
    for (int a : cfg_.axis) s.push_back(in[*misc_detail::per_sample_axis(a, in.rank())]);
    std::vector<weight_def> d;
    if (cfg_.scale) d.push_back({"gamma", s, &cfg_.gamma_initializer});
    if (cfg_.center) d.push_back({"beta", s, &cfg_.beta_initializer});
    return d;
}

} // namespace scion::layers
