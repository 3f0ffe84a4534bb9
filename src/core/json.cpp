// src/core/json.cpp — checked access to Keras JSON configs (the non-template checks).
#include <scion/core/json.hpp>

#include <string>

namespace scion::detail {

void require_null(const json& cfg, std::string_view field, std::string_view who) {
    const auto it = cfg.find(field);
    if (it != cfg.end() && !it->is_null())
        throw config_error(std::string(who) + ": unsupported option '" + std::string(field) + "' = " + it->dump());
}

void require_object(const json& cfg, std::string_view who) {
    if (!cfg.is_object()) throw config_error(std::string(who) + ": config must be a JSON object, got " + cfg.dump());
}

} // namespace scion::detail
