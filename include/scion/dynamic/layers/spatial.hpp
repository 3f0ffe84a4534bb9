// scion/dynamic/layers/spatial.hpp — the dynamic path's pooling, global pooling, ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute.
#pragma once

#include <scion/dynamic/registry.hpp>

namespace scion::dynamic {

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
inline void register_spatial_layers(registry&) {}
} // namespace detail

} // namespace scion::dynamic
