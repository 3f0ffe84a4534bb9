// scion/layers/gru.hpp — GRU (being written).
#pragma once
