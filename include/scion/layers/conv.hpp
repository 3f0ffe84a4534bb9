// scion/layers/conv.hpp — the convolutions (channels_last), the engine's conv family: Conv1D,
// Conv2D, DepthwiseConv2D, SeparableConv2D and Conv2DTranspose, their shape rules and Keras
// configs. Each part has its header; this one includes them all:
//   conv_common.hpp     padding modes, per-axis geometry, Keras JSON helpers, shared checks and math
//   conv_standard.hpp   Conv1D, Conv2D (layers::Conv<R>)
//   conv_depthwise.hpp  DepthwiseConv2D, SeparableConv2D (a depthwise then a pointwise convolution)
//   conv_transpose.hpp  Conv2DTranspose
#pragma once

#include <scion/layers/conv_common.hpp>
#include <scion/layers/conv_depthwise.hpp>
#include <scion/layers/conv_standard.hpp>
#include <scion/layers/conv_transpose.hpp>
