// tests/fail/scion_pch.hpp — precompiled once per build (tests/meson.build: fail_pch) and given
// to every compile-fail test with -include, so that each of their compiles parses the library's
// headers from the precompiled form (about 1.5 s instead of 4.5 s with g++). The tests' own
// `#include <scion/scion.hpp>` then includes nothing more (#pragma once).
#include <scion/scion.hpp>
