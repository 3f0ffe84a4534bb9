// src/layers/advanced_activations.cpp — ReLU, LeakyReLU, PReLU, ELU, Softmax: constructors, forward and configs.
#include <scion/layers/advanced_activations.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace scion::layers {

namespace misc_detail {

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

void require_non_negative(double v, const std::string& who, const char* field) {
    if (!(v >= 0.0) || !std::isfinite(v))
        throw config_error(who + ": " + field + " must be a number >= 0, got " + std::to_string(v));
}

} // namespace misc_detail

// ---- ReLU ---------------------------------------------------------------------------------------------

ReLU::ReLU(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.max_value) misc_detail::require_non_negative(*cfg_.max_value, who(), "max_value");
    misc_detail::require_non_negative(cfg_.negative_slope, who(), "negative_slope");
    misc_detail::require_non_negative(cfg_.threshold, who(), "threshold");
}

void ReLU::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const float top = cfg_.max_value ? static_cast<float>(*cfg_.max_value) : std::numeric_limits<float>::infinity();
    const auto slope = static_cast<float>(cfg_.negative_slope), t = static_cast<float>(cfg_.threshold);
    for (std::size_t i = 0, n = x.size(); i < n; ++i) {
        const float v = x.data[i];
        y.data[i] = v > t ? std::min(v, top) : slope * (v - t);
    }
}

json ReLU::get_config() const {
    json j = detail::write_base(cfg_);
    j["max_value"] = misc_detail::optional_json(cfg_.max_value);
    j["negative_slope"] = cfg_.negative_slope;
    j["threshold"] = cfg_.threshold;
    return j;
}

ReLU::config_type ReLU::config_from_json(const json& j) {
    const std::string w = "ReLU config";
    config_type c;
    detail::read_base(c, j, w);
    if (const auto it = j.find("max_value"); it != j.end() && !it->is_null())
        c.max_value = misc_detail::read_number(j, "max_value", 0.0, w);
    c.negative_slope = misc_detail::read_number(j, "negative_slope", 0.0, w);
    c.threshold = misc_detail::read_number(j, "threshold", 0.0, w);
    return c;
}

ReLU ReLU::from_config(const json& j) { return ReLU(config_from_json(j)); }

// ---- LeakyReLU ----------------------------------------------------------------------------------------

LeakyReLU::LeakyReLU(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!std::isfinite(cfg_.alpha)) throw config_error(who() + ": alpha must be a finite number");
}

void LeakyReLU::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const auto a = static_cast<float>(cfg_.alpha);
    for (std::size_t i = 0, n = x.size(); i < n; ++i) {
        const float v = x.data[i];
        y.data[i] = v >= 0.0f ? v : a * v;
    }
}

json LeakyReLU::get_config() const {
    json j = detail::write_base(cfg_);
    j["alpha"] = cfg_.alpha;
    return j;
}

LeakyReLU::config_type LeakyReLU::config_from_json(const json& j) {
    const std::string w = "LeakyReLU config";
    config_type c;
    detail::read_base(c, j, w);
    if (j.contains("alpha") && !j["alpha"].is_null()) c.alpha = misc_detail::read_number(j, "alpha", 0.3, w);
    else c.alpha = misc_detail::read_number(j, "negative_slope", 0.3, w);
    return c;
}

LeakyReLU LeakyReLU::from_config(const json& j) { return LeakyReLU(config_from_json(j)); }

// ---- PReLU --------------------------------------------------------------------------------------------

PReLU::PReLU(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.shared_axes.size() >= max_rank) throw config_error(who() + ": too many shared_axes");
}

void PReLU::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(defs, s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void PReLU::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, defs, who());
}

void PReLU::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const Tensor& alpha = weights_[0];
    const std::size_t n = x.size(), per = input_shape_.elements();
    if (trailing_alpha()) {
        // Alpha repeats with the period of its size (no axes shared, or only leading ones).
        const std::size_t m = alpha.size();
        for (std::size_t i = 0; i < n; ++i) {
            const float v = x.data[i];
            y.data[i] = v >= 0.0f ? v : alpha[i % m] * v;
        }
        return;
    }
    // General case: alpha's strides, with 0 on shared axes.
    const Shape& a = alpha.shape();
    std::array<std::size_t, max_rank> astride{};
    std::size_t s = 1;
    for (std::size_t k = a.rank(); k-- > 0;) {
        astride[k] = a[k] == 1 && input_shape_[k] != 1 ? 0 : s;
        s *= a[k];
    }
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t rest = i % per, at = 0;
        for (std::size_t k = input_shape_.rank(); k-- > 0;) {
            at += (rest % input_shape_[k]) * astride[k];
            rest /= input_shape_[k];
        }
        const float v = x.data[i];
        y.data[i] = v >= 0.0f ? v : alpha[at] * v;
    }
}

std::vector<std::string> PReLU::weight_names() const { return {"alpha"}; }

json PReLU::get_config() const {
    json j = detail::write_base(cfg_);
    j["alpha_initializer"] = cfg_.alpha_initializer.to_json();
    j["alpha_regularizer"] = nullptr;
    j["alpha_constraint"] = nullptr;
    j["shared_axes"] = cfg_.shared_axes.empty() ? json(nullptr) : misc_detail::axes_json(cfg_.shared_axes);
    return j;
}

PReLU::config_type PReLU::config_from_json(const json& j) {
    const std::string w = "PReLU config";
    config_type c;
    detail::read_base(c, j, w);
    if (const auto it = j.find("alpha_initializer"); it != j.end() && !it->is_null())
        c.alpha_initializer = Initializer::from_json(*it, w + " alpha_initializer");
    for (const char* k : {"alpha_regularizer", "alpha_constraint"}) scion::detail::require_null(j, k, w);
    c.shared_axes = misc_detail::read_axes(j, "shared_axes", {}, w);
    return c;
}

PReLU PReLU::from_config(const json& j) { return PReLU(config_from_json(j)); }

std::array<PReLU::weight_def, 1> PReLU::weight_defs(const Shape& in) const {
    return {{{"alpha", prelu_alpha_shape(in, cfg_.shared_axes), &cfg_.alpha_initializer}}};
}

bool PReLU::trailing_alpha() const noexcept {
    std::array<bool, max_rank> shared{};
    for (int a : cfg_.shared_axes) shared[static_cast<std::size_t>(a - 1)] = true;
    bool seen_free = false;
    for (std::size_t k = 0; k < input_shape_.rank(); ++k) {
        if (!shared[k]) seen_free = true;
        else if (seen_free && input_shape_[k] != 1) return false;
    }
    return true;
}

// ---- ELU ----------------------------------------------------------------------------------------------

ELU::ELU(config_type cfg) : basic_layer(std::move(cfg)) {
    if (!std::isfinite(cfg_.alpha)) throw config_error(who() + ": alpha must be a finite number");
}

void ELU::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const auto a = static_cast<float>(cfg_.alpha);
    for (std::size_t i = 0, n = x.size(); i < n; ++i) {
        const float v = x.data[i];
        y.data[i] = v > 0.0f ? v : a * std::expm1(v);
    }
}

json ELU::get_config() const {
    json j = detail::write_base(cfg_);
    j["alpha"] = cfg_.alpha;
    return j;
}

ELU::config_type ELU::config_from_json(const json& j) {
    const std::string w = "ELU config";
    config_type c;
    detail::read_base(c, j, w);
    c.alpha = misc_detail::read_number(j, "alpha", 1.0, w);
    return c;
}

ELU ELU::from_config(const json& j) { return ELU(config_from_json(j)); }

// ---- Softmax ------------------------------------------------------------------------------------------

Softmax::Softmax(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.axis.empty() || cfg_.axis.size() > max_rank) throw config_error(who() + ": axis must list 1 to 7 axes");
}

void Softmax::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const auto axes = misc_detail::resolve_axes(cfg_.axis, input_shape_.rank());
    const misc_detail::axis_groups g(x.shape, axes.span());
    const std::size_t n = g.group_size();
    for (std::size_t k = 0; k < g.group_count(); ++k) {
        const std::size_t b = g.base(k);
        float top = -std::numeric_limits<float>::infinity();
        for (std::size_t p = 0; p < n; ++p) top = std::max(top, x.data[b + g.offset(p)]);
        float sum = 0.0f;
        for (std::size_t p = 0; p < n; ++p) {
            const std::size_t at = b + g.offset(p);
            const float e = std::exp(x.data[at] - top);
            y.data[at] = e;
            sum += e;
        }
        for (std::size_t p = 0; p < n; ++p) y.data[b + g.offset(p)] /= sum;
    }
}

json Softmax::get_config() const {
    json j = detail::write_base(cfg_);
    j["axis"] = cfg_.axis.size() == 1 ? json(cfg_.axis[0]) : misc_detail::axes_json(cfg_.axis);
    return j;
}

Softmax::config_type Softmax::config_from_json(const json& j) {
    const std::string w = "Softmax config";
    config_type c;
    detail::read_base(c, j, w);
    c.axis = misc_detail::read_axes(j, "axis", {-1}, w);
    return c;
}

Softmax Softmax::from_config(const json& j) { return Softmax(config_from_json(j)); }

} // namespace scion::layers
