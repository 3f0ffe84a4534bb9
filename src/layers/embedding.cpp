// src/layers/embedding.cpp — Embedding: constructor, build, lookup forward and configs.
#include <scion/layers/embedding.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace scion::layers {

Embedding::Embedding(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.input_dim == 0) throw config_error(who() + ": input_dim must be positive");
    if (cfg_.output_dim == 0) throw config_error(who() + ": output_dim must be positive");
}

void Embedding::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs();
    allocate(defs, s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void Embedding::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs();
    rebind_weights(in, out, defs, who());
}

void Embedding::forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const {
    const std::size_t n = x.size(), d = cfg_.output_dim;
    const float* table = weights_[0].data();
    for (std::size_t i = 0; i < n; ++i) {
        // TF.js casts ids to int32 (truncating); a value outside the table is an error here,
        // where TF.js would gather garbage or fail.
        const double t = std::trunc(static_cast<double>(x.data[i]));
        if (!(t >= 0.0 && t < static_cast<double>(cfg_.input_dim))) throw value_error(bad_id(x, i));
        const auto id = static_cast<std::size_t>(t);
        std::copy(table + id * d, table + (id + 1) * d, y.data + i * d);
    }
}

std::vector<std::string> Embedding::weight_names() const { return {"embeddings"}; }

json Embedding::get_config() const {
    json j = detail::write_base(cfg_);
    j["input_dim"] = cfg_.input_dim;
    j["output_dim"] = cfg_.output_dim;
    j["embeddings_initializer"] = cfg_.embeddings_initializer.to_json();
    for (const char* k : {"embeddings_regularizer", "activity_regularizer", "embeddings_constraint"}) j[k] = nullptr;
    j["mask_zero"] = false;
    return j;
}

Embedding::config_type Embedding::config_from_json(const json& j) {
    namespace d = scion::detail;
    const std::string w = "Embedding config";
    config_type c;
    detail::read_base(c, j, w);
    c.input_dim = d::get_field<std::size_t>(j, "input_dim", w);
    c.output_dim = d::get_field<std::size_t>(j, "output_dim", w);
    if (const auto it = j.find("embeddings_initializer"); it != j.end() && !it->is_null())
        c.embeddings_initializer = Initializer::from_json(*it, w + " embeddings_initializer");
    for (const char* k : {"embeddings_regularizer", "activity_regularizer", "embeddings_constraint", "lora_rank"})
        d::require_null(j, k, w);
    if (d::get_field_or<bool>(j, "mask_zero", false, w))
        throw config_error(w + ": unsupported option 'mask_zero' = true: masking is not supported (scion has "
                               "no masks; id 0 would be embedded like any other id)");
    if (d::get_field_or<bool>(j, "sparse", false, w)) throw config_error(w + ": unsupported option 'sparse' = true");
    return c;
}

Embedding Embedding::from_config(const json& j) { return Embedding(config_from_json(j)); }

std::array<Embedding::weight_def, 1> Embedding::weight_defs() const {
    return {{{"embeddings", Shape{cfg_.input_dim, cfg_.output_dim}, &cfg_.embeddings_initializer}}};
}

std::string Embedding::bad_id(ConstTensorView x, std::size_t i) const {
    std::ostringstream m;
    m << who() << ": id " << x.data[i] << " at input index [";
    std::array<std::size_t, max_rank> at{};
    std::size_t rest = i;
    for (std::size_t k = x.shape.rank(); k-- > 0;) {
        at[k] = rest % x.shape[k];
        rest /= x.shape[k];
    }
    for (std::size_t k = 0; k < x.shape.rank(); ++k) m << (k ? ", " : "") << at[k];
    m << "] is not in [0, " << cfg_.input_dim << ")";
    return m.str();
}

} // namespace scion::layers
