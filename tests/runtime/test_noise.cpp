// tests/runtime/test_noise.cpp — the noise family, SpatialDropout1D/2D/3D, GaussianNoise and
// GaussianDropout: compile-time shape rules; the TF.js fixtures noise_* (the identity at inference)
// on the dynamic path and as declared static types; static and dynamic twins from one seed, in
// training mode too; configs (round trips, TF.js's JSON, Keras's forms, what is refused, what
// contradicts a static type); errors; the seeded training-mode noise, checked by hand.
// Part of the program test_normalization_embedding_activations_noise (see family_checks.hpp).
#include "family_checks.hpp"

#include <cmath>
#include <ratio>
#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using namespace scion::test_families;

BOOST_AUTO_TEST_SUITE(noise)

namespace {

// ---- compile-time shape rules and parameter counts -------------------------------------------------

static_assert(SpatialDropout1D<std::ratio<1, 5>>::infer(Shape{5, 4}).shape == Shape{5, 4});
static_assert(SpatialDropout1D<std::ratio<1, 5>>::infer(Shape{5}).errc == shape_errc::rank_mismatch);
static_assert(SpatialDropout2D<std::ratio<1, 5>>::infer(Shape{3, 3, 2}).ok());
static_assert(SpatialDropout2D<std::ratio<1, 5>>::infer(Shape{3, 2}).errc == shape_errc::rank_mismatch);
static_assert(SpatialDropout3D<std::ratio<1, 5>>::infer(Shape{2, 3, 3, 2}).ok());
static_assert(GaussianNoise<std::ratio<1, 2>>::param_count(Shape{6}) == 0);
static_assert(GaussianDropout<std::ratio<3, 10>>::infer(Shape{6}).shape == Shape{6});

// ---- the fixtures' static types ----------------------------------------------------------------------

using noise_spatial_dropout1d = Sequential<Input<5, 4>, SpatialDropout1D<std::ratio<3, 10>>, Dense<3>>;
using noise_gaussian_noise = Sequential<Input<6>, GaussianNoise<std::ratio<1, 2>>, Dense<2>>;
using noise_gaussian_dropout = Sequential<Input<6>, GaussianDropout<std::ratio<3, 10>>, Dense<2>>;

// ---- a static model and its dynamic twin ----

using Static = Sequential<Input<5, 4>, SpatialDropout1D<std::ratio<1, 2>>, GaussianNoise<std::ratio<1, 4>>,
                          GaussianDropout<std::ratio<1, 5>>, Flatten, Dense<3>>;

d::Sequential dynamic_twin(seed s) {
    return d::Sequential(d::Input(Shape{5, 4}),
                         {d::SpatialDropout1D({.rate = 0.5}), d::GaussianNoise({.stddev = 0.25}),
                          d::GaussianDropout({.rate = 0.2}), d::Flatten(), d::Dense({.units = 3})},
                         "sequential", s);
}

} // namespace

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

BOOST_AUTO_TEST_SUITE(tfjs_identity_at_inference)
BOOST_AUTO_TEST_CASE(spatial_dropout1d) { both_paths<noise_spatial_dropout1d>("noise_spatial_dropout1d"); }
BOOST_AUTO_TEST_CASE(gaussian_noise) { both_paths<noise_gaussian_noise>("noise_gaussian_noise"); }
BOOST_AUTO_TEST_CASE(gaussian_dropout) { both_paths<noise_gaussian_dropout>("noise_gaussian_dropout"); }
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(noise_layers_are_the_identity_at_inference) {
    const Tensor x = ramp(Shape{2, 3, 3, 2});
    SpatialDropout2D<std::ratio<1, 2>> sd;
    BOOST_TEST(run(sd, x) == x);
    GaussianNoise<std::ratio<1>> gn;
    BOOST_TEST(run(gn, x) == x);
    GaussianDropout<std::ratio<1, 2>> gd;
    BOOST_TEST(run(gd, x) == x);
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    allocates_nothing(layers::SpatialDropout2D({{}, 0.5, {}}), Shape{3, 3, 4}, "SpatialDropout2D");
    allocates_nothing(layers::GaussianNoise({{}, 0.5, {}}), Shape{5, 4}, "GaussianNoise");
    allocates_nothing(layers::GaussianDropout({{}, 0.5, {}}), Shape{5, 4}, "GaussianDropout");
}

// ---- the static and the dynamic path: the same noise for a training context ---------------------------

BOOST_AUTO_TEST_CASE(static_and_dynamic_twins_agree) { check_twins<Static>(dynamic_twin, ramp(Shape{3, 5, 4}), true); }

// ---- configs -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(get_config_then_from_config_round_trips) {
    round_trips(layers::SpatialDropout1D({{}, 0.25, 7}));
    round_trips(layers::SpatialDropout2D({{}, 0.25, {}}));
    round_trips(layers::SpatialDropout3D({{}, 0.5, {}}));
    round_trips(layers::GaussianNoise({{}, 0.3, 2}));
    round_trips(layers::GaussianDropout({{}, 0.3, {}}));
    // The DSL types too: from_config gives the same static type back.
    round_trips(SpatialDropout2D<std::ratio<1, 4>>());
    round_trips(GaussianNoise<std::ratio<1, 10>>());
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const auto s = layers::SpatialDropout1D::config_from_json(
        config_of(test_fixtures::read_json("layers/noise_spatial_dropout1d/model.json"), "spatial_dropout1d"));
    BOOST_TEST(std::fabs(s.rate - 0.3) < 1e-7);
}

BOOST_AUTO_TEST_CASE(keras_forms_are_read) {
    const auto sd = layers::SpatialDropout2D::config_from_json(
        json::parse(R"({"name": "s", "rate": 0.2, "seed": null, "data_format": "channels_last"})"));
    BOOST_TEST(sd.rate == 0.2);
}

BOOST_AUTO_TEST_CASE(unsupported_options_are_refused_naming_the_field) {
    BOOST_CHECK_EXCEPTION((void)layers::SpatialDropout2D::config_from_json(
                              json::parse(R"({"rate": 0.1, "data_format": "channels_first"})")),
                          config_error, says<config_error>({"SpatialDropout2D config", "data_format"}));
}

BOOST_AUTO_TEST_CASE(values_out_of_range_are_refused_naming_the_layer) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)d::SpatialDropout1D({.rate = 1.0, .name = "s"}), E,
                          says<E>({"SpatialDropout1D layer 's'", "rate"}));
    BOOST_CHECK_EXCEPTION((void)d::GaussianNoise({.stddev = -0.1, .name = "g"}), E,
                          says<E>({"GaussianNoise layer 'g'", "stddev"}));
    BOOST_CHECK_EXCEPTION((void)d::GaussianDropout({.rate = -0.1, .name = "g"}), E,
                          says<E>({"GaussianDropout layer 'g'", "rate"}));
}

BOOST_AUTO_TEST_CASE(a_config_that_contradicts_the_static_type_is_refused) {
    BOOST_CHECK_EXCEPTION((void)(SpatialDropout1D<std::ratio<1, 2>>(layers::spatial_dropout_config{{}, 0.25, {}})),
                          config_error, says<config_error>({"SpatialDropout1D", "rate"}));
}

// ---- run-time errors ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(shapes_a_layer_cannot_take_name_the_layer) {
    BOOST_CHECK_EXCEPTION((void)d::SpatialDropout2D({.rate = 0.1, .name = "sd"})(d::Input(Shape{5, 4})), shape_error,
                          says<shape_error>({"SpatialDropout2D layer 'sd'", "rank 3"}));
}

// ---- training mode -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(training_mode)

BOOST_AUTO_TEST_CASE(spatial_dropout_drops_whole_channels_reproducibly) {
    const Tensor x = ramp(Shape{4, 3, 5, 8});  // batch 4, 3x5 positions, 8 channels
    SpatialDropout2D<std::ratio<1, 2>> sd;
    const layers::call_context ctx{.training = true, .seed = 9, .step = 0};
    const Tensor y = run(sd, x, ctx, "spatial_dropout2d");
    std::size_t dropped = 0;
    for (std::size_t b = 0; b < 4; ++b)
        for (std::size_t c = 0; c < 8; ++c) {
            std::size_t zeros = 0, kept = 0;
            for (std::size_t p = 0; p < 15; ++p) {
                const std::size_t i = (b * 15 + p) * 8 + c;
                if (y[i] == 0.0f) ++zeros;
                else if (std::fabs(y[i] - 2.0f * x[i]) <= 1e-6f) ++kept;
            }
            BOOST_TEST((zeros == 15 || kept == 15), "sample " << b << " channel " << c);
            dropped += zeros == 15;
        }
    BOOST_TEST(dropped > 4u);
    BOOST_TEST(dropped < 28u);
    BOOST_TEST(run(sd, x, ctx, "spatial_dropout2d") == y);                          // reproducible
    BOOST_TEST(run(sd, x, {.training = true, .seed = 9, .step = 1}, "spatial_dropout2d") != y);  // another step
    BOOST_TEST(run(sd, x, {.training = true, .seed = 10, .step = 0}, "spatial_dropout2d") != y);  // another seed
    // The layer's own seed overrides the context's.
    layers::SpatialDropout2D own({{}, 0.5, 77});
    BOOST_TEST(run(own, x, {.training = true, .seed = 1}, "s") == run(own, x, {.training = true, .seed = 2}, "s"));
}

BOOST_AUTO_TEST_CASE(spatial_dropout1d_masks_per_sample_and_channel) {
    const Tensor x = ramp(Shape{3, 6, 4});
    layers::SpatialDropout1D sd({{}, 0.25, {}});
    const Tensor y = run(sd, x, {.training = true, .seed = 3}, "spatial_dropout1d");
    for (std::size_t b = 0; b < 3; ++b)
        for (std::size_t c = 0; c < 4; ++c) {
            const bool drop = y[(b * 6) * 4 + c] == 0.0f;
            for (std::size_t t = 0; t < 6; ++t) {
                const std::size_t i = (b * 6 + t) * 4 + c;
                BOOST_TEST(std::fabs(y[i] - (drop ? 0.0f : x[i] / 0.75f)) <= 1e-6f);
            }
        }
}

BOOST_AUTO_TEST_CASE(gaussian_noise_adds_seeded_normal_noise) {
    const Tensor x(Shape{40, 250});  // zeros: the output is the noise
    GaussianNoise<std::ratio<1, 2>> gn;
    const layers::call_context ctx{.training = true, .seed = 4, .step = 3};
    const Tensor y = run(gn, x, ctx, "gaussian_noise");
    // The noise is random_stream::normal's draw for (seed ^ mix(step + 1), layer path).
    std::vector<float> want(x.size());
    random_stream(seed{4 ^ scion::detail::mix64(4)}, "gaussian_noise").normal(want, 0.0f, 0.5f);
    for (std::size_t i = 0; i < 8; ++i) BOOST_TEST(std::fabs(y[i] - want[i]) <= 1e-6f);
    double s = 0, q = 0;
    for (float v : y.values()) s += v, q += double(v) * v;
    const double mean = s / double(y.size()), sd = std::sqrt(q / double(y.size()) - mean * mean);
    BOOST_TEST(std::fabs(mean) < 0.02);
    BOOST_TEST(std::fabs(sd - 0.5) < 0.02);
    BOOST_TEST(run(gn, x, ctx, "gaussian_noise") == y);
}

BOOST_AUTO_TEST_CASE(gaussian_dropout_multiplies_by_seeded_noise_around_1) {
    Tensor x(Shape{40, 250});
    for (float& v : x.values()) v = 2.0f;
    GaussianDropout<std::ratio<1, 5>> gd;  // stddev sqrt(0.2 / 0.8) = 0.5
    const Tensor y = run(gd, x, {.training = true, .seed = 8}, "gaussian_dropout");
    double s = 0, q = 0;
    for (float v : y.values()) s += v / 2.0, q += (v / 2.0) * (v / 2.0);
    const double mean = s / double(y.size()), sd = std::sqrt(q / double(y.size()) - mean * mean);
    BOOST_TEST(std::fabs(mean - 1.0) < 0.02);
    BOOST_TEST(std::fabs(sd - 0.5) < 0.02);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE_END()
