// scion/layers/embedding.hpp — Embedding: integer ids (held in float tensors) looked up in a table.
#pragma once

#include <scion/core/initializers.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <sstream>
#include <string>
#include <vector>

namespace scion::layers {

/// Embedding's shape rule: each id becomes a vector, (d1, ..., dn) -> (d1, ..., dn, output_dim).
/// The output keeps within scion's rank limit: at most 6 input axes (batch axis not counted).
[[nodiscard]] constexpr shape_result embedding_output_shape(const Shape& in, std::size_t input_dim,
                                                            std::size_t output_dim) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    if (in.rank() + 2 > max_rank) return shape_result::fail(shape_errc::rank_mismatch, max_rank - 2, in.rank());
    if (input_dim == 0 || output_dim == 0 || in.elements() == 0)
        return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    Shape out = in;
    out.push_back(output_dim);
    return {out};
}
/// Embedding's parameter count: the table, input_dim x output_dim.
[[nodiscard]] constexpr std::size_t embedding_param_count(std::size_t input_dim, std::size_t output_dim) noexcept {
    return input_dim * output_dim;
}

/// The config of `Embedding` (Keras: the fields of its `get_config()`).
struct embedding_config : base_config {
    std::size_t input_dim = 0;   ///< the number of ids: valid ids are 0 .. input_dim - 1
    std::size_t output_dim = 0;  ///< the length of each id's vector
    Initializer embeddings_initializer = Initializer::random_uniform(-0.05f, 0.05f);
};

/// Keras `Embedding`: y[..., :] = embeddings[id] for each id of the input. Inputs are float
/// tensors holding integer ids (a model input declared int32 in a model file arrives as floats);
/// an id is read as TF.js casts it (toward zero), and one outside [0, input_dim) — or not a
/// number — throws value_error naming the layer, the id and where it is. `mask_zero` is not
/// supported (config_error).
/// Weights: embeddings (input_dim, output_dim).
class Embedding : public basic_layer<Embedding, embedding_config> {
public:
    static constexpr std::string_view class_name = "Embedding";
    static constexpr std::string_view default_name = "embedding";

    explicit Embedding(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.input_dim == 0) throw config_error(who() + ": input_dim must be positive");
        if (cfg_.output_dim == 0) throw config_error(who() + ": output_dim must be positive");
    }

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(embedding_output_shape(in, cfg_.input_dim, cfg_.output_dim), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs();
        allocate(defs, s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// The table fits any input shape: keeps the weights.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs();
        rebind_weights(in, out, defs, who());
    }

    /// Copies row `id` of the table for each id; throws value_error for an id out of range.
    void forward(ConstTensorView x, TensorView y, std::span<float>, const call_context&) const {
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

    /// "embeddings".
    [[nodiscard]] std::vector<std::string> weight_names() const { return {"embeddings"}; }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["input_dim"] = cfg_.input_dim;
        j["output_dim"] = cfg_.output_dim;
        j["embeddings_initializer"] = cfg_.embeddings_initializer.to_json();
        for (const char* k : {"embeddings_regularizer", "activity_regularizer", "embeddings_constraint"}) j[k] = nullptr;
        j["mask_zero"] = false;
        return j;
    }
    /// Reads TF.js's and Keras 2/3's forms. Keras 2's input_length is accepted and not used (the
    /// input shape comes from the model); mask_zero true, regularizers, constraints and LoRA
    /// throw config_error.
    [[nodiscard]] static config_type config_from_json(const json& j) {
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
    [[nodiscard]] static Embedding from_config(const json& j) { return Embedding(config_from_json(j)); }

private:
    [[nodiscard]] std::array<weight_def, 1> weight_defs() const {
        return {{{"embeddings", Shape{cfg_.input_dim, cfg_.output_dim}, &cfg_.embeddings_initializer}}};
    }
    [[nodiscard]] std::string bad_id(ConstTensorView x, std::size_t i) const {
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
};

} // namespace scion::layers
