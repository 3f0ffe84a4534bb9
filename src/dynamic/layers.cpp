// src/dynamic/layers.cpp — register_layer, is_registered and layer_from_config (the built-in
// layers' factories are in src/dynamic/layers/, one file per family).
#include <scion/dynamic/layers.hpp>

namespace scion::dynamic {

void register_layer(std::string class_name, layer_factory f) {
    detail::registry::instance().add(std::move(class_name), std::move(f));
}

bool is_registered(std::string_view class_name) {
    return detail::registry::instance().find(class_name).has_value();
}

Layer layer_from_config(std::string_view class_name, const json& config) {
    const auto f = detail::registry::instance().find(class_name);
    if (!f)
        throw config_error("unknown layer class '" + std::string(class_name) +
                           "': register it with scion::dynamic::register_layer<YourLayer>(\"" +
                           std::string(class_name) + "\")");
    return (*f)(config);
}

} // namespace scion::dynamic
