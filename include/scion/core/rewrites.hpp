// scion/core/rewrites.hpp — the deployment rewrites as values and types: strip_dropout,
// strip_noise, fold_batch_norm, fuse_activation, and deploy (all four), composable with `|`.
// The static clone (clone/rewrite.hpp) and the dynamic one (dynamic/clone.hpp) read the same set.
#pragma once

namespace scion {

/// A set of deployment rewrites (bits). `clone_model(m, keep_inputs, r)` with `r` one of the
/// `rewrite_t` objects below applies them; docs/clone.md, "Rewrites for deployment".
enum class rewrites : unsigned {
    none = 0,
    /// Remove Dropout and SpatialDropout1D/2D/3D (the identity at inference).
    strip_dropout = 1u << 0,
    /// Remove GaussianNoise and GaussianDropout (the identity at inference).
    strip_noise = 1u << 1,
    /// Fold a BatchNormalization into the Dense or convolution before it.
    fold_batch_norm = 1u << 2,
    /// Give an Activation layer's activation to the linear Dense or convolution before it.
    fuse_activation = 1u << 3,
    all = (1u << 4) - 1,
};

[[nodiscard]] constexpr rewrites operator|(rewrites a, rewrites b) noexcept {
    return static_cast<rewrites>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
/// Whether the set `set` holds the rewrite `r`.
[[nodiscard]] constexpr bool has_rewrite(rewrites set, rewrites r) noexcept {
    return (static_cast<unsigned>(set) & static_cast<unsigned>(r)) == static_cast<unsigned>(r);
}

/// A set of rewrites as a type: what `clone_model` takes in place of a clone function, and
/// `clone_model_t` as its `CloneFn`. The layers a rewrite does not remove or change are copied
/// with their weights (as `copy_weights` copies them): a rewritten model computes the original's
/// function at inference. Sets combine with `|`: `fold_batch_norm | strip_dropout`.
template <rewrites R>
struct rewrite_t {
    static constexpr rewrites value = R;
    /// The set as a value (what dynamic::clone_options::rewrites holds).
    constexpr operator rewrites() const noexcept { return R; }  // NOLINT: reads as the set
};
template <rewrites A, rewrites B>
[[nodiscard]] constexpr rewrite_t<A | B> operator|(rewrite_t<A>, rewrite_t<B>) noexcept {
    return {};
}

using strip_dropout_t = rewrite_t<rewrites::strip_dropout>;
using strip_noise_t = rewrite_t<rewrites::strip_noise>;
using fold_batch_norm_t = rewrite_t<rewrites::fold_batch_norm>;
using fuse_activation_t = rewrite_t<rewrites::fuse_activation>;
/// Every rewrite: what a model meant only for inference wants.
using deploy_t = rewrite_t<rewrites::all>;

inline constexpr strip_dropout_t strip_dropout{};
inline constexpr strip_noise_t strip_noise{};
inline constexpr fold_batch_norm_t fold_batch_norm{};
inline constexpr fuse_activation_t fuse_activation{};
inline constexpr deploy_t deploy{};

} // namespace scion
