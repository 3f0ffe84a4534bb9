// scion/layers/rewrite.hpp — the engine's side of the deployment rewrites (core/rewrites.hpp),
// shared by the static clone (clone/rewrite.hpp) and the dynamic one (src/dynamic/clone.cpp):
// which engine classes each rewrite removes or changes, and the arithmetic of folding a
// BatchNormalization into the layer before it.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/conv.hpp>
#include <scion/layers/dense.hpp>
#include <scion/layers/dropout.hpp>
#include <scion/layers/noise.hpp>
#include <scion/layers/normalization.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace scion::layers {

/// A closed list of engine classes: `contains<L>` at compile time; `find(f)` calls
/// `f.template operator()<L>()` for each class in order until one returns true (the dynamic
/// path's dispatch over the same list).
template <class... Ls>
struct class_list {
    template <class L>
    static constexpr bool contains = (std::is_same_v<L, Ls> || ...);
    template <class F>
    static bool find(F&& f) {
        return (f.template operator()<Ls>() || ...);
    }
};

/// What strip_dropout removes: the dropout layers, the identity at inference.
using dropout_classes = class_list<Dropout, SpatialDropout<1>, SpatialDropout<2>, SpatialDropout<3>>;
/// What strip_noise removes: the noise layers, the identity at inference.
using noise_classes = class_list<GaussianNoise, GaussianDropout>;
/// The layers a BatchNormalization after them folds into (fold_batch_norm): each holds its
/// weights as [kernels..., bias] (bias when use_bias), the last kernel's trailing axes flattening to
/// the output channels (its last axis; DepthwiseConv2D's (channels, depth_multiplier), output
/// channel c * depth_multiplier + j), and applies its
/// activation after the bias. Conv2DTranspose is not one: its kernel has the output channels on
/// its third axis.
using batch_norm_hosts = class_list<Dense, Conv<1>, Conv<2>, DepthwiseConv2D, SeparableConv2D>;
/// The layers an Activation after them fuses into (fuse_activation): their config's
/// `activation` is applied last, element-wise (softmax over the last axis), as Activation applies
/// it.
using activation_hosts = class_list<Dense, Conv<1>, Conv<2>, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose>;

/// Whether a BatchNormalization on Keras axis `axis` normalises the last axis of a per-sample
/// shape of rank `rank`: the channels a batch_norm host writes (only then does it fold).
[[nodiscard]] constexpr bool normalises_last_axis(int axis, std::size_t rank) noexcept {
    const auto a = misc_detail::per_sample_axis(axis, rank);
    return a.has_value() && *a + 1 == rank;
}

/// The weights of a batch_norm host whose output then goes through the affine map `a`: the last
/// kernel (the last array before the bias, or the last array without one) scaled per output
/// channel, and a bias `bias * scale + shift` (from a zero bias when `has_bias` is false: the
/// result always ends with a bias). Computed in double, rounded once. Throws shape_error when the
/// kernel's trailing axes do not flatten to the map's channel count.
[[nodiscard]] std::vector<Tensor> fold_affine(std::span<const Tensor> weights, bool has_bias,
                                              const channel_affine& a);

/// A layer of class L (an engine class, or a DSL type over one) made from `cfg`, built for
/// per-sample input `in` and holding the weights `w` (drawn by the build, then replaced).
template <class L>
[[nodiscard]] L layer_with_weights(typename L::config_type cfg, const Shape& in, std::span<const Tensor> w) {
    L l(std::move(cfg));
    l.build(in, seed{0}, {});
    l.set_weights(w);
    return l;
}

/// The built layer `host` (a batch_norm host or activation host: an engine class or a DSL type
/// over one) as a layer of class `Out` with the BatchNormalization `bn` after it folded in (when
/// not null: `Out` has a bias) and `act` as its activation (when set). Same name, trainable flag
/// and input shape; `Out` must agree with the new config (use_bias, activation).
template <class Out, class Host>
[[nodiscard]] Out rewritten_host(const Host& host, const BatchNormalization* bn, std::optional<activation_id> act) {
    auto cfg = host.config();
    std::vector<Tensor> w = host.get_weights();
    if (bn != nullptr) {
        w = fold_affine(w, cfg.use_bias, bn->inference_affine());
        cfg.use_bias = true;
    }
    if (act) cfg.activation = *act;
    return layer_with_weights<Out>(std::move(cfg), Shape(host.input_shape()), w);
}

} // namespace scion::layers
