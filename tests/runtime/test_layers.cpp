// Engine layers, and the law kit run on every layer of the DSL: the shape rule agrees with the
// produced shape, configs round-trip, the compile-time parameter count matches the weights, a
// clone has the same config and new weights, and bad input is a clear error.
#define BOOST_TEST_MODULE layers
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <string>

using namespace scion;

namespace {


template <class L>
std::size_t count(const L& l) {
    std::size_t n = 0;
    for (const auto& w : l.get_weights()) n += w.size();
    return n;
}

// The law kit: every property a DSL layer type L must have, at input shape `in`.
template <class L>
void check_laws(const Shape& in) {
    BOOST_TEST_INFO("layer " << L::class_name << " on input " << in.to_string());
    L layer;
    layer.set_name(std::string(L::default_name));
    layer.build(in, seed{3}, {});
    BOOST_TEST(layer.built());

    // 1. The compile-time shape rule is the shape forward produces.
    constexpr std::size_t batch = 3;
    const shape_result inferred = L::infer(in);
    BOOST_TEST(inferred.ok());
    const Tensor x = test::iota_tensor(in.prepend(batch));
    Tensor y(inferred.shape.prepend(batch));
    std::vector<float> scratch(layer.scratch_size(batch));
    layer.forward(x.view(), y.view(), scratch, {});
    BOOST_TEST(layer.output_shape() == inferred.shape);
    for (float v : y.values()) BOOST_TEST(std::isfinite(v));

    // 2. The compile-time parameter count is the number of weight scalars.
    BOOST_TEST(L::param_count(in) == count(layer));

    // 3. from_config(get_config()) round-trips, and the result is of the same static type.
    const json cfg = layer.get_config();
    const L again = L::from_config(cfg);
    BOOST_TEST(again.get_config() == cfg);

    // 4. A clone (fresh_weights) has the same config and new weights.
    L clone = fresh_weights{}(layer);
    BOOST_TEST(clone.get_config() == cfg);
    clone.build(in, seed{4}, {});
    if (count(layer) > 0) BOOST_TEST(!test::same_weights(clone.get_weights(), layer.get_weights()));

    // 5. Weights go in and out in the same order; wrong shapes are rejected, nothing changes.
    clone.set_weights(layer.get_weights());
    Tensor y2(inferred.shape.prepend(batch));
    clone.forward(x.view(), y2.view(), scratch, {});
    BOOST_TEST(y2 == y);
    if (count(layer) > 0) {
        auto bad = layer.get_weights();
        bad.back() = Tensor(Shape{bad.back().size() + 1});
        const auto before = clone.get_weights();
        BOOST_CHECK_THROW(clone.set_weights(bad), weights_error);
        BOOST_TEST(test::same_weights(clone.get_weights(), before));
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(every_dsl_layer_obeys_the_laws) {
    check_laws<Dense<5, act::relu>>(Shape{7});
    check_laws<Dense<4, act::tanh, no_bias>>(Shape{3, 6});
    check_laws<Dense<3, act::softmax, kernel_initializer<init::he_normal>, bias_initializer<init::ones>>>(Shape{4});
    check_laws<Activation<act::gelu>>(Shape{2, 5});
    check_laws<Dropout<std::ratio<1, 4>>>(Shape{6});
    check_laws<Flatten>(Shape{2, 3, 4});
    check_laws<Reshape<3, -1>>(Shape{12});
    check_laws<LSTM<4>>(Shape{5, 3});
    check_laws<LSTM<3, return_sequences, go_backwards, no_bias>>(Shape{6, 2});
    check_laws<LSTM<2, activation<act::relu>, recurrent_activation<act::hard_sigmoid>>>(Shape{4, 3});
    check_laws<Bidirectional<LSTM<3, return_sequences>>>(Shape{4, 2});
    check_laws<Bidirectional<LSTM<3>, merge::ave>>(Shape{4, 2});
}

BOOST_AUTO_TEST_CASE(dense_applies_to_the_last_axis_with_keras_weight_layout) {
    Dense<2> d;
    d.set_name("dense");
    d.build(Shape{3}, seed{1}, {});
    // kernel (3, 2) row-major, bias (2)
    const std::vector<Tensor> w{Tensor(Shape{3, 2}, {1, 2, 3, 4, 5, 6}), Tensor(Shape{2}, {10, 20})};
    d.set_weights(w);
    const Tensor x(Shape{1, 3}, {1, 1, 2});
    Tensor y(Shape{1, 2});
    d.forward(x.view(), y.view(), {}, {});
    BOOST_TEST(y[0] == 1 + 3 + 10 + 10.0f);
    BOOST_TEST(y[1] == 2 + 4 + 12 + 20.0f);
}

BOOST_AUTO_TEST_CASE(lstm_starts_with_an_open_forget_gate) {
    LSTM<3> l;
    l.set_name("lstm");
    l.build(Shape{2, 4}, seed{1}, {});
    const Tensor bias = l.get_weights()[2];
    for (std::size_t i = 0; i < 12; ++i) BOOST_TEST(bias[i] == ((i >= 3 && i < 6) ? 1.0f : 0.0f));
}

BOOST_AUTO_TEST_CASE(weights_depend_on_seed_layer_name_and_weight_only) {
    auto make = [](const char* name, std::uint64_t s) {
        Dense<4> d;
        d.set_name(name);
        d.build(Shape{5}, seed{s}, {});
        return d.get_weights()[0];
    };
    BOOST_TEST((make("dense", 1) == make("dense", 1)));
    BOOST_TEST(!(make("dense", 1) == make("dense_1", 1)));
    BOOST_TEST(!(make("dense", 1) == make("dense", 2)));
}

BOOST_AUTO_TEST_CASE(dropout_is_identity_at_inference_and_a_seeded_mask_in_training) {
    Dropout<std::ratio<1, 4>> d;
    d.set_name("dropout");
    d.build(Shape{10000}, seed{1}, {});
    Tensor x(Shape{1, 10000});
    for (auto& v : x.values()) v = 2.0f;
    Tensor y(Shape{1, 10000});
    d.forward(x.view(), y.view(), {}, {});
    BOOST_TEST((y == x));

    auto train = [&](std::uint64_t s, std::uint64_t step) {
        Tensor out(Shape{1, 10000});
        d.forward(x.view(), out.view(), {}, layers::call_context{true, s, step});
        return out;
    };
    const Tensor a = train(5, 0);
    std::size_t zeros = 0;
    for (float v : a.values()) {
        BOOST_TEST((v == 0.0f || std::fabs(v - 2.0f / 0.75f) < 1e-6f));
        zeros += v == 0.0f;
    }
    BOOST_TEST(std::fabs(double(zeros) / 10000 - 0.25) < 0.02);
    BOOST_TEST((train(5, 0) == a));   // reproducible
    BOOST_TEST(!(train(5, 1) == a));  // a new mask each step
    BOOST_TEST(!(train(6, 0) == a));  // and each seed
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer_and_the_shapes) {
    layers::LSTM::config_type c;
    c.name = "encoder";
    c.units = 4;
    layers::LSTM l(c);
    try {
        l.build(Shape{7}, seed{1});
        BOOST_FAIL("no exception");
    } catch (const shape_error& e) {
        BOOST_TEST(test::contains(e.what(), "LSTM layer 'encoder'"));
        BOOST_TEST(test::contains(e.what(), "(None, 7)"));
        BOOST_TEST(test::contains(e.what(), "rank 2"));
    }
    layers::Reshape::config_type r;
    r.name = "reshape";
    r.target_shape = {5, 5};
    BOOST_CHECK_THROW(layers::Reshape(r).build(Shape{12}, seed{1}), shape_error);
}

BOOST_AUTO_TEST_CASE(configs_from_keras_json_are_checked_field_by_field) {
    // Unsupported options are errors that name the layer kind and the field.
    json j = Dense<4>().get_config();
    j["kernel_regularizer"] = json{{"class_name", "L2"}, {"config", {{"l2", 0.01}}}};
    try {
        (void)layers::Dense::from_config(j);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "Dense"));
        BOOST_TEST(test::contains(e.what(), "kernel_regularizer"));
    }
    json missing = Dense<4>().get_config();
    missing.erase("units");
    BOOST_CHECK_THROW((void)layers::Dense::from_config(missing), config_error);
    json wrong_type = Dense<4>().get_config();
    wrong_type["units"] = "four";
    BOOST_CHECK_THROW((void)layers::Dense::from_config(wrong_type), config_error);
    json lstm = LSTM<4>().get_config();
    lstm["stateful"] = true;
    BOOST_CHECK_THROW((void)layers::LSTM::from_config(lstm), config_error);
    BOOST_CHECK_THROW((void)layers::Dense::from_config(json::array()), config_error);
}

BOOST_AUTO_TEST_CASE(static_layer_from_a_config_that_contradicts_its_type_is_an_error) {
    json j = Dense<4, act::relu>().get_config();
    j["units"] = 5;
    try {
        (void)Dense<4, act::relu>::from_config(j);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "units is 5"));
    }
    BOOST_CHECK_THROW((void)(Dense<4, act::tanh>::from_config(Dense<4, act::relu>().get_config())), config_error);
    BOOST_CHECK_THROW((void)(LSTM<4>::from_config(LSTM<4, return_sequences>().get_config())), config_error);
}

BOOST_AUTO_TEST_CASE(input_layer_reads_both_keras_shape_dialects) {
    const auto a = layers::InputLayer::from_config(json::parse(R"({"batch_input_shape":[null,20,8],"name":"in"})"));
    const auto b = layers::InputLayer::from_config(json::parse(R"({"batch_shape":[null,20,8],"name":"in"})"));
    BOOST_TEST(a.shape() == (Shape{20, 8}));
    BOOST_TEST(b.shape() == (Shape{20, 8}));
    BOOST_CHECK_THROW((void)layers::InputLayer::from_config(json::parse(R"({"name":"in"})")), config_error);
    BOOST_CHECK_THROW((void)layers::InputLayer::from_config(json::parse(R"({"batch_shape":[null,0]})")), config_error);
}

BOOST_AUTO_TEST_CASE(bidirectional_names_its_directions_and_sets_weights_all_or_nothing) {
    Bidirectional<LSTM<3>> b;
    b.set_name("bidirectional");
    b.build(Shape{4, 2}, seed{1}, {});
    BOOST_TEST(b.engine().forward_layer().name() == "forward_lstm");
    BOOST_TEST(b.engine().backward_layer().name() == "backward_lstm");
    // forward and backward draw different weights (different names)
    const auto w = b.get_weights();
    BOOST_TEST(w.size() == 6u);
    BOOST_TEST(!(w[0] == w[3]));
    auto bad = w;
    bad[4] = Tensor(Shape{1});  // backward recurrent kernel of the wrong shape
    auto changed = bad;
    changed[0][0] += 1.0f;      // ...after a valid change to the forward kernel
    BOOST_CHECK_THROW(b.set_weights(changed), weights_error);
    BOOST_TEST(test::same_weights(b.get_weights(), w));
}

BOOST_AUTO_TEST_CASE(dropout_rate_out_of_range_is_a_config_error) {
    layers::Dropout::config_type c;
    c.rate = 1.0f;
    BOOST_CHECK_THROW(layers::Dropout{c}, config_error);
}
