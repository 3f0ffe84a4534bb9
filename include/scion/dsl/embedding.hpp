// scion/dsl/embedding.hpp — Embedding (being written).
#pragma once
