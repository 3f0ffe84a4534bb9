// tests/runtime/threads_check.hpp — many threads, one model: the check that test_sequential
// (static path) and test_dynamic (dynamic path) run on one `const` model. Engine types only.
#pragma once

#include <scion/core/tensor.hpp>

#include <cstddef>
#include <cstring>
#include <latch>
#include <thread>
#include <vector>

namespace scion::test_threads {

/// The same bits: equal shapes and equal bytes (so a NaN equals only the same NaN).
inline bool same_bits(const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
inline bool same_bits(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same_bits(a[i], b[i])) return false;
    return true;
}

/// Runs `run(i, k)` — the model's outputs for input set `i`, by call form `k` (the caller picks
/// what `k` means: predict, predict_into with a workspace of the thread's, ...) — from `threads`
/// threads released at once, each making `calls` calls on the input sets (t + k) mod n, and
/// returns how many results differ in any bit from `expected[i]`, the outputs one thread
/// computed before (a call that throws counts as differing). `run` must be callable from
/// several threads at once: it may only read what the threads share.
template <class Run>
std::size_t results_differing_across_threads(const Run& run, const std::vector<std::vector<Tensor>>& expected,
                                             std::size_t threads = 8, std::size_t calls = 6) {
    const std::size_t n = expected.size();
    std::vector<std::vector<std::vector<Tensor>>> got(threads, std::vector<std::vector<Tensor>>(calls));
    std::latch start(static_cast<std::ptrdiff_t>(threads));
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                start.arrive_and_wait();  // every thread calls into the model at the same moment
                for (std::size_t k = 0; k < calls; ++k) {
                    try {
                        got[t][k] = run((t + k) % n, k);
                    } catch (...) {  // left empty: counted as differing
                    }
                }
            });
    }  // joined
    std::size_t differing = 0;
    for (std::size_t t = 0; t < threads; ++t)
        for (std::size_t k = 0; k < calls; ++k) differing += same_bits(got[t][k], expected[(t + k) % n]) ? 0 : 1;
    return differing;
}

} // namespace scion::test_threads
