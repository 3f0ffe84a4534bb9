// bench/foundation.cpp — scion's foundation benchmarks (predict, predict_into, clone) against same-run baselines.
//
// Every scion figure is compared with a baseline measured in the same process, so the summary
// printed at the end is a set of ratios, never absolute targets:
//
//   BM_predict_scion/B       m.predict(x)                (allocates its result and scratch)
//   BM_predict_eigen/B       the same math hand-written in Eigen, allocating temporaries
//   BM_predict_into_scion/B  m.predict_into(x, y, ws)    (caller-owned y and workspace)
//   BM_predict_into_eigen/B  hand-written Eigen into preallocated h and y (.noalias())
//   BM_clone_scion           scion::clone_model(m)       (fresh weights)
//   BM_fill_baseline         the fills a clone cannot avoid: the same RNG stream into freshly
//                            allocated vectors of the same sizes
//   BM_memcpy_weights        memcpy of the model's 23,361 weights between preallocated buffers:
//                            the memory-speed limit of making a model's weights
//
// for the seed model Sequential<Input<728>, Dense<32, relu>, Dense<1, sigmoid>> and batch
// B = 1 and 64. Heap allocations are counted during the timed loops (counters allocs_per_iter:
// operator new; mallocs_per_iter: every malloc-family call, which catches Eigen's own buffers
// too). The program exits non-zero if predict_into allocates after its warm-up call, or if a
// baseline does not compute what scion computes; missed ratio targets are only reported.
#include <scion/scion.hpp>

#include <benchmark/benchmark.h>

#include "recording_reporter.hpp"

#include "alloc_count.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

// What predict_into allocated after its warm-up call, per batch size, summed over every run
// (the iteration-count trials included): must stay 0. Updated after the timed loops only.
std::map<std::size_t, loop_allocs>& predict_into_allocs() {
    static std::map<std::size_t, loop_allocs> m;
    return m;
}
// The same for the Eigen baseline of predict_into, for context in the summary.
std::map<std::size_t, loop_allocs>& eigen_into_allocs() {
    static std::map<std::size_t, loop_allocs> m;
    return m;
}

// ---------------------------------------------------------------------------------------------
// The model, its inputs, and the Eigen baseline with the same weights
// ---------------------------------------------------------------------------------------------

using Seed = scion::Sequential<scion::Input<728>, scion::Dense<32, scion::act::relu>, scion::Dense<1, scion::act::sigmoid>>;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXf;

constexpr std::size_t in_dim = 728, hidden = 32, out_dim = 1;

const Seed& model() {
    static const Seed m{scion::seed{1}};
    return m;
}

// A (batch, 728) input with values uniform in [-1, 1), the same on every run.
const scion::Tensor& input(std::size_t batch) {
    static std::map<std::size_t, scion::Tensor> cache;
    auto [it, fresh] = cache.try_emplace(batch, scion::Shape{batch, in_dim});
    if (fresh) scion::random_stream(scion::seed{42}, "bench/x").uniform(it->second.values(), -1.0f, 1.0f);
    return it->second;
}
RowMatrix input_matrix(std::size_t batch) {
    const scion::Tensor& x = input(batch);
    return Eigen::Map<const RowMatrix>(x.data(), static_cast<Eigen::Index>(batch), static_cast<Eigen::Index>(in_dim));
}

// The seed model's weights as Eigen matrices (copied from m.get_weights()).
struct eigen_weights {
    RowMatrix W1, W2;
    RowVector b1, b2;
};
const eigen_weights& weights() {
    static const eigen_weights w = [] {
        const std::vector<scion::Tensor> t = model().get_weights();  // kernel, bias, kernel, bias
        if (t.size() != 4 || t[0].shape() != scion::Shape{in_dim, hidden} || t[1].shape() != scion::Shape{hidden} ||
            t[2].shape() != scion::Shape{hidden, out_dim} || t[3].shape() != scion::Shape{out_dim}) {
            std::fprintf(stderr, "bench_foundation: unexpected weight shapes from get_weights()\n");
            std::abort();
        }
        eigen_weights e;
        e.W1 = Eigen::Map<const RowMatrix>(t[0].data(), in_dim, hidden);
        e.b1 = Eigen::Map<const RowVector>(t[1].data(), hidden);
        e.W2 = Eigen::Map<const RowMatrix>(t[2].data(), hidden, out_dim);
        e.b2 = Eigen::Map<const RowVector>(t[3].data(), out_dim);
        return e;
    }();
    return w;
}

// The baseline for predict: the model's math, allocating its temporaries and result.
RowMatrix eigen_predict(const RowMatrix& x, const eigen_weights& w) {
    RowMatrix h = (x * w.W1).rowwise() + w.b1;
    h = h.cwiseMax(0.0f);
    RowMatrix y = (h * w.W2).rowwise() + w.b2;
    y = (1.0f + (-y.array()).exp()).inverse().matrix();
    return y;
}

// The baseline for predict_into: the same math into preallocated h (batch, 32) and y (batch, 1).
void eigen_predict_into(const RowMatrix& x, const eigen_weights& w, RowMatrix& h, RowMatrix& y) {
    h.noalias() = x * w.W1;
    h.rowwise() += w.b1;
    h = h.cwiseMax(0.0f);
    y.noalias() = h * w.W2;
    y.rowwise() += w.b2;
    y.array() = (1.0f + (-y.array()).exp()).inverse();
}

// ---------------------------------------------------------------------------------------------
// What a clone must do at minimum: fill the kernels from the same streams, zero the biases
// ---------------------------------------------------------------------------------------------

// Glorot-uniform limit sqrt(6 / (fan_in + fan_out)), as scion's Initializer computes it.
float glorot_limit(std::size_t fan_in, std::size_t fan_out) {
    return static_cast<float>(std::sqrt(3.0 / std::max(1.0, (double(fan_in) + double(fan_out)) / 2.0)));
}

struct fresh_arrays {
    std::vector<float> k1, b1, k2, b2;
};
// Allocates the four weight arrays and fills them as a fresh Seed{s} is filled: kernels from
// the streams "<layer>/kernel" of `s`, biases zero.
fresh_arrays fill_fresh(scion::seed s) {
    fresh_arrays a{std::vector<float>(in_dim * hidden), std::vector<float>(hidden), std::vector<float>(hidden * out_dim),
                   std::vector<float>(out_dim)};
    scion::random_stream(s, "dense/kernel").uniform(a.k1, -glorot_limit(in_dim, hidden), glorot_limit(in_dim, hidden));
    scion::random_stream(s, "dense_1/kernel").uniform(a.k2, -glorot_limit(hidden, out_dim), glorot_limit(hidden, out_dim));
    return a;  // the biases are zero already (value-initialised)
}

// ---------------------------------------------------------------------------------------------
// Checks made once, before any timing: the baselines compute what scion computes
// ---------------------------------------------------------------------------------------------

bool check_baselines() {
    bool ok = true;
    for (const std::size_t batch : {std::size_t{1}, std::size_t{64}}) {
        const scion::Tensor ys = model().predict(input(batch));
        const RowMatrix ye = eigen_predict(input_matrix(batch), weights());
        RowMatrix h(static_cast<Eigen::Index>(batch), hidden), yi(static_cast<Eigen::Index>(batch), out_dim);
        eigen_predict_into(input_matrix(batch), weights(), h, yi);
        float diff = 0.0f;
        for (std::size_t i = 0; i < batch; ++i) {
            diff = std::max(diff, std::fabs(ys[i] - ye(static_cast<Eigen::Index>(i), 0)));
            diff = std::max(diff, std::fabs(ys[i] - yi(static_cast<Eigen::Index>(i), 0)));
        }
        if (ys.shape() != scion::Shape{batch, out_dim} || !(diff <= 1e-5f)) {
            std::fprintf(stderr, "bench_foundation: the Eigen baseline differs from m.predict(x) at batch %zu (max |diff| %g)\n",
                         batch, static_cast<double>(diff));
            ok = false;
        }
    }
    // The fill baseline draws exactly the clone's kernels (and its zero biases).
    const scion::seed s{12345};
    const auto clone = scion::clone_model(model(), scion::keep_inputs, scion::fresh_weights{s});
    const std::vector<scion::Tensor> w = clone.get_weights();
    const fresh_arrays a = fill_fresh(s);
    const std::vector<float>* expected[] = {&a.k1, &a.b1, &a.k2, &a.b2};
    for (std::size_t i = 0; i < 4; ++i)
        if (w.size() != 4 || !std::equal(w[i].values().begin(), w[i].values().end(), expected[i]->begin(),
                                         expected[i]->end())) {
            std::fprintf(stderr, "bench_foundation: the fill baseline does not reproduce the clone's weight %zu\n", i);
            ok = false;
        }
    return ok;
}

// ---------------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------------

void BM_predict_scion(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const Seed& m = model();
    const scion::Tensor& x = input(batch);
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        scion::Tensor y = m.predict(x);
        benchmark::DoNotOptimize(y.data());
    }
    report_allocs(state, before);
}

void BM_predict_eigen(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const RowMatrix x = input_matrix(batch);
    const eigen_weights& w = weights();
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        RowMatrix y = eigen_predict(x, w);
        benchmark::DoNotOptimize(y.data());
    }
    report_allocs(state, before);
}

void BM_predict_into_scion(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const Seed& m = model();
    const scion::Tensor& x = input(batch);
    scion::Tensor y;
    scion::workspace ws;
    m.predict_into(x, y, ws);  // warm-up: sizes y and the workspace
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        m.predict_into(x, y, ws);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    const loop_allocs counted = report_allocs(state, before);  // first: the map below allocates
    add_allocs(predict_into_allocs()[batch], counted);
}

void BM_predict_into_eigen(benchmark::State& state) {
    const auto batch = static_cast<Eigen::Index>(state.range(0));
    const RowMatrix x = input_matrix(static_cast<std::size_t>(batch));
    const eigen_weights& w = weights();
    RowMatrix h(batch, static_cast<Eigen::Index>(hidden)), y(batch, static_cast<Eigen::Index>(out_dim));
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        eigen_predict_into(x, w, h, y);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    const loop_allocs counted = report_allocs(state, before);  // first: the map below allocates
    add_allocs(eigen_into_allocs()[static_cast<std::size_t>(batch)], counted);
}

void BM_clone_scion(benchmark::State& state) {
    const Seed& m = model();
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        auto c = scion::clone_model(m);  // fresh weights from the next seed of the global sequence
        benchmark::DoNotOptimize(c);
    }
    report_allocs(state, before);
}

void BM_fill_baseline(benchmark::State& state) {
    std::uint64_t s = 1;
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        fresh_arrays a = fill_fresh(scion::seed{s++});
        benchmark::DoNotOptimize(a);
    }
    report_allocs(state, before);
}

// The limit a fresh clone is measured against: the model's weights copied between two
// preallocated buffers (kernels and biases, 23,361 floats, 93 KB).
void BM_memcpy_weights(benchmark::State& state) {
    constexpr std::size_t n = in_dim * hidden + hidden + hidden * out_dim + out_dim;
    std::vector<float> from(n, 1.0f), to(n);
    for (auto _ : state) {
        benchmark::DoNotOptimize(from.data());
        std::memcpy(to.data(), from.data(), n * sizeof(float));
        benchmark::DoNotOptimize(to.data());
        benchmark::ClobberMemory();
    }
}

BENCHMARK(BM_predict_scion)->Arg(1)->Arg(64);
BENCHMARK(BM_predict_eigen)->Arg(1)->Arg(64);
BENCHMARK(BM_predict_into_scion)->Arg(1)->Arg(64);
BENCHMARK(BM_predict_into_eigen)->Arg(1)->Arg(64);
BENCHMARK(BM_clone_scion);
BENCHMARK(BM_fill_baseline);
BENCHMARK(BM_memcpy_weights);

// ---------------------------------------------------------------------------------------------
// Reporting: the console output, plus the real time of each benchmark for the summary
// ---------------------------------------------------------------------------------------------

using scion_bench::recording_reporter;

// Prints "ratio <label>: R (target <= T) met|MISSED", or n/a when a benchmark did not run.
void print_ratio(const recording_reporter& rep, const char* label, const std::string& num, const std::string& den,
                 double target) {
    const double a = rep.time(num), b = rep.time(den);
    if (a <= 0 || b <= 0) {
        std::printf("ratio %-38s n/a (%s or %s did not run)\n", label, num.c_str(), den.c_str());
        return;
    }
    const double r = a / b;
    std::printf("ratio %-38s %.2f (target <= %.2f) %s   [%s %.3g us / %s %.3g us]\n", label, r, target,
                r <= target ? "met" : "MISSED", num.c_str(), a * 1e6, den.c_str(), b * 1e6);
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

    if (!check_baselines()) return 1;

    recording_reporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                      : benchmark::ConsoleReporter::OO_None);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf("\n== summary (%s real time of this run; targets are informative) ==\n",
                reporter.used_medians() ? "median" : "single-run");
    print_ratio(reporter, "predict/eigen batch=1:", "BM_predict_scion/1", "BM_predict_eigen/1", 1.10);
    print_ratio(reporter, "predict_into/eigen_into batch=1:", "BM_predict_into_scion/1", "BM_predict_into_eigen/1", 1.10);
    print_ratio(reporter, "predict/eigen batch=64:", "BM_predict_scion/64", "BM_predict_eigen/64", 1.10);
    print_ratio(reporter, "predict_into/eigen_into batch=64:", "BM_predict_into_scion/64", "BM_predict_into_eigen/64",
                1.10);
    print_ratio(reporter, "clone/fill:", "BM_clone_scion", "BM_fill_baseline", 1.50);
    print_ratio(reporter, "clone/memcpy:", "BM_clone_scion", "BM_memcpy_weights", 5.00);

    // predict_into must not allocate once y and the workspace are sized: neither through
    // operator new nor through malloc (which Eigen uses for its own buffers).
    bool allocates = false;
    if (predict_into_allocs().empty())
        std::printf("predict_into allocations per call after warm-up: n/a (BM_predict_into_scion did not run)\n");
    for (const auto& entry : predict_into_allocs()) {
        const std::size_t batch = entry.first;
        const loop_allocs& a = entry.second;
        const auto per_call = [&](std::uint64_t n) { return static_cast<double>(n) / static_cast<double>(a.calls); };
        std::printf("predict_into allocations per call after warm-up batch=%zu: %.3g (target 0) %s   "
                    "[operator new: %llu in %llu calls]\n",
                    batch, per_call(a.news), a.news == 0 ? "met" : "MISSED", static_cast<unsigned long long>(a.news),
                    static_cast<unsigned long long>(a.calls));
        if (SCION_BENCH_COUNTS_MALLOC) {
            std::printf("predict_into malloc-family calls per call after warm-up batch=%zu: %.3g (target 0) %s   "
                        "[malloc, incl. Eigen's internal buffers: %llu in %llu calls",
                        batch, per_call(a.mallocs), a.mallocs == 0 ? "met" : "MISSED",
                        static_cast<unsigned long long>(a.mallocs), static_cast<unsigned long long>(a.calls));
            if (const auto e = eigen_into_allocs().find(batch); e != eigen_into_allocs().end() && e->second.calls)
                std::printf("; Eigen baseline: %.3g per call",
                            static_cast<double>(e->second.mallocs) / static_cast<double>(e->second.calls));
            std::printf("]\n");
        }
        if (a.news != 0 || a.mallocs != 0) {
            allocates = true;
            std::fflush(stdout);
            std::fprintf(stderr,
                         "bench_foundation: FAIL: predict_into at batch %zu allocated after its warm-up call: %.3g "
                         "operator new and %.3g malloc-family calls per call%s\n",
                         batch, per_call(a.news), per_call(a.mallocs),
                         a.news == 0 ? " (malloc only: an allocation inside Eigen, e.g. a GEMM packing buffer "
                                       "larger than EIGEN_STACK_ALLOCATION_LIMIT)"
                                     : "");
        }
    }
    if (allocates) return 1;
    return 0;
}
