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

    explicit Embedding(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(embedding_output_shape(in, cfg_.input_dim, cfg_.output_dim), who(), in);
    }
    void build(const Shape& in, seed s, std::string_view scope = {});
    /// The table fits any input shape: keeps the weights.
    void rebind(const Shape& in);

    /// Copies row `id` of the table for each id; throws value_error for an id out of range.
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    /// "embeddings".
    [[nodiscard]] std::vector<std::string> weight_names() const;

    [[nodiscard]] json get_config() const;
    /// Reads TF.js's and Keras 2/3's forms. Keras 2's input_length is accepted and not used (the
    /// input shape comes from the model); mask_zero true, regularizers, constraints and LoRA
    /// throw config_error.
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Embedding from_config(const json& j);

private:
    [[nodiscard]] std::array<weight_def, 1> weight_defs() const;
    [[nodiscard]] std::string bad_id(ConstTensorView x, std::size_t i) const;
};

} // namespace scion::layers
