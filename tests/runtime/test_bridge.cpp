// The bridges between static and dynamic models: to_dynamic and model_cast, and the Keras JSON of
// static graph models. The property test (bridge_property.hpp) runs over every valid model of the
// DSL corpus (dsl/corpus/valid/*.hpp): for the same seed, the static model and its dynamic twins
// have the same JSON, weights, parameter count, summary, and outputs within 1e-6; model_cast
// gives the static model back and refuses a dynamic model with one layer changed, naming the
// layer; test_bridge_sequential.cpp runs it over the corpus's Sequential models,
// test_bridge_graphs.cpp over its functional ones, test_bridge_nested.cpp over nested3's and
// test_bridge_resnet.cpp over resnet (apart, to keep each compile under 2 GB). This file checks
// the JSON of static graphs against TensorFlow.js's (tests/fixtures/tfjs/functional) and against
// hand-built dynamic twins (shared layers, LSTM states read by index, a shared nested model), and
// the errors of model_cast that the property test's changes do not make.
#define BOOST_TEST_MODULE bridge
#include <boost/test/unit_test.hpp>

#include "bridge_property.hpp"
#include "functional_models.hpp"

#include "../../dsl/corpus/valid/seed_classifier.hpp"

#include <cstdio>
#include <map>
#include <string>
#include <vector>

using namespace scion;
namespace dyn = scion::dynamic;
namespace br = scion::test::bridge;
namespace fn = scion::test::fn;

using report = br::report_at_exit;
BOOST_TEST_GLOBAL_FIXTURE(report);

namespace {

using br::entry_named;

} // namespace

// ---- the JSON of static graphs against TensorFlow.js's --------------------------------------------

// (check_against_tfjs is in bridge_property.hpp; the nested fixtures are checked in
// test_bridge_nested.cpp.)
BOOST_AUTO_TEST_CASE(static_json_matches_tensorflow_js) {
    br::check_against_tfjs<fn::residual_mlp::Net>("residual_mlp");
    br::check_against_tfjs<fn::siamese::Net>("siamese");
    br::check_against_tfjs<fn::two_heads::Net>("two_inputs_two_heads");
    br::check_against_tfjs<fn::branchy::Net>("branchy_merges");
    br::check_against_tfjs<fn::seq2seq::Net>("lstm_encoder_decoder");
}

// ---- hand-built dynamic twins ---------------------------------------------------------------------

// A functional model with two shared layers (one declared as a struct, one with named<>), a
// Subtract of the two branches and a Concatenate of three tensors, built with the dynamic API:
// the same JSON as the static type, the same weights from the same seed, the same outputs.
BOOST_AUTO_TEST_CASE(hand_built_twin_with_shared_layers) {
    const auto a = dyn::Input({6}, "a");
    const auto b = dyn::Input({6}, "b");
    const dyn::Layer enc_hidden = dyn::Dense({.units = 8, .activation = "relu", .name = "enc_hidden"});
    const dyn::Layer encoder = dyn::Dense({.units = 5, .activation = "elu", .name = "encoder"});
    const auto ea = encoder(enc_hidden(a));
    const auto eb = encoder(enc_hidden(b));
    const auto diff = dyn::Subtract({.name = "diff"})({ea, eb});
    const auto join = dyn::Concatenate({.name = "join"})({ea, eb, diff});
    const auto score = dyn::Dense({.units = 1, .activation = "sigmoid", .name = "score"})(join);
    const dyn::Model d({a, b}, {score, diff}, "functional", seed{5});

    const fn::siamese::Net s{seed{5}};
    BOOST_TEST(d.to_json() == s.to_json());
    BOOST_TEST(test::same_weights(d.get_weights(), s.get_weights()));
    BOOST_TEST(d.count_params() == fn::siamese::Net::param_count);
    BOOST_TEST(d.summary() == s.summary());
    const auto xs = br::batch_inputs<fn::siamese::Net>();
    BOOST_TEST(br::outputs_difference(d.predict(xs), br::run_static(s, xs)) <= 1e-6f);

    // What Keras writes for shared layers, by hand: one inbound node per call, the second call
    // of enc_hidden read as node 1.
    const json j = s.get_config();
    BOOST_TEST(entry_named(j, "enc_hidden").at("inbound_nodes").dump() == R"([[["a",0,0,{}]],[["b",0,0,{}]]])");
    BOOST_TEST(entry_named(j, "encoder").at("inbound_nodes").dump() ==
               R"([[["enc_hidden",0,0,{}]],[["enc_hidden",1,0,{}]]])");
    BOOST_TEST(entry_named(j, "join").at("inbound_nodes").dump() ==
               R"([[["encoder",0,0,{}],["encoder",1,0,{}],["diff",0,0,{}]]])");
    BOOST_TEST(j.at("config").at("input_layers").dump() == R"([["a",0,0],["b",0,0]])");
    BOOST_TEST(j.at("config").at("output_layers").dump() == R"([["score",0,0],["diff",0,0]])");

    // The hand-built model casts to the static type, with its weights.
    const auto back = model_cast<fn::siamese::Net>(d);
    BOOST_TEST(test::same_weights(back.get_weights(), d.get_weights()));
    // Sharing is part of the structure: the same graph with unshared encoders is another model.
    {
        const dyn::Layer h2 = dyn::Dense({.units = 8, .activation = "relu", .name = "enc_hidden_b"});
        const auto eb2 = encoder(h2(b));
        const auto diff2 = dyn::Subtract({.name = "diff"})({ea, eb2});
        const auto join2 = dyn::Concatenate({.name = "join"})({ea, eb2, diff2});
        const auto score2 = dyn::Dense({.units = 1, .activation = "sigmoid", .name = "score"})(join2);
        const dyn::Model unshared({a, b}, {score2, diff2}, "functional", seed{5});
        try {
            (void)model_cast<fn::siamese::Net>(unshared);
            BOOST_ERROR("model_cast accepted unshared encoders");
        } catch (const config_error& e) {
            BOOST_TEST_INFO("message: " << e.what());
            BOOST_TEST(test::contains(e.what(), "'enc_hidden_b'"));
        }
    }
}

// An LSTM with return_state whose states are read by index (Get<node, 1>, Get<node, 2>; call(x)[1],
// call(x)[2]): the selections are written as tensor indices of the LSTM's node.
namespace state {
struct x : Input<6, 3> {};
struct o : Call<LSTM<4, return_state>, x> {};
struct hs : Get<o, 1> {};
struct cs : Get<o, 2> {};
struct both : Call<Concatenate<>, hs, cs> {};
struct head : Call<Dense<3>, both> {};
using Net = Functional<Inputs<x>, Outputs<head, o, cs>>;
} // namespace state

BOOST_AUTO_TEST_CASE(hand_built_twin_with_lstm_states) {
    const auto x = dyn::Input({6, 3}, "x");
    const auto outs = dyn::LSTM({.units = 4, .return_state = true, .name = "o"}).call({x});
    BOOST_TEST_REQUIRE(outs.size() == 3u);
    const auto both = dyn::Concatenate({.name = "both"})({outs[1], outs[2]});
    const auto head = dyn::Dense({.units = 3, .name = "head"})(both);
    const dyn::Model d({x}, {head, outs[0], outs[2]}, "functional", seed{9});

    const state::Net s{seed{9}};
    BOOST_TEST(d.to_json() == s.to_json());
    BOOST_TEST(test::same_weights(d.get_weights(), s.get_weights()));
    BOOST_TEST(d.summary() == s.summary());
    const auto xs = br::batch_inputs<state::Net>();
    BOOST_TEST(br::outputs_difference(d.predict(xs), br::run_static(s, xs)) <= 1e-6f);

    const json j = s.get_config();
    BOOST_TEST(entry_named(j, "both").at("inbound_nodes").dump() == R"([[["o",0,1,{}],["o",0,2,{}]]])");
    BOOST_TEST(entry_named(j, "o").at("inbound_nodes").dump() == R"([[["x",0,0,{}]]])");
    BOOST_TEST(j.at("config").at("output_layers").dump() == R"([["head",0,0],["o",0,0],["o",0,2]])");

    // The bridges both ways.
    const dyn::Model t = to_dynamic(s);
    BOOST_TEST(t.to_json() == d.to_json());
    BOOST_TEST(br::outputs_difference(t.predict(xs), d.predict(xs)) <= 1e-6f);
    const auto back = model_cast<state::Net>(d);
    BOOST_TEST(test::same_weights(back.get_weights(), d.get_weights()));
    // Reading state_h where the type reads state_c is another wiring.
    const auto both2 = dyn::Concatenate({.name = "both"})({outs[1], outs[1]});
    const auto head2 = dyn::Dense({.units = 3, .name = "head"})(both2);
    const dyn::Model rewired({x}, {head2, outs[0], outs[2]}, "functional", seed{9});
    try {
        (void)model_cast<state::Net>(rewired);
        BOOST_ERROR("model_cast accepted another wiring");
    } catch (const config_error& e) {
        BOOST_TEST_INFO("message: " << e.what());
        BOOST_TEST(test::contains(e.what(), "layer 'both'"));
        BOOST_TEST(test::contains(e.what(), "inbound node 0"));
    }
}

// A nested Sequential shared by two calls (a named model type), as a dynamic Sequential called
// twice.
namespace shared_nested {
using Mlp = Sequential<Input<16>, Dense<16, act::relu>, Dense<16>>;
struct tower : Mlp {};
struct x : Input<16> {};
struct t1 : Call<tower, x> {};
struct t2 : Call<tower, t1> {};
struct y : Call<Add, t1, t2> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace shared_nested

BOOST_AUTO_TEST_CASE(hand_built_twin_with_a_shared_nested_model) {
    const dyn::Sequential tower(dyn::Input({16}),
                                {dyn::Dense({.units = 16, .activation = "relu"}), dyn::Dense({.units = 16})}, "tower",
                                seed{0});
    const auto x = dyn::Input({16}, "x");
    const auto t1 = tower(x);
    const auto t2 = tower(t1);
    const auto y = dyn::Add({.name = "y"})({t1, t2});
    const dyn::Model d({x}, {y}, "functional", seed{4});

    const shared_nested::Net s{seed{4}};
    BOOST_TEST(d.to_json() == s.to_json());
    BOOST_TEST(test::same_weights(d.get_weights(), s.get_weights()));
    BOOST_TEST(d.count_params() == shared_nested::Net::param_count);
    const auto xs = br::batch_inputs<shared_nested::Net>();
    BOOST_TEST(br::outputs_difference(d.predict(xs), br::run_static(s, xs)) <= 1e-6f);
    const json j = s.get_config();
    BOOST_TEST(entry_named(j, "tower").at("class_name") == "Sequential");
    // A nested model's calls are its nodes 1, 2, ... (Keras 2 and TensorFlow.js count its own
    // construction as node 0).
    BOOST_TEST(entry_named(j, "tower").at("inbound_nodes").dump() == R"([[["x",0,0,{}]],[["tower",1,0,{}]]])");
    BOOST_TEST(entry_named(j, "y").at("inbound_nodes").dump() == R"([[["tower",1,0,{}],["tower",2,0,{}]]])");
    BOOST_TEST(entry_named(j, "tower").at("config").at("layers").size() == 3u);  // InputLayer, 2 Dense

    br::check_model<shared_nested::Net>(31);
}

// The references the one Keras-config writer (detail::keras_model_config) and the one layer
// order (detail::keras_order) give at the edges, on both paths: an output that is a nested
// model's second call (node 2: its node 0 is its own construction), an output that is an input,
// and an input no output reads (listed first).
namespace edge_refs {
struct unused : Input<2> {};
using Net = Functional<Inputs<shared_nested::x, unused>, Outputs<shared_nested::t2, shared_nested::x>>;
} // namespace edge_refs

BOOST_AUTO_TEST_CASE(output_and_input_references_at_the_edges_are_the_same_on_both_paths) {
    const edge_refs::Net s{seed{5}};
    const json j = s.get_config();
    std::vector<std::string> entries;
    for (const json& e : j.at("config").at("layers")) entries.push_back(e.at("name").get<std::string>());
    BOOST_TEST((entries == std::vector<std::string>{"unused", "x", "tower"}));
    BOOST_TEST(entry_named(j, "tower").at("inbound_nodes").dump() == R"([[["x",0,0,{}]],[["tower",1,0,{}]]])");
    BOOST_TEST(j.at("config").at("input_layers").dump() == R"([["x",0,0],["unused",0,0]])");
    BOOST_TEST(j.at("config").at("output_layers").dump() == R"([["tower",2,0],["x",0,0]])");

    const dyn::Sequential tower(dyn::Input({16}),
                                {dyn::Dense({.units = 16, .activation = "relu"}), dyn::Dense({.units = 16})}, "tower",
                                seed{0});
    const auto x = dyn::Input({16}, "x");
    const auto unused = dyn::Input({2}, "unused");
    const dyn::Model d({x, unused}, {tower(tower(x)), x}, "functional", seed{5});
    BOOST_TEST(d.to_json() == s.to_json());
    BOOST_TEST(dyn::model_from_json(s.to_json()).to_json() == s.to_json());
}

// Errors of model_cast that the generic changes do not make: another kind of model, another
// input shape, a Sequential given where a graph is expected.
BOOST_AUTO_TEST_CASE(model_cast_errors) {
    using Classifier = corpus::seed_classifier::Classifier;
    const auto wide = dyn::Sequential(dyn::Input({729}), {dyn::Dense({.units = 32, .activation = "relu"}),
                                                          dyn::Dense({.units = 1, .activation = "sigmoid"})},
                                      "sequential", seed{1});
    try {
        (void)model_cast<Classifier>(wide);
        BOOST_ERROR("model_cast accepted another input shape");
    } catch (const config_error& e) {
        BOOST_TEST_INFO("message: " << e.what());
        BOOST_TEST(test::contains(e.what(), "(None, 729)"));
        BOOST_TEST(test::contains(e.what(), "(None, 728)"));
    }
    const auto in = dyn::Input({728}, "in");
    const auto hidden = dyn::Dense({.units = 32, .activation = "relu"})(in);
    const auto out = dyn::Dense({.units = 1, .activation = "sigmoid"})(hidden);
    const dyn::Model graph({in}, {out}, "functional", seed{1});
    BOOST_CHECK_THROW((void)model_cast<Classifier>(graph), config_error);
    BOOST_CHECK_THROW((void)model_cast<fn::siamese::Net>(wide), config_error);
    // An extra layer at the end.
    auto longer = dyn::Sequential(dyn::Input({728}), {dyn::Dense({.units = 32, .activation = "relu"}),
                                                      dyn::Dense({.units = 1, .activation = "sigmoid"}),
                                                      dyn::Activation({.activation = "linear", .name = "extra"})},
                                  "sequential", seed{1});
    try {
        (void)model_cast<Classifier>(longer);
        BOOST_ERROR("model_cast accepted an extra layer");
    } catch (const config_error& e) {
        BOOST_TEST_INFO("message: " << e.what());
        BOOST_TEST(test::contains(e.what(), "'extra'"));
    }
    // A Sequential with another initializer is still the type (initializers are the layer's
    // state, as Dense(config) takes them), and model_cast keeps it.
    const auto init = dyn::Sequential(
        dyn::Input({728}),
        {dyn::Dense({.units = 32, .activation = "relu", .kernel_initializer = Initializer::he_normal()}),
         dyn::Dense({.units = 1, .activation = "sigmoid"})},
        "sequential", seed{1});
    const Classifier c = model_cast<Classifier>(init);
    BOOST_TEST(c.to_json() == init.to_json());
}

// A user's own static layer over an engine class of its own (static_layer<Engine>), in a
// Sequential that also nests a Sequential: to_dynamic copies the engine object, model_cast makes
// the static layer from it, and with the class registered the JSON reads back.
namespace user {
struct half_config : layers::base_config {
    float factor = 0.5f;
};
// The engine class: y = factor * x.
class HalfEngine : public layers::basic_layer<HalfEngine, half_config> {
public:
    static constexpr std::string_view class_name = "Half";
    static constexpr std::string_view default_name = "half";
    explicit HalfEngine(config_type c) : basic_layer(std::move(c)) {}

    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return in; }
    void forward(const ConstTensorView& x, const TensorView& y, std::span<float>, const layers::call_context&) const {
        for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = cfg_.factor * x.data[i];
    }
    [[nodiscard]] json get_config() const {
        json j = layers::detail::write_base(cfg_);
        j["factor"] = cfg_.factor;
        return j;
    }
    [[nodiscard]] static config_type config_from_json(const json& j) {
        config_type c;
        layers::detail::read_base(c, j, "Half config");
        c.factor = scion::detail::get_field<float>(j, "factor", "Half config");
        return c;
    }
};
// The static layer: the engine plus a compile-time shape rule.
class Half : public static_layer<HalfEngine> {
public:
    using dsl_type = Half;
    static constexpr shape_result infer(const Shape& in) noexcept { return {in}; }
    static constexpr std::size_t param_count(const Shape&) noexcept { return 0; }
    Half() : static_layer(config_type{}) {}
    explicit Half(config_type c) : static_layer(std::move(c)) {}
};
using Inner = Sequential<Input<3>, Dense<3, act::relu>>;
using Net = Sequential<Input<3>, Half, Inner, Dense<2>>;
} // namespace user

BOOST_AUTO_TEST_CASE(a_user_static_layer_and_a_nested_sequential) {
    dyn::register_layer<user::HalfEngine>("Half");
    const user::Net s{seed{6}};
    const auto d = to_dynamic(s);
    BOOST_TEST(d.layers()[0].as<user::HalfEngine>() != nullptr);
    BOOST_TEST(d.layers()[1].is_model());
    const json j = s.get_config();
    BOOST_TEST(j.at("config").at("layers")[1].dump() ==
               R"({"class_name":"Half","config":{"name":"half","trainable":true,"dtype":"float32","factor":0.5}})");
    BOOST_TEST(j.at("config").at("layers")[2].at("class_name") == "Sequential");
    BOOST_TEST(j.at("config").at("layers")[2].at("config").at("layers").size() == 2u);  // InputLayer, Dense
    // The whole property, model_from_json included (the class is registered).
    br::check_model<user::Net>(6);
    // A Half with another factor is not the type's default, but the factor is the layer's state
    // (as a Dense's initializer is): model_cast keeps it.
    auto other = user::HalfEngine(user::half_config{});
    auto cfg = other.config();
    cfg.factor = 0.25f;
    const dyn::Sequential q(dyn::Input({3}), {dyn::Layer(user::HalfEngine(cfg)), to_dynamic(user::Inner{seed{1}}),
                                             dyn::Dense({.units = 2})},
                            "sequential", seed{6});
    const user::Net back = model_cast<user::Net>(q);
    BOOST_TEST(back.layer<0>().config().factor == 0.25f);
    BOOST_TEST(back.to_json() == q.to_json());
}

// Two layers of a static model made to hold one weight list (a weight tie): the dynamic twin holds
// one list for both too (its own, not the static model's), and model_cast keeps the tie.
BOOST_AUTO_TEST_CASE(weight_ties_cross_the_bridges) {
    using Tied = Sequential<Input<4>, Dense<4, act::tanh>, Dense<4>>;
    Tied s{seed{8}};
    graph::share_weights(s.layer<1>(), s.layer<0>());
    const std::vector<Tensor> w = s.get_weights();
    const auto d = to_dynamic(s);
    BOOST_TEST(test::same_weights(d.get_weights(), w));
    BOOST_TEST(d.count_params() == 20u);  // the tied list counts once
    std::vector<Tensor> fill = d.layers()[1].get_weights();
    for (Tensor& t : fill)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = 0.5f;
    d.layers()[1].set_weights(fill);
    BOOST_TEST(test::same_weights(d.layers()[0].get_weights(), fill));  // tied in the twin
    BOOST_TEST(test::same_weights(s.get_weights(), w));                 // not the static model's lists
    Tied back = model_cast<Tied>(d);
    BOOST_TEST(test::same_weights(back.layer<0>().get_weights(), fill));
    std::vector<Tensor> twice = fill;
    for (Tensor& t : twice)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = 2.0f;
    back.layer<0>().set_weights(twice);
    BOOST_TEST(test::same_weights(back.layer<1>().get_weights(), twice));  // tied in the cast
    BOOST_TEST(test::same_weights(d.layers()[0].get_weights(), fill));     // not the twin's lists
}
