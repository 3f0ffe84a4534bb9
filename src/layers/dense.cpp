// src/layers/dense.cpp — Dense: construction, build, forward math and Keras config.
#include <scion/layers/dense.hpp>

#include <array>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace scion::layers {

Dense::Dense(config_type cfg) : basic_layer(std::move(cfg)) {
    if (cfg_.units == 0) throw config_error(who() + ": units must be positive");
}

void Dense::build(const Shape& in, seed s, std::string_view scope) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    allocate(std::span(defs.data(), cfg_.use_bias ? 2 : 1), s, std::string(scope) + cfg_.name);
    mark_built(in, out);
}

void Dense::rebind(const Shape& in) {
    const Shape out = compute_output_shape(in);
    const auto defs = weight_defs(in);
    rebind_weights(in, out, std::span(defs.data(), cfg_.use_bias ? 2 : 1), who());
}

void Dense::forward(const ConstTensorView& x, const TensorView& y, std::span<float> /*scratch*/, const call_context& /*ctx*/) const {
    const auto in = static_cast<Eigen::Index>(input_shape_.back());
    const auto units = static_cast<Eigen::Index>(cfg_.units);
    const auto rows = static_cast<Eigen::Index>(x.size()) / in;
    ConstMatrixMap X(x.data, rows, in);
    MatrixMap Y(y.data, rows, units);
    const ConstMatrixMap W(weights_[0].data(), in, units);
    // With a bias, the product accumulates onto it (Eigen's y += x * w, which a matrix-vector
    // product does in one pass): no separate pass to zero y and none to add the bias.
    if (cfg_.use_bias) {
        Y.rowwise() = Eigen::Map<const Eigen::RowVectorXf>(weights_[1].data(), units);
        scion::detail::gemm(Y, X, W, /*accumulate=*/true);
    } else {
        scion::detail::gemm(Y, X, W);
    }
    apply_activation(cfg_.activation, RowBlock(Y));
}

std::vector<std::string> Dense::weight_names() const {
    if (cfg_.use_bias) return {"kernel", "bias"};
    return {"kernel"};
}

json Dense::get_config() const {
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

Dense::config_type Dense::config_from_json(const json& j) {
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

Dense Dense::from_config(const json& j) { return Dense(config_from_json(j)); }

std::array<Dense::weight_def, 2> Dense::weight_defs(const Shape& in) const {
    return {{{"kernel", Shape{in.back(), cfg_.units}, &cfg_.kernel_initializer},
             {"bias", Shape{cfg_.units}, &cfg_.bias_initializer}}};
}

} // namespace scion::layers
