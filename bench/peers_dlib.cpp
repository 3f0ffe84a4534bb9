// bench/peers_dlib.cpp — bench_peers' dlib models (see peers.hpp): the seed model, the MNIST CNN
// and the residual MLP as dlib networks without a loss layer, run with `net.forward(tensor)` on
// a tensor made once, with scion's weights copied into their parameters.
//
// dlib's layouts: a tensor is (samples, k, rows, columns), channels first; `fc` flattens its
// input in that order and holds (inputs + 1, outputs), the kernel then the bias row; `con`
// holds filters (filters, k, rows, columns) then biases. dlib has no recurrent layers.
#include "peers.hpp"

#include <benchmark/benchmark.h>

#include <dlib/dnn.h>
#include <dlib/revision.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace peers {
namespace {

using dlib::add_layer;
using dlib::add_prev1;
using dlib::fc;
using dlib::input;
using dlib::matrix;
using dlib::max_pool;
using dlib::relu;
using dlib::sig;
using dlib::softmax;
using dlib::tag1;

// A 3x3 convolution with stride 1 and no padding (Keras's "valid"; dlib's `con` alias pads).
template <long Filters, typename SUBNET>
using con3_valid = add_layer<dlib::con_<Filters, 3, 3, 1, 1, 0, 0>, SUBNET>;
template <typename SUBNET>
using residual_block = add_prev1<relu<fc<256, tag1<SUBNET>>>>;

using seed_type = sig<fc<1, relu<fc<32, input<matrix<float>>>>>>;
using cnn_type = softmax<fc<10, max_pool<2, 2, 2, 2, relu<con3_valid<64, max_pool<2, 2, 2, 2, relu<con3_valid<32, input<matrix<float>>>>>>>>>>;
using residual_type = fc<10, residual_block<residual_block<residual_block<residual_block<input<matrix<float>>>>>>>;

// fc: (in + 1, out), the kernel rows in dlib's flattening order, then the bias row. `row_of(r)`
// is the dlib row of Keras's row r.
template <class Layer, class RowOf>
void set_fc(Layer& l, const dense_weights& w, RowOf row_of) {
    dlib::tensor& p = l.layer_details().get_layer_params();
    if (p.size() != (w.in + 1) * w.out) throw std::runtime_error("dlib: fc parameters of an unexpected size");
    float* at = p.host();
    for (std::size_t r = 0; r < w.in; ++r) std::copy_n(&w.kernel[r * w.out], w.out, at + row_of(r) * w.out);
    std::copy(w.bias.begin(), w.bias.end(), at + w.in * w.out);
}
template <class Layer>
void set_fc(Layer& l, const dense_weights& w) {
    set_fc(l, w, [](std::size_t r) { return r; });
}

// con: filters (filters, channels, rows, columns), then the biases; Keras's kernel is HWIO.
template <class Layer>
void set_con(Layer& l, const conv_weights& w) {
    dlib::tensor& p = l.layer_details().get_layer_params();
    if (p.size() != w.kernel.size() + w.bias.size()) throw std::runtime_error("dlib: con parameters of an unexpected size");
    float* at = p.host();
    for (std::size_t i = 0; i < w.kh; ++i)
        for (std::size_t j = 0; j < w.kw; ++j)
            for (std::size_t c = 0; c < w.channels; ++c)
                for (std::size_t f = 0; f < w.filters; ++f)
                    at[((f * w.channels + c) * w.kh + i) * w.kw + j] = w.kernel[((i * w.kw + j) * w.channels + c) * w.filters + f];
    std::copy(w.bias.begin(), w.bias.end(), at + w.kernel.size());
}

// A network with its input: the tensor (batch, k, rows, columns) in dlib's layout, filled from
// Keras's (batch, rows, columns, k).
template <class Net>
class dlib_runner final : public runner {
public:
    dlib_runner(const std::vector<float>& x, std::size_t batch, long k, long rows, long cols) {
        // forward(tensor) needs the input layer's sample expansion factor, which to_tensor sets.
        const matrix<float> one(1, 1);
        dlib::resizable_tensor scratch;
        net_.to_tensor(&one, &one + 1, scratch);
        x_.set_size(static_cast<long>(batch), k, rows, cols);
        if (x.size() != x_.size()) throw std::runtime_error("dlib: input of an unexpected size");
        float* to = x_.host();
        const std::size_t per_sample = x.size() / batch;
        for (std::size_t n = 0; n < batch; ++n)
            for (long r = 0; r < rows; ++r)
                for (long c = 0; c < cols; ++c)
                    for (long ch = 0; ch < k; ++ch)
                        to[n * per_sample + static_cast<std::size_t>((ch * rows + r) * cols + c)] =
                            x[n * per_sample + static_cast<std::size_t>((r * cols + c) * k + ch)];
        net_.forward(x_);  // sets the layers up (allocates their parameters) at these shapes
    }
    Net& net() { return net_; }
    void run() override {
        const dlib::tensor& y = net_.forward(x_);
        benchmark::DoNotOptimize(y.host());
    }
    [[nodiscard]] std::vector<float> output() const override {
        const dlib::tensor& y = net_.get_output();
        return std::vector<float>(y.host(), y.host() + y.size());
    }

private:
    Net net_;
    dlib::resizable_tensor x_;
};

class dlib_seed_maker_impl final : public maker {
public:
    explicit dlib_seed_maker_impl(const seed_net& w) : one_(static_cast<long>(w.hidden.in), 1) {
        one_ = 0.5f;
        (void)held_(one_);
        set_fc(dlib::layer<3>(held_), w.hidden);
        set_fc(dlib::layer<1>(held_), w.out);
    }
    void make_new() override {
        seed_type n;
        benchmark::DoNotOptimize(n(one_));  // dlib allocates and draws the parameters here
    }
    void deep_copy() override {
        seed_type c(held_);
        benchmark::DoNotOptimize(&c);
    }
    [[nodiscard]] std::string new_means() const override {
        return "construct the net, then one forward pass of one sample, which allocates and draws its parameters";
    }

private:
    matrix<float> one_;
    seed_type held_;
};

} // namespace

std::unique_ptr<runner> dlib_seed(const seed_net& w, const std::vector<float>& x, std::size_t batch) {
    auto r = std::make_unique<dlib_runner<seed_type>>(x, batch, static_cast<long>(w.hidden.in), 1, 1);
    set_fc(dlib::layer<3>(r->net()), w.hidden);
    set_fc(dlib::layer<1>(r->net()), w.out);
    return r;
}

std::unique_ptr<runner> dlib_cnn(const cnn_net& w, const std::vector<float>& x, std::size_t batch) {
    auto r = std::make_unique<dlib_runner<cnn_type>>(x, batch, 1, 28, 28);
    set_con(dlib::layer<7>(r->net()), w.conv1);
    set_con(dlib::layer<4>(r->net()), w.conv2);
    // Keras flattens (row, column, channel), dlib (channel, row, column).
    const std::size_t channels = w.conv2.filters, side = 5;
    set_fc(dlib::layer<1>(r->net()), w.out, [&](std::size_t keras_row) {
        const std::size_t ch = keras_row % channels, pixel = keras_row / channels;  // pixel = row * side + column
        return ch * side * side + pixel;
    });
    return r;
}

std::unique_ptr<runner> dlib_residual(const residual_net& w, const std::vector<float>& x, std::size_t batch) {
    if (w.blocks.size() != 4) throw std::runtime_error("dlib: the residual MLP has 4 blocks");
    auto r = std::make_unique<dlib_runner<residual_type>>(x, batch, static_cast<long>(w.out.in), 1, 1);
    // Layers from the top: fc 10, then per block add_prev1, relu, fc, tag1 (the last block first).
    set_fc(dlib::layer<15>(r->net()), w.blocks[0]);
    set_fc(dlib::layer<11>(r->net()), w.blocks[1]);
    set_fc(dlib::layer<7>(r->net()), w.blocks[2]);
    set_fc(dlib::layer<3>(r->net()), w.blocks[3]);
    set_fc(dlib::layer<0>(r->net()), w.out);
    return r;
}

std::unique_ptr<maker> dlib_seed_maker(const seed_net& w) { return std::make_unique<dlib_seed_maker_impl>(w); }

std::string dlib_version() {
    return std::to_string(DLIB_MAJOR_VERSION) + "." + std::to_string(DLIB_MINOR_VERSION) + "." +
           std::to_string(DLIB_PATCH_VERSION);
}

} // namespace peers
