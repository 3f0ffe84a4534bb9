// scion/bridge.hpp — the bridges between static and dynamic models: to_dynamic and model_cast, and the static models' model files.
#pragma once

#include <scion/bridge/files.hpp>
#include <scion/bridge/model_cast.hpp>
#include <scion/bridge/to_dynamic.hpp>
