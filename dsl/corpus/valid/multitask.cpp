// dsl/corpus/valid/multitask.cpp — one shared trunk and three heads: a 5-class softmax, a
// regression and 3 independent sigmoid labels. predict returns the three outputs, in the order
// of Outputs<...>, as a std::array.
//
// Keras: x = Input((32,)); t = Dense(64, "relu", name="trunk1")(x)
//        t = Dense(64, "relu", name="trunk2")(t)
//        cls = Dense(5, "softmax", name="cls")(t); reg = Dense(1, name="reg")(t)
//        tags = Dense(3, "sigmoid", name="tags")(Concatenate()([t, x]))
//        Model(x, [cls, reg, tags])
#include <scion/scion.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <type_traits>

using namespace scion;

struct x : Input<32> {};
struct trunk1 : Call<Dense<64, act::relu>, x> {};
struct trunk2 : Call<Dense<64, act::relu>, trunk1> {};
struct cls : Call<Dense<5, act::softmax>, trunk2> {};
struct reg : Call<Dense<1>, trunk2> {};
struct tags : Call<Dense<3, act::sigmoid>, Call<Concatenate<>, trunk2, x>> {};  // an inline, unnamed node

using MultiTask = Functional<Inputs<x>, Outputs<cls, reg, tags>>;

// Parameters (Dense: f*u + u; Concatenate: 0):
//   trunk1 32*64 + 64 = 2112; trunk2 64*64 + 64 = 4160
//   cls 64*5 + 5 = 325; reg 64*1 + 1 = 65; tags on the concatenation (64 + 32 = 96): 96*3 + 3 = 291
//   total: 2112 + 4160 + 325 + 65 + 291 = 6953
static_assert(param_count_v<MultiTask> == 6953);
static_assert(MultiTask::output_count == 3);
static_assert(output_shape_v<MultiTask, 0> == Shape{5});
static_assert(output_shape_v<MultiTask, 1> == Shape{1});
static_assert(output_shape_v<MultiTask, 2> == Shape{3});
static_assert(std::is_same_v<output_shape_t<MultiTask, 2>, dims<3>>);
static_assert(MultiTask::graph_type::layer_count == 6);  // trunk1, trunk2, cls, reg, the Concatenate, tags
// Multiply-adds per sample (Dense: f*u): 32*64 + 64*64 + 64*5 + 64*1 + 96*3 = 2048 + 4096 + 320 + 64 + 288 = 6816
static_assert(MultiTask::mac_count == 6816);

// Outputs may repeat the trunk itself, as a fourth output (an embedding).
using WithEmbedding = Functional<Inputs<x>, Outputs<cls, reg, tags, trunk2>>;
static_assert(param_count_v<WithEmbedding> == 6953 && output_shape_v<WithEmbedding, 3> == Shape{64});

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
