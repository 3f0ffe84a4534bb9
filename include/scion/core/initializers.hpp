// scion/core/initializers.hpp — the Keras weight initializers, their configs and their fills.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scion {

/// A weight initializer with Keras semantics: it fills a weight of a given shape from a random
/// stream. Its Keras class name and parameters round-trip through JSON.
class Initializer {
public:
    enum class kind : unsigned char {
        zeros, ones, constant, random_uniform, random_normal, truncated_normal,
        glorot_uniform, glorot_normal, he_uniform, he_normal, lecun_uniform, lecun_normal,
        orthogonal, variance_scaling
    };
    enum class fan_mode : unsigned char { fan_in, fan_out, fan_avg };
    enum class distribution : unsigned char { truncated_normal, untruncated_normal, uniform };

    // Keras's initializers, with Keras's defaults.
    static Initializer zeros() { return Initializer(kind::zeros); }
    static Initializer ones() { return Initializer(kind::ones); }
    static Initializer constant(float value) { return Initializer(kind::constant, value); }
    static Initializer random_uniform(float minval = -0.05f, float maxval = 0.05f) {
        return Initializer(kind::random_uniform, minval, maxval);
    }
    static Initializer random_normal(float mean = 0.0f, float stddev = 0.05f) {
        return Initializer(kind::random_normal, mean, stddev);
    }
    static Initializer truncated_normal(float mean = 0.0f, float stddev = 0.05f) {
        return Initializer(kind::truncated_normal, mean, stddev);
    }
    static Initializer glorot_uniform() { return Initializer(kind::glorot_uniform); }
    static Initializer glorot_normal() { return Initializer(kind::glorot_normal); }
    static Initializer he_uniform() { return Initializer(kind::he_uniform); }
    static Initializer he_normal() { return Initializer(kind::he_normal); }
    static Initializer lecun_uniform() { return Initializer(kind::lecun_uniform); }
    static Initializer lecun_normal() { return Initializer(kind::lecun_normal); }
    static Initializer orthogonal(float gain = 1.0f) { return Initializer(kind::orthogonal, gain); }
    static Initializer variance_scaling(float scale = 1.0f, fan_mode mode = fan_mode::fan_in,
                                        distribution dist = distribution::truncated_normal) {
        Initializer i(kind::variance_scaling, scale);
        i.mode_ = mode;
        i.dist_ = dist;
        return i;
    }

    /// An initializer with its own seed draws the same values wherever it is used (as in Keras);
    /// without one it draws from the model's seed and the weight's name.
    [[nodiscard]] Initializer with_seed(std::uint64_t s) const {
        Initializer i = *this;
        i.seed_ = s;
        return i;
    }

    [[nodiscard]] kind get_kind() const noexcept { return kind_; }
    [[nodiscard]] std::optional<std::uint64_t> get_seed() const noexcept { return seed_; }
    friend bool operator==(const Initializer&, const Initializer&) = default;

    /// Fills `out` (a weight of shape `shape`) from `stream`: writes every value (weights are
    /// allocated without zeroing for it).
    void fill(std::span<float> out, const Shape& shape, const random_stream& stream) const;

    /// Keras JSON: {"class_name": "GlorotUniform", "config": {"seed": null}}.
    [[nodiscard]] json to_json() const;

    /// Reads Keras or TensorFlow.js JSON (class names such as "GlorotUniform" or
    /// "VarianceScaling", snake_case or camelCase modes). Throws config_error naming `who`.
    [[nodiscard]] static Initializer from_json(const json& j, std::string_view who = "initializer");

    /// Keras's fan computation for a weight of shape `shape`.
    [[nodiscard]] static std::array<double, 2> fans(const Shape& shape) noexcept;

private:
    explicit Initializer(kind k, float a = 0.0f, float b = 0.0f) : kind_(k), a_(a), b_(b) {}

    struct entry {
        kind k;
        std::string_view keras, alias;
    };
    static constexpr std::array<entry, 14> table{{
        {kind::zeros, "Zeros", "zeros"},
        {kind::ones, "Ones", "ones"},
        {kind::constant, "Constant", "constant"},
        {kind::random_uniform, "RandomUniform", "random_uniform"},
        {kind::random_normal, "RandomNormal", "random_normal"},
        {kind::truncated_normal, "TruncatedNormal", "truncated_normal"},
        {kind::glorot_uniform, "GlorotUniform", "glorot_uniform"},
        {kind::glorot_normal, "GlorotNormal", "glorot_normal"},
        {kind::he_uniform, "HeUniform", "he_uniform"},
        {kind::he_normal, "HeNormal", "he_normal"},
        {kind::lecun_uniform, "LecunUniform", "lecun_uniform"},
        {kind::lecun_normal, "LecunNormal", "lecun_normal"},
        {kind::orthogonal, "Orthogonal", "orthogonal"},
        {kind::variance_scaling, "VarianceScaling", "variance_scaling"},
    }};
    static constexpr std::string_view class_name(kind k) noexcept {
        for (const auto& e : table)
            if (e.k == k) return e.keras;
        return "Zeros";
    }
    static Initializer from_name(const std::string& name, const std::string& who);
    static constexpr std::string_view mode_name(fan_mode m) noexcept {
        return m == fan_mode::fan_in ? "fan_in" : m == fan_mode::fan_out ? "fan_out" : "fan_avg";
    }
    static constexpr std::string_view dist_name(distribution d) noexcept {
        return d == distribution::uniform ? "uniform"
               : d == distribution::untruncated_normal ? "untruncated_normal" : "truncated_normal";
    }

    // (scale, mode, distribution) of the named variance-scaling initializers.
    void variance_params(double& scale, fan_mode& mode, distribution& dist) const noexcept;

    void fill_variance_scaling(std::span<float> out, const Shape& shape, const random_stream& stream) const;

    // Keras: q, r = qr(normal(max(rows, cols), min(rows, cols))); q *= sign(diag(r)); transpose if
    // rows < cols. A QR whose r has a positive diagonal is exactly Gram-Schmidt on the columns,
    // so this computes that (modified Gram-Schmidt, in double precision).
    void fill_orthogonal(std::span<float> out, const Shape& shape, const random_stream& stream) const;

    kind kind_ = kind::zeros;
    float a_ = 0.0f, b_ = 0.0f;
    fan_mode mode_ = fan_mode::fan_in;
    distribution dist_ = distribution::truncated_normal;
    std::optional<std::uint64_t> seed_{};
};

} // namespace scion
