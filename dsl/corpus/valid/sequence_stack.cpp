// dsl/corpus/valid/sequence_stack.cpp — flat features reshaped into a sequence, stacked
// recurrent layers (one reading backwards, one bidirectional with an average merge), flattened
// and regressed.
//
// The model types are declared in sequence_stack.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "sequence_stack.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::sequence_stack;

int main() {
    Stack model{seed{3}};

    const std::size_t batch = 5;
    Tensor x(Shape{batch, 48});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 48) / 48.0f - 0.5f;

    const Tensor y = model.predict(x);
    if (y.shape() != Shape{batch, 1}) {
        std::fprintf(stderr, "sequence_stack: output shape %s, expected (5, 1)\n", y.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y.size(); ++i) {
        // A tanh output: finite and within [-1, 1]. Every sample is the same, so are the outputs.
        if (!std::isfinite(y[i]) || std::fabs(y[i]) > 1.0f || y[i] != y[0]) {
            std::fprintf(stderr, "sequence_stack: output %zu is %g\n", i, static_cast<double>(y[i]));
            return 1;
        }
    }
    std::printf("sequence_stack: %zu params, output %s\n", model.count_params(), y.shape().to_string().c_str());
    return 0;
}
