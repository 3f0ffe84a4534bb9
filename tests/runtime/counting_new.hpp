// tests/runtime/counting_new.hpp — replaces the program's global operator new so that every
// allocation counts itself in g_news: a test reads it before and after a call to show that the
// call allocates nothing (forward, predict_into). The array and nothrow forms forward to these.
// Not inlined, so that g++ does not pair an inlined free() with the operator new of a caller
// (-Wmismatched-new-delete). Include it in one translation unit per program (each runtime test
// program is one).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> g_news{0};
}
[[gnu::noinline]] void* operator new(std::size_t n) {
    g_news.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
