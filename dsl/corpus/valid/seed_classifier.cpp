// dsl/corpus/valid/seed_classifier.cpp — the seed's model: a binary classifier on 728 features.
//
// Keras: Sequential([Input((728,)), Dense(32, activation="relu"), Dense(1, activation="sigmoid")])
#include <scion/scion.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <type_traits>

using namespace scion;

using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;

// (728) -> Dense<32> (32): 728*32 + 32 = 23328 -> Dense<1> (1): 32*1 + 1 = 33.   total 23361
static_assert(std::is_same_v<input_shape_t<Classifier>, dims<728>>);
static_assert(std::is_same_v<output_shape_t<Classifier>, dims<1>>);
static_assert(param_count_v<Classifier> == 23361);
// The default clone is the same type; on 10 features: 10*32 + 32 + 33 = 385.
static_assert(std::is_same_v<clone_model_t<Classifier>, Classifier>);
static_assert(param_count_v<clone_model_t<Classifier, Input<10>>> == 385);

int main() {
    Classifier model{seed{42}};
    if (model.count_params() != 23361) {
        std::fprintf(stderr, "seed_classifier: count_params() is %zu\n", model.count_params());
        return 1;
    }

    // A batch of 3 samples holding 0, 1, 2, ... scaled to [0, 1).
    const std::size_t batch = 3;
    Tensor x(Shape{batch, 728});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) / static_cast<float>(x.size());

    const Tensor y = model.predict(x);
    if (y.shape() != Shape{batch, 1}) {
        std::fprintf(stderr, "seed_classifier: output shape %s, expected (3, 1)\n", y.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        // A sigmoid output: finite and within [0, 1].
        if (!std::isfinite(y[i]) || y[i] < 0.0f || y[i] > 1.0f) {
            std::fprintf(stderr, "seed_classifier: output %zu is %g\n", i, static_cast<double>(y[i]));
            return 1;
        }
    }
    std::printf("seed_classifier: %zu params, output %s\n", model.count_params(), y.shape().to_string().c_str());
    return 0;
}
