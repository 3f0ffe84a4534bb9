// bench/dynamic.cpp — the runtime fallback (scion::dynamic) against the static path and
// same-run baselines: predict of the seed model, and clone_model of a 100-layer model.
//
// Every dynamic figure is compared with a baseline measured in the same process, so the
// summary printed at the end is a set of ratios (medians when repetitions are run; each ratio
// of real times is followed by the ratio of CPU times, the steadier one on a shared machine):
//
//   BM_predict_static/B      m.predict(x), m the static seed model Sequential<Input<728>,
//                            Dense<32, relu>, Dense<1, sigmoid>>{seed{1}}
//   BM_predict_dynamic/B     d.predict(xs)[0], d its dynamic twin (same seed, same layers)
//   BM_clone_dynamic_fresh   scion::clone_model(c, {.seed = s}) of a dynamic Sequential of
//                            Input(32) and 100 x Dense(32, relu): fresh weights from seed s
//   BM_clone_static_fresh    scion::clone_model(sc, keep_inputs, fresh_weights{s}), sc the
//                            static twin of that model
//   BM_fill_baseline         the fills a fresh clone cannot avoid: the same 100 kernels drawn
//                            from the same streams into freshly allocated vectors, 100 zero biases
//   BM_clone_dynamic_copy    scion::clone_model(c, {.clone_function = dynamic::copy_weights})
//   BM_clone_static_copy     scion::clone_model(sc, keep_inputs, copy_weights{})
//   BM_copy_baseline         the copies a copying clone cannot avoid: the 200 weight arrays
//                            copied into freshly allocated vectors
//   BM_repeat_clone_fresh    10,000 fresh dynamic clones in a row, run once: the time per clone
//                            of the first 1000 against that of the last 1000 (clones 9000-9999)
//   BM_convbn_*/B            the rewrites for deployment (docs/clone.md): predict of a Conv + BN
//                            network (Input<28, 28, 1> -> Conv2D 32 3x3 -> BN -> ReLU -> Conv2D 64
//                            3x3 -> BN -> ReLU -> GlobalAveragePooling2D -> Dense 10, trained-looking
//                            statistics), static and dynamic, before (`original`) and after
//                            clone_model(m, deploy) (`deployed`: two Conv2D with relu, the pooling,
//                            the Dense), at B = 1 and 32
//
// B is 1 and 64 (the Conv + BN network: 1 and 32). Heap allocations are counted during the timed loops (alloc_count.hpp:
// allocs_per_iter, mallocs_per_iter). Before any timing the program checks that the two paths
// and the baselines compute the same numbers (identical weights and outputs, clones with the
// weights the baselines make); it exits with status 1 if a check fails. Missed ratio targets
// are only reported.
#include <scion/dynamic/clone.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/scion.hpp>

#include <benchmark/benchmark.h>

#include "recording_reporter.hpp"

#include "alloc_count.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <time.h>
#include <unistd.h>

namespace {

namespace dyn = scion::dynamic;

// ---------------------------------------------------------------------------------------------
// The seed model on both paths, and its inputs
// ---------------------------------------------------------------------------------------------

using Seed = scion::Sequential<scion::Input<728>, scion::Dense<32, scion::act::relu>, scion::Dense<1, scion::act::sigmoid>>;
constexpr std::size_t seed_in = 728;

const Seed& static_seed_model() {
    static const Seed m{scion::seed{1}};
    return m;
}
const dyn::Sequential& dynamic_seed_model() {
    static const dyn::Sequential d = [] {
        dyn::Sequential q("sequential", scion::seed{1});
        q.add(dyn::Input({seed_in}));
        q.add(dyn::Dense({.units = 32, .activation = "relu"}));
        q.add(dyn::Dense({.units = 1, .activation = "sigmoid"}));
        q.build();
        return q;
    }();
    return d;
}

// A (batch, 728) input with values uniform in [-1, 1), the same on every run (foundation.cpp's).
const scion::Tensor& input(std::size_t batch) {
    static std::map<std::size_t, scion::Tensor> cache;
    auto [it, fresh] = cache.try_emplace(batch, scion::Shape{batch, seed_in});
    if (fresh) scion::random_stream(scion::seed{42}, "bench/x").uniform(it->second.values(), -1.0f, 1.0f);
    return it->second;
}

// ---------------------------------------------------------------------------------------------
// The 100-layer model on both paths
// ---------------------------------------------------------------------------------------------

constexpr std::size_t depth = 100, width = 32;

template <std::size_t>
using chain_dense = scion::Dense<width, scion::act::relu>;
template <class Indices>
struct chain_of;
template <std::size_t... I>
struct chain_of<std::index_sequence<I...>> {
    using type = scion::Sequential<scion::Input<width>, chain_dense<I>...>;
};
/// Sequential<Input<32>, Dense<32, relu> x 100>: layers named dense, dense_1, ..., dense_99.
using Chain = chain_of<std::make_index_sequence<depth>>::type;

const Chain& static_chain() {
    static const Chain m{scion::seed{1}};
    return m;
}
const dyn::Sequential& dynamic_chain() {
    static const dyn::Sequential d = [] {
        dyn::Sequential q("sequential", scion::seed{1});
        q.add(dyn::Input({width}));
        for (std::size_t i = 0; i < depth; ++i) q.add(dyn::Dense({.units = width, .activation = "relu"}));
        q.build();
        return q;
    }();
    return d;
}

// Glorot-uniform limit sqrt(6 / (fan_in + fan_out)), as scion's Initializer computes it.
float glorot_limit(std::size_t fan_in, std::size_t fan_out) {
    return static_cast<float>(std::sqrt(3.0 / std::max(1.0, (double(fan_in) + double(fan_out)) / 2.0)));
}

// The streams the chain's kernels are drawn from: "dense/kernel", "dense_1/kernel", ...
const std::vector<std::string>& kernel_streams() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        for (std::size_t i = 0; i < depth; ++i)
            n.push_back((i == 0 ? std::string("dense") : "dense_" + std::to_string(i)) + "/kernel");
        return n;
    }();
    return names;
}

// The chain's weight arrays in get_weights() order: kernel, bias, kernel, bias, ...
using arrays = std::vector<std::vector<float>>;

// What a fresh clone must do at minimum: allocate the 200 arrays and fill the kernels as a
// fresh Chain{s} is filled (from the streams "<layer>/kernel" of s); the biases stay zero.
arrays fill_fresh(scion::seed s) {
    const float limit = glorot_limit(width, width);
    arrays a;
    a.reserve(2 * depth);
    for (std::size_t i = 0; i < depth; ++i) {
        a.emplace_back(width * width);
        scion::random_stream(s, kernel_streams()[i]).uniform(a.back(), -limit, limit);
        a.emplace_back(width);  // zero (value-initialised)
    }
    return a;
}

// What a copying clone must do at minimum: allocate the 200 arrays and copy the weights in.
arrays copy_arrays(const std::vector<scion::Tensor>& w) {
    arrays a;
    a.reserve(w.size());
    for (const scion::Tensor& t : w) a.emplace_back(t.values().begin(), t.values().end());
    return a;
}

// The original chain's weights, for the copy baseline (taken once, outside the timed loop).
const std::vector<scion::Tensor>& chain_weights() {
    static const std::vector<scion::Tensor> w = dynamic_chain().get_weights();
    return w;
}

// The two dynamic clones timed: fresh weights from seed s, and copied weights.
dyn::Sequential clone_fresh(const dyn::Sequential& m, std::uint64_t s) {
    return scion::clone_model(m, {.seed = scion::seed{s}});
}
dyn::Sequential clone_copy(const dyn::Sequential& m) {
    return scion::clone_model(m, {.clone_function = dyn::copy_weights});
}

// ---------------------------------------------------------------------------------------------
// Checks made once, before any timing
// ---------------------------------------------------------------------------------------------

bool fail(const char* what) {
    std::fprintf(stderr, "bench_dynamic: CHECK FAILED: %s\n", what);
    return false;
}

bool same_weights(const std::vector<scion::Tensor>& a, const std::vector<scion::Tensor>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}
bool same_weights(const std::vector<scion::Tensor>& a, const arrays& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!std::equal(a[i].values().begin(), a[i].values().end(), b[i].begin(), b[i].end())) return false;
    return true;
}

bool check_predict() {
    bool ok = true;
    const Seed& s = static_seed_model();
    const dyn::Sequential& d = dynamic_seed_model();
    if (!same_weights(s.get_weights(), d.get_weights()))
        ok = fail("the dynamic seed model's weights differ from the static model's (same seed, same layers)");
    for (const std::size_t batch : {std::size_t{1}, std::size_t{64}}) {
        const scion::Tensor ys = s.predict(input(batch));
        const std::vector<scion::Tensor> yd = d.predict({input(batch)});
        if (yd.size() != 1 || !(yd[0] == ys) || ys.shape() != scion::Shape{batch, 1}) {
            std::fprintf(stderr, "bench_dynamic: the dynamic seed model's output differs from the static one at batch %zu\n",
                         batch);
            ok = fail("dynamic predict == static predict");
        }
    }
    return ok;
}

bool check_clones() {
    bool ok = true;
    const Chain& sc = static_chain();
    const dyn::Sequential& dc = dynamic_chain();
    if (sc.get_weights().size() != 2 * depth || !same_weights(sc.get_weights(), dc.get_weights()))
        ok = fail("the dynamic 100-layer model's weights differ from the static model's (same seed, same layers)");

    // Fresh: the dynamic clone, the static clone and the fill baseline draw the same weights.
    const scion::seed s{12345};
    const std::vector<scion::Tensor> wd = clone_fresh(dc, 12345).get_weights();
    const std::vector<scion::Tensor> ws = scion::clone_model(sc, scion::keep_inputs, scion::fresh_weights{s}).get_weights();
    if (!same_weights(wd, ws)) ok = fail("clone_model(dynamic, {.seed}) and the static fresh clone differ");
    if (!same_weights(wd, fill_fresh(s))) ok = fail("the fill baseline does not reproduce the dynamic fresh clone");
    if (same_weights(wd, dc.get_weights())) ok = fail("the dynamic fresh clone kept the original's weights");

    // Copy: the same weights as the original, in buffers of their own.
    const dyn::Sequential cc = clone_copy(dc);
    if (!same_weights(cc.get_weights(), dc.get_weights()))
        ok = fail("clone_model(dynamic, {.clone_function = copy_weights}) does not keep the weights");
    if (!same_weights(scion::clone_model(sc, scion::keep_inputs, scion::copy_weights{}).get_weights(), sc.get_weights()))
        ok = fail("the static copy_weights clone does not keep the weights");
    if (!same_weights(dc.get_weights(), copy_arrays(chain_weights())))
        ok = fail("the copy baseline does not reproduce the weights");
    {
        std::vector<const scion::layers::weight_list*> a, b;
        std::as_const(dc.graph()).weight_lists(a);
        std::as_const(cc.graph()).weight_lists(b);
        for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
            if (a[i]->id() == b[i]->id()) {
                ok = fail("the dynamic copy clone shares a weight list with the original");
                break;
            }
    }
    return ok;
}

// ---------------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------------

void BM_predict_static(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const Seed& m = static_seed_model();
    const scion::Tensor& x = input(batch);
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        scion::Tensor y = m.predict(x);
        benchmark::DoNotOptimize(y.data());
    }
    report_allocs(state, before);
}

void BM_predict_dynamic(benchmark::State& state) {
    const auto batch = static_cast<std::size_t>(state.range(0));
    const dyn::Sequential& m = dynamic_seed_model();
    const std::vector<scion::Tensor> xs{input(batch)};  // the inputs, made once as a caller would
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        std::vector<scion::Tensor> y = m.predict(xs);
        benchmark::DoNotOptimize(y[0].data());
    }
    report_allocs(state, before);
}

void BM_clone_dynamic_fresh(benchmark::State& state) {
    const dyn::Sequential& m = dynamic_chain();
    std::uint64_t s = 1;
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        dyn::Sequential c = clone_fresh(m, s++);
        benchmark::DoNotOptimize(c);
    }
    report_allocs(state, before);
}

void BM_clone_static_fresh(benchmark::State& state) {
    const Chain& m = static_chain();
    std::uint64_t s = 1;
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        auto c = scion::clone_model(m, scion::keep_inputs, scion::fresh_weights{scion::seed{s++}});
        benchmark::DoNotOptimize(c);
    }
    report_allocs(state, before);
}

void BM_fill_baseline(benchmark::State& state) {
    std::uint64_t s = 1;
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        arrays a = fill_fresh(scion::seed{s++});
        benchmark::DoNotOptimize(a);
    }
    report_allocs(state, before);
}

void BM_clone_dynamic_copy(benchmark::State& state) {
    const dyn::Sequential& m = dynamic_chain();
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        dyn::Sequential c = clone_copy(m);
        benchmark::DoNotOptimize(c);
    }
    report_allocs(state, before);
}

void BM_clone_static_copy(benchmark::State& state) {
    const Chain& m = static_chain();
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        auto c = scion::clone_model(m, scion::keep_inputs, scion::copy_weights{});
        benchmark::DoNotOptimize(c);
    }
    report_allocs(state, before);
}

void BM_copy_baseline(benchmark::State& state) {
    const std::vector<scion::Tensor>& w = chain_weights();
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        arrays a = copy_arrays(w);
        benchmark::DoNotOptimize(a);
    }
    report_allocs(state, before);
}

// Repeated cloning: `total` fresh clones in a row, each dropped before the next, timed in
// blocks of `block`. Done once (one iteration, one repetition); the results go to the summary.
constexpr std::size_t repeat_total = 10000, repeat_block = 1000;
struct repeat_result {
    std::vector<double> block_us;      // real time per clone in each block, microseconds
    std::vector<double> block_cpu_us;  // CPU time of this thread per clone in each block
    std::vector<double> block_news;    // operator new calls per clone in each block
    bool ran = false;
};

// CPU time used by the calling thread so far, in microseconds.
double thread_cpu_us() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) * 1e-3;
}
repeat_result& repeat_fresh() {
    static repeat_result r;
    return r;
}

void BM_repeat_clone_fresh(benchmark::State& state) {
    const dyn::Sequential& m = dynamic_chain();
    repeat_result r;
    r.block_us.reserve(repeat_total / repeat_block);
    r.block_cpu_us.reserve(repeat_total / repeat_block);
    r.block_news.reserve(repeat_total / repeat_block);
    for (auto _ : state) {
        std::uint64_t s = 1;
        for (std::size_t b = 0; b < repeat_total / repeat_block; ++b) {
            const alloc_counts before = current_counts();
            const double c0 = thread_cpu_us();
            const auto t0 = std::chrono::steady_clock::now();
            for (std::size_t i = 0; i < repeat_block; ++i) {
                dyn::Sequential c = clone_fresh(m, s++);
                benchmark::DoNotOptimize(c);
            }
            const auto t1 = std::chrono::steady_clock::now();
            const double c1 = thread_cpu_us();
            const alloc_counts after = current_counts();
            r.block_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count() / repeat_block);
            r.block_cpu_us.push_back((c1 - c0) / repeat_block);
            r.block_news.push_back(static_cast<double>(after.news - before.news) / repeat_block);
        }
    }
    r.ran = true;
    state.counters["first_us"] = r.block_us.front();
    state.counters["last_us"] = r.block_us.back();
    state.counters["last/first"] = r.block_us.back() / r.block_us.front();
    repeat_fresh() = std::move(r);
}

BENCHMARK(BM_predict_static)->Arg(1)->Arg(64);
BENCHMARK(BM_predict_dynamic)->Arg(1)->Arg(64);
BENCHMARK(BM_clone_dynamic_fresh)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_clone_static_fresh)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_fill_baseline)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_clone_dynamic_copy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_clone_static_copy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_copy_baseline)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_repeat_clone_fresh)->Iterations(1)->Repetitions(1)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------------------------------------
// Rewrites for deployment: a Conv + BatchNormalization network before and after `deploy`
// ---------------------------------------------------------------------------------------------

using ConvBN = scion::Sequential<scion::Input<28, 28, 1>, scion::Conv2D<32, scion::kernel_size<3>>,
                                 scion::BatchNormalization<>, scion::Activation<scion::act::relu>,
                                 scion::Conv2D<64, scion::kernel_size<3>>, scion::BatchNormalization<>,
                                 scion::Activation<scion::act::relu>, scion::GlobalAveragePooling2D<>, scion::Dense<10>>;
using ConvBNDeployed = scion::clone_model_t<ConvBN, scion::keep_inputs_t, scion::deploy_t>;
static_assert(std::is_same_v<ConvBNDeployed,
                             scion::Sequential<scion::Input<28, 28, 1>, scion::Conv2D<32, scion::kernel_size<3>, scion::act::relu>,
                                               scion::Conv2D<64, scion::kernel_size<3>, scion::act::relu>,
                                               scion::GlobalAveragePooling2D<>, scion::Dense<10>>>);

// Trained-looking weights from the stream "bench/convbn": kernels and biases in [-0.2, 0.2); each
// BatchNormalization's gamma in [0.5, 1.5), beta in [-0.5, 0.5), moving mean in [-1, 1),
// moving variance in [0.3, 2) (in its get_weights order: gamma, beta, mean, variance).
template <class Layer>
void set_trained(Layer& l, std::size_t index) {
    std::vector<scion::Tensor> w = l.get_weights();
    const bool bn = std::string_view(Layer::class_name) == "BatchNormalization";
    const float lo[] = {0.5f, -0.5f, -1.0f, 0.3f}, hi[] = {1.5f, 0.5f, 1.0f, 2.0f};
    for (std::size_t k = 0; k < w.size(); ++k)
        scion::random_stream(scion::seed{7}, "bench/convbn/" + std::to_string(index) + "/" + std::to_string(k))
            .uniform(w[k].values(), bn ? lo[k] : -0.2f, bn ? hi[k] : 0.2f);
    l.set_weights(w);
}
const ConvBN& convbn_static() {
    static const ConvBN m = [] {
        ConvBN c{scion::seed{3}};
        std::size_t i = 0;
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (set_trained(c.template layer<I>(), i++), ...);
        }(std::make_index_sequence<ConvBN::layer_count>{});
        return c;
    }();
    return m;
}
const ConvBNDeployed& convbn_static_deployed() {
    static const ConvBNDeployed m = scion::clone_model(convbn_static(), scion::deploy);
    return m;
}
// The dynamic twin, holding the static model's weights.
const dyn::Sequential& convbn_dynamic() {
    static const dyn::Sequential d = [] {
        dyn::Sequential q(dyn::Input({28, 28, 1}),
                          {dyn::Conv2D({.filters = 32, .kernel_size = {3}}), dyn::BatchNormalization(),
                           dyn::Activation({.activation = "relu"}), dyn::Conv2D({.filters = 64, .kernel_size = {3}}),
                           dyn::BatchNormalization(), dyn::Activation({.activation = "relu"}),
                           dyn::GlobalAveragePooling2D(), dyn::Dense({.units = 10})},
                          "sequential", scion::seed{3});
        q.build();
        q.set_weights(convbn_static().get_weights());
        return q;
    }();
    return d;
}
const dyn::Sequential& convbn_dynamic_deployed() {
    static const dyn::Sequential d = scion::clone_model(convbn_dynamic(), scion::deploy);
    return d;
}
const scion::Tensor& image(std::size_t batch) {
    static std::map<std::size_t, scion::Tensor> cache;
    auto [it, fresh] = cache.try_emplace(batch, scion::Shape{batch, 28, 28, 1});
    if (fresh) scion::random_stream(scion::seed{42}, "bench/image").uniform(it->second.values(), 0.0f, 1.0f);
    return it->second;
}

// The rewritten models compute the original's outputs (within 1e-5 of its largest output), on
// both paths, and the two paths agree.
bool check_deploy() {
    bool ok = true;
    if (convbn_dynamic_deployed().layers().size() != 4) ok = fail("the dynamic deployed Conv + BN network has other than 4 layers");
    for (const std::size_t batch : {std::size_t{1}, std::size_t{32}}) {
        const scion::Tensor y = convbn_static().predict(image(batch));
        const scion::Tensor ys = convbn_static_deployed().predict(image(batch));
        const scion::Tensor yd = convbn_dynamic().predict({image(batch)})[0];
        const scion::Tensor ydd = convbn_dynamic_deployed().predict({image(batch)})[0];
        float scale = 1.0f, err = 0.0f;
        for (std::size_t i = 0; i < y.size(); ++i) {
            scale = std::max(scale, std::fabs(y[i]));
            err = std::max({err, std::fabs(ys[i] - y[i]), std::fabs(ydd[i] - y[i]), std::fabs(yd[i] - y[i])});
        }
        if (!(err <= 1e-5f * scale)) {
            std::fprintf(stderr, "bench_dynamic: the deployed Conv + BN network differs by %g at batch %zu\n",
                         static_cast<double>(err), batch);
            ok = fail("deployed predict == original predict");
        }
    }
    return ok;
}

template <class M>
void predict_static(benchmark::State& state, const M& m) {
    const scion::Tensor& x = image(static_cast<std::size_t>(state.range(0)));
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        scion::Tensor y = m.predict(x);
        benchmark::DoNotOptimize(y.data());
    }
    report_allocs(state, before);
}
void predict_dynamic(benchmark::State& state, const dyn::Sequential& m) {
    const std::vector<scion::Tensor> xs{image(static_cast<std::size_t>(state.range(0)))};
    const alloc_counts before = current_counts();
    for (auto _ : state) {
        std::vector<scion::Tensor> y = m.predict(xs);
        benchmark::DoNotOptimize(y[0].data());
    }
    report_allocs(state, before);
}
void BM_convbn_static_original(benchmark::State& state) { predict_static(state, convbn_static()); }
void BM_convbn_static_deployed(benchmark::State& state) { predict_static(state, convbn_static_deployed()); }
void BM_convbn_dynamic_original(benchmark::State& state) { predict_dynamic(state, convbn_dynamic()); }
void BM_convbn_dynamic_deployed(benchmark::State& state) { predict_dynamic(state, convbn_dynamic_deployed()); }

BENCHMARK(BM_convbn_static_original)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_convbn_static_deployed)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_convbn_dynamic_original)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_convbn_dynamic_deployed)->Arg(1)->Arg(32)->Unit(benchmark::kMicrosecond);

// ---------------------------------------------------------------------------------------------
// Reporting: the console output, plus the real time and counters of each benchmark
// ---------------------------------------------------------------------------------------------

using scion_bench::recording_reporter;

// Prints "ratio <label>: R (target <= T) met|MISSED" (no target when T <= 0), or n/a when a
// benchmark did not run. R is the ratio of real times; the ratio of CPU times follows in
// brackets (on a shared machine it is the steadier of the two).
void print_ratio(const recording_reporter& rep, const char* label, const std::string& num, const std::string& den,
                 double target) {
    const double a = rep.time(num), b = rep.time(den);
    const double cpu = rep.get(num).cpu_seconds / rep.get(den).cpu_seconds;
    if (a <= 0 || b <= 0) {
        std::printf("ratio %-40s n/a (%s or %s did not run)\n", label, num.c_str(), den.c_str());
        return;
    }
    const double r = a / b;
    char verdict[64] = "(no target)";
    if (target > 0) std::snprintf(verdict, sizeof verdict, "(target <= %.2f) %s", target, r <= target ? "met" : "MISSED");
    std::printf("ratio %-40s %.2f %s   [%s %.3g us / %s %.3g us; CPU time ratio %.2f]\n", label, r, verdict,
                num.c_str(), a * 1e6, den.c_str(), b * 1e6, cpu);
}

// Prints the time per layer of a 100-layer clone benchmark (real time; CPU time in brackets).
void print_per_layer(const recording_reporter& rep, const char* label, const std::string& name) {
    const double t = rep.time(name), cpu = rep.get(name).cpu_seconds;
    if (t <= 0) {
        std::printf("%-46s n/a (%s did not run)\n", label, name.c_str());
        return;
    }
    std::printf("%-46s %.3f us/layer   [%s %.1f us per clone of %zu layers; CPU time %.3f us/layer]\n", label,
                t * 1e6 / depth, name.c_str(), t * 1e6, depth, cpu * 1e6 / depth);
}

// Prints the operator new (and malloc-family) calls per iteration of two benchmarks side by side.
void print_allocs(const recording_reporter& rep, const char* label, const std::string& a, const std::string& b) {
    const auto fa = rep.get(a), fb = rep.get(b);
    if (fa.seconds <= 0 || fb.seconds <= 0) return;
    auto count = [](const recording_reporter::figures& f, const char* k) {
        const auto it = f.counters.find(k);
        return it == f.counters.end() ? -1.0 : it->second;
    };
    std::printf("allocations per call %-26s operator new %.4g vs %.4g", label, count(fa, "allocs_per_iter"),
                count(fb, "allocs_per_iter"));
    if (SCION_BENCH_COUNTS_MALLOC)
        std::printf(", malloc family %.4g vs %.4g", count(fa, "mallocs_per_iter"), count(fb, "mallocs_per_iter"));
    std::printf("   [%s vs %s]\n", a.c_str(), b.c_str());
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;

    const bool predict_ok = check_predict();
    const bool clone_ok = check_clones();
    const bool deploy_ok = check_deploy();
    if (!predict_ok || !clone_ok || !deploy_ok) return 1;

    recording_reporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                      : benchmark::ConsoleReporter::OO_None);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    std::printf("\n== summary (%s real time of this run; targets are informative) ==\n",
                reporter.used_medians() ? "median" : "single-run");
    print_ratio(reporter, "predict dynamic/static batch=1:", "BM_predict_dynamic/1", "BM_predict_static/1", 1.30);
    print_ratio(reporter, "predict dynamic/static batch=64:", "BM_predict_dynamic/64", "BM_predict_static/64", 1.05);
    print_allocs(reporter, "dynamic vs static batch=1:", "BM_predict_dynamic/1", "BM_predict_static/1");
    print_allocs(reporter, "dynamic vs static batch=64:", "BM_predict_dynamic/64", "BM_predict_static/64");

    print_per_layer(reporter, "clone, 100 layers, dynamic fresh:", "BM_clone_dynamic_fresh");
    print_per_layer(reporter, "clone, 100 layers, static fresh:", "BM_clone_static_fresh");
    print_per_layer(reporter, "clone, 100 layers, fill baseline:", "BM_fill_baseline");
    print_ratio(reporter, "clone fresh dynamic/static:", "BM_clone_dynamic_fresh", "BM_clone_static_fresh", 0);
    print_ratio(reporter, "clone fresh dynamic/fill:", "BM_clone_dynamic_fresh", "BM_fill_baseline", 0);
    print_per_layer(reporter, "clone, 100 layers, dynamic copy:", "BM_clone_dynamic_copy");
    print_per_layer(reporter, "clone, 100 layers, static copy:", "BM_clone_static_copy");
    print_per_layer(reporter, "clone, 100 layers, copy baseline:", "BM_copy_baseline");
    print_ratio(reporter, "clone copy dynamic/static:", "BM_clone_dynamic_copy", "BM_clone_static_copy", 0);
    print_ratio(reporter, "clone copy dynamic/copy baseline:", "BM_clone_dynamic_copy", "BM_copy_baseline", 0);
    print_allocs(reporter, "clone fresh dynamic vs static:", "BM_clone_dynamic_fresh", "BM_clone_static_fresh");
    print_allocs(reporter, "clone copy dynamic vs static:", "BM_clone_dynamic_copy", "BM_clone_static_copy");

    // The rewrites for deployment: deployed / original (below 1: faster), and the speed-up.
    for (const char* path : {"static", "dynamic"})
        for (const char* batch : {"1", "32"}) {
            const std::string label = std::string("conv+bn deployed/original ") + path + " batch=" + batch + ":";
            const std::string num = std::string("BM_convbn_") + path + "_deployed/" + batch;
            const std::string den = std::string("BM_convbn_") + path + "_original/" + batch;
            print_ratio(reporter, label.c_str(), num, den, 0);
            if (reporter.time(num) > 0 && reporter.time(den) > 0)
                std::printf("speed-up of deploy, %s batch=%s: %.2fx (CPU time %.2fx)\n", path, batch,
                            reporter.time(den) / reporter.time(num),
                            reporter.get(den).cpu_seconds / reporter.get(num).cpu_seconds);
        }

    const repeat_result& r = repeat_fresh();
    if (!r.ran) {
        std::printf("ratio %-40s n/a (BM_repeat_clone_fresh did not run)\n", "repeated clone last/first 1000:");
    } else {
        const double ratio = r.block_us.back() / r.block_us.front();
        std::printf("ratio %-40s %.2f (target <= 1.20) %s   [clones 0-999: %.1f us each, 9000-9999: %.1f us each; "
                    "CPU time ratio %.2f; operator new per clone %.4g and %.4g]\n",
                    "repeated clone last/first 1000:", ratio, ratio <= 1.20 ? "met" : "MISSED", r.block_us.front(),
                    r.block_us.back(), r.block_cpu_us.back() / r.block_cpu_us.front(), r.block_news.front(),
                    r.block_news.back());
        std::printf("repeated clone, real us per clone by block of %zu:", repeat_block);
        for (const double us : r.block_us) std::printf(" %.1f", us);
        std::printf("\nrepeated clone, CPU us per clone by block of %zu: ", repeat_block);
        for (const double us : r.block_cpu_us) std::printf(" %.1f", us);
        std::printf("\n");
    }
    return 0;
}
