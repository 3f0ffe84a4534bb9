// The misc layer family against TensorFlow.js: BatchNormalization, LayerNormalization, Embedding,
// ReLU, LeakyReLU, PReLU, ELU, Softmax, SpatialDropout1D, GaussianNoise and GaussianDropout in
// the layers-model fixtures of tests/fixtures/tfjs/gen_misc.mjs, on the dynamic path and as
// declared static types (tolerance 1e-5); TensorFlow.js reading the files scion saves; and the
// compile-time shape rules and parameter counts.
// The hand-computed math, configs, errors and training-mode noise are in test_misc_layers_by_hand.cpp.
#define BOOST_TEST_MODULE scion_misc_layers
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ratio>

using namespace scion;
using namespace scion::test_fixtures;

namespace {

constexpr float tol = 1e-5f;

// ---- compile-time shape rules and parameter counts -------------------------------------------------

using bn = BatchNormalization<>;
static_assert(bn::infer(Shape{5, 4}).shape == Shape{5, 4});
static_assert(bn::param_count(Shape{5, 4}) == 4 * 4);
static_assert(BatchNormalization<axis<1>, no_center>::param_count(Shape{3, 4, 2}) == 3 * 3);
static_assert(BatchNormalization<no_scale, no_center>::param_count(Shape{6}) == 2 * 6);
static_assert(BatchNormalization<no_scale>::non_trainable_param_count(Shape{3, 6}) == 2 * 6);
static_assert(BatchNormalization<axis<-3>>::param_count(Shape{3, 4, 2}) == 4 * 3);
static_assert(BatchNormalization<axis<3>>::infer(Shape{3, 4}).errc == shape_errc::bad_axis);
static_assert(BatchNormalization<axis<3>>::infer(Shape{3, 4}).expected == 3);
static_assert(BatchNormalization<axis<3>>::infer(Shape{3, 4}).actual == 3);
static_assert(BatchNormalization<axis<-3>>::infer(Shape{3, 4}).actual == 0);  // the batch axis

static_assert(LayerNormalization<>::param_count(Shape{4, 6}) == 2 * 6);
static_assert(LayerNormalization<axis<2, 3>, no_center>::param_count(Shape{3, 4, 5}) == 4 * 5);
static_assert(LayerNormalization<axis<3, 1>>::param_count(Shape{3, 2, 4}) == 2 * 3 * 4);
static_assert(LayerNormalization<axis<-1, -2>>::infer(Shape{3, 2}).ok());
static_assert(LayerNormalization<axis<-1, 2>>::infer(Shape{3, 2}).errc == shape_errc::bad_axis);  // twice
static_assert(LayerNormalization<axis<2>>::infer(Shape{7}).errc == shape_errc::bad_axis);

static_assert(Embedding<10, 3>::infer(Shape{2, 4}).shape == Shape{2, 4, 3});
static_assert(Embedding<10, 3>::param_count(Shape{2, 4}) == 30);
static_assert(Embedding<10, 3>::infer(Shape{1, 1, 1, 1, 1, 1, 1}).errc == shape_errc::rank_mismatch);
static_assert(Embedding<10, 3>::infer(Shape{1, 1, 1, 1, 1, 1}).shape.rank() == 7);

static_assert(PReLU<>::param_count(Shape{3, 4}) == 12);
static_assert(PReLU<shared_axes<1, 2>>::param_count(Shape{4, 4, 3}) == 3);
static_assert(PReLU<shared_axes<2>>::param_count(Shape{3, 4, 2}) == 6);
static_assert(PReLU<shared_axes<3>>::infer(Shape{3, 4}).errc == shape_errc::bad_axis);
static_assert(ReLU<max_value<std::ratio<6>>>::infer(Shape{2, 3}).shape == Shape{2, 3});
static_assert(ReLU<>::param_count(Shape{9}) == 0 && LeakyReLU<>::param_count(Shape{9}) == 0);
static_assert(ELU<>::infer(Shape{9}).shape == Shape{9});
static_assert(Softmax<>::infer(Shape{4, 6}).ok() && Softmax<1, 2>::infer(Shape{4, 6}).ok());
static_assert(Softmax<3>::infer(Shape{4, 6}).errc == shape_errc::bad_axis);

static_assert(SpatialDropout1D<std::ratio<1, 5>>::infer(Shape{5, 4}).shape == Shape{5, 4});
static_assert(SpatialDropout1D<std::ratio<1, 5>>::infer(Shape{5}).errc == shape_errc::rank_mismatch);
static_assert(SpatialDropout2D<std::ratio<1, 5>>::infer(Shape{3, 3, 2}).ok());
static_assert(SpatialDropout2D<std::ratio<1, 5>>::infer(Shape{3, 2}).errc == shape_errc::rank_mismatch);
static_assert(SpatialDropout3D<std::ratio<1, 5>>::infer(Shape{2, 3, 3, 2}).ok());
static_assert(GaussianNoise<std::ratio<1, 2>>::param_count(Shape{6}) == 0);
static_assert(GaussianDropout<std::ratio<3, 10>>::infer(Shape{6}).shape == Shape{6});

// Whole models: the counts Keras's summary shows (moving statistics included).
using dense_bn_prelu = Sequential<Input<6>, Dense<8>, BatchNormalization<>, PReLU<>, Dense<5, act::linear, no_bias>,
                                  BatchNormalization<epsilon<std::ratio<1, 100000>>>, ReLU<>, Dense<3, act::softmax>>;
static_assert(param_count_v<dense_bn_prelu> == (6 * 8 + 8) + 4 * 8 + 8 + 8 * 5 + 4 * 5 + (5 * 3 + 3));
// TF.js's LSTM defaults to recurrent_activation hard_sigmoid.
using text_lstm = Sequential<Input<7>, Embedding<30, 8>, LSTM<6, recurrent_activation<act::hard_sigmoid>>, Dense<2, act::softmax>>;
static_assert(param_count_v<text_lstm> == 30 * 8 + 4 * 6 * (8 + 6) + 4 * 6 + 6 * 2 + 2);

// ---- the fixtures' static types ----------------------------------------------------------------------

using norm_bn_last = Sequential<Input<5, 4>, BatchNormalization<>>;
using norm_bn_axis1_no_center = Sequential<Input<3, 4, 2>, BatchNormalization<axis<1>, epsilon<std::ratio<1, 100>>, no_center>>;
using norm_bn_no_scale = Sequential<Input<6>, BatchNormalization<no_scale>>;
using norm_ln_last = Sequential<Input<4, 6>, LayerNormalization<>>;
using norm_ln_axes_2_3 = Sequential<Input<3, 4, 5>, LayerNormalization<axis<2, 3>, no_center>>;
using norm_ln_axes_3_1 = Sequential<Input<3, 2, 4>, LayerNormalization<axis<3, 1>, epsilon<std::ratio<1, 100000>>>>;
using norm_ln_no_scale = Sequential<Input<7>, LayerNormalization<no_scale>>;
using embed_ids_2d = Sequential<Input<2, 4>, Embedding<10, 3>>;
using embed_text_flatten = Sequential<Input<5>, Embedding<16, 4>, Flatten, Dense<3, act::sigmoid>>;
namespace int32_input {
struct input_layer : Input<5> {};
struct embedding : Call<Embedding<12, 4>, input_layer> {};
struct flatten : Call<Flatten, embedding> {};
struct dense : Call<Dense<2>, flatten> {};
using Net = Functional<Inputs<input_layer>, Outputs<dense>>;
} // namespace int32_input
using act_relu = Sequential<Input<4, 5>, ReLU<>>;
using act_relu_max_value = Sequential<Input<12>, ReLU<max_value<std::ratio<6>>>>;
using act_leaky_relu = Sequential<Input<10>, LeakyReLU<std::ratio<1, 5>>>;
using act_leaky_relu_default = Sequential<Input<10>, LeakyReLU<>>;
using act_prelu = Sequential<Input<3, 4>, PReLU<>>;
using act_prelu_shared_1_2 = Sequential<Input<4, 4, 3>, PReLU<shared_axes<1, 2>>>;
using act_prelu_shared_2 = Sequential<Input<3, 4, 2>, PReLU<shared_axes<2>>>;
using act_elu = Sequential<Input<3, 5>, ELU<>>;
using act_softmax = Sequential<Input<4, 6>, Softmax<>>;
using act_mlp = Sequential<Input<5>, Dense<7>, LeakyReLU<std::ratio<1, 10>>, Dense<6>, ELU<>, Dense<4>, Softmax<>>;
using noise_spatial_dropout1d = Sequential<Input<5, 4>, SpatialDropout1D<std::ratio<3, 10>>, Dense<3>>;
using noise_gaussian_noise = Sequential<Input<6>, GaussianNoise<std::ratio<1, 2>>, Dense<2>>;
using noise_gaussian_dropout = Sequential<Input<6>, GaussianDropout<std::ratio<3, 10>>, Dense<2>>;

template <class M>
void both_paths(const std::string& name, float tolerance = tol) {
    check_layers_fixture(name, tolerance);
    check_static_fixture<M>(name, tolerance);
}

} // namespace

BOOST_AUTO_TEST_SUITE(batch_normalization)
BOOST_AUTO_TEST_CASE(last_axis) { both_paths<norm_bn_last>("norm_bn_last"); }
BOOST_AUTO_TEST_CASE(axis_1_without_beta) { both_paths<norm_bn_axis1_no_center>("norm_bn_axis1_no_center"); }
BOOST_AUTO_TEST_CASE(without_gamma) { both_paths<norm_bn_no_scale>("norm_bn_no_scale"); }
BOOST_AUTO_TEST_CASE(after_dense_with_prelu_and_relu) { both_paths<dense_bn_prelu>("norm_dense_bn_relu_prelu"); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(layer_normalization)
BOOST_AUTO_TEST_CASE(last_axis) { both_paths<norm_ln_last>("norm_ln_last"); }
BOOST_AUTO_TEST_CASE(two_trailing_axes_without_beta) { both_paths<norm_ln_axes_2_3>("norm_ln_axes_2_3"); }
BOOST_AUTO_TEST_CASE(axes_apart_in_decreasing_order) { both_paths<norm_ln_axes_3_1>("norm_ln_axes_3_1"); }
BOOST_AUTO_TEST_CASE(without_gamma) { both_paths<norm_ln_no_scale>("norm_ln_no_scale"); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(embedding)
BOOST_AUTO_TEST_CASE(ids_of_rank_2) { both_paths<embed_ids_2d>("embed_ids_2d"); }
BOOST_AUTO_TEST_CASE(text_model_with_flatten) { both_paths<embed_text_flatten>("embed_text_flatten"); }
BOOST_AUTO_TEST_CASE(text_model_with_lstm) { both_paths<text_lstm>("embed_text_lstm"); }
BOOST_AUTO_TEST_CASE(input_declared_int32) { both_paths<int32_input::Net>("embed_int32_input"); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(activation_layers)
BOOST_AUTO_TEST_CASE(relu) { both_paths<act_relu>("act_relu"); }
BOOST_AUTO_TEST_CASE(relu_max_value) { both_paths<act_relu_max_value>("act_relu_max_value"); }
BOOST_AUTO_TEST_CASE(leaky_relu) { both_paths<act_leaky_relu>("act_leaky_relu"); }
BOOST_AUTO_TEST_CASE(leaky_relu_default_alpha) { both_paths<act_leaky_relu_default>("act_leaky_relu_default"); }
BOOST_AUTO_TEST_CASE(prelu) { both_paths<act_prelu>("act_prelu"); }
BOOST_AUTO_TEST_CASE(prelu_shared_over_rows_and_columns) { both_paths<act_prelu_shared_1_2>("act_prelu_shared_1_2"); }
BOOST_AUTO_TEST_CASE(prelu_shared_over_a_middle_axis) { both_paths<act_prelu_shared_2>("act_prelu_shared_2"); }
BOOST_AUTO_TEST_CASE(elu) { both_paths<act_elu>("act_elu"); }
BOOST_AUTO_TEST_CASE(softmax) { both_paths<act_softmax>("act_softmax"); }
BOOST_AUTO_TEST_CASE(mlp_of_activation_layers) { both_paths<act_mlp>("act_mlp"); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(noise_layers_are_the_identity_at_inference)
BOOST_AUTO_TEST_CASE(spatial_dropout1d) { both_paths<noise_spatial_dropout1d>("noise_spatial_dropout1d"); }
BOOST_AUTO_TEST_CASE(gaussian_noise) { both_paths<noise_gaussian_noise>("noise_gaussian_noise"); }
BOOST_AUTO_TEST_CASE(gaussian_dropout) { both_paths<noise_gaussian_dropout>("noise_gaussian_dropout"); }
BOOST_AUTO_TEST_SUITE_END()

