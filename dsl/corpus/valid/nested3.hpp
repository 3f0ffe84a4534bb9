// dsl/corpus/valid/nested3.hpp — models nested three levels deep: a Sequential inside a
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
//
// The model types of nested3.cpp, in namespace corpus::nested3: nested3.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::nested3 {

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

} // namespace corpus::nested3
