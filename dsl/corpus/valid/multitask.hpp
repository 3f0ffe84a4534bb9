// dsl/corpus/valid/multitask.hpp — one shared trunk and three heads: a 5-class softmax, a
// regression and 3 independent sigmoid labels. predict returns the three outputs, in the order
// of Outputs<...>, as a std::array.
//
// Keras: x = Input((32,)); t = Dense(64, "relu", name="trunk1")(x)
//        t = Dense(64, "relu", name="trunk2")(t)
//        cls = Dense(5, "softmax", name="cls")(t); reg = Dense(1, name="reg")(t)
//        tags = Dense(3, "sigmoid", name="tags")(Concatenate()([t, x]))
//        Model(x, [cls, reg, tags])
//
// The model types of multitask.cpp, in namespace corpus::multitask: multitask.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::multitask {

using namespace scion;

struct x : Input<32> {};
struct trunk1 : Call<Dense<64, act::relu>, x> {};
struct trunk2 : Call<Dense<64, act::relu>, trunk1> {};
struct cls : Call<Dense<5, act::softmax>, trunk2> {};
struct reg : Call<Dense<1>, trunk2> {};
struct tags : Call<Dense<3, act::sigmoid>, Call<Concatenate<>, trunk2, x>> {};  // an inline, unnamed node

using MultiTask = Functional<Inputs<x>, Outputs<cls, reg, tags>>;

// Parameters (Dense: f*u + u; Concatenate: 0):
//   trunk1 32*64 + 64 = 2112; trunk2 64*64 + 64 = 4160
//   cls 64*5 + 5 = 325; reg 64*1 + 1 = 65; tags on the concatenation (64 + 32 = 96): 96*3 + 3 = 291
//   total: 2112 + 4160 + 325 + 65 + 291 = 6953
static_assert(param_count_v<MultiTask> == 6953);
static_assert(MultiTask::output_count == 3);
static_assert(output_shape_v<MultiTask, 0> == Shape{5});
static_assert(output_shape_v<MultiTask, 1> == Shape{1});
static_assert(output_shape_v<MultiTask, 2> == Shape{3});
static_assert(std::is_same_v<output_shape_t<MultiTask, 2>, dims<3>>);
static_assert(MultiTask::graph_type::layer_count == 6);  // trunk1, trunk2, cls, reg, the Concatenate, tags
// Multiply-adds per sample (Dense: f*u): 32*64 + 64*64 + 64*5 + 64*1 + 96*3 = 2048 + 4096 + 320 + 64 + 288 = 6816
static_assert(MultiTask::mac_count == 6816);

// Outputs may repeat the trunk itself, as a fourth output (an embedding).
using WithEmbedding = Functional<Inputs<x>, Outputs<cls, reg, tags, trunk2>>;
static_assert(param_count_v<WithEmbedding> == 6953 && output_shape_v<WithEmbedding, 3> == Shape{64});

} // namespace corpus::multitask
