// scion/layers/pooling.hpp — MaxPooling1D/2D, AveragePooling1D/2D, GlobalAverage/GlobalMaxPooling1D/2D (being written).
#pragma once
