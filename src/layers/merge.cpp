// src/layers/merge.cpp — the merge layers' engine code: shape checks, element-wise and concatenating forwards, configs.
#include <scion/layers/merge.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::layers {

namespace detail {

Shape check_merge_shape(const shape_result& r, std::string_view who_, std::span<const Shape> in) {
    if (!r.ok()) {
        std::string shapes = "[";
        for (std::size_t i = 0; i < in.size(); ++i) shapes += (i ? ", " : "") + in[i].to_batch_string();
        throw shape_error(std::string(who_) + ": cannot be applied to input shapes " + shapes + "]: " + r.describe());
    }
    return r.shape;
}

void elementwise_merge_forward(merge_op op, std::span<const ConstTensorView> xs, const TensorView& y) noexcept {
    if (xs.empty()) return;
    bool same = true;
    for (const auto& x : xs) same = same && x.shape == y.shape;
    if (same) {
        using array_map = Eigen::Map<Eigen::ArrayXf>;
        using const_array_map = Eigen::Map<const Eigen::ArrayXf>;
        const auto n = static_cast<Eigen::Index>(y.size());
        array_map Y(y.data, n);
        const auto X = [&](std::size_t i) { return const_array_map(xs[i].data, n); };
        if (xs.size() == 1) {
            Y = X(0);
        } else {
            switch (op) {
            case merge_op::add:
            case merge_op::average:
                Y = X(0) + X(1);
                for (std::size_t i = 2; i < xs.size(); ++i) Y += X(i);
                break;
            case merge_op::subtract:
                Y = X(0) - X(1);
                for (std::size_t i = 2; i < xs.size(); ++i) Y -= X(i);
                break;
            case merge_op::multiply:
                Y = X(0) * X(1);
                for (std::size_t i = 2; i < xs.size(); ++i) Y *= X(i);
                break;
            case merge_op::maximum:
                Y = X(0).max(X(1));
                for (std::size_t i = 2; i < xs.size(); ++i) Y = Y.max(X(i));
                break;
            case merge_op::minimum:
                Y = X(0).min(X(1));
                for (std::size_t i = 2; i < xs.size(); ++i) Y = Y.min(X(i));
                break;
            }
        }
        if (op == merge_op::average) Y *= 1.0f / static_cast<float>(xs.size());
        return;
    }
    broadcast_apply(xs[0], y, [](float& o, float v) { o = v; });
    for (std::size_t i = 1; i < xs.size(); ++i) {
        switch (op) {
        case merge_op::add:
        case merge_op::average: broadcast_apply(xs[i], y, [](float& o, float v) { o += v; }); break;
        case merge_op::subtract: broadcast_apply(xs[i], y, [](float& o, float v) { o -= v; }); break;
        case merge_op::multiply: broadcast_apply(xs[i], y, [](float& o, float v) { o *= v; }); break;
        case merge_op::maximum: broadcast_apply(xs[i], y, [](float& o, float v) { o = std::max(o, v); }); break;
        case merge_op::minimum: broadcast_apply(xs[i], y, [](float& o, float v) { o = std::min(o, v); }); break;
        }
    }
    if (op == merge_op::average) {
        const float scale = 1.0f / static_cast<float>(xs.size());
        for (std::size_t i = 0, n = y.size(); i < n; ++i) y.data[i] *= scale;
    }
}

} // namespace detail

// ---- merge_layer ------------------------------------------------------------------------------------

template <class Derived, class Config>
void merge_layer<Derived, Config>::build(std::span<const Shape> in, seed, std::string_view) {
    const Shape out = this->derived().compute_output_shape(in);
    this->mark_built(in.empty() ? Shape{} : in[0], out);
}

template <class Derived, class Config>
void merge_layer<Derived, Config>::set_weights(std::span<const Tensor> w) {
    if (!w.empty())
        throw weights_error(this->who() + ": expected 0 weight arrays, got " + std::to_string(w.size()));
}

template <class Derived, class Config>
json merge_layer<Derived, Config>::get_config() const { return detail::write_base(this->cfg_); }

// ---- elementwise_merge ------------------------------------------------------------------------------

template <class Derived>
Shape elementwise_merge<Derived>::compute_output_shape(std::span<const Shape> in) const {
    return detail::check_merge_shape(elementwise_merge_shape(in, Derived::min_inputs, Derived::max_inputs),
                                     this->who(), in);
}

template <class Derived>
void elementwise_merge<Derived>::forward(std::span<const ConstTensorView> xs, const TensorView& y,
                                         std::span<float> /*scratch*/, const call_context& /*ctx*/) const {
    detail::elementwise_merge_forward(Derived::op, xs, y);
}

template <class Derived>
merge_config elementwise_merge<Derived>::config_from_json(const json& j) {
    merge_config c;
    detail::read_base(c, j, std::string(Derived::class_name) + " config");
    return c;
}

// ---- Concatenate ------------------------------------------------------------------------------------

Shape Concatenate::compute_output_shape(std::span<const Shape> in) const {
    return detail::check_merge_shape(concatenate_output_shape(in, cfg_.axis), who(), in);
}

void Concatenate::forward(std::span<const ConstTensorView> xs, const TensorView& y, std::span<float> /*scratch*/,
                          const call_context& /*ctx*/) const {
    const std::size_t rank = y.shape.rank();
    if (rank == 0 || xs.empty()) return;
    const std::size_t axis =
        cfg_.axis < 0 ? static_cast<std::size_t>(static_cast<long long>(rank) + cfg_.axis)
                      : static_cast<std::size_t>(cfg_.axis);
    std::size_t outer = 1;
    for (std::size_t k = 0; k < axis && k < rank; ++k) outer *= y.shape[k];
    float* out = y.data;
    for (std::size_t o = 0; o < outer; ++o)
        for (const auto& x : xs) {
            const std::size_t block = outer == 0 ? 0 : x.size() / outer;
            const float* from = x.data + o * block;
            out = std::copy(from, from + block, out);
        }
}

json Concatenate::get_config() const {
    json j = detail::write_base(cfg_);
    j["axis"] = cfg_.axis;
    return j;
}

Concatenate::config_type Concatenate::config_from_json(const json& j) {
    const std::string w = "Concatenate config";
    config_type c;
    detail::read_base(c, j, w);
    c.axis = scion::detail::get_field_or<int>(j, "axis", -1, w);
    return c;
}

template class merge_layer<Add, merge_config>;
template class merge_layer<Subtract, merge_config>;
template class merge_layer<Multiply, merge_config>;
template class merge_layer<Average, merge_config>;
template class merge_layer<Maximum, merge_config>;
template class merge_layer<Minimum, merge_config>;
template class merge_layer<Concatenate, concatenate_config>;
template class elementwise_merge<Add>;
template class elementwise_merge<Subtract>;
template class elementwise_merge<Multiply>;
template class elementwise_merge<Average>;
template class elementwise_merge<Maximum>;
template class elementwise_merge<Minimum>;

} // namespace scion::layers
