// examples/check.hpp — SCION_CHECK: examples assert what they show, and fail loudly if not.
#pragma once

#include <cstdio>
#include <cstdlib>

#define SCION_CHECK(cond)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::exit(1);                                                                  \
        }                                                                                  \
    } while (0)
