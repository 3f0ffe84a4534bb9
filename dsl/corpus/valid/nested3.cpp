// dsl/corpus/valid/nested3.cpp — models nested three levels deep: a Sequential inside a
// Functional residual block, called twice inside an outer Functional. A model type is a layer:
// Call<Model, node> runs it as one node; Get<node, K> picks output K of a model with several.
//
// The model types are declared in nested3.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "nested3.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::nested3;

int main() {
    Outer model{seed{13}};
    const std::size_t batch = 3;

    // Zero input: every bias starts at zero, so every node is zero, y is uniform and body_b is 0.
    const Tensor zeros(Shape{batch, 8});
    const auto [y0, b0] = model.predict(zeros);
    if (y0.shape() != Shape{batch, 3} || b0.shape() != Shape{batch, 16}) {
        std::fprintf(stderr, "nested3: outputs %s and %s, expected (3, 3) and (3, 16)\n",
                     y0.shape().to_string().c_str(), b0.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < y0.size(); ++i)
        if (std::fabs(y0[i] - 1.0f / 3.0f) > 1e-6f) {
            std::fprintf(stderr, "nested3: zero input gives %g, expected 1/3\n", static_cast<double>(y0[i]));
            return 1;
        }
    for (std::size_t i = 0; i < b0.size(); ++i)
        if (b0[i] != 0.0f) return 1;

    // A varied input: finite, and each softmax row sums to 1.
    Tensor in(Shape{batch, 8});
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = std::sin(static_cast<float>(i) + 0.5f);
    const auto [y1, b1] = model.predict(in);
    for (std::size_t s = 0; s < batch; ++s) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < 3; ++k) sum += y1[s * 3 + k];
        if (std::fabs(sum - 1.0f) > 1e-5f) {
            std::fprintf(stderr, "nested3: sample %zu sums to %g\n", s, static_cast<double>(sum));
            return 1;
        }
    }
    for (std::size_t i = 0; i < b1.size(); ++i)
        if (!std::isfinite(b1[i])) return 1;
    // From the same seed the probe has the same weights (streams "<model>/<layer>/<weight>",
    // same names): body_b agrees with the outer model's, and block_b = block_a + body_b.
    Probe probe{seed{13}};
    const auto [pa, pb, pbody] = probe.predict(in);
    for (std::size_t i = 0; i < b1.size(); ++i) {
        if (pbody[i] != b1[i] || std::fabs(pb[i] - (pa[i] + pbody[i])) > 1e-5f) {
            std::fprintf(stderr, "nested3: at %zu block_a %g, block_b %g, body_b %g (outer model: %g)\n", i,
                         static_cast<double>(pa[i]), static_cast<double>(pb[i]), static_cast<double>(pbody[i]),
                         static_cast<double>(b1[i]));
            return 1;
        }
    }
    if (model.count_params() != 1283) {
        std::fprintf(stderr, "nested3: count_params() is %zu, expected 1283\n", model.count_params());
        return 1;
    }
    std::printf("nested3: %zu params, outputs %s and %s\n", model.count_params(), y1.shape().to_string().c_str(),
                b1.shape().to_string().c_str());
    return 0;
}
