// scion/layers/advanced_activations.hpp — ReLU, LeakyReLU, PReLU, ELU, Softmax: Keras's
// activation layers with parameters.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/layer_base.hpp>
#include <scion/layers/normalization.hpp>

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
/// Writes an optional number as Keras does (null when absent).
inline json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
/// Throws config_error unless `v` is a finite number at least 0.
inline void require_non_negative(double v, const std::string& who, const char* field) {
    if (!(v >= 0.0) || !std::isfinite(v))
        throw config_error(who + ": " + field + " must be a number >= 0, got " + std::to_string(v));
}
} // namespace misc_detail

// ---- ReLU ---------------------------------------------------------------------------------------------

/// The config of `ReLU` (Keras: the fields of its `get_config()`).
struct relu_config : base_config {
    std::optional<double> max_value{};  ///< the output's ceiling (none by default)
    double negative_slope = 0.0;        ///< the slope below the threshold
    double threshold = 0.0;             ///< values up to it are "negative"
};

/// Keras `ReLU`: y = min(x, max_value) for x > threshold, negative_slope * (x - threshold)
/// otherwise (Keras's code: at x == threshold the output is 0). max_value, negative_slope and
/// threshold must be >= 0 (Keras's checks; config_error otherwise).
class ReLU : public basic_layer<ReLU, relu_config> {
public:
    static constexpr std::string_view class_name = "ReLU";
    static constexpr std::string_view default_name = "re_lu";

    explicit ReLU(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.max_value) misc_detail::require_non_negative(*cfg_.max_value, who(), "max_value");
        misc_detail::require_non_negative(cfg_.negative_slope, who(), "negative_slope");
        misc_detail::require_non_negative(cfg_.threshold, who(), "threshold");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const float top = cfg_.max_value ? static_cast<float>(*cfg_.max_value) : std::numeric_limits<float>::infinity();
        const auto slope = static_cast<float>(cfg_.negative_slope), t = static_cast<float>(cfg_.threshold);
        for (std::size_t i = 0, n = x.size(); i < n; ++i) {
            const float v = x.data[i];
            y.data[i] = v > t ? std::min(v, top) : slope * (v - t);
        }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["max_value"] = misc_detail::optional_json(cfg_.max_value);
        j["negative_slope"] = cfg_.negative_slope;
        j["threshold"] = cfg_.threshold;
        return j;
    }
    /// Reads TF.js's form (max_value only) and Keras's (max_value, negative_slope, threshold).
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "ReLU config";
        config_type c;
        detail::read_base(c, j, w);
        if (const auto it = j.find("max_value"); it != j.end() && !it->is_null())
            c.max_value = misc_detail::read_number(j, "max_value", 0.0, w);
        c.negative_slope = misc_detail::read_number(j, "negative_slope", 0.0, w);
        c.threshold = misc_detail::read_number(j, "threshold", 0.0, w);
        return c;
    }
    [[nodiscard]] static ReLU from_config(const json& j) { return ReLU(config_from_json(j)); }
};

// ---- LeakyReLU ----------------------------------------------------------------------------------------

/// The config of `LeakyReLU` (Keras 2 and TF.js: `alpha`; Keras 3 calls it `negative_slope`).
struct leaky_relu_config : base_config {
    double alpha = 0.3;  ///< the slope for x < 0
};

/// Keras `LeakyReLU`: y = x for x >= 0, alpha * x otherwise. Its config is written with `alpha`,
/// which TF.js, Keras 2 and Keras 3 all read; `negative_slope` (Keras 3) is read too.
class LeakyReLU : public basic_layer<LeakyReLU, leaky_relu_config> {
public:
    static constexpr std::string_view class_name = "LeakyReLU";
    static constexpr std::string_view default_name = "leaky_re_lu";

    explicit LeakyReLU(config_type cfg) : basic_layer(std::move(cfg)) {
        if (!std::isfinite(cfg_.alpha)) throw config_error(who() + ": alpha must be a finite number");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const auto a = static_cast<float>(cfg_.alpha);
        for (std::size_t i = 0, n = x.size(); i < n; ++i) {
            const float v = x.data[i];
            y.data[i] = v >= 0.0f ? v : a * v;
        }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["alpha"] = cfg_.alpha;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "LeakyReLU config";
        config_type c;
        detail::read_base(c, j, w);
        if (j.contains("alpha") && !j["alpha"].is_null()) c.alpha = misc_detail::read_number(j, "alpha", 0.3, w);
        else c.alpha = misc_detail::read_number(j, "negative_slope", 0.3, w);
        return c;
    }
    [[nodiscard]] static LeakyReLU from_config(const json& j) { return LeakyReLU(config_from_json(j)); }
};

// ---- PReLU --------------------------------------------------------------------------------------------

/// PReLU's shape rule: the identity, for shared axes the input has (batch axis counted, >= 1,
/// none twice).
[[nodiscard]] constexpr shape_result prelu_output_shape(const Shape& in, std::span<const int> shared_axes) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    for (std::size_t i = 0; i < shared_axes.size(); ++i) {
        const int a = shared_axes[i];
        if (a <= 0 || static_cast<std::size_t>(a) > in.rank()) return misc_detail::bad_axis(a, in.rank());
        for (std::size_t k = 0; k < i; ++k)
            if (shared_axes[k] == a) return misc_detail::bad_axis(a, in.rank());
    }
    return {in};
}
/// PReLU's alpha shape: the input's per-sample shape with each shared axis of size 1.
[[nodiscard]] constexpr Shape prelu_alpha_shape(const Shape& in, std::span<const int> shared_axes) noexcept {
    Shape s = in;
    for (int a : shared_axes)
        if (a >= 1 && static_cast<std::size_t>(a) <= in.rank()) s.set(static_cast<std::size_t>(a - 1), 1);
    return s;
}
/// PReLU's parameter count: the elements of alpha.
[[nodiscard]] constexpr std::size_t prelu_param_count(const Shape& in, std::span<const int> shared_axes) noexcept {
    return prelu_alpha_shape(in, shared_axes).elements();
}

/// The config of `PReLU` (Keras: the fields of its `get_config()`).
struct prelu_config : base_config {
    Initializer alpha_initializer = Initializer::zeros();
    std::vector<int> shared_axes{};  ///< axes (batch axis counted) along which alpha is shared
};

/// Keras `PReLU`: y = x for x >= 0, alpha * x otherwise, with a learned alpha per element of the
/// per-sample shape — or per element of its non-shared axes (`shared_axes = {1, 2}` on images:
/// one alpha per channel). Weights: alpha (the input shape, shared axes of size 1).
class PReLU : public basic_layer<PReLU, prelu_config> {
public:
    static constexpr std::string_view class_name = "PReLU";
    static constexpr std::string_view default_name = "p_re_lu";

    explicit PReLU(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.shared_axes.size() >= max_rank) throw config_error(who() + ": too many shared_axes");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(prelu_output_shape(in, cfg_.shared_axes), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        allocate(defs, s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// Keeps alpha for a new input whose alpha would have the same shape; throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, defs, who());
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
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

    /// "alpha".
    [[nodiscard]] std::vector<std::string> weight_names() const { return {"alpha"}; }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["alpha_initializer"] = cfg_.alpha_initializer.to_json();
        j["alpha_regularizer"] = nullptr;
        j["alpha_constraint"] = nullptr;
        j["shared_axes"] = cfg_.shared_axes.empty() ? json(nullptr) : misc_detail::axes_json(cfg_.shared_axes);
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "PReLU config";
        config_type c;
        detail::read_base(c, j, w);
        if (const auto it = j.find("alpha_initializer"); it != j.end() && !it->is_null())
            c.alpha_initializer = Initializer::from_json(*it, w + " alpha_initializer");
        for (const char* k : {"alpha_regularizer", "alpha_constraint"}) scion::detail::require_null(j, k, w);
        c.shared_axes = misc_detail::read_axes(j, "shared_axes", {}, w);
        return c;
    }
    [[nodiscard]] static PReLU from_config(const json& j) { return PReLU(config_from_json(j)); }

private:
    [[nodiscard]] std::array<weight_def, 1> weight_defs(const Shape& in) const {
        return {{{"alpha", prelu_alpha_shape(in, cfg_.shared_axes), &cfg_.alpha_initializer}}};
    }
    // Whether the shared axes are exactly the leading ones (1, 2, ..., k), k >= 0.
    [[nodiscard]] bool trailing_alpha() const noexcept {
        std::array<bool, max_rank> shared{};
        for (int a : cfg_.shared_axes) shared[static_cast<std::size_t>(a - 1)] = true;
        bool seen_free = false;
        for (std::size_t k = 0; k < input_shape_.rank(); ++k) {
            if (!shared[k]) seen_free = true;
            else if (seen_free && input_shape_[k] != 1) return false;
        }
        return true;
    }
};

// ---- ELU ----------------------------------------------------------------------------------------------

/// The config of `ELU` (Keras: the fields of its `get_config()`).
struct elu_config : base_config {
    double alpha = 1.0;  ///< the negative saturation
};

/// Keras `ELU`: y = x for x > 0, alpha * (exp(x) - 1) otherwise. (TF.js supports only alpha 1.)
class ELU : public basic_layer<ELU, elu_config> {
public:
    static constexpr std::string_view class_name = "ELU";
    static constexpr std::string_view default_name = "elu";

    explicit ELU(config_type cfg) : basic_layer(std::move(cfg)) {
        if (!std::isfinite(cfg_.alpha)) throw config_error(who() + ": alpha must be a finite number");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
        const auto a = static_cast<float>(cfg_.alpha);
        for (std::size_t i = 0, n = x.size(); i < n; ++i) {
            const float v = x.data[i];
            y.data[i] = v > 0.0f ? v : a * std::expm1(v);
        }
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["alpha"] = cfg_.alpha;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "ELU config";
        config_type c;
        detail::read_base(c, j, w);
        c.alpha = misc_detail::read_number(j, "alpha", 1.0, w);
        return c;
    }
    [[nodiscard]] static ELU from_config(const json& j) { return ELU(config_from_json(j)); }
};

// ---- Softmax ------------------------------------------------------------------------------------------

/// Softmax's shape rule: the identity, for axes the input has (batch axis counted, negative from
/// the end, none twice; not the batch axis).
[[nodiscard]] constexpr shape_result softmax_output_shape(const Shape& in, std::span<const int> axes) noexcept {
    return misc_detail::check_axes(in, axes);
}

/// The config of `Softmax` (Keras: `axis`, an integer — Keras 3 also takes a list).
struct softmax_config : base_config {
    std::vector<int> axis{-1};  ///< batch axis counted; -1 is the last axis
};

/// Keras `Softmax`: exp(x) normalised to sum 1 over `axis` (the last axis by default; with
/// several axes, over all of them together, as Keras 3).
class Softmax : public basic_layer<Softmax, softmax_config> {
public:
    static constexpr std::string_view class_name = "Softmax";
    static constexpr std::string_view default_name = "softmax";

    explicit Softmax(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.axis.empty() || cfg_.axis.size() > max_rank) throw config_error(who() + ": axis must list 1 to 7 axes");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(softmax_output_shape(in, cfg_.axis), who(), in);
    }

    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
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

    /// Writes the axis as an integer when there is one (TF.js reads only that), else a list.
    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["axis"] = cfg_.axis.size() == 1 ? json(cfg_.axis[0]) : misc_detail::axes_json(cfg_.axis);
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Softmax config";
        config_type c;
        detail::read_base(c, j, w);
        c.axis = misc_detail::read_axes(j, "axis", {-1}, w);
        return c;
    }
    [[nodiscard]] static Softmax from_config(const json& j) { return Softmax(config_from_json(j)); }
};

} // namespace scion::layers
