// scion/dynamic/layers/conv.hpp — the dynamic path's Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose.
#pragma once

#include <scion/dynamic/registry.hpp>

namespace scion::dynamic {

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
inline void register_conv_layers(registry&) {}
} // namespace detail

} // namespace scion::dynamic
