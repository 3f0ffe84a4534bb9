// dsl/corpus/valid/deep_mlp.cpp — a deeper multi-layer perceptron: initializers, no_bias,
// Dropout and a separate softmax Activation.
//
// Keras: Sequential([Input((64,)), Dense(128, "relu", kernel_initializer="he_normal"),
//                    Dropout(0.25), Dense(64, "gelu"),
//                    Dense(64, "selu", use_bias=False, kernel_initializer="lecun_normal"),
//                    Dense(10), Activation("softmax")])
#include <scion/scion.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <ratio>
#include <type_traits>

using namespace scion;

using Mlp = Sequential<Input<64>, Dense<128, act::relu, kernel_initializer<init::he_normal>>, Dropout<std::ratio<1, 4>>,
                       Dense<64, act::gelu>, Dense<64, act::selu, no_bias, kernel_initializer<init::lecun_normal>>,
                       Dense<10>, Activation<act::softmax>>;

// (64) -> Dense<128>            (128): 64*128 + 128 = 8320
//      -> Dropout<1/4>          (128): 0
//      -> Dense<64, gelu>       (64):  128*64 + 64  = 8256
//      -> Dense<64, no_bias>    (64):  64*64        = 4096
//      -> Dense<10>             (10):  64*10 + 10   = 650
//      -> Activation<softmax>   (10):  0
// total: 8320 + 8256 + 4096 + 650 = 21322
static_assert(std::is_same_v<output_shape_t<Mlp>, dims<10>>);
static_assert(param_count_v<Mlp> == 21322);
static_assert(Mlp::layer_count == 6);

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
