// TensorFlow.js reads the files scion writes: models built in scion, one per layer family, and
// TF.js fixtures after a round trip through scion, are saved as layers-model files; Node loads
// each with TF.js (tests/fixtures/tfjs/load_scion_model.mjs) and predicts what scion predicted,
// within 1e-5.
//
// Without Node or the TF.js package the program exits with 77, which meson reports as SKIP (never
// as a pass); with SCION_REQUIRE_TFJS=1 in the environment (scripts/test sets it where Node is
// installed) a missing TF.js is a failure instead.
#define BOOST_TEST_MODULE tfjs_roundtrip
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "layers_fixture.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace scion;
using namespace scion::test_fixtures;
namespace dy = scion::dynamic;

BOOST_AUTO_TEST_CASE(dense_merge_and_files) {
    // A model built in scion (not read from TF.js), and the TF.js fixtures after a round trip.
    dy::KerasTensor a = dy::Input({5}, "a"), b = dy::Input({5}, "b");
    dy::Layer shared = dy::Dense({.units = 5, .activation = "tanh", .name = "shared"});
    auto h = dy::Concatenate()({shared(a), shared(b)});
    auto y = dy::Dense({.units = 3, .activation = "softmax", .name = "y"})(h);
    dy::Model built({a, b}, {y}, "built_in_scion", seed{11});
    tfjs_predicts_what_scion_predicts(built, {read_io("files_nested").inputs}, "built_in_scion");
    for (const char* name : {"files_sharded_mlp", "files_nested"})
        tfjs_predicts_what_scion_predicts(dy::load_layers_model(layers_dir(name)), read_io(name).inputs, name);
}

BOOST_AUTO_TEST_CASE(convolutions) {
    // Built in scion, with options TF.js can run: every 2D layer, depth multipliers (which TF.js
    // leaves out of SeparableConv2D's config but reads), a transposed convolution.
    const auto x = dy::Input({9, 8, 3});
    auto h = dy::Conv2D({.filters = 6, .kernel_size = {3, 2}, .strides = {2}, .padding = "same", .activation = "relu"})(x);
    h = dy::SeparableConv2D({.filters = 4, .kernel_size = {2}, .depth_multiplier = 2, .activation = "tanh"})(h);
    h = dy::DepthwiseConv2D({.kernel_size = {2}, .padding = "same", .depth_multiplier = 3, .use_bias = false})(h);
    h = dy::Conv2DTranspose({.filters = 2, .kernel_size = {3}, .strides = {2}, .padding = "same", .activation = "sigmoid"})(h);
    const dy::Model image({x}, {h}, "image", seed{21});
    tfjs_predicts_what_scion_predicts(image, {random_tensor(Shape{2, 9, 8, 3}, 1)}, "image");
    const auto s = dy::Input({12, 2});
    const auto y = dy::Conv1D({.filters = 3, .kernel_size = {3}, .dilation_rate = {2}, .activation = "elu"})(
        dy::Conv1D({.filters = 4, .kernel_size = {2}, .strides = {2}, .padding = "same"})(s));
    tfjs_predicts_what_scion_predicts(dy::Model({s}, {y}, "sequence", seed{22}), {random_tensor(Shape{2, 12, 2}, 2)},
                                      "sequence");
    // A fixture with a depth multiplier after a round trip through scion.
    tfjs_predicts_what_scion_predicts(dy::load_layers_model(layers_dir("conv_separable_same")),
                                      read_io("conv_separable_same").inputs, "conv_separable_same");
}

BOOST_AUTO_TEST_CASE(normalization_activations_and_noise) {
    // Fixtures after a round trip through scion, one per layer kind (each Node run takes most of a
    // second; TF.js computes BatchNormalization on a non-last axis wrongly, see gen_misc.mjs), and
    // a model made in scion.
    for (const char* name : {"norm_dense_bn_relu_prelu", "norm_ln_axes_3_1", "embed_text_lstm", "act_mlp",
                             "noise_spatial_dropout1d", "noise_gaussian_dropout"})
        tfjs_predicts_what_scion_predicts(dy::load_layers_model(layers_dir(name)), read_io(name).inputs, name);
    const auto x = dy::Input(Shape{4, 3});
    auto h = dy::BatchNormalization({.moving_variance_initializer = Initializer::constant(2.0f)})(x);
    h = dy::LayerNormalization({.axis = {-1, -2}, .gamma_initializer = Initializer::random_uniform(0.5f, 1.5f)})(h);
    h = dy::PReLU({.alpha_initializer = Initializer::constant(0.3f), .shared_axes = {1}})(h);
    h = dy::ReLU({.max_value = 0.8})(h);
    h = dy::LeakyReLU({.alpha = 0.1})(h);
    h = dy::Softmax()(h);
    h = dy::GaussianNoise({.stddev = 0.2, .seed = 3})(h);
    const dy::Model built({x}, {h}, "built_in_scion", seed{3});
    Tensor in(Shape{2, 4, 3});
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = 2.0f * std::sin(0.7f * static_cast<float>(i));
    tfjs_predicts_what_scion_predicts(built, {in}, "built_in_scion");
}

int main(int argc, char* argv[]) {
    if (const std::string why = tfjs_missing(); !why.empty()) {
        const char* required = std::getenv("SCION_REQUIRE_TFJS");
        if (required != nullptr && std::string(required) == "1") {
            std::printf("FAILED: SCION_REQUIRE_TFJS=1 but TF.js cannot run: %s\n", why.c_str());
            return 1;
        }
        std::printf("SKIP: TF.js cannot run: %s\n", why.c_str());
        return 77;  // meson's exit code for a skipped test
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
