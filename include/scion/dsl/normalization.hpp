// scion/dsl/normalization.hpp — BatchNormalization, LayerNormalization (being written).
#pragma once
