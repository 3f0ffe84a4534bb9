// scion/dsl/reshaping.hpp — ZeroPadding2D, Cropping2D, UpSampling2D, RepeatVector, Permute (being written).
#pragma once
