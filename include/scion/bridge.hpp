// scion/bridge.hpp — the bridges between static and dynamic models: to_dynamic and model_cast.
#pragma once

#include <scion/bridge/model_cast.hpp>
#include <scion/bridge/to_dynamic.hpp>
