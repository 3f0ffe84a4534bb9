// scion/layers/conv_standard.hpp — the standard convolutions, Conv1D and Conv2D (one class
// template, layers::Conv<R>): their shape rule, parameter count, config and engine class.
#pragma once

#include <scion/layers/conv_common.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace scion::layers {

/// Conv1D's (R = 1) and Conv2D's (R = 2) shape rule: (spatial..., channels) becomes (output
/// lengths..., filters); the channels must divide into `groups`. An input shorter than the
/// dilated kernel with padding "valid" fails with zero_dimension (expected: the kernel's extent,
/// actual: the input's length).
template <std::size_t R>
[[nodiscard]] constexpr shape_result conv_output_shape(const Shape& in, std::size_t filters, const conv_dims<R>& k,
                                                       const conv_dims<R>& s, const conv_dims<R>& d, conv_padding p,
                                                       std::size_t groups = 1) noexcept {
    shape_result r = detail::conv_spatial<R>(in, k, s, d, p);
    if (!r.ok()) return r;
    if (filters == 0 || groups == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    if (in.back() % groups != 0) return shape_result::fail(shape_errc::not_divisible, groups, in.back());
    r.shape.push_back(filters);
    return r;
}
/// Conv1D's and Conv2D's parameter count: kernel (k..., channels / groups, filters), bias (filters).
template <std::size_t R>
[[nodiscard]] constexpr std::size_t conv_param_count(const Shape& in, std::size_t filters, const conv_dims<R>& k,
                                                     std::size_t groups, bool use_bias) noexcept {
    return detail::conv_dims_product(k) * (in.back() / (groups == 0 ? 1 : groups)) * filters + (use_bias ? filters : 0);
}

/// The config of `Conv1D` (R = 1) and `Conv2D` (R = 2): Keras's fields (channels_last only).
template <std::size_t R>
struct conv_config : base_config {
    std::size_t filters = 0;
    conv_dims<R> kernel_size = conv_fill<R>(0);   ///< required: every entry positive
    conv_dims<R> strides = conv_fill<R>(1);
    conv_dims<R> dilation_rate = conv_fill<R>(1);
    conv_padding padding = conv_padding::valid;  ///< causal: Conv1D only
    std::size_t groups = 1;                       ///< divides filters and the input channels
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

// ---- Conv1D, Conv2D -----------------------------------------------------------------------------------

/// Keras `Conv1D` (R = 1, inputs (steps, channels)) and `Conv2D` (R = 2, inputs (height, width,
/// channels)), channels_last:
///   y[o] = activation(Σ_taps x[o * strides + tap * dilation_rate - pad] · kernel[tap] + bias)
/// computed as im2col into scratch and one matrix product per sample (and group).
/// Weights, in Keras order: kernel (kernel_size..., channels / groups, filters), bias (filters).
/// With `groups` > 1 the channels and filters split into that many groups, each convolved
/// separately (Keras's `groups`). padding "causal" is Conv1D's only.
/// Member definitions live in libscion (src/layers/conv_standard.cpp), explicitly instantiated for R = 1, 2.
template <std::size_t R>
class Conv : public basic_layer<Conv<R>, conv_config<R>> {
    static_assert(R == 1 || R == 2, "scion::layers::Conv<R> is Conv1D (R = 1) or Conv2D (R = 2)");
    using base = basic_layer<Conv<R>, conv_config<R>>;
    using base::cfg_;
    using base::weights_;
    using base::input_shape_;
    using base::output_shape_;

public:
    using config_type = conv_config<R>;
    static constexpr std::string_view class_name = R == 1 ? "Conv1D" : "Conv2D";
    static constexpr std::string_view default_name = R == 1 ? "conv1d" : "conv2d";

    /// Checks the config (positive filters, kernel, strides, dilation and groups; groups divides
    /// filters; causal padding on Conv1D only); throws config_error naming the layer otherwise.
    explicit Conv(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const;

    /// Allocates and initialises the weights for per-sample input shape `in`.
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// Keeps the weights for a new input shape with the same channels (any spatial size the
    /// kernel fits); throws clone_error otherwise.
    void rebind(const Shape& in);

    /// Floats of scratch at batch size `batch`: the im2col rows of one chunk of output rows (see
    /// chunk_positions) for one group; none for a 1x1 kernel with strides 1 and groups 1, which is
    /// a matrix product over the input as it is.
    [[nodiscard]] std::size_t scratch_size(std::size_t batch) const noexcept;

    /// x is (batch, spatial..., channels), y is (batch, output spatial..., filters).
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float> scratch, const call_context& /*ctx*/) const;

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const;

    /// The fields TensorFlow.js writes (Conv1D without data_format, as TF.js); groups only when
    /// it is not 1.
    [[nodiscard]] json get_config() const;

    /// Reads TF.js's and Keras 2/3's configs: per-axis fields as an integer or a list; throws
    /// config_error naming the field for data_format "channels_first", a regularizer or a
    /// constraint, or an out-of-range value.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Conv from_config(const json& j);

    /// forward runs the output rows of all samples in chunks of at least chunk_positions output
    /// positions (so that each product is tall enough to run at speed), more while a chunk's
    /// im2col rows and outputs take at most chunk_floats floats (so that they stay in cache
    /// between the product and the activation).
    static constexpr std::size_t chunk_positions = 256;
    static constexpr std::size_t chunk_floats = std::size_t{1} << 14;

private:
    /// Output rows (an output row: one sample's outputs at one height, ow positions) forward
    /// runs at once at batch size `batch`: from chunk_positions and chunk_floats, at least one,
    /// at most all.
    [[nodiscard]] std::size_t rows_per_chunk(std::size_t batch) const noexcept;
    [[nodiscard]] bool pointwise() const noexcept;
    [[nodiscard]] detail::conv_geometry geometry() const noexcept;
    [[nodiscard]] std::array<weight_store::weight_def, 2> weight_defs(const Shape& in) const;
};

/// Keras `Conv1D`: inputs (steps, channels).
using Conv1D = Conv<1>;
/// Keras `Conv2D`: inputs (height, width, channels).
using Conv2D = Conv<2>;

// Conv<R>'s members are compiled once, in libscion (src/layers/conv_standard.cpp).
extern template class Conv<1>;
extern template class Conv<2>;

} // namespace scion::layers
