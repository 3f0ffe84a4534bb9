// tests/runtime/test_reshaping.cpp — the reshaping family (ZeroPadding2D, Cropping2D, UpSampling2D,
// RepeatVector, Permute): TF.js fixtures (and a sequence model with pooling layers) on the dynamic
// and static paths, shape rules, configs (scion's round trip, TF.js's and Keras's forms), values
// computed by hand, errors, and the dynamic factories of the reshaping and pooling layers against
// their static twins. The pooling family's own tests are in test_pooling.cpp.
#define BOOST_TEST_MODULE reshaping
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include <cmath>
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

/// get_config -> from_config -> the same JSON, for engine class L.
template <class L>
void check_round_trip(const L& l) {
    const json j = l.get_config();
    BOOST_TEST(L::from_config(j).get_config() == j, L::class_name << ": " << j.dump());
    BOOST_TEST(d::layer_from_config(L::class_name, j).get_config() == j, L::class_name);
}

} // namespace

// ---- shape rules, at compile time -------------------------------------------------------------------

static_assert(ZeroPadding2D<>::infer(Shape{3, 4, 2}).shape == Shape{5, 6, 2});
static_assert(ZeroPadding2D<1, 2>::infer(Shape{3, 4, 2}).shape == Shape{5, 8, 2});
static_assert(ZeroPadding2D<1, 2, 0, 3>::infer(Shape{3, 4, 2}).shape == Shape{6, 7, 2});
static_assert(ZeroPadding2D<1, 2, 0, 3>::padding == layers::sides2d{{{1, 2}, {0, 3}}});
static_assert(Cropping2D<1, 0, 2, 1>::infer(Shape{5, 6, 2}).shape == Shape{4, 3, 2});
static_assert(Cropping2D<>::infer(Shape{5, 6, 2}).shape == Shape{5, 6, 2});
static_assert(Cropping2D<2, 3>::infer(Shape{5, 6, 2}).errc == shape_errc::zero_dimension);  // nothing left
static_assert(UpSampling2D<>::infer(Shape{3, 4, 2}).shape == Shape{6, 8, 2});
static_assert(UpSampling2D<2, 3, interpolation_bilinear>::infer(Shape{3, 4, 2}).shape == Shape{6, 12, 2});
static_assert(UpSampling2D<3>::size == std::array<std::size_t, 2>{3, 3});
static_assert(UpSampling2D<>::infer(Shape{3, 4}).errc == shape_errc::rank_mismatch);
static_assert(RepeatVector<3>::infer(Shape{5}).shape == Shape{3, 5});
static_assert(RepeatVector<3>::infer(Shape{5, 2}).errc == shape_errc::rank_mismatch);
static_assert(Permute<2, 1>::infer(Shape{4, 3}).shape == Shape{3, 4});
static_assert(Permute<3, 1, 2>::infer(Shape{2, 3, 4}).shape == Shape{4, 2, 3});
static_assert(Permute<2, 1>::infer(Shape{2, 3, 4}).errc == shape_errc::rank_mismatch);
static_assert(Permute<3, 1, 2>::param_count(Shape{2, 3, 4}) == 0);
static_assert(!detail::arguments_ok_v<Permute<1, 1>> && !detail::arguments_ok_v<Permute<0, 1>> &&
              detail::arguments_ok_v<Permute<1>>);
static_assert(!detail::arguments_ok_v<ZeroPadding2D<1, 2, 3>> && !detail::arguments_ok_v<UpSampling2D<0>> &&
              !detail::arguments_ok_v<RepeatVector<0>>);

// A whole model's shapes.
using seq_model = Sequential<Input<6>, RepeatVector<4>, Permute<2, 1>, MaxPooling1D<>, GlobalAveragePooling1D<>>;
static_assert(seq_model::output_shape<0> == Shape{4});

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

namespace fx {
using reshape_zero_padding2d = Sequential<Input<3, 4, 2>, ZeroPadding2D<1, 2, 0, 3>>;
using reshape_zero_padding2d_int = Sequential<Input<2, 3, 2>, ZeroPadding2D<2>>;
using reshape_cropping2d = Sequential<Input<5, 6, 2>, Cropping2D<1, 0, 2, 1>>;
using reshape_upsampling2d_nearest = Sequential<Input<3, 4, 2>, UpSampling2D<2, 3>>;
using reshape_upsampling2d_bilinear = Sequential<Input<3, 4, 2>, UpSampling2D<2, 3, interpolation_bilinear>>;
using reshape_upsampling2d_bilinear3 = Sequential<Input<4, 5, 1>, UpSampling2D<3, 3, interpolation_bilinear>>;
using reshape_repeat_vector = Sequential<Input<5>, RepeatVector<3>>;
using reshape_permute_2d = Sequential<Input<4, 3>, Permute<2, 1>>;
using reshape_permute_3d = Sequential<Input<2, 3, 4>, Permute<3, 1, 2>>;
using reshape_sequence =
    Sequential<Input<6>, Dense<8, act::tanh>, RepeatVector<4>, Permute<2, 1>, Dense<5>,
               AveragePooling1D<pool_size<3>, strides<2>, padding_same>, MaxPooling1D<>, GlobalMaxPooling1D<>, Dense<2>>;
} // namespace fx

#define SCION_RESHAPING_FIXTURE(name)                                                                                    \
    BOOST_AUTO_TEST_CASE(name) {                                                                                       \
        check_layers_fixture(#name, tol);                                                                              \
        check_static_fixture<fx::name>(#name, tol);                                                                    \
    }

BOOST_AUTO_TEST_SUITE(tfjs_reshaping)
SCION_RESHAPING_FIXTURE(reshape_zero_padding2d)
SCION_RESHAPING_FIXTURE(reshape_zero_padding2d_int)
SCION_RESHAPING_FIXTURE(reshape_cropping2d)
SCION_RESHAPING_FIXTURE(reshape_upsampling2d_nearest)
SCION_RESHAPING_FIXTURE(reshape_upsampling2d_bilinear)
SCION_RESHAPING_FIXTURE(reshape_upsampling2d_bilinear3)
SCION_RESHAPING_FIXTURE(reshape_repeat_vector)
SCION_RESHAPING_FIXTURE(reshape_permute_2d)
SCION_RESHAPING_FIXTURE(reshape_permute_3d)
SCION_RESHAPING_FIXTURE(reshape_sequence)
BOOST_AUTO_TEST_SUITE_END()

// ---- values computed by hand ------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(by_hand)

BOOST_AUTO_TEST_CASE(padding_cropping_upsampling_move_values) {
    layers::zero_padding2d_config p;
    p.padding = {{{1, 0}, {0, 1}}};
    BOOST_TEST(same_values(run_layer(layers::ZeroPadding2D(p), Shape{2, 2, 1}, counting_tensor(Shape{1, 2, 2, 1})),
                           {0, 0, 0, 0, 1, 0, 2, 3, 0}));
    layers::cropping2d_config c;
    c.cropping = {{{1, 0}, {0, 1}}};
    BOOST_TEST(same_values(run_layer(layers::Cropping2D(c), Shape{3, 3, 1}, counting_tensor(Shape{1, 3, 3, 1})), {3, 4, 6, 7}));
    layers::upsampling2d_config u;
    u.size = {1, 2};
    BOOST_TEST(same_values(run_layer(layers::UpSampling2D(u), Shape{1, 2, 1}, counting_tensor(Shape{1, 1, 2, 1})), {0, 0, 1, 1}));
    // Bilinear, TF.js's way: positions 0, 0.5, 1, 1.5 -> the last one clamps to the edge value.
    u.interpolation = layers::upsampling_interpolation::bilinear;
    BOOST_TEST(same_values(run_layer(layers::UpSampling2D(u), Shape{1, 2, 1}, Tensor(Shape{1, 1, 2, 1}, {2, 4})),
                           {2, 3, 4, 4}));
}

BOOST_AUTO_TEST_CASE(repeat_vector_and_permute_move_values) {
    layers::repeat_vector_config r;
    r.n = 2;
    BOOST_TEST(same_values(run_layer(layers::RepeatVector(r), Shape{3}, counting_tensor(Shape{1, 3})), {0, 1, 2, 0, 1, 2}));
    layers::permute_config p;
    p.dims = {2, 3, 1};  // (2, 3, 4) -> (3, 4, 2): y[i, j, k] = x[k, i, j]
    const Tensor y = run_layer(layers::Permute(p), Shape{2, 3, 4}, counting_tensor(Shape{1, 2, 3, 4}));
    BOOST_TEST(y.shape() == (Shape{1, 3, 4, 2}));
    BOOST_TEST(y[0] == 0.0f);
    BOOST_TEST(y[1] == 12.0f);                 // x[1, 0, 0]
    BOOST_TEST(y[2] == 1.0f);                  // x[0, 0, 1]
    BOOST_TEST(y[(2 * 4 + 3) * 2 + 1] == 23);  // y[2, 3, 1] = x[1, 2, 3]
}

BOOST_AUTO_TEST_SUITE_END()

// ---- configs ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(configs)

BOOST_AUTO_TEST_CASE(round_trips) {
    layers::zero_padding2d_config z;
    z.padding = {{{0, 1}, {2, 3}}};
    check_round_trip(layers::ZeroPadding2D(z));
    layers::cropping2d_config c;
    c.cropping = {{{3, 1}, {2, 0}}};
    check_round_trip(layers::Cropping2D(c));
    layers::upsampling2d_config u;
    u.size = {2, 5};
    u.interpolation = layers::upsampling_interpolation::bilinear;
    check_round_trip(layers::UpSampling2D(u));
    layers::repeat_vector_config r;
    r.n = 7;
    check_round_trip(layers::RepeatVector(r));
    layers::permute_config pm;
    pm.dims = {3, 1, 2};
    check_round_trip(layers::Permute(pm));
}

BOOST_AUTO_TEST_CASE(writes_tfjs_fields) {
    // The fields TF.js 4.22's model.json has for these layers (see the fixtures).
    BOOST_TEST(layers::ZeroPadding2D({}).get_config().at("padding") == json::parse("[[1, 1], [1, 1]]"));
    BOOST_TEST(layers::UpSampling2D({}).get_config().at("interpolation") == "nearest");
}

BOOST_AUTO_TEST_CASE(reads_keras_forms) {
    // Keras's integer shorthands.
    auto z = layers::ZeroPadding2D::from_config(json::parse(R"({"padding": [1, 2]})"));
    BOOST_TEST((z.config().padding == layers::sides2d{{{1, 1}, {2, 2}}}));
    auto c = layers::Cropping2D::from_config(json::parse(R"({"cropping": 2})"));
    BOOST_TEST((c.config().cropping == layers::sides2d{{{2, 2}, {2, 2}}}));
    auto u = layers::UpSampling2D::from_config(json::parse(R"({"size": 3})"));
    BOOST_TEST((u.config().size == std::array<std::size_t, 2>{3, 3}));
}

BOOST_AUTO_TEST_CASE(static_types_check_configs) {
    BOOST_CHECK_EXCEPTION((void)ZeroPadding2D<1>::from_config(json::parse(R"({"padding": 2})")), config_error,
                          says<config_error>({"ZeroPadding2D", "padding is [[2, 2], [2, 2]]"}));
    BOOST_CHECK_EXCEPTION((void)UpSampling2D<2>::from_config(json::parse(R"({"interpolation": "bilinear"})")), config_error,
                          says<config_error>({"UpSampling2D", "interpolation"}));
    BOOST_CHECK_EXCEPTION((void)(Permute<2, 1>::from_config(json::parse(R"({"dims": [1, 2]})"))), config_error,
                          says<config_error>({"Permute", "dims is [1, 2]"}));
    BOOST_CHECK_EXCEPTION((void)RepeatVector<3>::from_config(json::parse(R"({"n": 4})")), config_error,
                          says<config_error>({"RepeatVector", "n is 4"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- errors -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(channels_first_names_the_field) {
    const json cf = json::parse(R"({"name": "x", "data_format": "channels_first"})");
    for (const char* cls : {"ZeroPadding2D", "Cropping2D", "UpSampling2D"})
        BOOST_CHECK_EXCEPTION((void)d::layer_from_config(cls, cf), config_error,
                              says<config_error>({cls, "data_format", "channels_first"}));
    BOOST_CHECK_EXCEPTION((void)d::UpSampling2D({.data_format = "channels_first", .name = "up"}), config_error,
                          says<config_error>({"UpSampling2D layer 'up'", "data_format"}));
}

BOOST_AUTO_TEST_CASE(unsupported_options_name_the_field) {
    BOOST_CHECK_EXCEPTION((void)layers::UpSampling2D::from_config(json::parse(R"({"interpolation": "bicubic"})")),
                          config_error, says<config_error>({"UpSampling2D config", "interpolation", "bicubic"}));
    BOOST_CHECK_EXCEPTION((void)layers::ZeroPadding2D::from_config(json::parse(R"({"padding": [[1, 2, 3], [0, 0]]})")),
                          config_error, says<config_error>({"ZeroPadding2D config", "padding"}));
    BOOST_CHECK_EXCEPTION((void)layers::Cropping2D::from_config(json::parse(R"({"cropping": -1})")), config_error,
                          says<config_error>({"Cropping2D config", "cropping"}));
    BOOST_CHECK_EXCEPTION((void)layers::Permute::from_config(json::parse(R"({"name": "p", "dims": [0, 1]})")),
                          config_error, says<config_error>({"Permute layer 'p'", "dims", "[0, 1]"}));
    BOOST_CHECK_EXCEPTION((void)layers::RepeatVector::from_config(json::parse(R"({"name": "r", "n": 0})")),
                          config_error, says<config_error>({"RepeatVector layer 'r'", "n"}));
    BOOST_CHECK_EXCEPTION((void)layers::RepeatVector::from_config(json::parse(R"({"name": "r"})")), config_error,
                          says<config_error>({"RepeatVector config", "'n'"}));
    BOOST_CHECK_EXCEPTION((void)d::ZeroPadding2D({.padding = {1, 2, 3}, .name = "pad"}), config_error,
                          says<config_error>({"ZeroPadding2D layer 'pad'", "padding"}));
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer) {
    auto x = d::Input({2, 5, 1}, "x");
    BOOST_CHECK_EXCEPTION((void)d::Cropping2D({.cropping = {1, 0}, .name = "crop"})(x), shape_error,
                          says<shape_error>({"Cropping2D layer 'crop'", "(None, 2, 5, 1)", "cropping 2"}));
    BOOST_CHECK_EXCEPTION((void)d::RepeatVector({.n = 2, .name = "rep"})(x), shape_error,
                          says<shape_error>({"RepeatVector layer 'rep'", "rank 1", "rank 3"}));
    BOOST_CHECK_EXCEPTION((void)d::Permute({.dims = {2, 1}, .name = "perm"})(x), shape_error,
                          says<shape_error>({"Permute layer 'perm'", "rank 2", "rank 3"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the dynamic factories against the static types -------------------------------------------------

BOOST_AUTO_TEST_CASE(dynamic_factories_are_the_static_types_twins) {
    using S = Sequential<Input<6, 6, 2>, Dense<3>, ZeroPadding2D<1, 0, 2, 1>, MaxPooling2D<pool_size<2>, padding_same>,
                         UpSampling2D<2, 1, interpolation_bilinear>, Cropping2D<1, 1>,
                         AveragePooling2D<pool_size<3, 2>, strides<1>>, GlobalMaxPooling2D<keepdims>, Flatten,
                         RepeatVector<3>, Permute<2, 1>, AveragePooling1D<pool_size<2>, strides<1>, padding_same>,
                         MaxPooling1D<>, GlobalAveragePooling1D<>, Dense<2>>;
    d::Sequential q("sequential", seed{5});
    q.add(d::Input({6, 6, 2}));
    q.add(d::Dense({.units = 3}));
    q.add(d::ZeroPadding2D({.padding = {1, 0, 2, 1}}));
    q.add(d::MaxPooling2D({.pool_size = {2}, .padding = "same"}));
    q.add(d::UpSampling2D({.size = {2, 1}, .interpolation = "bilinear"}));
    q.add(d::Cropping2D({.cropping = {1, 1}}));
    q.add(d::AveragePooling2D({.pool_size = {3, 2}, .strides = {1}}));
    q.add(d::GlobalMaxPooling2D({.keepdims = true}));
    q.add(d::Flatten());
    q.add(d::RepeatVector({.n = 3}));
    q.add(d::Permute({.dims = {2, 1}}));
    q.add(d::AveragePooling1D({.pool_size = 2, .strides = 1, .padding = "same"}));
    q.add(d::MaxPooling1D());
    q.add(d::GlobalAveragePooling1D());
    q.add(d::Dense({.units = 2}));
    const S s{seed{5}};
    BOOST_TEST(q.summary() == s.summary());
    BOOST_TEST(q.to_json() == to_dynamic(s).to_json());
    Tensor x(Shape{2, 6, 6, 2});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * static_cast<float>(i));
    const Tensor ys = s.predict(x);
    const Tensor yd = q.predict(std::vector<Tensor>{x})[0];
    BOOST_TEST(scion::test_fixtures::bitwise_equal({ys}, {yd}));
    // Cast back: the dynamic model is the static type.
    const S back = model_cast<S>(d::Model(q));
    BOOST_TEST(scion::test_fixtures::bitwise_equal({back.predict(x)}, {ys}));
}
