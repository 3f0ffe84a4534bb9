// examples/quickstart.cpp — the seed's model as a type, cloned at compile time, predicting.
#include <scion/scion.hpp>

#include "check.hpp"

#include <iostream>

using namespace scion;

// Keras: Sequential([Input((728,)), Dense(32, activation="relu"), Dense(1, activation="sigmoid")])
using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;

// Shapes and parameter counts are compile-time constants.
static_assert(param_count_v<Classifier> == 728 * 32 + 32 + 32 * 1 + 1);  // 23361
static_assert(std::is_same_v<output_shape_t<Classifier>, dims<1>>);

// clone_model_t computes the clone's type: a plain clone is the same type...
static_assert(std::is_same_v<clone_model_t<Classifier>, Classifier>);
// ...and a clone on a new input re-infers every shape (the first kernel becomes 10 x 32).
using Small = clone_model_t<Classifier, Input<10>>;
static_assert(param_count_v<Small> == 10 * 32 + 32 + 32 * 1 + 1);

int main() {
    Classifier model{seed{7}};                  // fresh, reproducible weights

    Tensor x(Shape{2, 728});                    // a batch of two samples
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 11) / 11.0f - 0.5f;
    const Tensor y = model.predict(x);          // shape (2, 1), values in (0, 1)
    SCION_CHECK(y.shape() == Shape({2, 1}));
    SCION_CHECK(y[0] > 0.0f && y[0] < 1.0f);

    auto copy = clone_model(model);             // same type and config, fresh weights
    SCION_CHECK(copy.get_config() == model.get_config());
    SCION_CHECK(copy.predict(x)[0] != y[0]);

    copy.set_weights(model.get_weights());      // Keras's idiom: now the outputs are identical
    SCION_CHECK(copy.predict(x) == y);

    auto small = clone_model(model, Input<10>{}); // the same architecture on 10 features
    SCION_CHECK(small.predict(Tensor(Shape{1, 10})).shape() == Shape({1, 1}));

    std::cout << "model: " << param_count_v<Classifier> << " parameters, output " << y.shape().to_string()
              << " = [" << y[0] << ", " << y[1] << "]\n"
              << "clone: same type, fresh weights; identical outputs after set_weights\n"
              << "clone on Input<10>: " << small.count_params() << " parameters\n";
}
