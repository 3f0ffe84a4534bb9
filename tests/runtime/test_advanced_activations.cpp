// tests/runtime/test_advanced_activations.cpp — the activation layers with parameters, ReLU,
// LeakyReLU, PReLU, ELU and Softmax: compile-time shape rules and parameter counts; the TF.js
// fixtures act_* on the dynamic path and as declared static types; what TF.js cannot run (ReLU's
// negative_slope and threshold, ELU's alpha, Softmax on other axes, PReLU's shared axes) by hand;
// static and dynamic twins from one seed; configs (round trips, TF.js's JSON, Keras 3's forms,
// what is refused, what contradicts a static type); errors.
// Part of the program test_normalization_embedding_activations_noise (see family_checks.hpp).
#include "family_checks.hpp"

#include <cmath>
#include <ratio>
#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using namespace scion::test_families;

BOOST_AUTO_TEST_SUITE(advanced_activations)

namespace {

// ---- compile-time shape rules and parameter counts -------------------------------------------------

static_assert(PReLU<>::param_count(Shape{3, 4}) == 12);
static_assert(PReLU<shared_axes<1, 2>>::param_count(Shape{4, 4, 3}) == 3);
static_assert(PReLU<shared_axes<2>>::param_count(Shape{3, 4, 2}) == 6);
static_assert(PReLU<shared_axes<3>>::infer(Shape{3, 4}).errc == shape_errc::bad_axis);
static_assert(ReLU<max_value<std::ratio<6>>>::infer(Shape{2, 3}).shape == Shape{2, 3});
static_assert(ReLU<>::param_count(Shape{9}) == 0 && LeakyReLU<>::param_count(Shape{9}) == 0);
static_assert(ELU<>::infer(Shape{9}).shape == Shape{9});
static_assert(Softmax<>::infer(Shape{4, 6}).ok() && Softmax<1, 2>::infer(Shape{4, 6}).ok());
static_assert(Softmax<3>::infer(Shape{4, 6}).errc == shape_errc::bad_axis);

// ---- the fixtures' static types ----------------------------------------------------------------------

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

// ---- a static model and its dynamic twin ----

using Static = Sequential<Input<5, 4>, PReLU<shared_axes<1>, alpha_initializer<init::random_uniform<>>>,
                          ReLU<max_value<std::ratio<3, 2>>>, LeakyReLU<>, ELU<std::ratio<1, 2>>, Softmax<1>, Flatten,
                          Dense<3>>;

d::Sequential dynamic_twin(seed s) {
    return d::Sequential(d::Input(Shape{5, 4}),
                         {d::PReLU({.alpha_initializer = Initializer::random_uniform(), .shared_axes = {1}}),
                          d::ReLU({.max_value = 1.5}), d::LeakyReLU(), d::ELU({.alpha = 0.5}),
                          d::Softmax({.axis = {1}}), d::Flatten(), d::Dense({.units = 3})},
                         "sequential", s);
}

} // namespace

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

BOOST_AUTO_TEST_SUITE(tfjs)
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

// ---- outputs computed by hand ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(relu_with_max_value_negative_slope_and_threshold) {
    // x > 0.5: min(x, 2); otherwise 0.1 * (x - 0.5) — and 0 at the threshold itself (Keras's code).
    const Tensor x(Shape{1, 6}, {-1.0f, 0.0f, 0.5f, 0.7f, 1.9f, 3.0f});
    layers::ReLU r({{}, 2.0, 0.1, 0.5});
    check_close(run(r, x), {-0.15f, -0.05f, 0.0f, 0.7f, 1.9f, 2.0f});
    ReLU<max_value<std::ratio<2>>, negative_slope<std::ratio<1, 10>>, threshold<std::ratio<1, 2>>> s;
    check_close(run(s, x), {-0.15f, -0.05f, 0.0f, 0.7f, 1.9f, 2.0f});
    ReLU<> plain;
    check_close(run(plain, x), {0.0f, 0.0f, 0.5f, 0.7f, 1.9f, 3.0f});
}

BOOST_AUTO_TEST_CASE(leaky_relu_and_elu_with_alpha) {
    const Tensor x(Shape{1, 4}, {-2.0f, -0.5f, 0.0f, 1.5f});
    LeakyReLU<std::ratio<1, 4>> leaky;
    check_close(run(leaky, x), {-0.5f, -0.125f, 0.0f, 1.5f});
    ELU<std::ratio<1, 2>> elu;
    check_close(run(elu, x), {0.5f * (std::exp(-2.0f) - 1.0f), 0.5f * (std::exp(-0.5f) - 1.0f), 0.0f, 1.5f});
}

BOOST_AUTO_TEST_CASE(softmax_over_another_axis_and_over_two_axes) {
    // Per-sample (2, 3): Softmax<1> normalises each column, Softmax<1, 2> the whole sample.
    const Tensor x(Shape{1, 2, 3}, {0.0f, 1.0f, 2.0f, 1.0f, 1.0f, 0.0f});
    Softmax<1> cols;
    const float e = std::exp(1.0f), e2 = std::exp(2.0f);
    check_close(run(cols, x), {1 / (1 + e), 0.5f, e2 / (e2 + 1), e / (1 + e), 0.5f, 1 / (e2 + 1)});
    Softmax<1, 2> all;
    const float z = 1 + e + e2 + e + e + 1;
    check_close(run(all, x), {1 / z, e / z, e2 / z, e / z, e / z, 1 / z});
    Softmax<-1, -2> same_axes_negative;
    check_close(run(same_axes_negative, x), {1 / z, e / z, e2 / z, e / z, e / z, 1 / z});
}

BOOST_AUTO_TEST_CASE(prelu_shares_alpha_along_the_shared_axes) {
    // Per-sample (2, 3) with shared_axes 1: one alpha per column, (1, 3).
    PReLU<shared_axes<1>> p;
    const Tensor x(Shape{1, 2, 3}, {-1, -1, -1, -2, 2, -2});
    (void)run(p, x);
    BOOST_TEST(p.get_weights()[0].shape() == (Shape{1, 3}));
    p.set_weights(std::vector<Tensor>{Tensor(Shape{1, 3}, {0.1f, 0.2f, 0.3f})});
    check_close(run(p, x), {-0.1f, -0.2f, -0.3f, -0.2f, 2.0f, -0.6f});
    // Shared along the last axis: one alpha per row, (2, 1) — the general indexing.
    PReLU<shared_axes<2>> q;
    (void)run(q, x);
    q.set_weights(std::vector<Tensor>{Tensor(Shape{2, 1}, {0.5f, 0.25f})});
    check_close(run(q, x), {-0.5f, -0.5f, -0.5f, -0.5f, 2.0f, -0.5f});
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    allocates_nothing(layers::ReLU({{}, 6.0, 0.1, 0.0}), Shape{5, 4}, "ReLU");
    allocates_nothing(layers::LeakyReLU({}), Shape{5, 4}, "LeakyReLU");
    allocates_nothing(layers::PReLU({}), Shape{5, 4}, "PReLU");
    allocates_nothing(layers::PReLU({{}, Initializer::zeros(), {2}}), Shape{5, 4, 3}, "PReLU shared on axis 2");
    allocates_nothing(layers::ELU({}), Shape{5, 4}, "ELU");
    allocates_nothing(layers::Softmax({{}, {1}}), Shape{5, 4}, "Softmax");
}

// ---- the static and the dynamic path ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(static_and_dynamic_twins_agree) { check_twins<Static>(dynamic_twin, ramp(Shape{3, 5, 4}), false); }

// ---- configs -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(get_config_then_from_config_round_trips) {
    round_trips(layers::ReLU({{}, 6.0, 0.1, 0.5}));
    round_trips(layers::ReLU({}));
    round_trips(layers::LeakyReLU({{}, 0.2}));
    round_trips(layers::PReLU({{}, Initializer::constant(0.25f), {1, 2}}));
    round_trips(layers::PReLU({}));
    round_trips(layers::ELU({{}, 0.5}));
    round_trips(layers::Softmax({{}, {1}}));
    round_trips(layers::Softmax({{}, {1, 2}}));
    // The DSL types too: from_config gives the same static type back.
    round_trips(ReLU<max_value<std::ratio<6>>>());
    round_trips(PReLU<shared_axes<1>>());
    round_trips(Softmax<1, 2>());
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const auto r = layers::ReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_relu_max_value/model.json"), "re_lu"));
    BOOST_TEST((r.max_value && *r.max_value == 6.0));
    const auto p = layers::PReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_prelu_shared_1_2/model.json"), "p_re_lu"));
    BOOST_TEST((p.shared_axes == std::vector<int>{1, 2}));
    const auto l = layers::LeakyReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_leaky_relu/model.json"), "leaky_re_lu"));
    BOOST_TEST(std::fabs(l.alpha - 0.2) < 1e-7);
}

BOOST_AUTO_TEST_CASE(keras_3_forms_are_read) {
    // Keras 3's LeakyReLU says negative_slope; ReLU writes all three fields; Softmax takes a list.
    BOOST_TEST(layers::LeakyReLU::config_from_json(json::parse(R"({"name": "l", "negative_slope": 0.1})")).alpha == 0.1);
    const auto r = layers::ReLU::config_from_json(
        json::parse(R"({"name": "r", "max_value": null, "negative_slope": 0.2, "threshold": 1.0})"));
    BOOST_TEST((!r.max_value && r.negative_slope == 0.2 && r.threshold == 1.0));
    BOOST_TEST(layers::Softmax::config_from_json(json::parse(R"({"name": "s", "axis": [1, 2]})")).axis.size() == 2u);
}

BOOST_AUTO_TEST_CASE(unsupported_options_are_refused_naming_the_field) {
    BOOST_CHECK_EXCEPTION((void)layers::PReLU::config_from_json(json::parse(R"({"alpha_constraint": {"class_name": "NonNeg"}})")),
                          config_error, says<config_error>({"PReLU config", "alpha_constraint"}));
}

BOOST_AUTO_TEST_CASE(values_out_of_range_are_refused_naming_the_layer) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)d::ReLU({.max_value = -1.0, .name = "r"}), E, says<E>({"ReLU layer 'r'", "max_value"}));
    BOOST_CHECK_EXCEPTION((void)d::ReLU({.threshold = -1.0, .name = "r"}), E, says<E>({"ReLU layer 'r'", "threshold"}));
}

BOOST_AUTO_TEST_CASE(a_config_that_contradicts_the_static_type_is_refused) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)LeakyReLU<>(layers::leaky_relu_config{{}, 0.2}), E, says<E>({"LeakyReLU", "alpha"}));
    BOOST_CHECK_EXCEPTION((void)ReLU<>(layers::relu_config{{}, 6.0, 0.0, 0.0}), E, says<E>({"ReLU", "max_value"}));
    BOOST_CHECK_EXCEPTION((void)PReLU<>(layers::prelu_config{{}, Initializer::zeros(), {1}}), E,
                          says<E>({"PReLU", "shared_axes"}));
}

// ---- run-time errors ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(shapes_a_layer_cannot_take_name_the_layer) {
    using E = shape_error;
    const auto x = d::Input(Shape{4});
    BOOST_CHECK_EXCEPTION((void)d::Softmax({.axis = {0}, .name = "sm"})(x), E, says<E>({"Softmax layer 'sm'", "axis 0"}));
    BOOST_CHECK_EXCEPTION((void)d::PReLU({.shared_axes = {2}, .name = "p"})(x), E, says<E>({"PReLU layer 'p'", "axis 2"}));
}

BOOST_AUTO_TEST_SUITE_END()
