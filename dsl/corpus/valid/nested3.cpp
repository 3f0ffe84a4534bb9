// dsl/corpus/valid/nested3.cpp — models nested three levels deep: a Sequential inside a
// Functional residual block, called twice inside an outer Functional. A model type is a layer:
// Call<Model, node> runs it as one node; Get<node, K> picks output K of a model with several.
//
// Keras: mlp = Sequential([Input((16,)), Dense(16, "relu"), Dense(16)])        # level 1
//        i = Input((16,)); block = Model(i, [Add()([i, mlp(i)]), mlp(i)])        # level 2, 2 outputs
//        x = Input((8,)); s = Dense(16, name="stem")(x)
//        r1 = block_a(s)[0]; r2 = block_b(r1)[0]                                  # level 3
//        y = Dense(3, "softmax", name="head")(r2); Model(x, [y, block_b(r1)[1]])
// Each Call of a model type written at the call is a new layer (block_a and block_b have their
// own weights), as each Call<Dense<...>, ...> is.
#include <scion/scion.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <type_traits>

using namespace scion;

// Level 1: a Sequential.
using Mlp = Sequential<Input<16>, Dense<16, act::relu>, Dense<16>>;
static_assert(param_count_v<Mlp> == 2 * (16 * 16 + 16));  // 544

// Level 2: a Functional residual block around the Sequential, with two outputs: the sum, and
// the Sequential's output alone.
namespace block {
struct in : Input<16> {};
struct body : Call<Mlp, in> {};
struct sum : Call<Add, in, body> {};
using Model = Functional<Inputs<in>, Outputs<sum, body>>;
}  // namespace block
static_assert(param_count_v<block::Model> == 544);
static_assert(block::Model::output_count == 2);

// Level 3: the outer model calls the block twice.
struct x : Input<8> {};
struct stem : Call<Dense<16>, x> {};               // 8*16 + 16 = 144
struct block_a : Call<block::Model, stem> {};       // 544
struct block_b : Call<block::Model, block_a> {};    // 544: reads output 0 of block_a (a node is its output 0)
struct body_b : Get<block_b, 1> {};                 // output 1 of block_b: its Sequential's output
struct y : Call<Dense<3, act::softmax>, block_b> {};  // 16*3 + 3 = 51

using Outer = Functional<Inputs<x>, Outputs<y, body_b>>;

// Parameters: 144 + 544 + 544 + 51 = 1283.
static_assert(param_count_v<Outer> == 1283);
static_assert(Outer::graph_type::layer_count == 4);  // stem, block_a, block_b, y
// Multiply-adds per sample: stem 8*16 = 128; each block its Sequential's 2*(16*16) = 512; y 16*3 = 48.
static_assert(Mlp::mac_count == 512 && block::Model::mac_count == 512);
static_assert(Outer::mac_count == 128 + 2 * 512 + 48);  // 1200
static_assert(output_shape_v<Outer, 0> == Shape{3});
static_assert(output_shape_v<Outer, 1> == Shape{16});
static_assert(std::is_same_v<input_shape_t<Outer>, dims<8>>);

// The same nodes, reading the blocks' outputs: block_b's sum is its input (block_a's output 0)
// plus its Sequential's output (body_b).
using Probe = Functional<Inputs<x>, Outputs<block_a, block_b, body_b>>;
static_assert(param_count_v<Probe> == 144 + 544 + 544);

int main() {
    Outer model{seed{13}};
    const std::size_t batch = 3;

    // Zero input: every bias starts at zero, so every node is zero, y is uniform and body_b is 0.
    const Tensor zeros(Shape{batch, 8});
    const auto [y0, b0] = model.predict(zeros);
    if (y0.shape() != Shape{batch, 3} || b0.shape() != Shape{batch, 16}) {
        std::fprintf(stderr, "nested3: outputs %s and %s, expected (3, 3) and (3, 16)\n",
                     y0.shape().to_string().c_str(), b0.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y0.size(); ++i)
        if (std::fabs(y0[i] - 1.0f / 3.0f) > 1e-6f) {
            std::fprintf(stderr, "nested3: zero input gives %g, expected 1/3\n", static_cast<double>(y0[i]));
            return 1;
        }
    for (std::size_t i = 0; i < b0.size(); ++i)
        if (b0[i] != 0.0f) return 1;

    // A varied input: finite, and each softmax row sums to 1.
    Tensor in(Shape{batch, 8});
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = std::sin(static_cast<float>(i) + 0.5f);
    const auto [y1, b1] = model.predict(in);
    for (std::size_t s = 0; s < batch; ++s) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < 3; ++k) sum += y1[s * 3 + k];
        if (std::fabs(sum - 1.0f) > 1e-5f) {
            std::fprintf(stderr, "nested3: sample %zu sums to %g\n", s, static_cast<double>(sum));
            return 1;
        }
    }
    for (std::size_t i = 0; i < b1.size(); ++i)
        if (!std::isfinite(b1[i])) return 1;
    // From the same seed the probe has the same weights (streams "<model>/<layer>/<weight>",
    // same names): body_b agrees with the outer model's, and block_b = block_a + body_b.
    Probe probe{seed{13}};
    const auto [pa, pb, pbody] = probe.predict(in);
    for (std::size_t i = 0; i < b1.size(); ++i) {
        if (pbody[i] != b1[i] || std::fabs(pb[i] - (pa[i] + pbody[i])) > 1e-5f) {
            std::fprintf(stderr, "nested3: at %zu block_a %g, block_b %g, body_b %g (outer model: %g)\n", i,
                         static_cast<double>(pa[i]), static_cast<double>(pb[i]), static_cast<double>(pbody[i]),
                         static_cast<double>(b1[i]));
            return 1;
        }
    }
    if (model.count_params() != 1283) {
        std::fprintf(stderr, "nested3: count_params() is %zu, expected 1283\n", model.count_params());
        return 1;
    }
    std::printf("nested3: %zu params, outputs %s and %s\n", model.count_params(), y1.shape().to_string().c_str(),
                b1.shape().to_string().c_str());
    return 0;
}
