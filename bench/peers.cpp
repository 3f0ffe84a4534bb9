// bench/peers.cpp — scion beside its peers, in one process: scion's static and dynamic paths,
// hand-written Eigen (the seed model), dlib and libtorch, on the same models with the same
// weights, one thread each.
//
//   seed model   728 → Dense 32 relu → Dense 1 sigmoid                         batch 1, 64
//   MNIST CNN    (28, 28, 1) → Conv2D 32 3x3 relu → MaxPooling2D → Conv2D 64 3x3 relu →
//                MaxPooling2D → Flatten → Dense 10 softmax                     batch 1, 32
//   LSTM         (50, 32) → LSTM 64 → Dense 1                                  batch 1, 32
//   residual MLP 256 → 4 × (x + Dense 256 relu (x)) → Dense 10 (functional)    batch 1, 32
//   making the seed model: scion's fresh and copying clones (both paths), dlib and libtorch
//                making a new model and copying one, against a memcpy of its weights
//   throughput: samples per second of one const scion model predicting at batch 1 from 1 and
//                2 threads at once (static and dynamic paths), per second of wall time and per
//                second of the threads' CPU time
//
// The models are scion's, from seed{1}; dlib's and libtorch's get their weights copied from
// scion's (bench/peers_dlib.cpp, bench/peers_torch.cpp: the layouts there). Before any timing
// the program checks that every system computes the outputs of scion's static path within 1e-4
// at every batch size, and exits with status 1 if one does not. It ends with a table (medians of
// the repetitions when there are several: bench/run runs 5) of times and ratios — to the
// hand-written Eigen baseline for the seed model, to scion's static predict for the others, to
// the memcpy for the making of models — and states the compiler, flags, versions and threads.
//
// The tables use real time; `--clock=cpu` (this program's one flag of its own, the others are
// Google Benchmark's) gives them in CPU time, the steadier estimate on a busy machine. When the
// machine was busy (a benchmark's real time over 1.1 times its CPU time) the program says so and
// prints the tables again in CPU time. The throughput table is always real time.
//
// One thread everywhere: the program re-executes itself with OPENBLAS_NUM_THREADS=1 and
// OMP_NUM_THREADS=1 unless they are set so (OpenBLAS and OpenMP read them when they load),
// and sets libtorch's intra-op threads to 1.
#include <scion/bridge.hpp>
#include <scion/dynamic/clone.hpp>
#include <scion/scion.hpp>

#include <benchmark/benchmark.h>

#include "recording_reporter.hpp"

#include "peers.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <latch>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <dlfcn.h>
#include <time.h>
#include <unistd.h>

#ifndef PEERS_BUILD
#define PEERS_BUILD "unknown"
#endif

namespace {

using namespace scion;
namespace dyn = scion::dynamic;

// ---------------------------------------------------------------------------------------------
// The models
// ---------------------------------------------------------------------------------------------

using SeedModel = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
using CnnModel = Sequential<Input<28, 28, 1>, Conv2D<32, kernel_size<3, 3>, act::relu>, MaxPooling2D<>,
                            Conv2D<64, kernel_size<3, 3>, act::relu>, MaxPooling2D<>, Flatten, Dense<10, act::softmax>>;
using LstmModel = Sequential<Input<50, 32>, LSTM<64>, Dense<1>>;
namespace res {
struct x : Input<256> {};
struct h1 : Call<Dense<256, act::relu>, x> {};
struct s1 : Call<Add, x, h1> {};
struct h2 : Call<Dense<256, act::relu>, s1> {};
struct s2 : Call<Add, s1, h2> {};
struct h3 : Call<Dense<256, act::relu>, s2> {};
struct s3 : Call<Add, s2, h3> {};
struct h4 : Call<Dense<256, act::relu>, s3> {};
struct s4 : Call<Add, s3, h4> {};
struct y : Call<Dense<10>, s4> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace res
using ResidualModel = res::Net;

std::vector<float> to_vector(const Tensor& t) { return {t.values().begin(), t.values().end()}; }

peers::dense_weights dense_of(const Tensor& kernel, const Tensor& bias) {
    if (kernel.rank() != 2) throw std::runtime_error("a Dense kernel of rank " + std::to_string(kernel.rank()));
    return {kernel.shape()[0], kernel.shape()[1], to_vector(kernel), to_vector(bias)};
}
peers::conv_weights conv_of(const Tensor& kernel, const Tensor& bias) {
    if (kernel.rank() != 4) throw std::runtime_error("a Conv2D kernel of rank " + std::to_string(kernel.rank()));
    const Shape& s = kernel.shape();
    return {s[0], s[1], s[2], s[3], to_vector(kernel), to_vector(bias)};
}

// A (batch, sample...) input with values uniform in [lo, hi), the same on every run.
Tensor input_of(Shape sample, std::size_t batch, float lo, float hi) {
    Tensor x(sample.prepend(batch));
    random_stream(seed{42}, "bench/peers/x").uniform(x.values(), lo, hi);
    return x;
}

// ---------------------------------------------------------------------------------------------
// The hand-written Eigen baseline of the seed model: row-major, preallocated, the same weights
// ---------------------------------------------------------------------------------------------

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct eigen_seed {
    RowMatrix W1, W2, x, h, y;
    Eigen::RowVectorXf b1, b2;

    eigen_seed(const peers::seed_net& w, const Tensor& input) {
        const auto batch = static_cast<Eigen::Index>(input.shape()[0]);
        W1 = Eigen::Map<const RowMatrix>(w.hidden.kernel.data(), static_cast<Eigen::Index>(w.hidden.in),
                                         static_cast<Eigen::Index>(w.hidden.out));
        W2 = Eigen::Map<const RowMatrix>(w.out.kernel.data(), static_cast<Eigen::Index>(w.out.in),
                                         static_cast<Eigen::Index>(w.out.out));
        b1 = Eigen::Map<const Eigen::RowVectorXf>(w.hidden.bias.data(), static_cast<Eigen::Index>(w.hidden.out));
        b2 = Eigen::Map<const Eigen::RowVectorXf>(w.out.bias.data(), static_cast<Eigen::Index>(w.out.out));
        x = Eigen::Map<const RowMatrix>(input.data(), batch, W1.rows());
        h.resize(batch, W1.cols());
        y.resize(batch, W2.cols());
    }
    void run() {
        h.noalias() = x * W1;
        h.rowwise() += b1;
        h = h.cwiseMax(0.0f);
        y.noalias() = h * W2;
        y.rowwise() += b2;
        y.array() = (1.0f + (-y.array()).exp()).inverse();
    }
};

// ---------------------------------------------------------------------------------------------
// What is measured: benchmarks named "<section>/<label>/<batch>", the table's cells
// ---------------------------------------------------------------------------------------------

struct cell {
    std::string section, label;
    std::size_t batch;  // 0: the section has one column
    std::string benchmark;
};
std::vector<cell>& cells() {
    static std::vector<cell> c;
    return c;
}

template <class F>
void add_benchmark(const std::string& section, const std::string& label, std::size_t batch, F body) {
    const std::string name = section + "/" + label + "/" + std::to_string(batch);
    benchmark::RegisterBenchmark(name.c_str(), [body](benchmark::State& state) mutable {
        for (auto _ : state) body();
    });
    cells().push_back({section, label, batch, name});
}

// Every system's outputs against scion static's, before any timing.
bool g_outputs_agree = true;
void check(const std::string& what, const std::vector<float>& got, const Tensor& want) {
    float worst = got.size() == want.size() ? 0.0f : INFINITY;
    for (std::size_t i = 0; i < got.size() && i < want.size(); ++i) {
        const float d = std::fabs(got[i] - want[i]);
        if (!(d <= worst)) worst = d;  // NaN-aware: a NaN difference becomes the worst
    }
    const bool ok = worst <= 1e-4f;
    std::printf("check %-48s max |diff| %-10.3g %s\n", what.c_str(), static_cast<double>(worst), ok ? "ok" : "DIFFERS");
    g_outputs_agree = g_outputs_agree && ok;
}

// The objects the benchmarks use: made once, alive until the program ends.
struct objects {
    std::vector<std::unique_ptr<peers::runner>> runners;
    std::vector<std::unique_ptr<eigen_seed>> eigen;
    std::vector<std::unique_ptr<Tensor>> tensors;
    std::vector<std::unique_ptr<std::vector<Tensor>>> tensor_lists;
    std::vector<std::unique_ptr<workspace>> workspaces;
    std::vector<std::unique_ptr<peers::maker>> makers;
};
objects& keep() {
    static objects o;
    return o;
}
template <class T>
T& kept(std::vector<std::unique_ptr<T>>& list, std::unique_ptr<T> p) {
    list.push_back(std::move(p));
    return *list.back();
}

// One model at one batch size on every system that has it: checked, then registered.
struct peer_factories {
    std::function<std::unique_ptr<peers::runner>(const std::vector<float>&, std::size_t)> dlib, torch;
};

template <class M>
void add_model(const std::string& section, const M& m, const dyn::Model& d, Shape sample, float lo, float hi,
               std::size_t batch, const peer_factories& peer, const peers::seed_net* eigen_weights) {
    objects& o = keep();
    const Tensor& x = kept(o.tensors, std::make_unique<Tensor>(input_of(sample, batch, lo, hi)));
    const std::vector<float> xv = to_vector(x);
    const Tensor want = m.predict(x);
    const std::string at = section + " batch " + std::to_string(batch);

    if (eigen_weights) {
        eigen_seed& e = kept(o.eigen, std::make_unique<eigen_seed>(*eigen_weights, x));
        e.run();
        check("hand-written Eigen, " + at, std::vector<float>(e.y.data(), e.y.data() + e.y.size()), want);
        add_benchmark(section, "hand-written Eigen, preallocated", batch, [&e] {
            e.run();
            benchmark::DoNotOptimize(e.y.data());
            benchmark::ClobberMemory();
        });
    }
    add_benchmark(section, "scion static predict", batch, [&m, &x] {
        Tensor y = m.predict(x);
        benchmark::DoNotOptimize(y.data());
    });
    {
        Tensor& y = kept(o.tensors, std::make_unique<Tensor>());
        workspace& ws = kept(o.workspaces, std::make_unique<workspace>());
        m.predict_into(x, y, ws);
        check("scion static predict_into, " + at, to_vector(y), want);
        add_benchmark(section, "scion static predict_into", batch, [&m, &x, &y, &ws] {
            m.predict_into(x, y, ws);
            benchmark::DoNotOptimize(y.data());
            benchmark::ClobberMemory();
        });
    }
    {
        const std::vector<Tensor>& xs = kept(o.tensor_lists, std::make_unique<std::vector<Tensor>>(1, x));
        check("scion dynamic predict, " + at, to_vector(d.predict(xs)[0]), want);
        add_benchmark(section, "scion dynamic predict", batch, [&d, &xs] {
            std::vector<Tensor> y = d.predict(xs);
            benchmark::DoNotOptimize(y[0].data());
        });
        Tensor& y = kept(o.tensors, std::make_unique<Tensor>());
        workspace& ws = kept(o.workspaces, std::make_unique<workspace>());
        d.predict_into(x, y, ws);
        check("scion dynamic predict_into, " + at, to_vector(y), want);
        add_benchmark(section, "scion dynamic predict_into", batch, [&d, &x, &y, &ws] {
            d.predict_into(x, y, ws);
            benchmark::DoNotOptimize(y.data());
            benchmark::ClobberMemory();
        });
    }
    const auto add_peer = [&](const char* label, const auto& make) {
        if (!make) return;
        peers::runner& r = kept(o.runners, make(xv, batch));
        r.run();
        check(std::string(label) + ", " + at, r.output(), want);
        add_benchmark(section, label, batch, [&r] { r.run(); });
    };
    add_peer("dlib", peer.dlib);
    add_peer("libtorch", peer.torch);
}

// ---------------------------------------------------------------------------------------------
// Throughput: one const model, several threads, batch 1
// ---------------------------------------------------------------------------------------------

struct throughput_row {
    std::string label;
    // At 1 and 2 threads (medians): samples per second of wall time, and samples per second of
    // the threads' own CPU time (equal at 1 and 2 threads when the threads do not slow each other
    // down, whether or not the machine had a free core for the second).
    std::vector<double> per_second, per_cpu_second;
};
std::vector<throughput_row> g_throughput;

double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// `threads` threads each making `calls` calls of `predict`, released at once: samples per second
// of wall time and per second of the threads' CPU time.
std::pair<double, double> samples_per_second(int threads, std::size_t calls, const std::function<void()>& predict) {
    std::latch ready(threads + 1), go(1);
    std::vector<double> cpu(static_cast<std::size_t>(threads));
    std::vector<std::jthread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            ready.count_down();
            go.wait();
            const double c0 = thread_cpu_seconds();
            for (std::size_t i = 0; i < calls; ++i) predict();
            cpu[static_cast<std::size_t>(t)] = thread_cpu_seconds() - c0;
        });
    ready.arrive_and_wait();
    const auto start = std::chrono::steady_clock::now();
    go.count_down();
    pool.clear();  // joins
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu_seconds = 0;
    for (const double c : cpu) cpu_seconds += c;
    const double samples = static_cast<double>(threads) * static_cast<double>(calls);
    return {samples / seconds, samples / cpu_seconds};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void measure_throughput(const std::string& label, const std::function<void()>& predict, int repetitions, double min_time) {
    // Calls per thread: enough for about min_time seconds on one thread.
    std::size_t calls = 64;
    for (;;) {
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < calls; ++i) predict();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (s >= min_time / 4) {
            calls = static_cast<std::size_t>(static_cast<double>(calls) * min_time / s) + 1;
            break;
        }
        calls *= 4;
    }
    throughput_row row{label, {}, {}};
    for (const int threads : {1, 2}) {
        std::vector<double> wall, cpu;
        for (int r = 0; r < repetitions; ++r) {
            const auto [w, c] = samples_per_second(threads, calls, predict);
            wall.push_back(w);
            cpu.push_back(c);
        }
        row.per_second.push_back(median(wall));
        row.per_cpu_second.push_back(median(cpu));
        std::printf("throughput %-36s %d thread%s: %.0f samples/s, %.0f samples per CPU-second (medians of %d)\n",
                    label.c_str(), threads, threads == 1 ? " " : "s", row.per_second.back(), row.per_cpu_second.back(),
                    repetitions);
    }
    g_throughput.push_back(std::move(row));
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

using scion_bench::recording_reporter;

std::string duration(double seconds) {
    char buf[32];
    if (seconds < 1e-6) std::snprintf(buf, sizeof buf, "%.3f µs", seconds * 1e6);
    else if (seconds < 1e-5) std::snprintf(buf, sizeof buf, "%.2f µs", seconds * 1e6);
    else if (seconds < 1e-3) std::snprintf(buf, sizeof buf, "%.1f µs", seconds * 1e6);
    else std::snprintf(buf, sizeof buf, "%.2f ms", seconds * 1e3);
    return buf;
}
std::string ratio(double r) {
    char buf[32];
    std::snprintf(buf, sizeof buf, r < 10 ? "%.2f×" : "%.1f×", r);
    return buf;
}

// One markdown table per section: the first label of a section is the baseline; every other
// cell is "ratio (time)".
void print_tables(const recording_reporter& rep, const std::map<std::string, std::string>& titles,
                  const std::vector<std::string>& order) {
    for (const std::string& section : order) {
        std::vector<std::string> labels;
        std::vector<std::size_t> batches;
        for (const cell& c : cells()) {
            if (c.section != section) continue;
            if (std::find(labels.begin(), labels.end(), c.label) == labels.end()) labels.push_back(c.label);
            if (std::find(batches.begin(), batches.end(), c.batch) == batches.end()) batches.push_back(c.batch);
        }
        if (labels.empty()) continue;
        const auto time_of = [&](const std::string& label, std::size_t batch) {
            for (const cell& c : cells())
                if (c.section == section && c.label == label && c.batch == batch) return rep.time(c.benchmark);
            return -2.0;  // the system has no such model
        };
        std::printf("\n| %s |", titles.at(section).c_str());
        for (const std::size_t b : batches) {
            if (b == 0) std::printf(" time |");
            else std::printf(" batch %zu |", b);
        }
        std::printf("\n|---|");
        for (std::size_t i = 0; i < batches.size(); ++i) std::printf("---:|");
        std::printf("\n");
        for (const std::string& label : labels) {
            std::printf("| %s |", label.c_str());
            for (const std::size_t b : batches) {
                const double t = time_of(label, b), base = time_of(labels.front(), b);
                if (t == -2.0) std::printf(" — |");
                else if (t < 0) std::printf(" n/a |");
                else if (label == labels.front() || base <= 0) std::printf(" %s |", duration(t).c_str());
                else std::printf(" %s (%s) |", ratio(t / base).c_str(), duration(t).c_str());
            }
            std::printf("\n");
        }
    }
    if (!g_throughput.empty()) {
        std::printf("\n| one const model, batch 1 | samples/s, 1 thread | 2 threads | 2 threads / 1 | samples per "
                    "CPU-second, 1 thread | 2 threads | 2 threads / 1 |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (const throughput_row& r : g_throughput)
            std::printf("| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |\n", r.label.c_str(), r.per_second[0],
                        r.per_second[1], r.per_second[1] / r.per_second[0], r.per_cpu_second[0], r.per_cpu_second[1],
                        r.per_cpu_second[1] / r.per_cpu_second[0]);
    }
}

// OpenBLAS's own description and thread count, looked up at run time (libtorch and dlib load it;
// this program does not link it directly).
std::string openblas_description() {
    using config_fn = char* (*)();
    using threads_fn = int (*)();
    const auto config = reinterpret_cast<config_fn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    const auto threads = reinterpret_cast<threads_fn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (!config) return "OpenBLAS not loaded";
    std::string s = config();
    if (threads) s += ", threads " + std::to_string(threads());
    return s;
}

std::string compiler() {
#if defined(__clang__)
    return std::string("clang++ ") + __clang_version__;
#elif defined(__GNUC__)
    return std::string("g++ ") + __VERSION__;
#else
    return "unknown compiler";
#endif
}

std::string instruction_sets() {
    std::string s;
#ifdef __SSE4_2__
    s += " SSE4.2";
#endif
#ifdef __AVX__
    s += " AVX";
#endif
#ifdef __AVX2__
    s += " AVX2";
#endif
#ifdef __FMA__
    s += " FMA";
#endif
#ifdef __AVX512F__
    s += " AVX512F";
#endif
    return s.empty() ? " SSE2 (the x86-64 baseline)" : s;
}

// Takes this program's own flag out of argv: --clock=real (the default) or --clock=cpu, the clock
// of the tables (on a busy machine, CPU time is the steadier estimate of what an idle one shows).
bool take_clock_flag(int& argc, char** argv) {
    bool cpu = false;
    int out = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--clock=cpu") cpu = true;
        else if (a == "--clock=real") cpu = false;
        else argv[out++] = argv[i];
    }
    argc = out;
    argv[argc] = nullptr;
    return cpu;
}

// OpenBLAS and OpenMP read their thread counts when they load: set them, then start again.
void one_thread_everywhere(char** argv) {
    const char* b = std::getenv("OPENBLAS_NUM_THREADS");
    const char* o = std::getenv("OMP_NUM_THREADS");
    if (b && o && std::strcmp(b, "1") == 0 && std::strcmp(o, "1") == 0) return;
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    setenv("OMP_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", argv);
    std::perror("bench_peers: execv /proc/self/exe (continuing with the libraries' own thread counts)");
}

} // namespace

int main(int argc, char** argv) {
    one_thread_everywhere(argv);
    const bool cpu_clock = take_clock_flag(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    const std::string torch_info = peers::set_torch_threads(1);

    // The models, their dynamic twins, and their weights for the peers.
    const SeedModel seed_model{seed{1}};
    const CnnModel cnn_model{seed{1}};
    const LstmModel lstm_model{seed{1}};
    const ResidualModel residual_model{seed{1}};
    const dyn::Sequential seed_dyn = to_dynamic(seed_model);
    const dyn::Sequential cnn_dyn = to_dynamic(cnn_model);
    const dyn::Sequential lstm_dyn = to_dynamic(lstm_model);
    const dyn::Model residual_dyn = to_dynamic(residual_model);

    peers::seed_net seed_w;
    peers::cnn_net cnn_w;
    peers::lstm_net lstm_w;
    peers::residual_net residual_w;
    try {
        const auto s = seed_model.get_weights();
        seed_w = {dense_of(s.at(0), s.at(1)), dense_of(s.at(2), s.at(3))};
        const auto c = cnn_model.get_weights();
        cnn_w = {conv_of(c.at(0), c.at(1)), conv_of(c.at(2), c.at(3)), dense_of(c.at(4), c.at(5))};
        const auto l = lstm_model.get_weights();
        lstm_w.steps = 50;
        lstm_w.lstm = {l.at(0).shape()[0], l.at(1).shape()[0], to_vector(l.at(0)), to_vector(l.at(1)), to_vector(l.at(2))};
        lstm_w.out = dense_of(l.at(3), l.at(4));
        const auto r = residual_model.get_weights();
        for (std::size_t b = 0; b < 4; ++b) residual_w.blocks.push_back(dense_of(r.at(2 * b), r.at(2 * b + 1)));
        residual_w.out = dense_of(r.at(8), r.at(9));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_peers: unexpected weights: %s\n", e.what());
        return 1;
    }

    // Checked and registered, model by model.
    const peer_factories seed_peers{[&](const std::vector<float>& x, std::size_t b) { return peers::dlib_seed(seed_w, x, b); },
                                    [&](const std::vector<float>& x, std::size_t b) { return peers::torch_seed(seed_w, x, b); }};
    const peer_factories cnn_peers{[&](const std::vector<float>& x, std::size_t b) { return peers::dlib_cnn(cnn_w, x, b); },
                                   [&](const std::vector<float>& x, std::size_t b) { return peers::torch_cnn(cnn_w, x, b); }};
    const peer_factories lstm_peers{nullptr,
                                    [&](const std::vector<float>& x, std::size_t b) { return peers::torch_lstm(lstm_w, x, b); }};
    const peer_factories residual_peers{
        [&](const std::vector<float>& x, std::size_t b) { return peers::dlib_residual(residual_w, x, b); },
        [&](const std::vector<float>& x, std::size_t b) { return peers::torch_residual(residual_w, x, b); }};
    for (const std::size_t b : {1, 64}) add_model("seed", seed_model, seed_dyn, Shape{728}, -1, 1, b, seed_peers, &seed_w);
    for (const std::size_t b : {1, 32}) add_model("cnn", cnn_model, cnn_dyn, Shape{28, 28, 1}, 0, 1, b, cnn_peers, nullptr);
    for (const std::size_t b : {1, 32}) add_model("lstm", lstm_model, lstm_dyn, Shape{50, 32}, -1, 1, b, lstm_peers, nullptr);
    for (const std::size_t b : {1, 32})
        add_model("residual", residual_model, residual_dyn, Shape{256}, -1, 1, b, residual_peers, nullptr);

    // Making the seed model.
    std::vector<float> weights_from, weights_to;
    for (const Tensor& t : seed_model.get_weights()) weights_from.insert(weights_from.end(), t.values().begin(), t.values().end());
    weights_to.resize(weights_from.size());
    add_benchmark("make", "memcpy of the weights (" + std::to_string(weights_from.size()) + " floats)", 0, [&] {
        std::memcpy(weights_to.data(), weights_from.data(), weights_from.size() * sizeof(float));
        benchmark::DoNotOptimize(weights_to.data());
        benchmark::ClobberMemory();
    });
    add_benchmark("make", "scion static: fresh clone_model(m)", 0, [&] {
        auto c = clone_model(seed_model);
        benchmark::DoNotOptimize(c);
    });
    add_benchmark("make", "scion dynamic: fresh clone_model(d)", 0, [&] {
        auto c = clone_model(seed_dyn);
        benchmark::DoNotOptimize(c);
    });
    add_benchmark("make", "scion static: clone_model(m, keep_inputs, copy_weights{})", 0, [&] {
        auto c = clone_model(seed_model, keep_inputs, copy_weights{});
        benchmark::DoNotOptimize(c);
    });
    add_benchmark("make", "scion dynamic: clone_model(d, {.clone_function = copy_weights})", 0, [&] {
        auto c = clone_model(seed_dyn, {.clone_function = dyn::copy_weights});
        benchmark::DoNotOptimize(c);
    });
    peers::maker& dlib_maker = kept(keep().makers, peers::dlib_seed_maker(seed_w));
    peers::maker& torch_maker = kept(keep().makers, peers::torch_seed_maker(seed_w));
    add_benchmark("make", "dlib: new net (construct, first forward pass)", 0, [&] { dlib_maker.make_new(); });
    add_benchmark("make", "dlib: copy-construct", 0, [&] { dlib_maker.deep_copy(); });
    add_benchmark("make", "libtorch: new module (construct)", 0, [&] { torch_maker.make_new(); });
    add_benchmark("make", "libtorch: clone()", 0, [&] { torch_maker.deep_copy(); });

    if (!g_outputs_agree) {
        std::fprintf(stderr, "bench_peers: FAIL: a system does not compute scion's outputs (within 1e-4); nothing timed\n");
        return 1;
    }

    recording_reporter reporter(isatty(STDOUT_FILENO) ? benchmark::ConsoleReporter::OO_Color
                                                      : benchmark::ConsoleReporter::OO_None);
    reporter.cpu_clock = cpu_clock;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    // Many threads, one const model.
    {
        const Tensor x1 = input_of(Shape{728}, 1, -1, 1);
        const std::vector<Tensor> xs1{x1};
        measure_throughput("scion static predict (seed model)", [&] {
            Tensor y = seed_model.predict(x1);
            benchmark::DoNotOptimize(y.data());
        }, 5, 0.2);
        measure_throughput("scion dynamic predict (seed model)", [&] {
            std::vector<Tensor> y = seed_dyn.predict(xs1);
            benchmark::DoNotOptimize(y[0].data());
        }, 5, 0.2);
    }

    std::printf("\n== bench_peers: %s %s time per call of this run; ratios to the first row of each table ==\n",
                reporter.used_medians() ? "median" : "single-run", cpu_clock ? "CPU" : "real");
    const std::map<std::string, std::string> titles{
        {"seed", "seed model (728 → 32 relu → 1 sigmoid)"},
        {"cnn", "MNIST CNN (28×28×1 → conv 32 → pool → conv 64 → pool → dense 10 softmax)"},
        {"lstm", "LSTM (50 steps × 32 → LSTM 64 → dense 1)"},
        {"residual", "residual MLP (256 → 4 × (x + dense 256 relu) → dense 10)"},
        {"make", "making the seed model (23,361 weights)"}};
    print_tables(reporter, titles, {"seed", "cnn", "lstm", "residual", "make"});
    std::printf("\nNotes: dlib has no recurrent layers (—). dlib's new net: %s. libtorch's new module: %s.\n",
                dlib_maker.new_means().c_str(), torch_maker.new_means().c_str());
    std::printf("Compiler: %s; build: %s; this file compiled for:%s; NDEBUG %s.\n", compiler().c_str(), PEERS_BUILD,
                instruction_sets().c_str(),
#ifdef NDEBUG
                "defined"
#else
                "not defined"
#endif
    );
    std::printf("Libraries: Eigen %d.%d.%d (SIMD in use: %s); dlib %s; %s; %s.\n", EIGEN_WORLD_VERSION,
                EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, Eigen::SimdInstructionSetsInUse(), peers::dlib_version().c_str(),
                torch_info.c_str(), openblas_description().c_str());
    const auto env = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? v : "(unset)";
    };
    std::printf("Threads: one per system (OPENBLAS_NUM_THREADS=%s, OMP_NUM_THREADS=%s, libtorch as above), except the "
                "throughput table.\n",
                env("OPENBLAS_NUM_THREADS"), env("OMP_NUM_THREADS"));
    if (const double w = reporter.worst_wait(); w > 1.1 && !cpu_clock) {
        // On a busy machine the real times include waits for a core: the tables again, in CPU time.
        std::printf("\nBusy machine: a benchmark's real time was %.2f times its CPU time (the process waited for a "
                    "core). The same tables in CPU time (medians), the steadier estimate of an idle machine's "
                    "figures:\n", w);
        reporter.cpu_clock = true;
        g_throughput.clear();
        print_tables(reporter, titles, {"seed", "cnn", "lstm", "residual", "make"});
    }
    return 0;
}
