// dsl/corpus/valid/seed_classifier.hpp — the seed's model: a binary classifier on 728 features.
//
// Keras: Sequential([Input((728,)), Dense(32, activation="relu"), Dense(1, activation="sigmoid")])
//
// The model types of seed_classifier.cpp, in namespace corpus::seed_classifier: seed_classifier.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::seed_classifier {

using namespace scion;

using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;

// (728) -> Dense<32> (32): 728*32 + 32 = 23328 -> Dense<1> (1): 32*1 + 1 = 33.   total 23361
static_assert(std::is_same_v<input_shape_t<Classifier>, dims<728>>);
static_assert(std::is_same_v<output_shape_t<Classifier>, dims<1>>);
static_assert(param_count_v<Classifier> == 23361);
// The default clone is the same type; on 10 features: 10*32 + 32 + 33 = 385.
static_assert(std::is_same_v<clone_model_t<Classifier>, Classifier>);
static_assert(param_count_v<clone_model_t<Classifier, Input<10>>> == 385);

} // namespace corpus::seed_classifier
