// dsl/corpus/valid/tagger.cpp — a sequence tagger: one label distribution per time step.
//
// Keras: Sequential([Input((20, 8)), Bidirectional(LSTM(16, return_sequences=True)),
//                    Dense(5, activation="softmax")])
#include <scion/scion.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <type_traits>

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

int main() {
    Tagger model{seed{7}};

    // Two sequences of 20 steps of 8 features: 0, 1, 2, ... scaled to [0, 1).
    const std::size_t batch = 2;
    Tensor x(Shape{batch, 20, 8});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) / static_cast<float>(x.size());

    const Tensor y = model.predict(x);
    if (y.shape() != Shape{batch, 20, 5}) {
        std::fprintf(stderr, "tagger: output shape %s, expected (2, 20, 5)\n", y.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i])) {
            std::fprintf(stderr, "tagger: output %zu is not finite\n", i);
            return 1;
        }
    }
    // Each step's softmax sums to 1.
    for (std::size_t row = 0; row < batch * 20; ++row) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < 5; ++k) sum += y[row * 5 + k];
        if (std::fabs(sum - 1.0f) > 1e-5f) {
            std::fprintf(stderr, "tagger: step %zu sums to %g\n", row, static_cast<double>(sum));
            return 1;
        }
    }
    std::printf("tagger: %zu params, output %s\n", model.count_params(), y.shape().to_string().c_str());
    return 0;
}
