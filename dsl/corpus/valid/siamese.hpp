// dsl/corpus/valid/siamese.hpp — a siamese network: one encoder, shared by two inputs.
//
// Keras: encoder = Dense(16, "relu", name="encoder"); projector = Dense(8, name="projector")
//        a = Input((20,)); b = Input((20,))
//        pa = projector(encoder(a)); pb = projector(encoder(b))
//        d = Subtract()([pa, pb]); sq = Multiply()([d, d])
//        y = Dense(1, "sigmoid")(sq); Model([a, b], y)
// A named layer — a struct deriving from a layer (`struct encoder : Dense<...> {}`) or
// `named<"...", Layer>` — is one layer wherever it is called: its weights are shared.
//
// The model types of siamese.cpp, in namespace corpus::siamese: siamese.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::siamese {

using namespace scion;

struct encoder : Dense<16, act::relu> {};     // shared: 20*16 + 16 = 336, counted once
using projector = named<"projector", Dense<8>>;  // shared: 16*8 + 8 = 136, counted once

struct a : Input<20> {};
struct b : Input<20> {};
struct ea : Call<encoder, a> {};      // (16)
struct eb : Call<encoder, b> {};      // (16), the same weights as ea
struct pa : Call<projector, ea> {};   // (8)
struct pb : Call<projector, eb> {};   // (8)
struct d : Call<Subtract, pa, pb> {}; // (8): pa - pb
struct sq : Call<Multiply, d, d> {};  // (8): (pa - pb)^2, a node used twice by one call
struct y : Call<Dense<1, act::sigmoid>, sq> {};  // (1): 8*1 + 1 = 9

using Siamese = Functional<Inputs<a, b>, Outputs<y>>;

// Parameters: encoder 336 + projector 136 + y 9 = 481 (each shared layer once; Subtract and
// Multiply have none). Without sharing it would be 2*336 + 2*136 + 9 = 953.
static_assert(param_count_v<Siamese> == 481);
static_assert(Siamese::graph_type::layer_count == 5);  // encoder, projector, d, sq, y
// Multiply-adds per sample: a shared layer counts at each call (f*u per Dense call; merges 0):
// encoder 2*(20*16) = 640, projector 2*(16*8) = 256, y 8*1 = 8; total 904.
static_assert(Siamese::mac_count == 904);
static_assert(Siamese::input_count == 2 && Siamese::output_count == 1);
static_assert(input_shape_v<Siamese, 0> == Shape{20} && input_shape_v<Siamese, 1> == Shape{20});
static_assert(std::is_same_v<output_shape_t<Siamese>, dims<1>>);

// The same graph with layers written at each call: four layers instead of two shared ones.
struct ua : Call<Dense<16, act::relu>, a> {};
struct ub : Call<Dense<16, act::relu>, b> {};
struct uj : Call<Subtract, ua, ub> {};
using Unshared = Functional<Inputs<a, b>, Outputs<uj>>;
static_assert(param_count_v<Unshared> == 2 * 336);

} // namespace corpus::siamese
