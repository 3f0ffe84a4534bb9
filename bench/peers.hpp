// bench/peers.hpp — what bench_peers' main file (peers.cpp: scion, Eigen, the timing and the
// table) and its two peer files (peers_dlib.cpp, peers_torch.cpp) share: the models' weights in
// Keras's layouts, and the peers' models behind a small interface. Each library's headers are
// compiled in its own file only (libtorch's take about a minute to compile).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace peers {

// ---- weights, as scion (and Keras) hold them ------------------------------------------------

/// A Dense layer: kernel (in, out) row-major, bias (out).
struct dense_weights {
    std::size_t in = 0, out = 0;
    std::vector<float> kernel, bias;
};
/// A Conv2D layer: kernel (kh, kw, channels, filters) row-major (HWIO), bias (filters).
struct conv_weights {
    std::size_t kh = 0, kw = 0, channels = 0, filters = 0;
    std::vector<float> kernel, bias;
};
/// An LSTM layer: kernel (features, 4 units), recurrent kernel (units, 4 units), bias (4 units),
/// gates in the order i, f, c, o.
struct lstm_weights {
    std::size_t features = 0, units = 0;
    std::vector<float> kernel, recurrent, bias;
};

/// The seed model: 728 → Dense 32 relu → Dense 1 sigmoid.
struct seed_net {
    dense_weights hidden, out;
};
/// The MNIST CNN: (28, 28, 1) → Conv2D 32 3x3 relu → MaxPooling 2 → Conv2D 64 3x3 relu →
/// MaxPooling 2 → Flatten (5·5·64, in Keras's order: row, column, channel) → Dense 10 softmax.
struct cnn_net {
    conv_weights conv1, conv2;
    dense_weights out;
};
/// The LSTM model: (50 steps, 32 features) → LSTM 64 (last step) → Dense 1.
struct lstm_net {
    std::size_t steps = 0;
    lstm_weights lstm;
    dense_weights out;
};
/// The residual MLP: 256 → blocks of x + relu(Dense 256 (x)) → Dense 10.
struct residual_net {
    std::vector<dense_weights> blocks;
    dense_weights out;
};

// ---- a peer's model -------------------------------------------------------------------------

/// One library's model with its input given once (batch, then the sample in Keras's layout):
/// run() is one forward pass, as that library's users write it.
class runner {
public:
    virtual ~runner() = default;
    virtual void run() = 0;
    /// The last run's outputs, (batch, ...) row-major.
    [[nodiscard]] virtual std::vector<float> output() const = 0;
};

/// What it costs a library to make the seed model: a new one (fresh weights), and a deep copy
/// of one it holds. Each call makes the model and drops it.
class maker {
public:
    virtual ~maker() = default;
    virtual void make_new() = 0;
    virtual void deep_copy() = 0;
    /// What make_new measures, in words.
    [[nodiscard]] virtual std::string new_means() const = 0;
};

// peers_dlib.cpp. dlib has no recurrent layers: no LSTM model.
std::unique_ptr<runner> dlib_seed(const seed_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<runner> dlib_cnn(const cnn_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<runner> dlib_residual(const residual_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<maker> dlib_seed_maker(const seed_net& w);
std::string dlib_version();

// peers_torch.cpp: one intra-op thread (set_torch_threads), inference mode in every run().
std::unique_ptr<runner> torch_seed(const seed_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<runner> torch_cnn(const cnn_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<runner> torch_lstm(const lstm_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<runner> torch_residual(const residual_net& w, const std::vector<float>& x, std::size_t batch);
std::unique_ptr<maker> torch_seed_maker(const seed_net& w);
/// Sets libtorch's intra-op threads to `n` and returns what it reports: the version, the thread
/// counts and its parallel backend.
std::string set_torch_threads(int n);

} // namespace peers
