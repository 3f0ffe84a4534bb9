// scion/core/json.hpp — the JSON type of Keras configs, and checked field access.
#pragma once

#include <scion/core/error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace scion {

/// Keras configs are JSON objects (nlohmann::json, ordered as written).
using json = nlohmann::ordered_json;

namespace detail {

/// Reads `field` of `cfg` as T; throws config_error naming `who` and the field if it is missing
/// or of the wrong type.
template <class T>
[[nodiscard]] T get_field(const json& cfg, std::string_view field, std::string_view who) {
    const auto it = cfg.find(field);
    if (it == cfg.end())
        throw config_error(std::string(who) + ": config has no field '" + std::string(field) + "'");
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        // nlohmann converts -1 to a huge unsigned value and 1e30 to an integer silently (or
        // with undefined behaviour): an integer field must hold an integer in T's range.
        const bool in_range =
            it->is_number_unsigned() ? it->template get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<T>::max())
            : it->is_number_integer()
                ? it->template get<std::int64_t>() >= std::int64_t(std::numeric_limits<T>::min()) &&
                      (it->template get<std::int64_t>() < 0 ||
                       std::uint64_t(it->template get<std::int64_t>()) <= std::uint64_t(std::numeric_limits<T>::max()))
                : false;
        if (!in_range)
            throw config_error(std::string(who) + ": field '" + std::string(field) + "' must be an integer" +
                               (std::is_unsigned_v<T> ? " >= 0" : "") + ", got " + it->dump());
    }
    try {
        return it->template get<T>();
    } catch (const nlohmann::json::exception& e) {
        throw config_error(std::string(who) + ": field '" + std::string(field) + "' has the wrong type (" +
                           e.what() + ")");
    }
}

/// Reads `field` of `cfg` as T, or `fallback` if it is missing or null.
template <class T>
[[nodiscard]] T get_field_or(const json& cfg, std::string_view field, T fallback, std::string_view who) {
    const auto it = cfg.find(field);
    if (it == cfg.end() || it->is_null()) return fallback;
    return get_field<T>(cfg, field, who);
}

/// Rejects an option scion does not implement (a regularizer, a constraint, ...): it must be
/// absent or null, otherwise a config_error names the layer and the field.
void require_null(const json& cfg, std::string_view field, std::string_view who);

/// Checks that `cfg` is a JSON object before fields are read from it.
void require_object(const json& cfg, std::string_view who);

} // namespace detail
} // namespace scion
