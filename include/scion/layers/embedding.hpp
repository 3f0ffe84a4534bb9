// scion/layers/embedding.hpp — Embedding (being written).
#pragma once
