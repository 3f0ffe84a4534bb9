// src/dynamic/registry.cpp — the registry of layer classes by Keras class name, with every built-in layer.
#include <scion/dynamic/registry.hpp>

#include <scion/dynamic/layers.hpp>

namespace scion::dynamic::detail {

registry& registry::instance() {
    static registry r;
    return r;
}

void registry::add(std::string class_name, layer_factory f) {
    const std::lock_guard lock(mutex_);
    factories_[std::move(class_name)] = std::move(f);
}

std::optional<layer_factory> registry::find(std::string_view class_name) const {
    const std::lock_guard lock(mutex_);
    const auto it = factories_.find(class_name);
    if (it == factories_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> registry::names() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::string> r;
    for (const auto& [k, v] : factories_) r.push_back(k);
    return r;
}

registry::registry() {
    register_core_layers(*this);
    register_merge_layers(*this);
    register_conv_layers(*this);
    register_pooling_layers(*this);
    register_reshaping_layers(*this);
    register_recurrent_layers(*this);
    register_normalization_layers(*this);
    register_embedding_layers(*this);
    register_advanced_activations_layers(*this);
    register_noise_layers(*this);
}
} // namespace scion::dynamic::detail
