// scion/dynamic/registry.hpp — the registry of layer classes by Keras class name (what Keras
// JSON is read through), and what the factories of every layer family share.
#pragma once

#include <scion/core/json.hpp>
#include <scion/dynamic/layer.hpp>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {


/// Makes a layer from its Keras config (the "config" object of a layer entry).
using layer_factory = std::function<Layer(const json& config)>;

namespace detail {

template <class L>
Layer make_from_config(const json& cfg) {
    if constexpr (requires { L::from_config(cfg); }) return Layer(L::from_config(cfg));
    else return Layer(L(L::config_from_json(cfg)));
}

class registry {
public:
    static registry& instance();
    void add(std::string class_name, layer_factory f);
    [[nodiscard]] std::optional<layer_factory> find(std::string_view class_name) const;
    [[nodiscard]] std::vector<std::string> names() const;

    /// Adds engine class `L` under its own class name.
    template <class L>
    void add_builtin() {
        factories_[std::string(L::class_name)] = &make_from_config<L>;
    }

private:
    registry();  // the built-in layers; defined in src/dynamic/registry.cpp, where every family is known
    mutable std::mutex mutex_;
    std::map<std::string, layer_factory, std::less<>> factories_;
};

} // namespace detail

/// The fields every option struct carries, copied into an engine config.
namespace detail {
template <class C, class O>
C base_of(const O& o) {
    C c;
    c.name = o.name;
    c.trainable = o.trainable;
    return c;
}
} // namespace detail


} // namespace scion::dynamic
