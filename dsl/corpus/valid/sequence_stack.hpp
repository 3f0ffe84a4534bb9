// dsl/corpus/valid/sequence_stack.hpp — flat features reshaped into a sequence, stacked
// recurrent layers (one reading backwards, one bidirectional with an average merge), flattened
// and regressed.
//
// Keras: Sequential([Input((48,)), Reshape((-1, 6)),
//                    LSTM(12, return_sequences=True, go_backwards=True),
//                    Bidirectional(LSTM(8, return_sequences=True), merge_mode="ave"),
//                    Flatten(), Dense(1, activation="tanh")])
//
// The model types of sequence_stack.cpp, in namespace corpus::sequence_stack: sequence_stack.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::sequence_stack {

using namespace scion;

using Stack = Sequential<Input<48>, Reshape<-1, 6>, LSTM<12, return_sequences, go_backwards>,
                         Bidirectional<LSTM<8, return_sequences>, merge::ave>, Flatten, Dense<1, act::tanh>>;

// (48) -> Reshape<-1, 6>             (8, 6):  0            (48 / 6 = 8 steps)
//      -> LSTM<12, rs, go_backwards> (8, 12): 4*12*(6 + 12) + 4*12 = 864 + 48 = 912
//      -> Bidirectional<LSTM<8, rs>, ave> (8, 8): 2 * (4*8*(12 + 8) + 4*8) = 2 * 672 = 1344
//      -> Flatten                    (64):    0
//      -> Dense<1, tanh>             (1):     64 + 1 = 65
// total: 912 + 1344 + 65 = 2321
static_assert(Stack::shapes.shapes[1] == Shape{8, 6});
static_assert(Stack::shapes.shapes[2] == Shape{8, 12});
static_assert(Stack::shapes.shapes[3] == Shape{8, 8});
static_assert(Stack::shapes.shapes[4] == Shape{64});
static_assert(std::is_same_v<output_shape_t<Stack>, dims<1>>);
static_assert(param_count_v<Stack> == 2321);
// On 96 features the sequence is 16 steps long; Flatten then gives 128 and the Dense 129 params:
// 912 + 1344 + 129 = 2385.
using Longer = clone_model_t<Stack, Input<96>>;
static_assert(Longer::shapes.shapes[1] == Shape{16, 6});
static_assert(param_count_v<Longer> == 2385);

} // namespace corpus::sequence_stack
