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
json optional_json(const std::optional<double>& v);
/// Throws config_error unless `v` is a finite number at least 0.
void require_non_negative(double v, const std::string& who, const char* field);
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

    explicit ReLU(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    /// Reads TF.js's form (max_value only) and Keras's (max_value, negative_slope, threshold).
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static ReLU from_config(const json& j);
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

    explicit LeakyReLU(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static LeakyReLU from_config(const json& j);
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

    explicit PReLU(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(prelu_output_shape(in, cfg_.shared_axes), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps alpha for a new input whose alpha would have the same shape; throws clone_error otherwise.
    void rebind(const Shape& in);

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    /// "alpha".
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static PReLU from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 1> weight_defs(const Shape& in) const;
    // Whether the shared axes are exactly the leading ones (1, 2, ..., k), k >= 0.
    [[nodiscard]] bool trailing_alpha() const noexcept;
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

    explicit ELU(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static ELU from_config(const json& j);
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

    explicit Softmax(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(softmax_output_shape(in, cfg_.axis), who(), in);
    }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    /// Writes the axis as an integer when there is one (TF.js reads only that), else a list.
    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Softmax from_config(const json& j);
};

} // namespace scion::layers
