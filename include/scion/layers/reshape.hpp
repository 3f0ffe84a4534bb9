// scion/layers/reshape.hpp — Reshape: gives each sample a new shape with the same elements.
#pragma once

#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace scion::layers {

/// Reshape's shape rule. `target` holds `rank` dimensions; at most one may be -1, which is
/// inferred. The element count must not change.
[[nodiscard]] constexpr shape_result reshape_output_shape(const Shape& in, const std::int64_t* target,
                                                          std::size_t rank) noexcept {
    std::size_t known = 1, unknown = 0, unknown_at = 0;
    Shape out;
    for (std::size_t i = 0; i < rank; ++i) {
        if (target[i] == -1) { ++unknown; unknown_at = i; out.push_back(1); continue; }
        if (target[i] <= 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
        known *= static_cast<std::size_t>(target[i]);
        out.push_back(static_cast<std::size_t>(target[i]));
    }
    const std::size_t n = in.elements();
    if (unknown > 1) return shape_result::fail(shape_errc::size_mismatch, known, n);
    if (unknown == 1) {
        if (known == 0 || n % known != 0) return shape_result::fail(shape_errc::not_divisible, known, n);
        out.set(unknown_at, n / known);
        return {out};
    }
    if (known != n) return shape_result::fail(shape_errc::size_mismatch, known, n);
    return {out};
}

/// The config of `Reshape` (Keras: the fields of its `get_config()`).
struct reshape_config : base_config {
    std::vector<std::int64_t> target_shape;  ///< per sample; one entry may be -1
};

/// Keras `Reshape`: the data is unchanged, only the per-sample shape.
class Reshape : public basic_layer<Reshape, reshape_config> {
public:
    static constexpr std::string_view class_name = "Reshape";
    static constexpr std::string_view default_name = "reshape";
    explicit Reshape(config_type cfg);

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(reshape_output_shape(in, cfg_.target_shape.data(), cfg_.target_shape.size()),
                           who(), in);
    }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const call_context&) const;

    [[nodiscard]] json get_config() const;
    [[nodiscard]] static config_type config_from_json(const json& j);
    [[nodiscard]] static Reshape from_config(const json& j);

private:
};

} // namespace scion::layers
