// dsl/corpus/valid/deep_mlp.cpp — a deeper multi-layer perceptron: initializers, no_bias,
// Dropout and a separate softmax Activation.
//
// The model types are declared in deep_mlp.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "deep_mlp.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::deep_mlp;

int main() {
    Mlp model{seed{2024}};

    // Zero input: the output is softmax(bias of the last Dense) = uniform 1/10 per class.
    const std::size_t batch = 4;
    const Tensor x(Shape{batch, 64});
    const Tensor y = model.predict(x);
    if (y.shape() != Shape{batch, 10}) {
        std::fprintf(stderr, "deep_mlp: output shape %s, expected (4, 10)\n", y.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (!std::isfinite(y[i]) || std::fabs(y[i] - 0.1f) > 1e-6f) {
            std::fprintf(stderr, "deep_mlp: output %zu is %g, expected 0.1\n", i, static_cast<double>(y[i]));
            return 1;
        }
    }
    std::printf("deep_mlp: %zu params, output %s\n", model.count_params(), y.shape().to_string().c_str());
    return 0;
}
