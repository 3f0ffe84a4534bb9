// scion/dynamic.hpp — the runtime fallback, whole: models built at run time or read from Keras
// JSON, over the same engine layers as the static path. Includes nothing of the static path.
#pragma once

#include <scion/dynamic/clone.hpp>
#include <scion/dynamic/io.hpp>
#include <scion/dynamic/json.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>
