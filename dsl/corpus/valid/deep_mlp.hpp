// dsl/corpus/valid/deep_mlp.hpp — a deeper multi-layer perceptron: initializers, no_bias,
// Dropout and a separate softmax Activation.
//
// Keras: Sequential([Input((64,)), Dense(128, "relu", kernel_initializer="he_normal"),
//                    Dropout(0.25), Dense(64, "gelu"),
//                    Dense(64, "selu", use_bias=False, kernel_initializer="lecun_normal"),
//                    Dense(10), Activation("softmax")])
//
// The model types of deep_mlp.cpp, in namespace corpus::deep_mlp: deep_mlp.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <ratio>
#include <type_traits>

namespace corpus::deep_mlp {

using namespace scion;

using Mlp = Sequential<Input<64>, Dense<128, act::relu, kernel_initializer<init::he_normal>>, Dropout<std::ratio<1, 4>>,
                       Dense<64, act::gelu>, Dense<64, act::selu, no_bias, kernel_initializer<init::lecun_normal>>,
                       Dense<10>, Activation<act::softmax>>;

// (64) -> Dense<128>            (128): 64*128 + 128 = 8320
//      -> Dropout<1/4>          (128): 0
//      -> Dense<64, gelu>       (64):  128*64 + 64  = 8256
//      -> Dense<64, no_bias>    (64):  64*64        = 4096
//      -> Dense<10>             (10):  64*10 + 10   = 650
//      -> Activation<softmax>   (10):  0
// total: 8320 + 8256 + 4096 + 650 = 21322
static_assert(std::is_same_v<output_shape_t<Mlp>, dims<10>>);
static_assert(param_count_v<Mlp> == 21322);
static_assert(Mlp::layer_count == 6);

} // namespace corpus::deep_mlp
