// Functional models against TensorFlow.js: the same graph, the weights of each layer found by
// name, every output of tfjs (fixtures made by tests/fixtures/tfjs/generate.mjs, functional/)
// within 1e-5 (1e-4 with an LSTM). Each model runs through the variadic predict, predict(span)
// and predict_into(span, span, workspace).
#define BOOST_TEST_MODULE functional_parity
#include <boost/test/unit_test.hpp>

#include "functional_models.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

using namespace scion;
namespace fn = scion::test::fn;

namespace {

// The variadic predict's outputs, as a list (it returns a Tensor for one output, an array for more).
template <class M, std::size_t... I>
std::vector<Tensor> predict_each(const M& m, const std::vector<Tensor>& xs, std::index_sequence<I...>) {
    auto ys = m.predict(xs[I]...);
    if constexpr (M::output_count == 1) return {std::move(ys)};
    else return std::vector<Tensor>(ys.begin(), ys.end());
}

// Loads the fixture's weights into Net by layer name, runs it three ways and compares every output.
// Returns the largest difference seen.
template <class Net>
float check_fixture(const std::string& name, float tolerance) {
    BOOST_TEST_CONTEXT("fixture " << name) {
        const auto f = fn::load_functional_fixture(name);
        Net m{seed{1}};
        BOOST_TEST_REQUIRE(f.inputs.size() == Net::input_count);
        BOOST_TEST_REQUIRE(f.outputs.size() == Net::output_count);
        // The inputs carry the tfjs names.
        for (std::size_t i = 0; i < Net::input_count; ++i) BOOST_TEST(m.input_layer(i).name() == f.input_names[i]);
        // Layers (with inputs) in TF.js's order of model.layers, which its JSON lists.
        std::vector<std::string> layer_names, want, got;
        m.layers().for_each([&](const auto& l) { layer_names.push_back(std::string(l.name())); });
        for (const auto& e : Net::keras_layer_order)
            got.push_back(e.input ? m.input_layer(e.index).name() : layer_names[e.index]);
        for (const json& l : f.raw.at("model").at("config").at("layers")) want.push_back(l.at("name"));
        BOOST_TEST(got == want, "keras_layer_order is TF.js's order");
        const std::vector<Tensor> w = fn::weights_by_name(m, f);
        m.set_weights(w);
        BOOST_TEST(m.count_params() == param_count_v<Net>);

        const std::vector<Tensor> ys = predict_each(m, f.inputs, std::make_index_sequence<Net::input_count>{});
        const std::vector<Tensor> ys_span = m.predict(std::span<const Tensor>(f.inputs));
        std::vector<Tensor> ys_into(Net::output_count);
        workspace ws;
        m.predict_into(f.inputs, ys_into, ws);
        float worst = 0;
        for (std::size_t k = 0; k < Net::output_count; ++k) {
            BOOST_TEST_CONTEXT("output " << k << " (" << f.output_names[k] << ")") {
                BOOST_TEST(ys[k].shape() == f.outputs[k].shape());
                const float d = test::max_abs_diff(ys[k], f.outputs[k]);
                BOOST_TEST(d <= tolerance);
                if (!(d <= worst)) worst = d;  // keeps a NaN
                BOOST_TEST((ys_span[k] == ys[k]));
                BOOST_TEST((ys_into[k] == ys[k]));
            }
        }
        BOOST_TEST_MESSAGE("functional/" << name << ".json: max abs diff " << worst);
        return worst;
    }
    return 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(residual_mlp_matches_tfjs) { check_fixture<fn::residual_mlp::Net>("residual_mlp", 1e-5f); }

BOOST_AUTO_TEST_CASE(siamese_with_a_shared_encoder_matches_tfjs) {
    check_fixture<fn::siamese::Net>("siamese", 1e-5f);
}

BOOST_AUTO_TEST_CASE(two_inputs_two_heads_match_tfjs) { check_fixture<fn::two_heads::Net>("two_inputs_two_heads", 1e-5f); }

BOOST_AUTO_TEST_CASE(nested_sequential_matches_tfjs) {
    check_fixture<fn::nested_sequential::Net>("nested_sequential", 1e-5f);
}

BOOST_AUTO_TEST_CASE(branchy_merges_match_tfjs) { check_fixture<fn::branchy::Net>("branchy_merges", 1e-5f); }

BOOST_AUTO_TEST_CASE(lstm_encoder_decoder_matches_tfjs) {
    check_fixture<fn::seq2seq::Net>("lstm_encoder_decoder", 1e-4f);
}

BOOST_AUTO_TEST_CASE(nested_functional_with_two_outputs_matches_tfjs) {
    check_fixture<fn::nested_functional::Net>("nested_functional", 1e-5f);
}

// The fixtures are not trivially satisfied: the same models with the weights of another seed are
// far from tfjs's outputs, and weights given in the wrong layer's place are refused.
BOOST_AUTO_TEST_CASE(the_comparison_can_fail) {
    const auto f = fn::load_functional_fixture("residual_mlp");
    const fn::residual_mlp::Net m{seed{1}};
    BOOST_TEST(test::max_abs_diff(m.predict(f.inputs[0]), f.outputs[0]) > 1e-2f);

    fn::siamese::Net s{seed{1}};
    auto w = fn::weights_by_name(s, fn::load_functional_fixture("siamese"));
    std::swap(w[0], w[2]);  // enc_hidden's kernel where encoder's goes: other shapes
    BOOST_CHECK_THROW(s.set_weights(w), weights_error);
}
