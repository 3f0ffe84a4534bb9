// tests/runtime/test_normalization.cpp — the normalization family, BatchNormalization and
// LayerNormalization: compile-time shape rules and parameter counts; the TF.js fixtures norm_* on
// the dynamic path and as declared static types; outputs computed by hand (both of
// BatchNormalization's modes); static and dynamic twins from one seed; configs (round trips,
// TF.js's JSON, Keras 2 and 3 forms, what is refused, what contradicts a static type); errors.
// Part of the program test_normalization_embedding_activations_noise (see family_checks.hpp).
#include "family_checks.hpp"

#include <ratio>
#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using namespace scion::test_families;

BOOST_AUTO_TEST_SUITE(normalization)

namespace {

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

// Whole models: the counts Keras's summary shows (moving statistics included).
using dense_bn_prelu = Sequential<Input<6>, Dense<8>, BatchNormalization<>, PReLU<>, Dense<5, act::linear, no_bias>,
                                  BatchNormalization<epsilon<std::ratio<1, 100000>>>, ReLU<>, Dense<3, act::softmax>>;
static_assert(param_count_v<dense_bn_prelu> == (6 * 8 + 8) + 4 * 8 + 8 + 8 * 5 + 4 * 5 + (5 * 3 + 3));

// ---- the fixtures' static types ----------------------------------------------------------------------

using norm_bn_last = Sequential<Input<5, 4>, BatchNormalization<>>;
using norm_bn_axis1_no_center = Sequential<Input<3, 4, 2>, BatchNormalization<axis<1>, epsilon<std::ratio<1, 100>>, no_center>>;
using norm_bn_no_scale = Sequential<Input<6>, BatchNormalization<no_scale>>;
using norm_conv_bn_dropout_dense_bn =
    Sequential<Input<6, 6, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<>, Activation<act::relu>, Dropout<std::ratio<1, 4>>,
               Flatten, Dense<5, act::linear, no_bias>, BatchNormalization<epsilon<std::ratio<1, 100000>>>,
               GaussianNoise<std::ratio<1, 10>>, Dense<3>>;
using norm_ln_last = Sequential<Input<4, 6>, LayerNormalization<>>;
using norm_ln_axes_2_3 = Sequential<Input<3, 4, 5>, LayerNormalization<axis<2, 3>, no_center>>;
using norm_ln_axes_3_1 = Sequential<Input<3, 2, 4>, LayerNormalization<axis<3, 1>, epsilon<std::ratio<1, 100000>>>>;
using norm_ln_no_scale = Sequential<Input<7>, LayerNormalization<no_scale>>;

// ---- a static model and its dynamic twin ----

using random_uniform = init::random_uniform<>;
using Static = Sequential<Input<5, 4>, BatchNormalization<gamma_initializer<random_uniform>, moving_mean_initializer<random_uniform>>,
                          LayerNormalization<axis<1, 2>, beta_initializer<random_uniform>>, Flatten, Dense<3>>;

d::Sequential dynamic_twin(seed s) {
    const Initializer u = Initializer::random_uniform();
    return d::Sequential(d::Input(Shape{5, 4}),
                         {d::BatchNormalization({.gamma_initializer = u, .moving_mean_initializer = u}),
                          d::LayerNormalization({.axis = {1, 2}, .beta_initializer = u}), d::Flatten(),
                          d::Dense({.units = 3})},
                         "sequential", s);
}

} // namespace

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

BOOST_AUTO_TEST_SUITE(tfjs_batch_normalization)
BOOST_AUTO_TEST_CASE(last_axis) { both_paths<norm_bn_last>("norm_bn_last"); }
BOOST_AUTO_TEST_CASE(axis_1_without_beta) { both_paths<norm_bn_axis1_no_center>("norm_bn_axis1_no_center"); }
BOOST_AUTO_TEST_CASE(without_gamma) { both_paths<norm_bn_no_scale>("norm_bn_no_scale"); }
BOOST_AUTO_TEST_CASE(after_dense_with_prelu_and_relu) { both_paths<dense_bn_prelu>("norm_dense_bn_relu_prelu"); }

// The deployment rewrites (docs/clone.md) fold the trained statistics into the Conv2D and the Dense
// before them, fuse the ReLU and drop the Dropout and GaussianNoise: the rewritten model, on both
// paths, reproduces what TF.js computes with the original.
BOOST_AUTO_TEST_CASE(folded_into_conv2d_and_dense_for_deployment) {
    const std::string name = "norm_conv_bn_dropout_dense_bn";
    both_paths<norm_conv_bn_dropout_dense_bn>(name);
    const auto io = test_fixtures::read_io(name);
    const auto s = clone_model(load_layers_model<norm_conv_bn_dropout_dense_bn>(test_fixtures::layers_dir(name)), deploy);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(s)>,
                                 Sequential<Input<6, 6, 2>, Conv2D<4, kernel_size<3>, act::relu>, Flatten, Dense<5>, Dense<3>>>);
    const float es = test_fixtures::check_outputs({s.predict(io.inputs[0])}, io.outputs, tol, name + " deployed (static)");
    const d::Model m = clone_model(d::load_layers_model(test_fixtures::layers_dir(name)), deploy);
    std::vector<std::string> classes;
    for (const d::Layer& l : m.layers()) classes.emplace_back(l.class_name());
    BOOST_TEST(classes == (std::vector<std::string>{"Conv2D", "Flatten", "Dense", "Dense"}));
    const float ed = test_fixtures::check_outputs(m.predict(io.inputs), io.outputs, tol, name + " deployed (dynamic)");
    BOOST_TEST_MESSAGE(name << " deployed: max abs error against TF.js's original " << es << " (static), " << ed
                            << " (dynamic)");
}
BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(tfjs_layer_normalization)
BOOST_AUTO_TEST_CASE(last_axis) { both_paths<norm_ln_last>("norm_ln_last"); }
BOOST_AUTO_TEST_CASE(two_trailing_axes_without_beta) { both_paths<norm_ln_axes_2_3>("norm_ln_axes_2_3"); }
BOOST_AUTO_TEST_CASE(axes_apart_in_decreasing_order) { both_paths<norm_ln_axes_3_1>("norm_ln_axes_3_1"); }
BOOST_AUTO_TEST_CASE(without_gamma) { both_paths<norm_ln_no_scale>("norm_ln_no_scale"); }
BOOST_AUTO_TEST_SUITE_END()

// ---- outputs computed by hand ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(batch_normalization_with_moving_statistics) {
    // gamma 2, beta 1, mean 1, variance 3, epsilon 1: (x - 1) / 2 * 2 + 1 = x; channel 2 the same
    // with gamma 1, beta 0, mean 0, variance 0: x / sqrt(1).
    BatchNormalization<epsilon<std::ratio<1>>> b;
    const Tensor x(Shape{2, 2}, {5.0f, -3.0f, 0.5f, 7.0f});
    (void)run(b, x);
    b.set_weights(std::vector<Tensor>{Tensor(Shape{2}, {2, 1}), Tensor(Shape{2}, {1, 0}), Tensor(Shape{2}, {1, 0}),
                                      Tensor(Shape{2}, {3, 0})});
    check_close(run(b, x), {5.0f, -3.0f, 0.5f, 7.0f});
}

BOOST_AUTO_TEST_CASE(batch_normalization_uses_the_batch_statistics_in_training_mode) {
    // One feature, batch [1, 3]: mean 2, variance 1 -> (x - 2) / sqrt(1 + 0.001).
    layers::BatchNormalization b({});
    const Tensor x(Shape{2, 1}, {1.0f, 3.0f});
    const float k = 1.0f / std::sqrt(1.001f);
    check_close(run(b, x, {.training = true}), {-k, k});
    // Inference: the moving statistics (0 and 1).
    check_close(run(b, x), {1.0f / std::sqrt(1.001f), 3.0f / std::sqrt(1.001f)});
    // A frozen layer runs in inference mode even when training (Keras).
    layers::batch_normalization_config c;
    c.trainable = false;
    layers::BatchNormalization frozen(c);
    check_close(run(frozen, x, {.training = true}), {1.0f / std::sqrt(1.001f), 3.0f / std::sqrt(1.001f)});
}

BOOST_AUTO_TEST_CASE(layer_normalization_by_hand) {
    // [1, 2, 3, 4]: mean 2.5, variance 1.25; no gamma, beta 1.
    LayerNormalization<no_scale> ln;
    const Tensor x(Shape{1, 4}, {1, 2, 3, 4});
    (void)run(ln, x);
    ln.set_weights(std::vector<Tensor>{Tensor(Shape{4}, {1, 1, 1, 1})});
    const float s = std::sqrt(1.25f + 0.001f);
    check_close(run(ln, x), {1 - 1.5f / s, 1 - 0.5f / s, 1 + 0.5f / s, 1 + 1.5f / s});
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    layers::layer_normalization_config ln;
    ln.axis = {1, 3};
    allocates_nothing(layers::BatchNormalization({}), Shape{5, 4}, "BatchNormalization");
    allocates_nothing(layers::LayerNormalization({}), Shape{5, 4}, "LayerNormalization");
    allocates_nothing(layers::LayerNormalization(ln), Shape{3, 5, 4}, "LayerNormalization on axes 1, 3");
}

// ---- the static and the dynamic path ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(static_and_dynamic_twins_agree) { check_twins<Static>(dynamic_twin, ramp(Shape{3, 5, 4}), true); }

BOOST_AUTO_TEST_CASE(model_cast_refuses_another_axis) {
    // A model whose LayerNormalization normalises other axes is not this type.
    using Other = Sequential<Input<5, 4>, LayerNormalization<axis<2>>>;
    const d::Sequential o(d::Input(Shape{5, 4}), {d::LayerNormalization({.axis = {1}})});
    BOOST_CHECK_EXCEPTION((void)model_cast<Other>(o), config_error, says<config_error>({"LayerNormalization", "axis"}));
}

BOOST_AUTO_TEST_CASE(rebinding_keeps_weights_that_fit) {
    layers::BatchNormalization b({});
    b.set_name("bn");
    b.build(Shape{4, 3}, seed{1});
    b.rebind(Shape{9, 3});
    BOOST_TEST(b.non_trainable_params() == 6u);
    BOOST_CHECK_EXCEPTION(b.rebind(Shape{9, 4}), clone_error, says<clone_error>({"BatchNormalization layer 'bn'"}));
}

// ---- configs -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(get_config_then_from_config_round_trips) {
    layers::batch_normalization_config b;
    b.name = "bn";
    b.axis = 1;
    b.epsilon = 1e-5;
    b.momentum = 0.9;
    b.center = false;
    b.gamma_initializer = Initializer::random_normal(1.0f, 0.1f);
    round_trips(layers::BatchNormalization(b));
    layers::layer_normalization_config ln;
    ln.axis = {3, 1};
    ln.scale = false;
    round_trips(layers::LayerNormalization(ln));
    // The DSL types too: from_config gives the same static type back.
    round_trips(BatchNormalization<axis<1>, no_center>());
    round_trips(LayerNormalization<axis<1, 2>>());
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const json m = test_fixtures::read_json("layers/norm_dense_bn_relu_prelu/model.json");
    const auto b = layers::BatchNormalization::config_from_json(config_of(m, "batch_normalization_1"));
    BOOST_TEST(b.axis == -1);
    BOOST_TEST(b.epsilon == 1e-5);
    BOOST_TEST(b.momentum == 0.99);
    BOOST_TEST((b.center && b.scale));
    BOOST_TEST((b.moving_variance_initializer == Initializer::ones()));
    const auto ln = layers::LayerNormalization::config_from_json(
        config_of(test_fixtures::read_json("layers/norm_ln_axes_3_1/model.json"), "layer_normalization"));
    BOOST_TEST((ln.axis == std::vector<int>{3, 1}));
    BOOST_TEST(ln.epsilon == 1e-5);
}

BOOST_AUTO_TEST_CASE(keras_2_and_3_forms_are_read) {
    // Keras 2 writes BatchNormalization's axis as a list once built, and renorm fields.
    const auto bn2 = layers::BatchNormalization::config_from_json(json::parse(R"({"name": "bn", "trainable": true,
        "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": false,
        "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}},
        "moving_mean_initializer": {"class_name": "Zeros", "config": {}},
        "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null,
        "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null, "renorm": false,
        "renorm_clipping": null, "renorm_momentum": 0.99, "fused": null, "virtual_batch_size": null, "adjustment": null})"));
    BOOST_TEST(bn2.axis == 3);
    BOOST_TEST(!bn2.scale);
    // Keras 3: a dtype policy object, synchronized.
    const auto bn3 = layers::BatchNormalization::config_from_json(json::parse(R"({"name": "bn", "trainable": true,
        "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
        "axis": -1, "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true, "synchronized": false,
        "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}})"));
    BOOST_TEST(bn3.momentum == 0.9);
    // Keras 3's LayerNormalization writes an int axis.
    const auto ln = layers::LayerNormalization::config_from_json(
        json::parse(R"({"name": "ln", "axis": -1, "epsilon": 0.001, "rms_scaling": false})"));
    BOOST_TEST((ln.axis == std::vector<int>{-1}));
}

BOOST_AUTO_TEST_CASE(unsupported_options_are_refused_naming_the_field) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)layers::BatchNormalization::config_from_json(json::parse(R"({"axis": [1, 2]})")), E,
                          says<E>({"BatchNormalization config", "axis"}));
    BOOST_CHECK_EXCEPTION((void)layers::BatchNormalization::config_from_json(json::parse(R"({"renorm": true})")), E,
                          says<E>({"BatchNormalization config", "renorm"}));
    BOOST_CHECK_EXCEPTION(
        (void)layers::BatchNormalization::config_from_json(json::parse(R"({"gamma_regularizer": {"class_name": "L2"}})")),
        E, says<E>({"BatchNormalization config", "gamma_regularizer"}));
    BOOST_CHECK_EXCEPTION((void)layers::LayerNormalization::config_from_json(json::parse(R"({"rms_scaling": true})")), E,
                          says<E>({"LayerNormalization config", "rms_scaling"}));
    BOOST_CHECK_EXCEPTION((void)layers::LayerNormalization::config_from_json(json::parse(R"({"axis": "last"})")), E,
                          says<E>({"LayerNormalization config", "axis"}));
}

BOOST_AUTO_TEST_CASE(values_out_of_range_are_refused_naming_the_layer) {
    BOOST_CHECK_EXCEPTION((void)d::BatchNormalization({.epsilon = 0.0, .name = "b"}), config_error,
                          says<config_error>({"BatchNormalization layer 'b'", "epsilon"}));
}

BOOST_AUTO_TEST_CASE(a_config_that_contradicts_the_static_type_is_refused) {
    using E = config_error;
    layers::batch_normalization_config b;
    b.center = false;
    BOOST_CHECK_EXCEPTION((void)BatchNormalization<>(b), E, says<E>({"BatchNormalization", "center"}));
    // TF.js writes LayerNormalization's axis as positive numbers: [2] is -1 on a rank-2 input...
    layers::layer_normalization_config ln;
    ln.axis = {2};
    LayerNormalization<> ok(ln);
    ok.set_name("ln");
    ok.build(Shape{3, 4}, seed{1});
    // ...and another axis on a rank-3 one.
    LayerNormalization<> other(ln);
    BOOST_CHECK_EXCEPTION(other.build(Shape{3, 4, 5}, seed{1}), E, says<E>({"LayerNormalization", "axis"}));
}

// ---- run-time errors ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(shapes_a_layer_cannot_take_name_the_layer) {
    using E = shape_error;
    const auto x = d::Input(Shape{4});
    BOOST_CHECK_EXCEPTION((void)d::BatchNormalization({.axis = 2, .name = "bn"})(x), E,
                          says<E>({"BatchNormalization layer 'bn'", "axis 2", "(None, 4)"}));
    BOOST_CHECK_EXCEPTION((void)d::LayerNormalization({.axis = {-1, 1}, .name = "ln"})(x), E,
                          says<E>({"LayerNormalization layer 'ln'", "axis"}));
}

BOOST_AUTO_TEST_SUITE_END()
