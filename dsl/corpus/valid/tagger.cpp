// dsl/corpus/valid/tagger.cpp — a sequence tagger: one label distribution per time step.
//
// The model types are declared in tagger.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "tagger.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::tagger;

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
