// tests/runtime/test_conv_static.cpp — the convolutions on the static path: the DSL types' compile-time
// shape rules, parameter counts and argument checks, every conv_* TensorFlow.js fixture read
// into a declared static model type (outputs within 1e-5, the same as the dynamic path, clone),
// static/dynamic twins from one seed, and configs checked against the type.
#define BOOST_TEST_MODULE conv_static
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include <string>
#include <type_traits>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
namespace L = scion::layers;
using scion::test_fixtures::check_static_fixture;

namespace {

constexpr bool fails_with(const shape_result& r, shape_errc e, std::size_t expected, std::size_t actual) {
    return r.errc == e && r.expected == expected && r.actual == actual;
}

// ---- compile time: shape rules, parameter counts, argument checks ------------------------------------

// Conv2D: the brief's spelling; a single value is every axis's.
using C16 = Conv2D<16, kernel_size<3, 3>, strides<2, 2>, padding_same, act::relu>;
static_assert(C16::infer(Shape{28, 28, 3}).shape == Shape{14, 14, 16});
static_assert(C16::param_count(Shape{28, 28, 3}) == 3 * 3 * 3 * 16 + 16);
static_assert(std::is_same_v<Conv2D<16, kernel_size<3>, strides<2>, padding_same, act::relu>::config_type,
                             L::conv_config<2>>);
static_assert(Conv2D<16, kernel_size<3>, strides<2>, padding_same, act::relu>::kernel_size_v == L::conv_dims<2>{3, 3});
static_assert(C16::activation_v == activation_id::relu && C16::padding_v == L::conv_padding::same);
static_assert(Conv2D<4, kernel_size<3>>::infer(Shape{6, 5, 2}).shape == Shape{4, 3, 4});
static_assert(Conv2D<4, kernel_size<3>, no_bias>::param_count(Shape{6, 5, 2}) == 3 * 3 * 2 * 4);
static_assert(Conv2D<4, kernel_size<2, 3>, strides<3, 2>>::infer(Shape{8, 7, 2}).shape == Shape{3, 3, 4});
static_assert(Conv2D<3, kernel_size<3>, dilation_rate<2, 1>, padding_same>::infer(Shape{7, 7, 2}).shape == Shape{7, 7, 3});
static_assert(Conv2D<3, kernel_size<3>, dilation_rate<2>>::infer(Shape{7, 6, 2}).shape == Shape{3, 2, 3});
static_assert(Conv2D<8, kernel_size<3>, groups<2>>::param_count(Shape{5, 5, 4}) == 3 * 3 * 2 * 8 + 8);
static_assert(Conv2D<8, kernel_size<3>>::macs(Shape{5, 5, 4}) == 3 * 3 * 9 * 4 * 8);
// too small for a valid kernel: zero_dimension, with the kernel's extent and the input's length
static_assert(fails_with(Conv2D<4, kernel_size<3>, dilation_rate<2>>::infer(Shape{4, 9, 1}), shape_errc::zero_dimension, 5, 4));
static_assert(Conv2D<4, kernel_size<3>, dilation_rate<2>, padding_same>::infer(Shape{4, 9, 1}).ok());
static_assert(fails_with(Conv2D<4, kernel_size<3>>::infer(Shape{28, 28}), shape_errc::rank_mismatch, 3, 2));
static_assert(fails_with(Conv2D<4, kernel_size<1>, groups<2>>::infer(Shape{5, 5, 3}), shape_errc::not_divisible, 2, 3));

// Conv1D
static_assert(Conv1D<8, kernel_size<3>, padding_causal, dilation_rate<2>>::infer(Shape{10, 4}).shape == Shape{10, 8});
static_assert(Conv1D<8, kernel_size<3>>::infer(Shape{10, 4}).shape == Shape{8, 8});
static_assert(Conv1D<8, kernel_size<4>, strides<2>, padding_same>::infer(Shape{9, 3}).shape == Shape{5, 8});
static_assert(Conv1D<2, kernel_size<2>, strides<2>, padding_causal>::infer(Shape{9, 3}).shape == Shape{5, 2});
static_assert(Conv1D<8, kernel_size<3>>::param_count(Shape{10, 4}) == 3 * 4 * 8 + 8);
static_assert(fails_with(Conv1D<8, kernel_size<3>>::infer(Shape{4, 4, 3}), shape_errc::rank_mismatch, 2, 3));

// DepthwiseConv2D, SeparableConv2D
static_assert(DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, strides<2>, padding_same>::infer(Shape{7, 6, 3}).shape ==
              Shape{4, 3, 6});
static_assert(DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>::param_count(Shape{7, 6, 3}) == 9 * 3 * 2 + 6);
static_assert(DepthwiseConv2D<kernel_size<2, 3>, no_bias>::param_count(Shape{5, 6, 4}) == 6 * 4);
static_assert(SeparableConv2D<4, kernel_size<3>, depth_multiplier<2>>::infer(Shape{6, 6, 3}).shape == Shape{4, 4, 4});
static_assert(SeparableConv2D<4, kernel_size<3>, depth_multiplier<2>>::param_count(Shape{6, 6, 3}) ==
              9 * 3 * 2 + 6 * 4 + 4);

// Conv2DTranspose
static_assert(Conv2DTranspose<4, kernel_size<3>, strides<2>>::infer(Shape{3, 3, 2}).shape == Shape{7, 7, 4});
static_assert(Conv2DTranspose<4, kernel_size<3>, strides<2>, padding_same>::infer(Shape{3, 3, 2}).shape == Shape{6, 6, 4});
static_assert(Conv2DTranspose<4, kernel_size<3>, strides<2>, output_padding<1>>::infer(Shape{3, 3, 2}).shape ==
              Shape{8, 8, 4});
static_assert(Conv2DTranspose<4, kernel_size<3>, strides<2>, padding_same, output_padding<0>>::infer(Shape{3, 3, 2}).shape ==
              Shape{5, 5, 4});
static_assert(Conv2DTranspose<2, kernel_size<2>, strides<3>, padding_same>::infer(Shape{3, 3, 2}).shape == Shape{9, 9, 2});
static_assert(Conv2DTranspose<4, kernel_size<3>>::param_count(Shape{3, 3, 2}) == 9 * 4 * 2 + 4);

// Argument checks, as a model sees them without instantiating the layer.
static_assert(detail::arguments_ok_v<C16>);
static_assert(!detail::arguments_ok_v<Conv2D<0, kernel_size<3>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4>>);                                   // no kernel_size
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3, 3, 3>>>);            // 3 values for 2 axes
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3, 0>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, strides<0>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, padding_causal>>);  // Conv1D's only
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, padding_same, padding_valid>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, act::relu, activation<act::tanh>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, kernel_size<3>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, return_sequences>>);
static_assert(!detail::arguments_ok_v<Conv2D<6, kernel_size<3>, groups<4>>>);        // 4 does not divide 6
static_assert(!detail::arguments_ok_v<Conv2D<6, kernel_size<3>, depth_multiplier<2>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, activation<int>>>);
static_assert(!detail::arguments_ok_v<Conv2D<4, kernel_size<3>, kernel_initializer<int>>>);
static_assert(detail::arguments_ok_v<Conv2D<4, kernel_size<3>, activation<act::tanh>, kernel_initializer<init::he_normal>>>);
static_assert(detail::arguments_ok_v<Conv1D<4, kernel_size<3>, padding_causal, groups<2>>>);
static_assert(!detail::arguments_ok_v<Conv1D<4, kernel_size<3, 3>>>);
static_assert(detail::arguments_ok_v<DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, depthwise_initializer<init::zeros>>>);
static_assert(!detail::arguments_ok_v<DepthwiseConv2D<kernel_size<3>, depth_multiplier<0>>>);
static_assert(!detail::arguments_ok_v<DepthwiseConv2D<kernel_size<3>, kernel_initializer<init::zeros>>>);
static_assert(!detail::arguments_ok_v<SeparableConv2D<4, kernel_size<3>, groups<2>>>);
static_assert(detail::arguments_ok_v<SeparableConv2D<4, kernel_size<3>, pointwise_initializer<init::ones>>>);
static_assert(!detail::arguments_ok_v<Conv2DTranspose<4, kernel_size<3>, strides<2>, output_padding<2>>>);
static_assert(detail::arguments_ok_v<Conv2DTranspose<4, kernel_size<3>, strides<2>, output_padding<1, 0>>>);
static_assert(!detail::arguments_ok_v<Conv2DTranspose<4, kernel_size<3>, groups<2>>>);

// The fixtures' static types (14 of the 27 conv_* fixtures: every layer class and option at least
// once; each costs about 2 s of compile time); layer names are the automatic ones the files use.
using conv_1d_same_strided = Sequential<Input<9, 3>, Conv1D<4, kernel_size<4>, strides<2>, padding_same, act::relu>>;
using conv_1d_causal = Sequential<Input<8, 2>, Conv1D<3, kernel_size<3>, dilation_rate<2>, padding_causal>>;
using conv_2d_valid = Sequential<Input<6, 5, 3>, Conv2D<4, kernel_size<3>, act::tanh>>;
using conv_2d_same_strided = Sequential<Input<7, 6, 3>, Conv2D<4, kernel_size<3, 2>, strides<2>, padding_same, act::relu>>;
using conv_2d_dilated_same = Sequential<Input<7, 7, 2>, Conv2D<3, kernel_size<3>, dilation_rate<2, 1>, padding_same, no_bias>>;
using conv_2d_pointwise = Sequential<Input<4, 5, 3>, Conv2D<4, kernel_size<1>, act::softmax>>;
using conv_2d_stack = Sequential<Input<8, 8, 1>, Conv2D<4, kernel_size<3>, padding_same, act::relu>,
                                 Conv2D<2, kernel_size<3>, strides<2>, act::sigmoid>>;
using conv_depthwise_same_strided =
    Sequential<Input<7, 6, 3>, DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, strides<2>, padding_same, act::relu>>;
using conv_depthwise_dilated =
    Sequential<Input<7, 7, 2>, DepthwiseConv2D<kernel_size<3>, dilation_rate<2>, depth_multiplier<3>, no_bias, padding_same>>;
using conv_depthwise_dilated_valid =
    Sequential<Input<7, 6, 3>, DepthwiseConv2D<kernel_size<2, 3>, dilation_rate<3, 2>, act::relu>>;
using conv_separable_same =
    Sequential<Input<6, 6, 3>, SeparableConv2D<4, kernel_size<3>, depth_multiplier<2>, padding_same, act::relu>>;
using conv_separable_strided = Sequential<Input<7, 8, 2>, SeparableConv2D<3, kernel_size<3, 2>, strides<2>>>;
using conv_separable_dilated =
    Sequential<Input<8, 7, 2>, SeparableConv2D<2, kernel_size<2>, dilation_rate<2>, no_bias, act::tanh>>;
using conv_transpose_valid = Sequential<Input<3, 4, 2>, Conv2DTranspose<3, kernel_size<3>, strides<2>>>;
using conv_transpose_same = Sequential<Input<3, 3, 2>, Conv2DTranspose<2, kernel_size<3>, strides<2>, padding_same, act::relu>>;
/// The small CNN: a strided Conv2D, a SeparableConv2D, a DepthwiseConv2D, Flatten, Dense.
using conv_cnn = Sequential<Input<10, 10, 3>, Conv2D<6, kernel_size<3>, strides<2>, padding_same, act::relu>,
                            SeparableConv2D<8, kernel_size<3>, act::relu>,
                            DepthwiseConv2D<kernel_size<2>, depth_multiplier<2>, act::tanh>, Flatten,
                            Dense<5, act::softmax>>;
static_assert(std::is_same_v<output_shape_t<conv_cnn>, dims<5>>);
static_assert(param_count_v<conv_cnn> == (27 * 6 + 6) + (9 * 6 + 6 * 8 + 8) + (4 * 8 * 2 + 16) + (64 * 5 + 5));
static_assert(std::is_same_v<output_shape_t<conv_transpose_valid>, dims<7, 9, 3>>);
static_assert(std::is_same_v<output_shape_t<conv_1d_causal>, dims<8, 3>>);

using scion::test_fixtures::says;

} // namespace

// ---- TensorFlow.js fixtures read into static model types ------------------------------------------------

BOOST_AUTO_TEST_CASE(conv1d_fixtures_load_into_static_models) {
    check_static_fixture<conv_1d_same_strided>("conv_1d_same_strided", 1e-5f);
    check_static_fixture<conv_1d_causal>("conv_1d_causal", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_fixtures_load_into_static_models) {
    check_static_fixture<conv_2d_valid>("conv_2d_valid", 1e-5f);
    check_static_fixture<conv_2d_same_strided>("conv_2d_same_strided", 1e-5f);
    check_static_fixture<conv_2d_dilated_same>("conv_2d_dilated_same", 1e-5f);
    check_static_fixture<conv_2d_pointwise>("conv_2d_pointwise", 1e-5f);
    check_static_fixture<conv_2d_stack>("conv_2d_stack", 1e-5f);
}
BOOST_AUTO_TEST_CASE(depthwise_and_separable_fixtures_load_into_static_models) {
    check_static_fixture<conv_depthwise_same_strided>("conv_depthwise_same_strided", 1e-5f);
    check_static_fixture<conv_depthwise_dilated_valid>("conv_depthwise_dilated_valid", 1e-5f);
    check_static_fixture<conv_separable_same>("conv_separable_same", 1e-5f);
    check_static_fixture<conv_separable_strided>("conv_separable_strided", 1e-5f);
}
BOOST_AUTO_TEST_CASE(conv2d_transpose_fixtures_load_into_static_models) {
    check_static_fixture<conv_transpose_valid>("conv_transpose_valid", 1e-5f);
    check_static_fixture<conv_transpose_same>("conv_transpose_same", 1e-5f);
}
BOOST_AUTO_TEST_CASE(small_cnn_fixture_loads_into_its_static_type) { check_static_fixture<conv_cnn>("conv_cnn", 1e-5f); }

BOOST_AUTO_TEST_CASE(a_static_type_refuses_a_fixture_of_another_geometry) {
    // conv_2d_same_strided's file holds a (3, 2) kernel with strides 2: the type says (3, 3).
    using wrong = Sequential<Input<7, 6, 3>, Conv2D<4, kernel_size<3>, strides<2>, padding_same, act::relu>>;
    BOOST_CHECK_THROW((void)scion::load_layers_model<wrong>(test_fixtures::layers_dir("conv_2d_same_strided")), scion::error);
}

// ---- static and dynamic twins, clone --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_static_cnn_and_its_dynamic_twin_have_the_same_weights_and_outputs_for_a_seed) {
    const conv_cnn s{seed{11}};
    const d::Sequential m(
        d::Input({10, 10, 3}),
        {d::Conv2D({.filters = 6, .kernel_size = {3}, .strides = {2}, .padding = "same", .activation = "relu"}),
         d::SeparableConv2D({.filters = 8, .kernel_size = {3}, .activation = "relu"}),
         d::DepthwiseConv2D({.kernel_size = {2}, .depth_multiplier = 2, .activation = "tanh"}), d::Flatten(),
         d::Dense({.units = 5, .activation = "softmax"})},
        "sequential", seed{11});
    BOOST_TEST(test_fixtures::bitwise_equal(s.get_weights(), m.get_weights()));
    Tensor in(Shape{2, 10, 10, 3});
    for (std::size_t i = 0; i < in.size(); ++i) in[i] = static_cast<float>(i % 13) / 6.0f - 1.0f;
    BOOST_TEST(test_fixtures::bitwise_equal(std::vector<Tensor>{s.predict(in)}, m.predict({in})));
    BOOST_TEST(m.summary() == s.summary());

    // The static clone: the same type, fresh weights; after copying them, the same outputs.
    auto c = clone_model(s);
    static_assert(std::is_same_v<decltype(c), conv_cnn>);
    BOOST_TEST(!test_fixtures::bitwise_equal(c.get_weights(), s.get_weights()));
    c.set_weights(s.get_weights());
    BOOST_TEST(c.predict(in) == s.predict(in));
    // and the bridge to the dynamic path gives the same JSON the twin writes
    BOOST_TEST(to_dynamic(s).to_json_value() == m.to_json_value());
}

BOOST_AUTO_TEST_CASE(a_static_conv_layer_takes_only_configs_that_match_its_type) {
    using C = Conv2D<4, kernel_size<3>, strides<2>, padding_same, act::relu>;
    auto cfg = C::default_config();
    cfg.name = "mine";
    cfg.kernel_initializer = Initializer::he_normal();
    const C ok(cfg);
    BOOST_TEST(ok.name() == "mine");
    BOOST_TEST(C::from_config(ok.get_config()).get_config() == ok.get_config());
    auto bad = cfg;
    bad.kernel_size = {3, 2};
    BOOST_CHECK_EXCEPTION(C{bad}, config_error,
                          says<config_error>({"Conv2D config does not match the static type", "kernel_size", "[3, 2]", "[3, 3]"}));
    bad = cfg;
    bad.padding = L::conv_padding::valid;
    BOOST_CHECK_EXCEPTION(C{bad}, config_error, says<config_error>({"padding", "'valid'", "'same'"}));
    bad = cfg;
    bad.filters = 5;
    BOOST_CHECK_EXCEPTION(C{bad}, config_error, says<config_error>({"filters", "5", "4"}));
    bad = cfg;
    bad.groups = 2;
    BOOST_CHECK_EXCEPTION(C{bad}, config_error, says<config_error>({"groups"}));

    using D = DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>;
    auto dc = D::default_config();
    dc.depth_multiplier = 3;
    BOOST_CHECK_EXCEPTION(D{dc}, config_error, says<config_error>({"DepthwiseConv2D", "depth_multiplier", "3", "2"}));
    using T = Conv2DTranspose<4, kernel_size<3>, strides<2>, output_padding<1>>;
    auto tc = T::default_config();
    BOOST_TEST((tc.output_padding == std::optional<L::conv_dims<2>>(L::conv_dims<2>{1, 1})));
    tc.output_padding.reset();
    BOOST_CHECK_EXCEPTION(T{tc}, config_error, says<config_error>({"Conv2DTranspose", "output_padding", "null", "[1, 1]"}));
    using S = SeparableConv2D<4, kernel_size<3>, no_bias>;
    auto sc = S::default_config();
    sc.use_bias = true;
    BOOST_CHECK_EXCEPTION(S{sc}, config_error, says<config_error>({"SeparableConv2D", "use_bias"}));
    using One = Conv1D<4, kernel_size<3>, padding_causal>;
    BOOST_CHECK_EXCEPTION((void)One::from_config(Conv1D<4, kernel_size<3>>{}.get_config()), config_error,
                          says<config_error>({"Conv1D", "padding", "'valid'", "'causal'"}));
}

// A named convolution shared by two branches of a functional model: one set of weights.
struct img_a : Input<6, 6, 2> {};
struct img_b : Input<6, 6, 2> {};
struct stem : Conv2D<3, kernel_size<3>, padding_same, act::relu> {};
struct sa : Call<stem, img_a> {};
struct sb : Call<stem, img_b> {};
struct sum : Call<Add, sa, sb> {};
struct up : Call<Conv2DTranspose<2, kernel_size<2>, strides<2>>, sum> {};
using siamese_conv = Functional<Inputs<img_a, img_b>, Outputs<up>>;
static_assert(std::is_same_v<output_shape_t<siamese_conv>, dims<12, 12, 2>>);
static_assert(param_count_v<siamese_conv> == (9 * 2 * 3 + 3) + (4 * 2 * 3 + 2));

BOOST_AUTO_TEST_CASE(a_named_conv2d_shared_by_two_branches_holds_one_set_of_weights) {
    const siamese_conv m{seed{2}};
    BOOST_TEST(m.get_weights().size() == 4u);  // stem's kernel and bias, then the transpose's
    Tensor a(Shape{1, 6, 6, 2}), b(Shape{1, 6, 6, 2});
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = static_cast<float>(i % 5) * 0.2f - 0.4f;
        b[i] = static_cast<float>(i % 7) * 0.1f - 0.3f;
    }
    // One stem on both branches: swapping the inputs leaves the sum, and the output, unchanged.
    const std::vector<Tensor> ab{a, b}, ba{b, a};
    const auto y = m.predict(std::span<const Tensor>(ab));
    BOOST_TEST(y[0].shape() == (Shape{1, 12, 12, 2}));
    BOOST_TEST(test_fixtures::max_error(y[0], m.predict(std::span<const Tensor>(ba))[0]) <= 1e-6f);
    BOOST_TEST(test_fixtures::max_error(y[0], m.predict(std::span<const Tensor>(std::vector<Tensor>{a, a}))[0]) > 1e-3f);
}
