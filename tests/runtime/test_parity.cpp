// Static models against TensorFlow.js: the same architecture, the same weights, the outputs of
// tfjs (fixtures made by tests/fixtures/tfjs/generate.mjs) within 1e-5 (1e-4 for recurrent).
#define BOOST_TEST_MODULE parity
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace scion;

namespace {

template <class Model>
void check_fixture(const std::string& name, float tolerance) {
    const auto f = test::load_model_fixture(name);
    Model m{seed{1}};
    m.set_weights(f.weights);
    const Tensor y = m.predict(f.input);
    BOOST_TEST_INFO("fixture " << name);
    BOOST_TEST(y.shape() == f.output.shape());
    BOOST_TEST(test::max_abs_diff(y, f.output) <= tolerance);
    // The allocation-free form gives the same numbers.
    Tensor y2;
    m.predict_into(f.input, y2);
    BOOST_TEST(test::max_abs_diff(y2, f.output) <= tolerance);
}

} // namespace

BOOST_AUTO_TEST_CASE(seed_model_matches_tfjs) {
    check_fixture<Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>>("seed", 1e-5f);
}

BOOST_AUTO_TEST_CASE(dense_on_rank3_then_flatten_matches_tfjs) {
    check_fixture<Sequential<Input<4, 5>, Dense<3, act::tanh>, Flatten, Dense<2, act::softmax>>>("dense_rank3", 1e-5f);
}

BOOST_AUTO_TEST_CASE(mlp_with_activation_and_dropout_matches_tfjs) {
    check_fixture<Sequential<Input<6>, Dense<8>, Activation<act::elu>, Dropout<std::ratio<1, 2>>,
                             Dense<3, act::linear, no_bias>, Activation<act::softmax>>>("mlp_dropout", 1e-5f);
}

BOOST_AUTO_TEST_CASE(reshape_then_stacked_lstm_matches_tfjs) {
    check_fixture<Sequential<Input<12>, Reshape<3, 4>, LSTM<5, return_sequences>, LSTM<3>>>("reshape_lstm", 1e-4f);
}

BOOST_AUTO_TEST_CASE(lstm_go_backwards_matches_tfjs) {
    check_fixture<Sequential<Input<6, 4>, LSTM<5, go_backwards, return_sequences>>>("lstm_go_backwards", 1e-4f);
    check_fixture<Sequential<Input<6, 4>, LSTM<5, go_backwards>>>("lstm_go_backwards_last", 1e-4f);
}

BOOST_AUTO_TEST_CASE(lstm_without_bias_matches_tfjs) {
    check_fixture<Sequential<Input<4, 3>, LSTM<2, no_bias>>>("lstm_no_bias", 1e-4f);
}

BOOST_AUTO_TEST_CASE(bidirectional_merge_modes_match_tfjs) {
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::concat>, Dense<2>>>(
        "bidirectional_concat_seq", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::sum>, Dense<2>>>(
        "bidirectional_sum_seq", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::mul>, Dense<2>>>(
        "bidirectional_mul_seq", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::ave>, Dense<2>>>(
        "bidirectional_ave_seq", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::concat>, Dense<2>>>("bidirectional_concat_last",
                                                                                           1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::sum>, Dense<2>>>("bidirectional_sum_last", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::mul>, Dense<2>>>("bidirectional_mul_last", 1e-4f);
    check_fixture<Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::ave>, Dense<2>>>("bidirectional_ave_last", 1e-4f);
}

BOOST_AUTO_TEST_CASE(seed_tagger_and_its_bidirectional_clone_match_tfjs) {
    using Tagger = Sequential<Input<20, 8>, LSTM<16>, Dense<4, act::softmax>>;
    check_fixture<Tagger>("tagger", 1e-4f);
    auto bidi = [](const auto& layer) {
        if constexpr (is_lstm_v<std::remove_cvref_t<decltype(layer)>>) return Bidirectional{layer};
        else return fresh_weights{}(layer);
    };
    check_fixture<clone_model_t<Tagger, keep_inputs_t, decltype(bidi)>>("tagger_bidirectional", 1e-4f);
}

BOOST_AUTO_TEST_CASE(every_activation_matches_tfjs) {
    const json j = test::read_json("activations.json");
    const Tensor x = test::tensor_from(j.at("input"));
    for (const auto& [name, expected_json] : j.at("activations").items()) {
        const Tensor expected = test::tensor_from(expected_json);
        Tensor y = x;
        apply_activation(activation_from_string(name), y.data(), y.size(), y.shape().back());
        // tfjs's CPU erf is a polynomial approximation good to about 1.5e-7.
        const float tolerance = name == "gelu" ? 5e-7f : 1e-6f;
        BOOST_TEST_INFO("activation " << name);
        BOOST_TEST(test::max_abs_diff(y, expected) <= tolerance);
    }
    BOOST_TEST(j.at("activations").size() == 13u);
}
