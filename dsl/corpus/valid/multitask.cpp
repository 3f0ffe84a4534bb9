// dsl/corpus/valid/multitask.cpp — one shared trunk and three heads: a 5-class softmax, a
// regression and 3 independent sigmoid labels. predict returns the three outputs, in the order
// of Outputs<...>, as a std::array.
//
// The model types are declared in multitask.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "multitask.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::multitask;

int main() {
    MultiTask model{seed{21}};
    const std::size_t batch = 5;
    Tensor in(Shape{batch, 32});
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = std::cos(0.05f * static_cast<float>(i * i % 97));

    const auto [p, r, t] = model.predict(in);
    if (p.shape() != Shape{batch, 5} || r.shape() != Shape{batch, 1} || t.shape() != Shape{batch, 3}) {
        std::fprintf(stderr, "multitask: outputs %s, %s, %s\n", p.shape().to_string().c_str(),
                     r.shape().to_string().c_str(), t.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t s = 0; s < batch; ++s) {
        float sum = 0.0f;
        for (std::size_t k = 0; k < 5; ++k) sum += p[s * 5 + k];
        if (std::fabs(sum - 1.0f) > 1e-5f) {
            std::fprintf(stderr, "multitask: class probabilities of sample %zu sum to %g\n", s, static_cast<double>(sum));
            return 1;
        }
        if (!std::isfinite(r[s])) return 1;
        for (std::size_t k = 0; k < 3; ++k) {
            const float v = t[s * 3 + k];
            if (!(v > 0.0f && v < 1.0f)) {
                std::fprintf(stderr, "multitask: tag (%zu, %zu) is %g\n", s, k, static_cast<double>(v));
                return 1;
            }
        }
    }
    // The four-output model from the same seed: the same three heads, and the trunk's output.
    WithEmbedding model4{seed{21}};
    const auto ys = model4.predict(in);
    if (ys.size() != 4 || ys[3].shape() != Shape{batch, 64}) return 1;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (ys[0][i] != p[i]) {
            std::fprintf(stderr, "multitask: the four-output model's class output differs at %zu\n", i);
            return 1;
        }
    std::printf("multitask: %zu params, outputs %s, %s, %s\n", model.count_params(), p.shape().to_string().c_str(),
                r.shape().to_string().c_str(), t.shape().to_string().c_str());
    return 0;
}
