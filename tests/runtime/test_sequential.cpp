// Static Sequential models: construction, reproducible weights, predict (both forms), weights in
// Keras order, names, configs, value semantics and run-time errors.
#define BOOST_TEST_MODULE sequential
#include <boost/test/unit_test.hpp>

#include "support.hpp"
#include "threads_check.hpp"

#include <string>
#include <vector>

using namespace scion;

namespace {
using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
using Tagger = Sequential<Input<20, 8>, LSTM<16>, Dense<4, act::softmax>>;
} // namespace

BOOST_AUTO_TEST_CASE(same_seed_gives_the_same_weights_and_another_seed_other_weights) {
    const Classifier a{seed{7}}, b{seed{7}}, c{seed{8}};
    BOOST_TEST(test::same_weights(a.get_weights(), b.get_weights()));
    BOOST_TEST(!test::same_weights(a.get_weights(), c.get_weights()));
}

BOOST_AUTO_TEST_CASE(unseeded_models_differ_and_follow_the_global_seed) {
    set_global_seed(1);
    const Classifier a, b;
    BOOST_TEST(!test::same_weights(a.get_weights(), b.get_weights()));
    set_global_seed(1);
    const Classifier a2;
    BOOST_TEST(test::same_weights(a.get_weights(), a2.get_weights()));
}

BOOST_AUTO_TEST_CASE(a_layers_weights_depend_on_the_seed_and_its_name_not_on_build_order) {
    const Classifier m{seed{7}};
    // Build the second layer alone, without the first: same weights as inside the model.
    Dense<1, act::sigmoid> alone;
    alone.set_name("dense_1");
    alone.build(Shape{32}, seed{7}, {});
    BOOST_TEST(test::same_weights(alone.get_weights(), m.layer<1>().get_weights()));
}

BOOST_AUTO_TEST_CASE(layers_get_keras_style_automatic_names) {
    const Sequential<Input<4>, Dense<8>, Dense<8>, Dropout<>, Dense<2>> m{seed{1}};
    BOOST_TEST(m.name() == "sequential");
    BOOST_TEST(m.input_layer().name() == "input_layer");
    BOOST_TEST(m.layer<0>().name() == "dense");
    BOOST_TEST(m.layer<1>().name() == "dense_1");
    BOOST_TEST(m.layer<2>().name() == "dropout");
    BOOST_TEST(m.layer<3>().name() == "dense_2");
}

BOOST_AUTO_TEST_CASE(given_names_are_kept_and_duplicates_are_an_error) {
    auto named = [](const char* n) {
        auto c = Dense<8>::default_config();
        c.name = n;
        return Dense<8>(c);
    };
    const Sequential<Input<4>, Dense<8>, Dense<8>> m({named("encoder"), Dense<8>{}}, seed{1});
    BOOST_TEST(m.layer<0>().name() == "encoder");
    BOOST_TEST(m.layer<1>().name() == "dense");
    try {
        Sequential<Input<4>, Dense<8>, Dense<8>> bad({named("twin"), named("twin")}, seed{1});
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "\"twin\" is used 2 times"));
    }
}

BOOST_AUTO_TEST_CASE(wrong_input_shape_throws_naming_the_input_and_both_shapes) {
    const Classifier m{seed{1}};
    for (const Shape& bad : {Shape{2, 727}, Shape{728}, Shape{2, 728, 1}}) {
        try {
            (void)m.predict(Tensor(bad));
            BOOST_FAIL("no exception");
        } catch (const shape_error& e) {
            BOOST_TEST(test::contains(e.what(), "'input_layer'"));
            BOOST_TEST(test::contains(e.what(), "(None, 728)"));
            BOOST_TEST(test::contains(e.what(), bad.to_string()));
        }
    }
}

BOOST_AUTO_TEST_CASE(predict_is_row_independent_across_batch_sizes) {
    const Tagger m{seed{3}};
    const Tensor x = test::iota_tensor(Shape{5, 20, 8});
    const Tensor y = m.predict(x);
    BOOST_TEST(y.shape() == (Shape{5, 4}));
    for (std::size_t r = 0; r < 5; ++r) {
        Tensor row(Shape{1, 20, 8}, std::vector<float>(x.data() + r * 160, x.data() + (r + 1) * 160));
        const Tensor yr = m(row);
        for (std::size_t k = 0; k < 4; ++k) BOOST_TEST(std::fabs(yr[k] - y[r * 4 + k]) < 1e-6f);
    }
}

BOOST_AUTO_TEST_CASE(predict_into_reuses_its_buffers) {
    Classifier m{seed{1}};
    const Tensor x = test::iota_tensor(Shape{64, 728});
    Tensor y;
    workspace ws;
    m.predict_into(x, y, ws);
    const float* out = y.data();
    const std::size_t capacity = ws.capacity();
    for (int i = 0; i < 3; ++i) m.predict_into(x, y, ws);
    BOOST_TEST(y.data() == out);
    BOOST_TEST(ws.capacity() == capacity);
    BOOST_TEST((y == m.predict(x)));
    // A smaller batch fits in the same memory.
    const Tensor x1 = test::iota_tensor(Shape{1, 728});
    m.predict_into(x1, y, ws);
    BOOST_TEST(ws.capacity() == capacity);
    // The model's own workspace works the same way.
    Tensor y2;
    m.predict_into(x, y2);
    BOOST_TEST((y2 == m.predict(x)));
}

namespace {
// Many threads, one const model: 8 threads at once, each 6 calls on 5 input batches of sizes 1 to
// 3, alternately `predict` and `predict_into` with a workspace of the thread's; every result
// must have the bits one thread computed.
template <class M>
void check_one_model_many_threads(const M& m, Shape sample) {
    std::vector<Tensor> xs;
    std::vector<std::vector<Tensor>> expected;
    for (std::size_t i = 0; i < 5; ++i) {
        xs.push_back(test::iota_tensor(sample.prepend(1 + i % 3), 0.01f + 0.003f * static_cast<float>(i)));
        expected.push_back({m.predict(xs.back())});
    }
    const auto run = [&](std::size_t i, std::size_t k) {
        if (k % 2 == 0) return std::vector<Tensor>{m.predict(xs[i])};
        thread_local workspace ws;
        std::vector<Tensor> y(1);
        m.predict_into(xs[i], y[0], ws);
        return y;
    };
    BOOST_TEST(test_threads::results_differing_across_threads(run, expected) == 0u);
}
} // namespace

BOOST_AUTO_TEST_CASE(one_const_model_predicts_from_eight_threads_bit_for_bit) {
    const Classifier seed_model{seed{1}};
    check_one_model_many_threads(seed_model, Shape{728});
    const Tagger lstm_model{seed{2}};  // LSTM<16> then Dense<4, softmax>
    check_one_model_many_threads(lstm_model, Shape{20, 8});
}

BOOST_AUTO_TEST_CASE(weights_round_trip_in_keras_order) {
    Classifier a{seed{1}};
    const Classifier b{seed{2}};
    const auto w = b.get_weights();
    BOOST_TEST(w.size() == 4u);
    BOOST_TEST(w[0].shape() == (Shape{728, 32}));
    BOOST_TEST(w[1].shape() == (Shape{32}));
    BOOST_TEST(w[2].shape() == (Shape{32, 1}));
    BOOST_TEST(w[3].shape() == (Shape{1}));
    a.set_weights(w);
    const Tensor x = test::iota_tensor(Shape{3, 728});
    BOOST_TEST((a.predict(x) == b.predict(x)));
    BOOST_TEST(a.count_params() == param_count_v<Classifier>);
}

BOOST_AUTO_TEST_CASE(set_weights_checks_everything_before_changing_anything) {
    Classifier m{seed{1}};
    const auto before = m.get_weights();
    auto w = Classifier{seed{2}}.get_weights();
    w[2] = Tensor(Shape{31, 1});
    try {
        m.set_weights(w);
        BOOST_FAIL("no exception");
    } catch (const weights_error& e) {
        BOOST_TEST(test::contains(e.what(), "'dense_1'"));
        BOOST_TEST(test::contains(e.what(), "(32, 1)"));
        BOOST_TEST(test::contains(e.what(), "(31, 1)"));
    }
    BOOST_TEST(test::same_weights(m.get_weights(), before));  // the first layer was not changed
    w.pop_back();
    BOOST_CHECK_THROW(m.set_weights(std::vector<Tensor>(w.begin(), w.begin() + 2)), weights_error);
    auto extra = Classifier{seed{2}}.get_weights();
    extra.push_back(Tensor(Shape{1}));
    BOOST_CHECK_THROW(m.set_weights(extra), weights_error);
    BOOST_TEST(test::same_weights(m.get_weights(), before));
}

BOOST_AUTO_TEST_CASE(copies_are_deep) {
    const Classifier a{seed{1}};
    Classifier b = a;
    b.set_weights(Classifier{seed{2}}.get_weights());
    BOOST_TEST(test::same_weights(a.get_weights(), Classifier{seed{1}}.get_weights()));
    BOOST_TEST(!test::same_weights(a.get_weights(), b.get_weights()));
}

BOOST_AUTO_TEST_CASE(config_is_keras_json) {
    const Classifier m{seed{1}};
    const json j = m.get_config();
    BOOST_TEST(j["class_name"] == "Sequential");
    BOOST_TEST(j["config"]["name"] == "sequential");
    const auto& layers = j["config"]["layers"];
    BOOST_TEST(layers.size() == 3u);
    BOOST_TEST(layers[0]["class_name"] == "InputLayer");
    BOOST_TEST(layers[0]["config"]["batch_input_shape"].dump() == "[null,728]");
    BOOST_TEST(layers[1]["class_name"] == "Dense");
    BOOST_TEST(layers[1]["config"]["units"] == 32);
    BOOST_TEST(layers[1]["config"]["activation"] == "relu");
    BOOST_TEST(layers[2]["config"]["name"] == "dense_1");
    BOOST_TEST(json::parse(m.to_json()) == j);
}

BOOST_AUTO_TEST_CASE(dropout_acts_only_in_training_calls) {
    const Sequential<Input<100>, Dense<100, act::relu>, Dropout<std::ratio<1, 2>>> m{seed{1}};
    const Tensor x = test::iota_tensor(Shape{2, 100});
    const Tensor inference = m.predict(x);
    const Tensor training = m.call(x, layers::call_context{true, 1, 0});
    BOOST_TEST(!(inference == training));
    BOOST_TEST((m.call(x, layers::call_context{}) == inference));
    BOOST_TEST((m.call(x, layers::call_context{true, 1, 0}) == training));
}

BOOST_AUTO_TEST_CASE(an_empty_sequential_is_the_identity) {
    const Sequential<Input<3>> m{seed{1}};
    static_assert(param_count_v<Sequential<Input<3>>> == 0);
    const Tensor x(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
    BOOST_TEST((m.predict(x) == x));
    BOOST_TEST(m.get_weights().empty());
    BOOST_TEST((clone_model(m).predict(x) == x));
}

BOOST_AUTO_TEST_CASE(a_built_layer_for_another_shape_is_rejected) {
    Dense<4> d;
    d.set_name("dense");
    d.build(Shape{9}, seed{1}, {});
    try {
        Sequential<Input<8>, Dense<4>> m({d}, seed{1});
        BOOST_FAIL("no exception");
    } catch (const clone_error& e) {
        BOOST_TEST(test::contains(e.what(), "'dense'"));
        BOOST_TEST(test::contains(e.what(), "(None, 9)"));
        BOOST_TEST(test::contains(e.what(), "(None, 8)"));
    }
}

BOOST_AUTO_TEST_CASE(summary_is_printed_as_keras_prints_it) {
    auto frozen = Dense<1, act::sigmoid>::default_config();
    frozen.trainable = false;
    const Classifier m({Dense<32, act::relu>{}, Dense<1, act::sigmoid>(frozen)}, seed{1});
    const std::string s = m.summary();
    BOOST_TEST(test::contains(s, "Model: \"sequential\""));
    // No InputLayer row: a Sequential's layers do not list its input (Keras 2 and 3, TF.js).
    BOOST_TEST(!test::contains(s, "InputLayer"));
    BOOST_TEST(test::contains(s, "=\n dense (Dense)               (None, 32)                23328\n"));
    BOOST_TEST(test::contains(s, " dense_1 (Dense)             (None, 1)                 33\n"));
    BOOST_TEST(test::contains(s, "Total params: 23361\nTrainable params: 23328\nNon-trainable params: 33\n"));
}
