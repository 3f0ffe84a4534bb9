// scion/dsl/conv.hpp — Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose (being written).
#pragma once
