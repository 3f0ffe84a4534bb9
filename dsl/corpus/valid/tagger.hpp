// dsl/corpus/valid/tagger.hpp — a sequence tagger: one label distribution per time step.
//
// Keras: Sequential([Input((20, 8)), Bidirectional(LSTM(16, return_sequences=True)),
//                    Dense(5, activation="softmax")])
//
// The model types of tagger.cpp, in namespace corpus::tagger: tagger.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::tagger {

using namespace scion;

using Tagger = Sequential<Input<20, 8>, Bidirectional<LSTM<16, return_sequences>>, Dense<5, act::softmax>>;

// (20, 8) -> Bidirectional<LSTM<16, rs>> (20, 32): 2 * (4*16*(8 + 16) + 4*16) = 2 * 1600 = 3200
//         -> Dense<5, softmax> on the last axis (20, 5): 32*5 + 5 = 165.          total 3365
static_assert(std::is_same_v<input_shape_t<Tagger>, dims<20, 8>>);
static_assert(Tagger::shapes.shapes[1] == Shape{20, 32});
static_assert(std::is_same_v<output_shape_t<Tagger>, dims<20, 5>>);
static_assert(param_count_v<Tagger> == 3365);
// With a sum merge the Dense reads 16 features: 3200 + 16*5 + 5 = 3285.
using SumTagger = Sequential<Input<20, 8>, Bidirectional<LSTM<16, return_sequences>, merge::sum>, Dense<5, act::softmax>>;
static_assert(param_count_v<SumTagger> == 3285);

} // namespace corpus::tagger
