// dsl/corpus/valid/seed_classifier.cpp — the seed's model: a binary classifier on 728 features.
//
// The model types are declared in seed_classifier.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "seed_classifier.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::seed_classifier;

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
