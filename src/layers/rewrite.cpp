// src/layers/rewrite.cpp — the arithmetic of the deployment rewrites: a BatchNormalization's
// affine map folded into the weights of the layer before it.
#include <scion/layers/rewrite.hpp>

#include <string>

namespace scion::layers {

std::vector<Tensor> fold_affine(std::span<const Tensor> weights, bool has_bias, const channel_affine& a) {
    const std::size_t channels = a.scale.size();
    const std::size_t kernels = weights.size() - (has_bias && !weights.empty() ? 1 : 0);
    // The output channel of kernel element i is i % channels: the kernel's trailing axes flatten
    // to the channels (DepthwiseConv2D's (channels, depth_multiplier)).
    bool fits = kernels > 0 && channels > 0;
    if (fits) {
        const Shape& s = weights[kernels - 1].shape();
        std::size_t trailing = 1;
        for (std::size_t k = s.rank(); k-- > 0 && trailing < channels;) trailing *= s[k];
        fits = trailing == channels;
    }
    if (!fits)
        throw shape_error("fold_batch_norm: the layer's kernel does not end in " + std::to_string(channels) +
                          " output channels");
    std::vector<Tensor> r(weights.begin(), weights.begin() + static_cast<std::ptrdiff_t>(kernels));
    Tensor& kernel = r.back();
    for (std::size_t i = 0; i < kernel.size(); ++i)
        kernel[i] = static_cast<float>(static_cast<double>(kernel[i]) * a.scale[i % channels]);
    Tensor bias(Shape{channels});
    for (std::size_t c = 0; c < channels; ++c) {
        const double b = has_bias ? static_cast<double>(weights.back()[c]) : 0.0;
        bias[c] = static_cast<float>(b * a.scale[c] + a.shift[c]);
    }
    r.push_back(std::move(bias));
    return r;
}

} // namespace scion::layers
