// scion/dsl/gru.hpp — GRU (being written).
#pragma once
