// scion/dsl/noise.hpp — SpatialDropout1D/2D, GaussianNoise (being written).
#pragma once
