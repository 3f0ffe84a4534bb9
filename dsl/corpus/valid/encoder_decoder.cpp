// dsl/corpus/valid/encoder_decoder.cpp — a sequence autoencoder: an LSTM encoder over (20, 8)
// steps to a 16-number code, and a Dense decoder back to (20, 8). Two outputs: the
// reconstruction and the code.
//
// The model types are declared in encoder_decoder.hpp; this program builds them and checks them at run
// time (exit status 0 on success, 1 on failure).
#include "encoder_decoder.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>

using namespace scion;
using namespace corpus::encoder_decoder;

int main() {
    AutoEncoder model{seed{5}};
    const std::size_t batch = 2;
    Tensor x(Shape{batch, 20, 8});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.1f * static_cast<float>(i));

    const auto [rec, z] = model.predict(x);
    if (rec.shape() != Shape{batch, 20, 8} || z.shape() != Shape{batch, 16}) {
        std::fprintf(stderr, "encoder_decoder: outputs %s and %s, expected (2, 20, 8) and (2, 16)\n",
                     rec.shape().to_string().c_str(), z.shape().to_string().c_str());
        return 1;
    }
    for (std::size_t i = 0; i < rec.size(); ++i) {
        if (!std::isfinite(rec[i])) {
            std::fprintf(stderr, "encoder_decoder: reconstruction %zu is not finite\n", i);
            return 1;
        }
    }
    // The code is a tanh: inside (-1, 1).
    for (std::size_t i = 0; i < z.size(); ++i) {
        if (!(std::fabs(z[i]) < 1.0f)) {
            std::fprintf(stderr, "encoder_decoder: code %zu is %g\n", i, static_cast<double>(z[i]));
            return 1;
        }
    }
    // The encoder alone, from the same seed: weights come from the stream
    // "<model name>/<layer name>/<weight>" of the seed, and both models are named "functional"
    // with layers enc_seq, enc_last and code, so the encoder computes the same code.
    Encoder enc{seed{5}};
    const Tensor z2 = enc.predict(x);
    if (z2.shape() != Shape{batch, 16}) return 1;
    for (std::size_t i = 0; i < z.size(); ++i) {
        if (z2[i] != z[i]) {
            std::fprintf(stderr, "encoder_decoder: the encoder alone gives %g at %zu, the autoencoder %g\n",
                         static_cast<double>(z2[i]), i, static_cast<double>(z[i]));
            return 1;
        }
    }
    std::printf("encoder_decoder: %zu params, outputs %s and %s\n", model.count_params(),
                rec.shape().to_string().c_str(), z.shape().to_string().c_str());
    return 0;
}
