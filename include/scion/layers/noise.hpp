// scion/layers/noise.hpp — SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout: the identity at
// inference, seeded noise in training mode.
#pragma once

#include <scion/core/rng.hpp>
#include <scion/layers/activation.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>

namespace scion::layers {

namespace misc_detail {

/// The stream a noise layer draws from at a training step: Dropout's scheme (the layer's seed,
/// or else the context's, mixed with the step; named by the layer's path).
[[nodiscard]] random_stream noise_stream(const std::optional<std::uint64_t>& own, const call_context& ctx,
                                         const std::string& path) noexcept;

/// Standard normal value `i` of `stream`: the value random_stream::normal writes at index `i`
/// (Box–Muller on the words of block i / 4), computed for one index at a time.
[[nodiscard]] float standard_normal(const random_stream& stream, std::size_t i) noexcept;

void check_rate(double rate, const std::string& who);

std::optional<std::uint64_t> read_seed(const json& j, const std::string& w);
json seed_json(const std::optional<std::uint64_t>& s);

void read_data_format(const json& j, const std::string& w);

inline constexpr std::array<std::string_view, 3> spatial_dropout_class{"SpatialDropout1D", "SpatialDropout2D",
                                                                       "SpatialDropout3D"};
inline constexpr std::array<std::string_view, 3> spatial_dropout_name{"spatial_dropout1d", "spatial_dropout2d",
                                                                      "spatial_dropout3d"};

} // namespace misc_detail

// ---- SpatialDropout1D / 2D / 3D ---------------------------------------------------------------------------

/// SpatialDropoutND's shape rule: the identity on inputs of N spatial axes and a channels axis
/// (channels_last): rank N + 1, batch axis not counted.
[[nodiscard]] constexpr shape_result spatial_dropout_output_shape(const Shape& in, std::size_t spatial) noexcept {
    if (in.rank() != spatial + 1) return shape_result::fail(shape_errc::rank_mismatch, spatial + 1, in.rank());
    return {in};
}

/// The config of `SpatialDropout1D/2D/3D` (Keras: the fields of its `get_config()`).
struct spatial_dropout_config : base_config {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `SpatialDropout1D` (N = 1, input (steps, channels)), `SpatialDropout2D` (N = 2, (rows,
/// cols, channels)) and `SpatialDropout3D` (N = 3), channels_last. At inference the identity. In
/// training mode whole channels are dropped: for each sample and channel, with probability
/// `rate` every element of the channel is zeroed, otherwise all are scaled by 1 / (1 - rate).
/// The mask is drawn as Dropout's (context seed or the layer's, layer path, step), one number
/// per (sample, channel).
template <std::size_t N>
class SpatialDropout : public basic_layer<SpatialDropout<N>, spatial_dropout_config> {
    static_assert(N >= 1 && N <= 3);
    using base = basic_layer<SpatialDropout<N>, spatial_dropout_config>;
    using base::cfg_;

public:
    using typename base::config_type;
    static constexpr std::string_view class_name = misc_detail::spatial_dropout_class[N - 1];
    static constexpr std::string_view default_name = misc_detail::spatial_dropout_name[N - 1];

    explicit SpatialDropout(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(spatial_dropout_output_shape(in, N), this->who(), in);
    }
    void build(const Shape& in, seed, std::string_view scope = {});

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const;

    [[nodiscard]] json get_config() const;
    /// Reads TF.js's and Keras 2/3's forms; data_format channels_first or a noise_shape throws
    /// config_error.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static SpatialDropout from_config(const json& j);

private:
    std::string path_;
};

using SpatialDropout1D = SpatialDropout<1>;
using SpatialDropout2D = SpatialDropout<2>;
using SpatialDropout3D = SpatialDropout<3>;

extern template class SpatialDropout<1>;
extern template class SpatialDropout<2>;
extern template class SpatialDropout<3>;

// ---- GaussianNoise ------------------------------------------------------------------------------------

/// The config of `GaussianNoise` (Keras: the fields of its `get_config()`).
struct gaussian_noise_config : base_config {
    double stddev = 0.0;                  ///< the noise's standard deviation
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `GaussianNoise`: the identity at inference; in training mode y = x + stddev * z with z
/// standard normal, drawn per element from Dropout's streams (context seed or the layer's,
/// layer path, step).
class GaussianNoise : public basic_layer<GaussianNoise, gaussian_noise_config> {
public:
    static constexpr std::string_view class_name = "GaussianNoise";
    static constexpr std::string_view default_name = "gaussian_noise";

    explicit GaussianNoise(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {});

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static GaussianNoise from_config(const json& j);

private:
    std::string path_;
};

// ---- GaussianDropout ----------------------------------------------------------------------------------

/// The config of `GaussianDropout` (Keras: the fields of its `get_config()`).
struct gaussian_dropout_config : base_config {
    double rate = 0.5;
    std::optional<std::uint64_t> seed{};  ///< Keras's layer seed; overrides the context's
};

/// Keras `GaussianDropout`: the identity at inference; in training mode y = x * (1 + s * z) with
/// s = sqrt(rate / (1 - rate)) and z standard normal, drawn as GaussianNoise draws.
class GaussianDropout : public basic_layer<GaussianDropout, gaussian_dropout_config> {
public:
    static constexpr std::string_view class_name = "GaussianDropout";
    static constexpr std::string_view default_name = "gaussian_dropout";

    explicit GaussianDropout(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return identity_output_shape(in).shape; }
    void build(const Shape& in, seed, std::string_view scope = {});

    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context& ctx) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static GaussianDropout from_config(const json& j);

private:
    std::string path_;
};

} // namespace scion::layers
