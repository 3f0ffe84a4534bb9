// src/core/initializers.cpp — the Keras initializers' fills and their JSON reading and writing.
#include <scion/core/initializers.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scion {

void Initializer::fill(std::span<float> out, const Shape& shape, const random_stream& stream) const {
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

json Initializer::to_json() const {
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

Initializer Initializer::from_json(const json& j, std::string_view who) {
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

std::array<double, 2> Initializer::fans(const Shape& shape) noexcept {
    if (shape.rank() == 0) return {1.0, 1.0};
    if (shape.rank() == 1) return {double(shape[0]), double(shape[0])};
    if (shape.rank() == 2) return {double(shape[0]), double(shape[1])};
    double receptive = 1;
    for (std::size_t i = 0; i + 2 < shape.rank(); ++i) receptive *= double(shape[i]);
    return {double(shape[shape.rank() - 2]) * receptive, double(shape.back()) * receptive};
}

Initializer Initializer::from_name(const std::string& name, const std::string& who) {
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

void Initializer::variance_params(double& scale, fan_mode& mode, distribution& dist) const noexcept {
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

void Initializer::fill_variance_scaling(std::span<float> out, const Shape& shape, const random_stream& stream) const {
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

void Initializer::fill_orthogonal(std::span<float> out, const Shape& shape, const random_stream& stream) const {
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

} // namespace scion
