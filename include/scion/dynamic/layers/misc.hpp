// scion/dynamic/layers/misc.hpp — the dynamic path's normalization, Embedding, advanced activations, noise layers.
#pragma once

#include <scion/dynamic/registry.hpp>

namespace scion::dynamic {

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
inline void register_misc_layers(registry&) {}
} // namespace detail

} // namespace scion::dynamic
