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

    /// Fills `out` (a weight of shape `shape`) from `stream`.
    void fill(std::span<float> out, const Shape& shape, const random_stream& stream) const {
        switch (kind_) {
        case kind::zeros: std::fill(out.begin(), out.end(), 0.0f); return;
        case kind::ones: std::fill(out.begin(), out.end(), 1.0f); return;
        case kind::constant: std::fill(out.begin(), out.end(), a_); return;
        case kind::random_uniform: stream.uniform(out, a_, b_); return;
        case kind::random_normal: stream.normal(out, a_, b_); return;
        case kind::truncated_normal: stream.truncated_normal(out, a_, b_); return;
        case kind::orthogonal: fill_orthogonal(out, shape, stream); return;
        default: fill_variance_scaling(out, shape, stream); return;
        }
    }

    /// Keras JSON: {"class_name": "GlorotUniform", "config": {"seed": null}}.
    [[nodiscard]] json to_json() const {
        json cfg = json::object();
        switch (kind_) {
        case kind::constant: cfg["value"] = a_; break;
        case kind::random_uniform: cfg["minval"] = a_; cfg["maxval"] = b_; break;
        case kind::random_normal:
        case kind::truncated_normal: cfg["mean"] = a_; cfg["stddev"] = b_; break;
        case kind::orthogonal: cfg["gain"] = a_; break;
        case kind::variance_scaling:
            cfg["scale"] = a_;
            cfg["mode"] = std::string(mode_name(mode_));
            cfg["distribution"] = std::string(dist_name(dist_));
            break;
        default: break;
        }
        if (kind_ != kind::zeros && kind_ != kind::ones && kind_ != kind::constant) {
            if (seed_) cfg["seed"] = *seed_;
            else cfg["seed"] = nullptr;
        }
        return json{{"class_name", std::string(class_name(kind_))}, {"config", cfg}};
    }

    /// Reads Keras or TensorFlow.js JSON (class names such as "GlorotUniform" or
    /// "VarianceScaling", snake_case or camelCase modes). Throws config_error naming `who`.
    [[nodiscard]] static Initializer from_json(const json& j, std::string_view who = "initializer") {
        const std::string w(who);
        if (j.is_string()) return from_name(j.get<std::string>(), w);
        detail::require_object(j, w);
        const auto name = detail::get_field<std::string>(j, "class_name", w);
        const json cfg = j.contains("config") && j["config"].is_object() ? j["config"] : json::object();
        Initializer i = from_name(name, w);
        switch (i.kind_) {
        case kind::constant: i.a_ = detail::get_field_or<float>(cfg, "value", 0.0f, w); break;
        case kind::random_uniform:
            i.a_ = detail::get_field_or<float>(cfg, "minval", -0.05f, w);
            i.b_ = detail::get_field_or<float>(cfg, "maxval", 0.05f, w);
            break;
        case kind::random_normal:
        case kind::truncated_normal:
            i.a_ = detail::get_field_or<float>(cfg, "mean", 0.0f, w);
            i.b_ = detail::get_field_or<float>(cfg, "stddev", 0.05f, w);
            break;
        case kind::orthogonal: i.a_ = detail::get_field_or<float>(cfg, "gain", 1.0f, w); break;
        case kind::variance_scaling: {
            i.a_ = detail::get_field_or<float>(cfg, "scale", 1.0f, w);
            const auto mode = detail::get_field_or<std::string>(cfg, "mode", "fan_in", w);
            const auto dist = detail::get_field_or<std::string>(cfg, "distribution", "truncated_normal", w);
            if (mode == "fan_in" || mode == "fanIn") i.mode_ = fan_mode::fan_in;
            else if (mode == "fan_out" || mode == "fanOut") i.mode_ = fan_mode::fan_out;
            else if (mode == "fan_avg" || mode == "fanAvg") i.mode_ = fan_mode::fan_avg;
            else throw config_error(w + ": VarianceScaling mode '" + mode + "' is not fan_in, fan_out or fan_avg");
            if (dist == "truncated_normal" || dist == "truncatedNormal" || dist == "normal")
                i.dist_ = distribution::truncated_normal;
            else if (dist == "untruncated_normal" || dist == "untruncatedNormal") i.dist_ = distribution::untruncated_normal;
            else if (dist == "uniform") i.dist_ = distribution::uniform;
            else throw config_error(w + ": VarianceScaling distribution '" + dist + "' is not supported");
            break;
        }
        default: break;
        }
        if (const auto it = cfg.find("seed"); it != cfg.end() && !it->is_null()) {
            if (!it->is_number_integer()) throw config_error(w + ": initializer seed must be an integer");
            i.seed_ = it->get<std::uint64_t>();
        }
        return i;
    }

    /// Keras's fan computation for a weight of shape `shape`.
    [[nodiscard]] static std::array<double, 2> fans(const Shape& shape) noexcept {
        if (shape.rank() == 0) return {1.0, 1.0};
        if (shape.rank() == 1) return {double(shape[0]), double(shape[0])};
        if (shape.rank() == 2) return {double(shape[0]), double(shape[1])};
        double receptive = 1;
        for (std::size_t i = 0; i + 2 < shape.rank(); ++i) receptive *= double(shape[i]);
        return {double(shape[shape.rank() - 2]) * receptive, double(shape.back()) * receptive};
    }

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
    static Initializer from_name(const std::string& name, const std::string& who) {
        for (const auto& e : table)
            if (e.keras == name || e.alias == name) {
                switch (e.k) {
                case kind::random_uniform: return random_uniform();
                case kind::random_normal: return random_normal();
                case kind::truncated_normal: return truncated_normal();
                case kind::orthogonal: return orthogonal();
                case kind::variance_scaling: return variance_scaling();
                default: return Initializer(e.k);
                }
            }
        throw config_error(who + ": unknown initializer '" + name + "'");
    }
    static constexpr std::string_view mode_name(fan_mode m) noexcept {
        return m == fan_mode::fan_in ? "fan_in" : m == fan_mode::fan_out ? "fan_out" : "fan_avg";
    }
    static constexpr std::string_view dist_name(distribution d) noexcept {
        return d == distribution::uniform ? "uniform"
               : d == distribution::untruncated_normal ? "untruncated_normal" : "truncated_normal";
    }

    // (scale, mode, distribution) of the named variance-scaling initializers.
    void variance_params(double& scale, fan_mode& mode, distribution& dist) const noexcept {
        switch (kind_) {
        case kind::glorot_uniform: scale = 1; mode = fan_mode::fan_avg; dist = distribution::uniform; return;
        case kind::glorot_normal: scale = 1; mode = fan_mode::fan_avg; dist = distribution::truncated_normal; return;
        case kind::he_uniform: scale = 2; mode = fan_mode::fan_in; dist = distribution::uniform; return;
        case kind::he_normal: scale = 2; mode = fan_mode::fan_in; dist = distribution::truncated_normal; return;
        case kind::lecun_uniform: scale = 1; mode = fan_mode::fan_in; dist = distribution::uniform; return;
        case kind::lecun_normal: scale = 1; mode = fan_mode::fan_in; dist = distribution::truncated_normal; return;
        default: scale = a_; mode = mode_; dist = dist_; return;
        }
    }

    void fill_variance_scaling(std::span<float> out, const Shape& shape, const random_stream& stream) const {
        double scale = 1;
        fan_mode mode = fan_mode::fan_in;
        distribution dist = distribution::truncated_normal;
        variance_params(scale, mode, dist);
        const auto [fan_in, fan_out] = fans(shape);
        const double n = mode == fan_mode::fan_in ? fan_in : mode == fan_mode::fan_out ? fan_out : (fan_in + fan_out) / 2;
        const double var = scale / std::max(1.0, n);
        switch (dist) {
        case distribution::uniform: {
            const auto limit = static_cast<float>(std::sqrt(3.0 * var));
            stream.uniform(out, -limit, limit);
            return;
        }
        case distribution::untruncated_normal: stream.normal(out, 0.0f, static_cast<float>(std::sqrt(var))); return;
        case distribution::truncated_normal:
            // 0.8796... is the stddev of a standard normal truncated to [-2, 2] (Keras's constant).
            stream.truncated_normal(out, 0.0f, static_cast<float>(std::sqrt(var) / 0.87962566103423978));
            return;
        }
    }

    // Keras: q, r = qr(normal(max(rows, cols), min(rows, cols))); q *= sign(diag(r)); transpose if
    // rows < cols. A QR whose r has a positive diagonal is exactly Gram-Schmidt on the columns,
    // so this computes that (modified Gram-Schmidt, in double precision).
    void fill_orthogonal(std::span<float> out, const Shape& shape, const random_stream& stream) const {
        if (shape.rank() < 2) throw config_error("Orthogonal initializer needs a weight of rank >= 2, got shape " + shape.to_string());
        const std::size_t cols = shape.back(), rows = shape.elements() / shape.back();
        const std::size_t big = std::max(rows, cols), small = std::min(rows, cols);
        std::vector<float> normal(big * small);
        stream.normal(normal, 0.0f, 1.0f);
        // q holds the columns one after another: column j is q[j * big, (j + 1) * big).
        std::vector<double> q(normal.begin(), normal.end());
        for (std::size_t j = 0; j < small; ++j) {
            double* qj = q.data() + j * big;
            for (std::size_t i = 0; i < j; ++i) {
                const double* qi = q.data() + i * big;
                double dot = 0;
                for (std::size_t k = 0; k < big; ++k) dot += qi[k] * qj[k];
                for (std::size_t k = 0; k < big; ++k) qj[k] -= dot * qi[k];
            }
            double norm = 0;
            for (std::size_t k = 0; k < big; ++k) norm += qj[k] * qj[k];
            norm = std::sqrt(norm);
            for (std::size_t k = 0; k < big; ++k) qj[k] /= norm;
        }
        // The weight is (rows, cols), row-major: q (big, small) itself, or its transpose.
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c) {
                const double v = rows >= cols ? q[c * big + r] : q[r * big + c];
                out[r * cols + c] = static_cast<float>(a_ * v);
            }
    }

    kind kind_ = kind::zeros;
    float a_ = 0.0f, b_ = 0.0f;
    fan_mode mode_ = fan_mode::fan_in;
    distribution dist_ = distribution::truncated_normal;
    std::optional<std::uint64_t> seed_{};
};

} // namespace scion
