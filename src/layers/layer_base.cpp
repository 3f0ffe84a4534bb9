// src/layers/layer_base.cpp — weight storage, the common config fields and the shared checks of engine layers.
#include <scion/layers/layer_base.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace scion::layers {

namespace detail {

void read_base(base_config& c, const json& j, std::string_view who) {
    scion::detail::require_object(j, who);
    c.name = scion::detail::get_field_or<std::string>(j, "name", "", who);
    c.trainable = scion::detail::get_field_or<bool>(j, "trainable", true, who);
    if (const auto it = j.find("dtype"); it != j.end() && it->is_string() && *it != "float32")
        throw config_error(std::string(who) + ": unsupported dtype '" + it->get<std::string>() +
                           "' (scion computes in float32)");
}

json write_base(const base_config& c) {
    return json{{"name", c.name}, {"trainable", c.trainable}, {"dtype", "float32"}};
}

std::string who(std::string_view class_name, std::string_view name) {
    return std::string(class_name) + " layer '" + std::string(name) + "'";
}

} // namespace detail

std::size_t weight_store::count_params() const noexcept {
    std::size_t n = 0;
    for (const auto& w : weights_) n += w.size();
    return n;
}

void weight_store::allocate(std::span<const weight_def> defs, seed s, std::string_view path) {
    // A config asking for more than memory holds (a file's "filters": 1e12) is refused
    // before anything is allocated.
    constexpr std::uint64_t limit = std::uint64_t{1} << 32;
    std::uint64_t total = 0;
    for (const auto& d : defs) {
        std::uint64_t n = 1;
        for (std::size_t k = 0; k < d.shape.rank(); ++k)
            n = d.shape[k] != 0 && n > limit / d.shape[k] ? limit + 1 : n * d.shape[k];
        total = total > limit - std::min(n, limit) ? limit + 1 : total + n;
    }
    if (total > limit)
        throw config_error("layer '" + std::string(path) + "': its weights would hold more than " +
                           std::to_string(limit) + " values");
    weights_.clear();
    weights_.reserve(defs.size());
    for (const auto& d : defs) {
        Tensor t(d.shape, scion::detail::uninitialized);  // every initializer writes every value
        const std::string id = std::string(path) + "/" + std::string(d.name);
        if (const auto own = d.init->get_seed()) d.init->fill(t.values(), d.shape, random_stream(seed{*own}, ""));
        else d.init->fill(t.values(), d.shape, random_stream(s, id));
        weights_.push_back(std::move(t));
    }
}

void weight_store::assign(std::span<const Tensor> given, std::string_view who_) {
    if (!built_) throw weights_error(std::string(who_) + ": set_weights on a layer that is not built");
    if (given.size() != weights_.size())
        throw weights_error(std::string(who_) + ": expected " + std::to_string(weights_.size()) +
                            " weight arrays, got " + std::to_string(given.size()));
    for (std::size_t i = 0; i < given.size(); ++i)
        if (given[i].shape() != weights_[i].shape())
            throw weights_error(std::string(who_) + ": weight " + std::to_string(i) + " has shape " +
                                weights_[i].shape().to_string() + ", got " + given[i].shape().to_string());
    for (std::size_t i = 0; i < given.size(); ++i) weights_[i] = given[i];
}

void weight_store::rebind_weights(const Shape& in, const Shape& out, std::span<const weight_def> defs,
                                  std::string_view who_) {
    if (!built_) throw clone_error(std::string(who_) + ": rebind on a layer that is not built");
    bool same = defs.size() == weights_.size();
    for (std::size_t i = 0; same && i < defs.size(); ++i) same = defs[i].shape == weights_[i].shape();
    if (!same)
        throw clone_error(std::string(who_) + ": its weights were built for input " + input_shape_.to_batch_string() +
                          " and do not fit input " + in.to_batch_string());
    mark_built(in, out);
}

void copy_through(const ConstTensorView& x, const TensorView& y) {
    if (x.data != y.data) std::copy(x.data, x.data + x.size(), y.data);
}

Shape check_shape(const shape_result& r, std::string_view who_, const Shape& in) {
    if (!r.ok())
        throw shape_error(std::string(who_) + ": cannot be applied to input shape " + in.to_batch_string() + ": " +
                          r.describe());
    return r.shape;
}

} // namespace scion::layers
