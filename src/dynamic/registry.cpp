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
    add_builtin<layers::Dense>();
    add_builtin<layers::Activation>();
    add_builtin<layers::Dropout>();
    add_builtin<layers::Flatten>();
    add_builtin<layers::Reshape>();
    add_builtin<layers::Add>();
    add_builtin<layers::Subtract>();
    add_builtin<layers::Multiply>();
    add_builtin<layers::Average>();
    add_builtin<layers::Maximum>();
    add_builtin<layers::Minimum>();
    add_builtin<layers::Concatenate>();
    register_recurrent_layers(*this);
    register_conv_layers(*this);
    register_spatial_layers(*this);
    register_misc_layers(*this);
}
} // namespace scion::dynamic::detail
