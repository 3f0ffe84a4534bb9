// scion/layers/normalization.hpp — BatchNormalization, LayerNormalization (being written).
#pragma once
