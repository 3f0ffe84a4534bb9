// scion/layers/normalization.hpp — BatchNormalization (inference with the moving statistics) and
// LayerNormalization; the axis arithmetic the misc layers share.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/layers/layer_base.hpp>

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

/// The per-sample index of Keras axis `axis` (batch axis counted, negative from the end) for
/// per-sample rank `rank`, or nullopt for the batch axis or an axis out of range.
[[nodiscard]] constexpr std::optional<std::size_t> per_sample_axis(long long axis, std::size_t rank) noexcept {
    const auto full = static_cast<long long>(rank) + 1;
    const long long a = axis < 0 ? axis + full : axis;
    if (a <= 0 || a >= full) return std::nullopt;
    return static_cast<std::size_t>(a - 1);
}

/// The bad_axis failure for `axis` at per-sample rank `rank`, as Concatenate reports it: expected
/// the full rank, actual the normalised axis.
[[nodiscard]] constexpr shape_result bad_axis(long long axis, std::size_t rank) noexcept {
    const auto full = static_cast<long long>(rank) + 1;
    const long long a = axis < 0 ? axis + full : axis;
    return shape_result::fail(shape_errc::bad_axis, static_cast<std::size_t>(full), static_cast<std::size_t>(a));
}

/// Checks a list of Keras axes (each valid, none twice) for per-sample rank `rank`: the identity
/// shape rule of the layers that work along axes (LayerNormalization, Softmax).
[[nodiscard]] constexpr shape_result check_axes(const Shape& in, std::span<const int> axes) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    if (axes.empty()) return shape_result::fail(shape_errc::bad_axis, in.rank() + 1, 0);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const auto a = per_sample_axis(axes[i], in.rank());
        if (!a) return bad_axis(axes[i], in.rank());
        for (std::size_t k = 0; k < i; ++k)
            if (per_sample_axis(axes[k], in.rank()) == a) return bad_axis(axes[i], in.rank());
    }
    return {in};
}

/// Reads a Keras axis field that is an integer or a list of integers.
[[nodiscard]] std::vector<int> read_axes(const json& j, std::string_view field, std::vector<int> fallback,
                                         std::string_view who);

/// Reads a number field as double, checking that it is finite.
[[nodiscard]] double read_number(const json& j, std::string_view field, double fallback, std::string_view who);

/// A tensor (batch axis first) seen as groups of the elements that share every coordinate
/// outside a set of axes: what LayerNormalization normalises and Softmax sums over. Element `p`
/// of group `g` is at `base(g) + offset(p)`; `p` counts the group's elements in row-major order
/// of the axes sorted (how Keras and TF.js index LayerNormalization's gamma and beta).
class axis_groups {
public:
    /// `full` is the tensor's shape (batch first); `per_sample_axes` the axes (valid, distinct).
    axis_groups(const Shape& full, std::span<const std::size_t> per_sample_axes);

    [[nodiscard]] std::size_t group_count() const noexcept { return group_count_; }
    [[nodiscard]] std::size_t group_size() const noexcept { return group_size_; }
    [[nodiscard]] bool contiguous() const noexcept { return trailing_; }

    /// The flat index of group `g`'s first element.
    [[nodiscard]] std::size_t base(std::size_t g) const noexcept {
        if (trailing_) return g * group_size_;
        return index_of(g, outer_, outer_count_);
    }
    /// The flat distance from a group's first element to its element `p`.
    [[nodiscard]] std::size_t offset(std::size_t p) const noexcept {
        if (trailing_) return p;
        return index_of(p, inner_, inner_count_);
    }

private:
    [[nodiscard]] std::size_t index_of(std::size_t n, const std::array<std::size_t, max_rank>& axes,
                                       std::size_t count) const noexcept {
        std::size_t at = 0;
        for (std::size_t k = count; k-- > 0;) {
            const std::size_t a = axes[k];
            at += (n % dims_[a]) * strides_[a];
            n /= dims_[a];
        }
        return at;
    }

    std::size_t rank_;
    std::array<std::size_t, max_rank> dims_{}, strides_{}, outer_{}, inner_{};
    std::array<bool, max_rank> in_{};
    std::size_t outer_count_ = 0, inner_count_ = 0, group_size_ = 1, group_count_ = 1;
    bool trailing_ = true;
};

/// The per-sample indices of valid Keras axes, in the order given (no allocation: forward uses it).
struct resolved_axes {
    std::array<std::size_t, max_rank> at{};
    std::size_t count = 0;
    [[nodiscard]] std::span<const std::size_t> span() const noexcept { return {at.data(), count}; }
};
[[nodiscard]] resolved_axes resolve_axes(std::span<const int> axes, std::size_t rank) noexcept;

json axes_json(const std::vector<int>& axes);

} // namespace misc_detail

// ---- BatchNormalization -------------------------------------------------------------------------------

/// BatchNormalization's shape rule: the identity, for an axis the input has (batch axis counted,
/// negative from the end; the batch axis itself cannot be used).
[[nodiscard]] constexpr shape_result batch_normalization_output_shape(const Shape& in, int axis) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    if (!misc_detail::per_sample_axis(axis, in.rank())) return misc_detail::bad_axis(axis, in.rank());
    return {in};
}
/// BatchNormalization's parameter count, Keras's: gamma and beta (when used) and the two moving
/// statistics, each of the axis's size (the moving statistics are non-trainable parameters).
[[nodiscard]] constexpr std::size_t batch_normalization_param_count(const Shape& in, int axis, bool center,
                                                                     bool scale) noexcept {
    const auto a = misc_detail::per_sample_axis(axis, in.rank());
    if (!a) return 0;
    return in[*a] * (2 + (center ? 1 : 0) + (scale ? 1 : 0));
}

/// How many of those parameters Keras counts as non-trainable: the two moving statistics.
[[nodiscard]] constexpr std::size_t batch_normalization_non_trainable_count(const Shape& in, int axis) noexcept {
    const auto a = misc_detail::per_sample_axis(axis, in.rank());
    return a ? 2 * in[*a] : 0;
}

/// A per-channel affine map, y = x * scale + shift along one axis: what an inference-mode
/// BatchNormalization computes (BatchNormalization::inference_affine), in double.
struct channel_affine {
    std::vector<double> scale, shift;
};

/// The config of `BatchNormalization` (Keras: the fields of its `get_config()`).
struct batch_normalization_config : base_config {
    int axis = -1;            ///< the features axis, batch axis counted (-1: the last)
    double momentum = 0.99;   ///< kept for the config: scion does not train
    double epsilon = 1e-3;
    bool center = true;       ///< add beta
    bool scale = true;        ///< multiply by gamma
    Initializer beta_initializer = Initializer::zeros();
    Initializer gamma_initializer = Initializer::ones();
    Initializer moving_mean_initializer = Initializer::zeros();
    Initializer moving_variance_initializer = Initializer::ones();
};

/// Keras `BatchNormalization`. At inference (the default) it normalises with the moving
/// statistics: y = (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta, per index
/// of `axis`. In training mode (call_context::training, on a trainable layer) it normalises with
/// the batch's own mean and (biased) variance over every other axis, as Keras does; scion does
/// not train, so the moving statistics are never updated.
/// Weights, in Keras order: gamma (with scale), beta (with center), moving_mean, moving_variance,
/// each of shape (size of axis).
class BatchNormalization : public basic_layer<BatchNormalization, batch_normalization_config> {
public:
    static constexpr std::string_view class_name = "BatchNormalization";
    static constexpr std::string_view default_name = "batch_normalization";

    explicit BatchNormalization(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(batch_normalization_output_shape(in, cfg_.axis), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input with the same size on the axis; throws clone_error otherwise.
    void rebind(const Shape& in);
    /// Floats of scratch: per-channel scale, and in training mode the batch's mean and variance.
    [[nodiscard]] std::size_t scratch_size(std::size_t /*batch*/) const noexcept { return 3 * channels(); }

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& ctx) const;

    /// How many of the weights' scalars Keras counts as non-trainable params (the moving
    /// statistics, the last two weights); 0 before the layer is built.
    /// The moving statistics: parameters no training changes (what summaries count as
    /// non-trainable, see layers::non_trainable_params).
    [[nodiscard]] std::size_t non_trainable_params() const noexcept { return 2 * channels(); }

    /// The layer at inference as a per-channel affine map along its axis: scale = gamma /
    /// sqrt(moving_variance + epsilon), shift = beta - moving_mean * scale (what the deployment
    /// rewrite fold_batch_norm folds into the layer before it). Throws error when not built.
    [[nodiscard]] channel_affine inference_affine() const;

    /// "gamma", "beta", "moving_mean", "moving_variance" (without scale or center, fewer).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;

    /// Reads TF.js's and Keras 2/3's forms (Keras 2 writes the axis as a list of one). Several
    /// axes, renorm, virtual batches, an adjustment, regularizers and constraints throw config_error.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static BatchNormalization from_config(const json& j);

private:
    [[nodiscard]] std::size_t channels() const noexcept;
    [[nodiscard]] std::vector<weight_def> weight_defs(const Shape& in) const;
};

// ---- LayerNormalization -------------------------------------------------------------------------------

/// LayerNormalization's shape rule: the identity, for axes the input has (batch axis counted,
/// negative from the end, none twice; not the batch axis).
[[nodiscard]] constexpr shape_result layer_normalization_output_shape(const Shape& in,
                                                                      std::span<const int> axes) noexcept {
    return misc_detail::check_axes(in, axes);
}
/// LayerNormalization's parameter count: gamma and beta (when used), each of the axes' sizes.
[[nodiscard]] constexpr std::size_t layer_normalization_param_count(const Shape& in, std::span<const int> axes,
                                                                     bool center, bool scale) noexcept {
    if (!misc_detail::check_axes(in, axes).ok()) return 0;
    std::size_t n = 1;
    for (int a : axes) n *= in[*misc_detail::per_sample_axis(a, in.rank())];
    return n * ((center ? 1 : 0) + (scale ? 1 : 0));
}

/// The config of `LayerNormalization` (Keras: the fields of its `get_config()`).
struct layer_normalization_config : base_config {
    std::vector<int> axis{-1};  ///< the axes normalised over, batch axis counted
    double epsilon = 1e-3;
    bool center = true;
    bool scale = true;
    Initializer beta_initializer = Initializer::zeros();
    Initializer gamma_initializer = Initializer::ones();
};

/// Keras `LayerNormalization`: each sample is normalised over `axis` (by default the last axis)
/// with its own mean and variance, y = (x - mean) / sqrt(variance + epsilon) * gamma + beta.
/// Weights, in Keras order: gamma (with scale), beta (with center), each of shape (the sizes of
/// the axes, in the order given); they are indexed as Keras and TF.js do, row-major over the
/// axes in increasing order.
class LayerNormalization : public basic_layer<LayerNormalization, layer_normalization_config> {
public:
    static constexpr std::string_view class_name = "LayerNormalization";
    static constexpr std::string_view default_name = "layer_normalization";

    explicit LayerNormalization(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(layer_normalization_output_shape(in, cfg_.axis), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input with the same sizes on the axes; throws clone_error otherwise.
    void rebind(const Shape& in);

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    /// "gamma", "beta" (without scale or center, fewer).
    [[nodiscard]] std::vector<std::string> weight_names() const;

    /// Writes the axes as a list (as TF.js and Keras 3 do once the layer is built).
    [[nodiscard]] json get_config() const;
    /// Reads TF.js's and Keras 2/3's forms (axis an integer or a list); rms_scaling, regularizers
    /// and constraints throw config_error.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static LayerNormalization from_config(const json& j);

private:
    [[nodiscard]] std::vector<weight_def> weight_defs(const Shape& in) const;
};

} // namespace scion::layers
