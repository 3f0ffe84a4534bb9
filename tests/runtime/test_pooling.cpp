// tests/runtime/test_pooling.cpp — the pooling family (MaxPooling1D/2D, AveragePooling1D/2D,
// Global{Average,Max}Pooling1D/2D): TF.js fixtures on the dynamic and static paths, shape rules,
// configs (scion's round trip, TF.js's and Keras's forms, Keras's aliases), values computed by
// hand, and errors. The reshaping family's are in test_reshaping.cpp.
#define BOOST_TEST_MODULE pooling
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include <functional>
#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using scion::test_fixtures::check_layers_fixture;
using scion::test_fixtures::check_static_fixture;

namespace {

constexpr float tol = 1e-5f;


using scion::test_fixtures::says;

using scion::test_fixtures::counting_tensor;
using scion::test_fixtures::run_layer;
using scion::test_fixtures::same_values;

} // namespace

// ---- shape rules, at compile time -------------------------------------------------------------------

static_assert(MaxPooling2D<>::infer(Shape{6, 7, 3}).shape == Shape{3, 3, 3});
static_assert(MaxPooling2D<pool_size<3, 2>, strides<2, 1>, padding_same>::infer(Shape{5, 6, 2}).shape == Shape{3, 6, 2});
static_assert(MaxPooling2D<pool_size<3>>::strides_v == std::array<std::size_t, 2>{3, 3});  // strides default: pool_size
static_assert(AveragePooling2D<pool_size<2, 3>, strides<1, 2>>::infer(Shape{5, 7, 2}).shape == Shape{4, 3, 2});
static_assert(AveragePooling2D<pool_size<3>, strides<2>, padding_same>::infer(Shape{6, 5, 3}).shape == Shape{3, 3, 3});
static_assert(MaxPooling1D<>::infer(Shape{7, 3}).shape == Shape{3, 3});
static_assert(MaxPooling1D<pool_size<3>, strides<2>, padding_same>::infer(Shape{8, 3}).shape == Shape{4, 3});
static_assert(AveragePooling1D<pool_size<3>, strides<1>>::infer(Shape{7, 2}).shape == Shape{5, 2});
static_assert(MaxPooling2D<>::param_count(Shape{6, 6, 3}) == 0);
// The window does not fit ("valid"), the rank is wrong.
static_assert(MaxPooling2D<pool_size<3>>::infer(Shape{2, 5, 1}).errc == shape_errc::zero_dimension);
static_assert(MaxPooling2D<pool_size<3>, padding_same>::infer(Shape{2, 5, 1}).shape == Shape{1, 2, 1});
static_assert(MaxPooling2D<>::infer(Shape{6, 6}).errc == shape_errc::rank_mismatch);
static_assert(MaxPooling1D<>::infer(Shape{6, 6, 1}).errc == shape_errc::rank_mismatch);

static_assert(GlobalAveragePooling2D<>::infer(Shape{4, 5, 3}).shape == Shape{3});
static_assert(GlobalMaxPooling2D<keepdims>::infer(Shape{4, 5, 3}).shape == Shape{1, 1, 3});
static_assert(GlobalAveragePooling1D<>::infer(Shape{5, 4}).shape == Shape{4});
static_assert(GlobalMaxPooling1D<keepdims>::infer(Shape{5, 4}).shape == Shape{1, 4});
static_assert(GlobalAveragePooling1D<>::infer(Shape{4, 5, 3}).errc == shape_errc::rank_mismatch);
static_assert(GlobalMaxPooling2D<>::param_count(Shape{4, 5, 3}) == 0);

static_assert(!detail::arguments_ok_v<MaxPooling2D<pool_size<1, 2, 3>>> &&
              !detail::arguments_ok_v<MaxPooling2D<strides<0>>> &&
              !detail::arguments_ok_v<MaxPooling2D<padding_causal>> &&
              !detail::arguments_ok_v<MaxPooling2D<padding_same, padding_valid>> &&
              !detail::arguments_ok_v<MaxPooling1D<pool_size<2, 2>>> &&
              !detail::arguments_ok_v<GlobalAveragePooling2D<padding_same>>);

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

namespace fx {
using pool_max1d = Sequential<Input<7, 3>, MaxPooling1D<>>;
using pool_max1d_same = Sequential<Input<8, 3>, MaxPooling1D<pool_size<3>, strides<2>, padding_same>>;
using pool_avg1d_valid = Sequential<Input<7, 2>, AveragePooling1D<pool_size<3>, strides<1>>>;
using pool_avg1d_same = Sequential<Input<7, 3>, AveragePooling1D<pool_size<3>, strides<2>, padding_same>>;
using pool_max2d_valid = Sequential<Input<6, 7, 3>, MaxPooling2D<>>;
using pool_max2d_same = Sequential<Input<5, 6, 2>, MaxPooling2D<pool_size<3, 2>, strides<2, 1>, padding_same>>;
using pool_avg2d_valid = Sequential<Input<5, 7, 2>, AveragePooling2D<pool_size<2, 3>, strides<1, 2>>>;
using pool_avg2d_same = Sequential<Input<6, 5, 3>, AveragePooling2D<pool_size<3>, strides<2>, padding_same>>;
using pool_avg2d_same_stride1 = Sequential<Input<4, 4, 2>, AveragePooling2D<pool_size<3>, strides<1>, padding_same>>;
using pool_global_avg1d = Sequential<Input<5, 4>, GlobalAveragePooling1D<>>;
using pool_global_max1d = Sequential<Input<5, 4>, GlobalMaxPooling1D<>>;
using pool_global_avg2d = Sequential<Input<4, 5, 3>, GlobalAveragePooling2D<>>;
using pool_global_max2d = Sequential<Input<4, 5, 3>, GlobalMaxPooling2D<>>;
using pool_cnn = Sequential<Input<8, 8, 2>, Dense<4, act::relu>, ZeroPadding2D<1>, MaxPooling2D<>, UpSampling2D<2, 2>,
                            Cropping2D<1, 1, 2, 0>, AveragePooling2D<pool_size<3>, strides<2>, padding_same>,
                            GlobalAveragePooling2D<>, Dense<3, act::softmax>>;

} // namespace fx

#define SCION_POOLING_FIXTURE(name)                                                                                    \
    BOOST_AUTO_TEST_CASE(name) {                                                                                       \
        check_layers_fixture(#name, tol);                                                                              \
        check_static_fixture<fx::name>(#name, tol);                                                                    \
    }

BOOST_AUTO_TEST_SUITE(tfjs_pooling)
SCION_POOLING_FIXTURE(pool_max1d)
SCION_POOLING_FIXTURE(pool_max1d_same)
SCION_POOLING_FIXTURE(pool_avg1d_valid)
SCION_POOLING_FIXTURE(pool_avg1d_same)
SCION_POOLING_FIXTURE(pool_max2d_valid)
SCION_POOLING_FIXTURE(pool_max2d_same)
SCION_POOLING_FIXTURE(pool_avg2d_valid)
SCION_POOLING_FIXTURE(pool_avg2d_same)
SCION_POOLING_FIXTURE(pool_avg2d_same_stride1)
SCION_POOLING_FIXTURE(pool_global_avg1d)
SCION_POOLING_FIXTURE(pool_global_max1d)
SCION_POOLING_FIXTURE(pool_global_avg2d)
SCION_POOLING_FIXTURE(pool_global_max2d)
SCION_POOLING_FIXTURE(pool_cnn)
BOOST_AUTO_TEST_SUITE_END()

// ---- values computed by hand ------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(by_hand)

BOOST_AUTO_TEST_CASE(average_pooling_same_ignores_the_padding) {
    // One row of 4 values, pool 3, stride 1, "same": the end windows hold 2 cells, not 3.
    layers::pooling_config<1> c;
    c.pool_size = {3};
    c.strides = {1};
    c.padding = layers::pool_padding::same;
    const Tensor y = run_layer(layers::AveragePooling1D(c), Shape{4, 1}, Tensor(Shape{1, 4, 1}, {1, 2, 3, 10}));
    BOOST_TEST(same_values(y, {1.5f, 2.0f, 5.0f, 6.5f}));
}

BOOST_AUTO_TEST_CASE(max_pooling_same_pads_below_and_right) {
    // 3x3 input, pool 2, stride 2, "same": the last row and column see only themselves.
    const Tensor y = run_layer(layers::MaxPooling2D([] {
                             layers::pooling_config<2> c;
                             c.padding = layers::pool_padding::same;
                             return c;
                         }()),
                         Shape{3, 3, 1}, counting_tensor(Shape{1, 3, 3, 1}));
    BOOST_TEST(y.shape() == (Shape{1, 2, 2, 1}));
    BOOST_TEST(same_values(y, {4, 5, 7, 8}));
}

BOOST_AUTO_TEST_CASE(global_pooling_keepdims) {
    layers::global_pooling_config c;
    c.keepdims = true;
    const Tensor y = run_layer(layers::GlobalMaxPooling2D(c), Shape{2, 2, 2}, counting_tensor(Shape{1, 2, 2, 2}));
    BOOST_TEST(y.shape() == (Shape{1, 1, 1, 2}));
    BOOST_TEST(same_values(y, {6, 7}));
    const Tensor m = run_layer(layers::GlobalAveragePooling1D({}), Shape{3, 2}, counting_tensor(Shape{2, 3, 2}));
    BOOST_TEST(same_values(m, {2, 3, 8, 9}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- configs ----------------------------------------------------------------------------------------

namespace {

/// get_config -> from_config -> the same JSON, for engine class L.
template <class L>
void check_round_trip(const L& l) {
    const json j = l.get_config();
    BOOST_TEST(L::from_config(j).get_config() == j, L::class_name << ": " << j.dump());
    BOOST_TEST(d::layer_from_config(L::class_name, j).get_config() == j, L::class_name);
}

} // namespace

BOOST_AUTO_TEST_SUITE(configs)

BOOST_AUTO_TEST_CASE(round_trips) {
    layers::pooling_config<2> p2;
    p2.pool_size = {3, 2};
    p2.strides = {1, 2};
    p2.padding = layers::pool_padding::same;
    p2.name = "p";
    check_round_trip(layers::MaxPooling2D(p2));
    check_round_trip(layers::AveragePooling2D(p2));
    layers::pooling_config<1> p1;
    p1.pool_size = {4};
    p1.strides = {3};
    check_round_trip(layers::MaxPooling1D(p1));
    check_round_trip(layers::AveragePooling1D(p1));
    layers::global_pooling_config g;
    check_round_trip(layers::GlobalAveragePooling1D(g));
    check_round_trip(layers::GlobalMaxPooling2D(g));
    g.keepdims = true;
    check_round_trip(layers::GlobalMaxPooling1D(g));
    check_round_trip(layers::GlobalAveragePooling2D(g));
}

BOOST_AUTO_TEST_CASE(writes_tfjs_fields) {
    // The fields TF.js 4.22's model.json has for these layers (see the fixtures).
    const json j = layers::MaxPooling1D({}).get_config();
    BOOST_TEST(j.at("pool_size") == json::array({2}));
    BOOST_TEST(j.at("strides") == json::array({2}));
    BOOST_TEST(j.at("padding") == "valid");
    BOOST_TEST(!j.contains("data_format"));  // TF.js's 1D pooling has none
    BOOST_TEST(layers::MaxPooling2D({}).get_config().at("data_format") == "channels_last");
    BOOST_TEST(!layers::GlobalAveragePooling2D({}).get_config().contains("keepdims"));  // TF.js has no keepdims
}

BOOST_AUTO_TEST_CASE(reads_keras_forms) {
    // Keras's integer shorthands, null strides, upper-case padding, Keras 3's dtype policy object.
    auto m = layers::MaxPooling2D::from_config(json::parse(
        R"({"name": "m", "pool_size": 3, "strides": null, "padding": "SAME", "data_format": "channels_last",
            "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}})"));
    BOOST_TEST((m.config().pool_size == std::array<std::size_t, 2>{3, 3}));
    BOOST_TEST((m.config().strides == std::array<std::size_t, 2>{3, 3}));
    BOOST_TEST((m.config().padding == layers::pool_padding::same));
    auto a = layers::AveragePooling1D::from_config(
        json::parse(R"({"name": "a", "pool_size": [4], "strides": 2, "padding": "valid", "data_format": "channels_last"})"));
    BOOST_TEST(a.config().pool_size[0] == 4u);
    BOOST_TEST(a.config().strides[0] == 2u);
    auto g = layers::GlobalAveragePooling1D::from_config(
        json::parse(R"({"data_format": "channels_last", "keepdims": true})"));
    BOOST_TEST(g.config().keepdims);
    // Keras's aliases of the pooling class names.
    BOOST_TEST(d::layer_from_config("MaxPool2D", json::parse(R"({"name": "x"})")).class_name() == "MaxPooling2D");
    BOOST_TEST(d::layer_from_config("GlobalAvgPool1D", json::object()).class_name() == "GlobalAveragePooling1D");
}

BOOST_AUTO_TEST_CASE(static_types_check_configs) {
    using P = MaxPooling2D<pool_size<3>, padding_same>;
    auto c = P::default_config();
    BOOST_TEST(P(c).get_config() == layers::MaxPooling2D(c).get_config());
    c.strides = {1, 1};
    BOOST_CHECK_EXCEPTION((void)P{c}, config_error, says<config_error>({"MaxPooling2D", "strides is [1, 1]", "[3, 3]"}));
    BOOST_CHECK_EXCEPTION((void)GlobalAveragePooling2D<>::from_config(json::parse(R"({"keepdims": true})")), config_error,
                          says<config_error>({"GlobalAveragePooling2D", "keepdims"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- errors -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(channels_first_names_the_field) {
    const json cf = json::parse(R"({"name": "x", "data_format": "channels_first"})");
    for (const char* cls : {"MaxPooling1D", "AveragePooling1D", "MaxPooling2D", "AveragePooling2D",
                            "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D",
                            "GlobalMaxPooling2D"})
        BOOST_CHECK_EXCEPTION((void)d::layer_from_config(cls, cf), config_error,
                              says<config_error>({cls, "data_format", "channels_first"}));
    BOOST_CHECK_EXCEPTION((void)d::MaxPooling2D({.data_format = "channels_first", .name = "pool"}), config_error,
                          says<config_error>({"MaxPooling2D layer 'pool'", "data_format"}));
}

BOOST_AUTO_TEST_CASE(unsupported_options_name_the_field) {
    BOOST_CHECK_EXCEPTION((void)layers::MaxPooling1D::from_config(json::parse(R"({"padding": "causal"})")), config_error,
                          says<config_error>({"MaxPooling1D config", "padding", "causal"}));
    BOOST_CHECK_EXCEPTION((void)layers::MaxPooling2D::from_config(json::parse(R"({"pool_size": [2, 2, 2]})")),
                          config_error, says<config_error>({"MaxPooling2D config", "pool_size"}));
    BOOST_CHECK_EXCEPTION((void)layers::MaxPooling2D::from_config(json::parse(R"({"strides": [0, 1]})")),
                          config_error, says<config_error>({"MaxPooling2D layer", "strides"}));
    BOOST_CHECK_EXCEPTION((void)d::MaxPooling2D({.pool_size = {1, 2, 3}, .name = "pool"}), config_error,
                          says<config_error>({"MaxPooling2D layer 'pool'", "pool_size"}));
    BOOST_CHECK_EXCEPTION((void)d::AveragePooling1D({.padding = "full", .name = "avg"}), config_error,
                          says<config_error>({"AveragePooling1D layer 'avg'", "padding", "full"}));
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer) {
    auto x = d::Input({2, 5, 1}, "x");
    BOOST_CHECK_EXCEPTION((void)d::MaxPooling2D({.pool_size = {3}, .name = "pool"})(x), shape_error,
                          says<shape_error>({"MaxPooling2D layer 'pool'", "(None, 2, 5, 1)", "pool_size 3", "valid"}));
    BOOST_CHECK_EXCEPTION((void)d::GlobalAveragePooling1D({.name = "gap"})(x), shape_error,
                          says<shape_error>({"GlobalAveragePooling1D layer 'gap'", "rank 2"}));
    BOOST_CHECK_EXCEPTION((void)d::MaxPooling1D({.name = "mp"})(x), shape_error,
                          says<shape_error>({"MaxPooling1D layer 'mp'", "rank 2"}));
}

BOOST_AUTO_TEST_SUITE_END()

