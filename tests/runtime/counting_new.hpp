// tests/runtime/counting_new.hpp — replaces every global allocation function of the program so
// that each operator new counts itself in g_news: a test reads it before and after a call to
// show that the call allocates nothing (forward, predict_into). Memory comes from malloc (and
// aligned_alloc), so every delete is free. All the forms are replaced, array, aligned and
// nothrow ones included: a form left to the runtime would pair its allocation with our free,
// which AddressSanitizer reports (alloc-dealloc-mismatch) once libscion is a shared library.
// Not inlined, so that g++ does not pair an inlined free() with the operator new of a caller
// (-Wmismatched-new-delete). Include it in one translation unit per program (each runtime test
// program is one). The benchmarks count with it too (bench/alloc_count.hpp).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> g_news{0};

[[gnu::noinline]] void* counted_new(std::size_t n) {
    g_news.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* counted_new(std::size_t n, std::align_val_t al) {
    g_news.fetch_add(1, std::memory_order_relaxed);
    const auto a = static_cast<std::size_t>(al);
    // aligned_alloc wants a size that is a multiple of the alignment.
    if (void* p = std::aligned_alloc(a, (std::max<std::size_t>(n, 1) + a - 1) / a * a)) return p;
    throw std::bad_alloc();
}
} // namespace

[[gnu::noinline]] void* operator new(std::size_t n) { return counted_new(n); }
[[gnu::noinline]] void* operator new[](std::size_t n) { return counted_new(n); }
[[gnu::noinline]] void* operator new(std::size_t n, std::align_val_t a) { return counted_new(n, a); }
[[gnu::noinline]] void* operator new[](std::size_t n, std::align_val_t a) { return counted_new(n, a); }
[[gnu::noinline]] void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::noinline]] void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::noinline]] void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n, a);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::noinline]] void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
    try {
        return counted_new(n, a);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
