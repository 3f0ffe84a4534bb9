// bench/alloc_count.hpp — counts heap allocations in a benchmark program: the global operator
// new/delete (every form) replaced by tests/runtime/counting_new.hpp, and, on glibc, the malloc
// family interposed.
//
// Include it in exactly one translation unit of a program (it defines the replaceable global
// allocation functions). It provides:
//
//   current_counts()              the counts so far (operator new calls, malloc-family calls)
//   report_allocs(state, before)  sets the counters allocs_per_iter (operator new) and, where
//                                 malloc is counted, mallocs_per_iter (every malloc-family call,
//                                 Eigen's own buffers included) of a finished timed loop
//   add_allocs(total, l)          sums the counts of several loops
//   SCION_BENCH_COUNTS_MALLOC     1 where the malloc family is counted (glibc, no ASan), else 0
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

// Every global operator new counts itself in g_news: the tests' replacement, shared.
#include "../tests/runtime/counting_new.hpp"

namespace {
std::atomic<std::uint64_t> g_mallocs{0}; // calls of malloc, calloc, realloc, aligned allocs

struct alloc_counts {
    std::uint64_t news = 0, mallocs = 0;
};
// The counts so far. The compiler barriers keep the reads where they are written: compilers
// may assume that allocation functions touch no memory of ours, and would otherwise move the
// reads across the allocations they are meant to bracket.
inline alloc_counts current_counts() noexcept {
    benchmark::ClobberMemory();
    const alloc_counts c{g_news.load(std::memory_order_seq_cst), g_mallocs.load(std::memory_order_seq_cst)};
    benchmark::ClobberMemory();
    return c;
}
} // namespace

// Eigen takes its heap buffers from std::malloc, not operator new. On glibc, a definition of
// malloc in the executable interposes the C library's, so we count those calls as well and
// forward them to glibc's allocator (free needs no wrapper: the memory is glibc's).
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
#define SCION_BENCH_COUNTS_MALLOC 1
extern "C" {
void* __libc_malloc(std::size_t) noexcept;
void* __libc_calloc(std::size_t, std::size_t) noexcept;
void* __libc_realloc(void*, std::size_t) noexcept;
void* __libc_memalign(std::size_t, std::size_t) noexcept;

void* malloc(std::size_t n) noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(n);
}
void* calloc(std::size_t k, std::size_t n) noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(k, n);
}
void* realloc(void* p, std::size_t n) noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, n);
}
void* aligned_alloc(std::size_t a, std::size_t n) noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(a, n);
}
int posix_memalign(void** out, std::size_t a, std::size_t n) noexcept {
    g_mallocs.fetch_add(1, std::memory_order_relaxed);
    if (a < sizeof(void*) || (a & (a - 1)) != 0) return 22;  // EINVAL
    void* p = __libc_memalign(a, n);
    if (!p) return 12;  // ENOMEM
    *out = p;
    return 0;
}
} // extern "C"
#else
#define SCION_BENCH_COUNTS_MALLOC 0
#endif

namespace {

// Allocations counted in a finished timed loop.
struct loop_allocs {
    std::uint64_t news = 0, mallocs = 0, calls = 0;
};

// Sets the allocation counters of a finished timed loop that started at `before`, and returns
// what it counted.
inline loop_allocs report_allocs(benchmark::State& state, const alloc_counts& before) {
    const alloc_counts after = current_counts();
    const loop_allocs l{after.news - before.news, after.mallocs - before.mallocs,
                        static_cast<std::uint64_t>(state.iterations())};
    state.counters["allocs_per_iter"] =
        benchmark::Counter(static_cast<double>(l.news), benchmark::Counter::kAvgIterations);
    if (SCION_BENCH_COUNTS_MALLOC)
        state.counters["mallocs_per_iter"] =
            benchmark::Counter(static_cast<double>(l.mallocs), benchmark::Counter::kAvgIterations);
    return l;
}

// Adds the counts of one timed loop to a running total.
inline void add_allocs(loop_allocs& total, const loop_allocs& l) {
    total.news += l.news;
    total.mallocs += l.mallocs;
    total.calls += l.calls;
}

} // namespace
