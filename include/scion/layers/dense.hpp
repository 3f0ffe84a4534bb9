// scion/layers/dense.hpp — Dense: y = activation(x · kernel + bias) on the last axis.
#pragma once

#include <scion/core/activations.hpp>
#include <scion/detail/gemm.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>

namespace scion::layers {

/// Dense's shape rule (shared by both paths): the last axis becomes `units`.
[[nodiscard]] constexpr shape_result dense_output_shape(const Shape& in, std::size_t units) noexcept {
    if (in.rank() < 1) return shape_result::fail(shape_errc::rank_too_small, 1, in.rank());
    if (units == 0 || in.back() == 0) return shape_result::fail(shape_errc::zero_dimension, 1, 0);
    return {in.with_back(units)};
}
/// Dense's parameter count for a given input shape.
[[nodiscard]] constexpr std::size_t dense_param_count(const Shape& in, std::size_t units, bool use_bias) noexcept {
    return in.back() * units + (use_bias ? units : 0);
}

/// The config of `Dense` (Keras: the fields of its `get_config()`).
struct dense_config : base_config {
    std::size_t units = 0;
    scion::activation_id activation = scion::activation_id::linear;
    bool use_bias = true;
    Initializer kernel_initializer = Initializer::glorot_uniform();
    Initializer bias_initializer = Initializer::zeros();
};

/// A densely connected layer (Keras `Dense`). Weights, in Keras order: kernel (in, units), bias
/// (units).
class Dense : public basic_layer<Dense, dense_config> {
public:
    static constexpr std::string_view class_name = "Dense";
    static constexpr std::string_view default_name = "dense";

    explicit Dense(config_type cfg) : basic_layer(std::move(cfg)) {
        if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
    }


    [[nodiscard]] Shape compute_output_shape(const Shape& in) const {
        return check_shape(dense_output_shape(in, cfg_.units), who(), in);
    }

    /// Allocates and initialises the weights for per-sample input shape `in`.
    void build(const Shape& in, seed s, std::string_view scope = {}) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
        mark_built(in, out);
    }
    /// Keeps the weights for a new input shape with the same last axis; throws clone_error otherwise.
    void rebind(const Shape& in) {
        const Shape out = compute_output_shape(in);
        const auto defs = weight_defs(in);
        rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
    }



    /// y = activation(x · kernel + bias); x is (batch, ..., in), y is (batch, ..., units).
    void forward(ConstTensorView x, TensorView y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const {
        const auto in = static_cast<Eigen::Index>(input_shape_.back());
        const auto units = static_cast<Eigen::Index>(cfg_.units);
        const auto rows = static_cast<Eigen::Index>(x.size()) / in;
        ConstMatrixMap X(x.data, rows, in);
        MatrixMap Y(y.data, rows, units);
        scion::detail::gemm(Y, X, ConstMatrixMap(weights_[0].data(), in, units));
        if (cfg_.use_bias) Y.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(weights_[1].data(), units);
        apply_activation(cfg_.activation, RowBlock(Y));
    }

    /// "kernel", "bias" (without a bias: "kernel").
    [[nodiscard]] std::vector<std::string> weight_names() const {
        if (cfg_.use_bias) return {"kernel", "bias"};
        return {"kernel"};
    }

    [[nodiscard]] json get_config() const {
        json j = detail::write_base(cfg_);
        j["units"] = cfg_.units;
        j["activation"] = std::string(to_string(cfg_.activation));
        j["use_bias"] = cfg_.use_bias;
        j["kernel_initializer"] = cfg_.kernel_initializer.to_json();
        j["bias_initializer"] = cfg_.bias_initializer.to_json();
        for (const char* k : {"kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                              "bias_constraint"})
            j[k] = nullptr;
        return j;
    }

    [[nodiscard]] static config_type config_from_json(const json& j) {
        const std::string w = "Dense config";
        config_type c;
        detail::read_base(c, j, w);
        c.units = scion::detail::get_field<std::size_t>(j, "units", w);
        c.activation = activation_from_string(scion::detail::get_field_or<std::string>(j, "activation", "linear", w));
        c.use_bias = scion::detail::get_field_or<bool>(j, "use_bias", true, w);
        if (j.contains("kernel_initializer"))
            c.kernel_initializer = Initializer::from_json(j["kernel_initializer"], w + " kernel_initializer");
        if (j.contains("bias_initializer"))
            c.bias_initializer = Initializer::from_json(j["bias_initializer"], w + " bias_initializer");
        for (const char* k : {"kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                              "bias_constraint"})
            scion::detail::require_null(j, k, w);
        return c;
    }
    [[nodiscard]] static Dense from_config(const json& j) { return Dense(config_from_json(j)); }

private:
    [[nodiscard]] std::array<weight_def, 2> weight_defs(const Shape& in) const {
        return {{{"kernel", Shape{in.back(), cfg_.units}, &cfg_.kernel_initializer},
                 {"bias", Shape{cfg_.units}, &cfg_.bias_initializer}}};
    }
};

} // namespace scion::layers
