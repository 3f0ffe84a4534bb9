// bench/peers_torch.cpp — bench_peers' libtorch models (see peers.hpp), written as libtorch's
// C++ users write them: a module per model with its layers registered, `forward` in
// `c10::InferenceMode`, inputs made once. scion's weights are copied into the modules.
//
// libtorch's layouts: Linear holds weight (out, in) and bias; Conv2d weight (filters, channels,
// rows, columns) and bias, on channels-first input (batch, channels, rows, columns), flattened
// in that order; LSTM weight_ih (4 units, features) and weight_hh (4 units, units), gates i, f, g,
// o as Keras's i, f, c, o, and two biases, bias_ih and bias_hh, summed (bias_hh is set to zero).
// All of libtorch's headers are compiled in this file only.
#include "peers.hpp"

#include <benchmark/benchmark.h>

#include <torch/torch.h>
#include <torch/version.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace peers {
namespace {

using i64 = std::int64_t;

i64 n(std::size_t v) { return static_cast<i64>(v); }

torch::Tensor tensor_of(const std::vector<float>& v, std::vector<i64> shape) {
    return torch::from_blob(const_cast<float*>(v.data()), shape, torch::kFloat32).clone();
}

void assign(torch::Tensor& to, const torch::Tensor& from) {
    if (to.sizes() != from.sizes()) throw std::runtime_error("libtorch: a weight of an unexpected shape");
    torch::NoGradGuard no_grad;
    to.copy_(from);
}

// Keras's kernel (in, out) is libtorch's weight transposed.
void set_linear(torch::nn::Linear& l, const dense_weights& w) {
    assign(l->weight, tensor_of(w.kernel, {n(w.in), n(w.out)}).t());
    assign(l->bias, tensor_of(w.bias, {n(w.out)}));
}
// HWIO to OIHW.
void set_conv(torch::nn::Conv2d& c, const conv_weights& w) {
    assign(c->weight, tensor_of(w.kernel, {n(w.kh), n(w.kw), n(w.channels), n(w.filters)}).permute({3, 2, 0, 1}));
    assign(c->bias, tensor_of(w.bias, {n(w.filters)}));
}

struct SeedNetImpl : torch::nn::Cloneable<SeedNetImpl> {
    SeedNetImpl(i64 in, i64 hidden_units, i64 out_units) : in_(in), hidden_units_(hidden_units), out_units_(out_units) {
        reset();
    }
    void reset() override {
        hidden = register_module("hidden", torch::nn::Linear(in_, hidden_units_));
        out = register_module("out", torch::nn::Linear(hidden_units_, out_units_));
    }
    torch::Tensor forward(const torch::Tensor& x) { return torch::sigmoid(out(torch::relu(hidden(x)))); }

    i64 in_, hidden_units_, out_units_;
    torch::nn::Linear hidden{nullptr}, out{nullptr};
};
TORCH_MODULE(SeedNet);

struct CnnImpl : torch::nn::Module {
    CnnImpl()
        : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 32, 3)))),
          conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3)))),
          out(register_module("out", torch::nn::Linear(5 * 5 * 64, 10))) {}
    torch::Tensor forward(torch::Tensor x) {
        x = torch::max_pool2d(torch::relu(conv1(x)), 2);
        x = torch::max_pool2d(torch::relu(conv2(x)), 2);
        return torch::softmax(out(x.flatten(1)), 1);
    }
    torch::nn::Conv2d conv1, conv2;
    torch::nn::Linear out;
};
TORCH_MODULE(Cnn);

struct LstmNetImpl : torch::nn::Module {
    LstmNetImpl(i64 features, i64 units)
        : lstm(register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(features, units).batch_first(true)))),
          out(register_module("out", torch::nn::Linear(units, 1))) {}
    torch::Tensor forward(const torch::Tensor& x) {
        const auto state = std::get<1>(lstm(x));  // (h_n, c_n)
        return out(std::get<0>(state)[0]);        // h_n of the one layer: the last step's output
    }
    torch::nn::LSTM lstm;
    torch::nn::Linear out;
};
TORCH_MODULE(LstmNet);

struct ResidualImpl : torch::nn::Module {
    ResidualImpl(i64 width, std::size_t count, i64 classes) {
        for (std::size_t b = 0; b < count; ++b)
            blocks.push_back(register_module("block" + std::to_string(b), torch::nn::Linear(width, width)));
        out = register_module("out", torch::nn::Linear(width, classes));
    }
    torch::Tensor forward(torch::Tensor x) {
        for (auto& b : blocks) x = x + torch::relu(b(x));
        return out(x);
    }
    std::vector<torch::nn::Linear> blocks;
    torch::nn::Linear out{nullptr};
};
TORCH_MODULE(Residual);

template <class Net>
class torch_runner final : public runner {
public:
    torch_runner(Net net, torch::Tensor x) : net_(std::move(net)), x_(std::move(x)) { net_->eval(); }
    void run() override {
        const c10::InferenceMode inference;
        y_ = net_->forward(x_);
    }
    [[nodiscard]] std::vector<float> output() const override {
        const torch::Tensor y = y_.contiguous();
        return std::vector<float>(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
    }

private:
    Net net_;
    torch::Tensor x_, y_;
};

// Keras's (batch, rows, columns, channels) to libtorch's (batch, channels, rows, columns).
torch::Tensor channels_first(const std::vector<float>& x, std::size_t batch, i64 rows, i64 cols, i64 channels) {
    return tensor_of(x, {n(batch), rows, cols, channels}).permute({0, 3, 1, 2}).contiguous();
}

class torch_seed_maker_impl final : public maker {
public:
    explicit torch_seed_maker_impl(const seed_net& w) : held_(n(w.hidden.in), n(w.hidden.out), n(w.out.out)) {
        set_linear(held_->hidden, w.hidden);
        set_linear(held_->out, w.out);
    }
    void make_new() override {
        SeedNet m(held_->in_, held_->hidden_units_, held_->out_units_);
        benchmark::DoNotOptimize(m.ptr().get());
    }
    void deep_copy() override {
        std::shared_ptr<torch::nn::Module> c = held_->clone();
        benchmark::DoNotOptimize(c.get());
    }
    [[nodiscard]] std::string new_means() const override {
        return "construct the module (its Linear layers allocate and draw their parameters)";
    }

private:
    SeedNet held_;
};

} // namespace

std::unique_ptr<runner> torch_seed(const seed_net& w, const std::vector<float>& x, std::size_t batch) {
    SeedNet net(n(w.hidden.in), n(w.hidden.out), n(w.out.out));
    set_linear(net->hidden, w.hidden);
    set_linear(net->out, w.out);
    return std::make_unique<torch_runner<SeedNet>>(net, tensor_of(x, {n(batch), n(w.hidden.in)}));
}

std::unique_ptr<runner> torch_cnn(const cnn_net& w, const std::vector<float>& x, std::size_t batch) {
    Cnn net;
    set_conv(net->conv1, w.conv1);
    set_conv(net->conv2, w.conv2);
    // Keras's rows are (row, column, channel) of the flattened (5, 5, 64); libtorch flattens
    // (channel, row, column): weight[o][c, r, k] = kernel[r, k, c][o].
    const i64 side = 5, channels = n(w.conv2.filters);
    assign(net->out->weight, tensor_of(w.out.kernel, {side, side, channels, n(w.out.out)})
                                 .permute({3, 2, 0, 1})
                                 .reshape({n(w.out.out), channels * side * side}));
    assign(net->out->bias, tensor_of(w.out.bias, {n(w.out.out)}));
    return std::make_unique<torch_runner<Cnn>>(net, channels_first(x, batch, 28, 28, 1));
}

std::unique_ptr<runner> torch_lstm(const lstm_net& w, const std::vector<float>& x, std::size_t batch) {
    const i64 f = n(w.lstm.features), u = n(w.lstm.units);
    LstmNet net(f, u);
    auto p = net->lstm->named_parameters();
    assign(p["weight_ih_l0"], tensor_of(w.lstm.kernel, {f, 4 * u}).t());
    assign(p["weight_hh_l0"], tensor_of(w.lstm.recurrent, {u, 4 * u}).t());
    assign(p["bias_ih_l0"], tensor_of(w.lstm.bias, {4 * u}));
    assign(p["bias_hh_l0"], torch::zeros({4 * u}));
    set_linear(net->out, w.out);
    return std::make_unique<torch_runner<LstmNet>>(net, tensor_of(x, {n(batch), n(w.steps), f}));
}

std::unique_ptr<runner> torch_residual(const residual_net& w, const std::vector<float>& x, std::size_t batch) {
    Residual net(n(w.out.in), w.blocks.size(), n(w.out.out));
    for (std::size_t b = 0; b < w.blocks.size(); ++b) set_linear(net->blocks[b], w.blocks[b]);
    set_linear(net->out, w.out);
    return std::make_unique<torch_runner<Residual>>(net, tensor_of(x, {n(batch), n(w.out.in)}));
}

std::unique_ptr<maker> torch_seed_maker(const seed_net& w) { return std::make_unique<torch_seed_maker_impl>(w); }

std::string set_torch_threads(int threads) {
    torch::set_num_threads(threads);
    std::ostringstream s;
    s << "libtorch " << TORCH_VERSION << ": intra-op threads " << torch::get_num_threads() << ", inter-op threads "
      << torch::get_num_interop_threads() << ", oneDNN (mkldnn) " << (at::hasMKLDNN() ? "built in" : "absent")
      << ", MKL " << (at::hasMKL() ? "built in" : "absent") << ", OpenMP " << (at::hasOpenMP() ? "yes" : "no");
    return s.str();
}

} // namespace peers
