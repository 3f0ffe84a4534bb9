// dsl/corpus/valid/siamese.cpp — a siamese network: one encoder, shared by two inputs.
//
// The model types are declared in siamese.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "siamese.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::siamese;

int main() {
    Siamese model{seed{3}};
    const std::size_t batch = 4;
    Tensor xa(Shape{batch, 20}), xb(Shape{batch, 20});
    for (std::size_t i = 0; i < xa.size(); ++i) {
        xa[i] = std::sin(0.3f * static_cast<float>(i));
        xb[i] = std::cos(0.7f * static_cast<float>(i));
    }

    // The same input on both sides: the shared encoder and projector give pa == pb, so d = 0,
    // sq = 0 and y = sigmoid(bias) = sigmoid(0) = 0.5 exactly, whatever the weights.
    const Tensor same = model.predict(xa, xa);
    if (same.shape() != Shape{batch, 1}) {
        std::fprintf(stderr, "siamese: output shape %s, expected (4, 1)\n", same.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < same.size(); ++i) {
        if (same[i] != 0.5f) {
            std::fprintf(stderr, "siamese: identical inputs give %g, expected 0.5\n", static_cast<double>(same[i]));
            return 1;
        }
    }

    // Different inputs: finite values in (0, 1), and symmetric: (a, b) and (b, a) square the
    // same difference.
    const Tensor ab = model.predict(xa, xb);
    const Tensor ba = model.predict(xb, xa);
    if (ab.shape() != Shape{batch, 1} || ba.shape() != Shape{batch, 1}) return 1;
    for (std::size_t i = 0; i < ab.size(); ++i) {
        if (!std::isfinite(ab[i]) || ab[i] <= 0.0f || ab[i] >= 1.0f || std::fabs(ab[i] - ba[i]) > 1e-6f) {
            std::fprintf(stderr, "siamese: (a, b) gives %g, (b, a) %g at %zu\n", static_cast<double>(ab[i]),
                         static_cast<double>(ba[i]), i);
            return 1;
        }
    }
    if (model.count_params() != 481) {
        std::fprintf(stderr, "siamese: count_params() is %zu, expected 481\n", model.count_params());
        return 1;
    }
    std::printf("siamese: %zu params, output %s\n", model.count_params(), ab.shape().to_string().c_str());
    return 0;
}
