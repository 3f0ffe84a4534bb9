// Keras JSON in for the dynamic path (scion/dynamic/json.hpp): the TF.js functional fixtures
// read by model_from_config and run against tfjs's outputs; round trips of models built with the
// dynamic factories (same JSON, same weights for the same seed, same outputs); the Keras 3 dialect
// against the Keras 2 / TF.js one; a registered user layer; one test per error a file can hold;
// and a short deterministic fuzz in which every mutated file loads or throws scion::error.
#define BOOST_TEST_MODULE dynamic_json
#include <boost/test/unit_test.hpp>

#include <scion/dynamic/json.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>

#include "fixtures.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace scion;
namespace dyn = scion::dynamic;

// Helpers without the static path (this test needs the dynamic headers only; fixtures.hpp reads
// the fixtures with the engine types).
namespace test {

using scion::test_fixtures::read_json;
using scion::test_fixtures::tensor_from;

using scion::test_fixtures::max_abs_diff;

Tensor iota_tensor(Shape s, float scale = 0.01f) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = scale * static_cast<float>((i * 7919) % 201) - 1.0f;
    return t;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

} // namespace test

using test::contains;

namespace {

// ---- TF.js fixtures -----------------------------------------------------------------------------

struct fixture {
    json raw;
    std::vector<std::string> input_names, output_names;
    std::vector<Tensor> inputs, outputs;
};

fixture load_fixture(const std::string& name) {
    fixture f;
    f.raw = test::read_json("functional/" + name + ".json");
    for (const auto& x : f.raw.at("inputs")) {
        f.input_names.push_back(x.at("name").get<std::string>());
        f.inputs.push_back(test::tensor_from(x));
    }
    for (const auto& y : f.raw.at("outputs")) {
        f.output_names.push_back(y.at("name").get<std::string>());
        f.outputs.push_back(test::tensor_from(y));
    }
    return f;
}

// The fixture's arrays in get_weights order, found by layer name (a nested model's arrays by the
// name of each of its layers: tfjs calls them "<inner layer>/kernel"). Every array is used once.
std::vector<Tensor> weights_by_name(const dyn::Model& m, const json& weights) {
    std::vector<Tensor> all;
    std::size_t used = 0, given = 0;
    for (const auto& [layer, ws] : weights.items()) given += ws.size();
    for (const dyn::Layer& l : m.layers()) {
        BOOST_TEST_REQUIRE(weights.contains(l.name()), "layer '" << l.name() << "' is not in the fixture");
        const json& ws = weights.at(l.name());
        if (l.is_model()) {
            for (const dyn::Layer& inner : dyn::Model(l).layers())
                for (const json& w : ws)
                    if (w.at("name").get<std::string>().starts_with(inner.name() + "/")) {
                        all.push_back(test::tensor_from(w));
                        ++used;
                    }
        } else {
            for (const json& w : ws) all.push_back(test::tensor_from(w));
            used += ws.size();
        }
    }
    BOOST_TEST_REQUIRE(used == given);
    return all;
}

// Loads the fixture's "model" (or `model`, when given: another dialect of the same topology), sets
// the fixture's weights and compares every output with tfjs's. Returns the largest difference.
float check_fixture(const std::string& name, float tolerance, const json* model = nullptr) {
    float worst = 0;
    BOOST_TEST_CONTEXT("fixture " << name) {
        const fixture f = load_fixture(name);
        const dyn::Model m = dyn::model_from_config(model ? *model : f.raw.at("model"), seed{1});
        BOOST_TEST_REQUIRE(m.inputs().size() == f.inputs.size());
        BOOST_TEST_REQUIRE(m.outputs().size() == f.outputs.size());
        for (std::size_t i = 0; i < f.inputs.size(); ++i) BOOST_TEST(m.inputs()[i].layer_name() == f.input_names[i]);
        // The layers in TF.js's order (its model.layers, which its JSON lists): layers(), and
        // the JSON scion writes.
        const json& tfjs_layers = f.raw.at("model").at("config").at("layers");
        std::vector<std::string> want, want_with_inputs, got, got_with_inputs;
        for (const json& l : tfjs_layers) {
            want_with_inputs.push_back(l.at("name"));
            if (l.at("class_name") != "InputLayer") want.push_back(l.at("name"));
        }
        for (const dyn::Layer& l : m.layers()) got.push_back(l.name());
        const json written = m.to_json_value();
        for (const json& l : written.at("config").at("layers")) got_with_inputs.push_back(l.at("name"));
        BOOST_TEST(got == want, "layers() in TF.js's order");
        BOOST_TEST(got_with_inputs == want_with_inputs, "the JSON's layers in TF.js's order");
        m.set_weights(weights_by_name(m, f.raw.at("weights")));
        const std::vector<Tensor> ys = m.predict(f.inputs);
        for (std::size_t k = 0; k < ys.size(); ++k) {
            BOOST_TEST_CONTEXT("output " << k << " (" << f.output_names[k] << ")") {
                BOOST_TEST(ys[k].shape() == f.outputs[k].shape());
                const float d = test::max_abs_diff(ys[k], f.outputs[k]);
                BOOST_TEST(d <= tolerance);
                if (!(d <= worst)) worst = d;  // keeps a NaN
            }
        }
        BOOST_TEST_MESSAGE("functional/" << name << ".json" << (model ? " (other dialect)" : "")
                                         << ": max abs diff " << worst);
    }
    return worst;
}

std::vector<Tensor> inputs_for(const dyn::Model& m, std::size_t batch = 2) {
    std::vector<Tensor> xs;
    float scale = 0.01f;
    for (const dyn::KerasTensor& x : m.inputs()) {
        xs.push_back(test::iota_tensor(x.shape().prepend(batch), scale));
        scale += 0.003f;
    }
    return xs;
}

// A model's JSON without its initializers (tfjs writes VarianceScaling where Keras 3 writes
// GlorotUniform): the topology and the options that change outputs.
json without_initializers(json j) {
    if (j.is_object())
        for (const char* k : {"kernel_initializer", "recurrent_initializer", "bias_initializer"}) j.erase(k);
    if (j.is_structured())
        for (json& c : j) c = without_initializers(c);
    return j;
}

bool same_tensors(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace

// ---- the TF.js fixtures --------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(tfjs_fixtures)

BOOST_AUTO_TEST_CASE(residual_mlp_matches_tfjs) { check_fixture("residual_mlp", 1e-5f); }
BOOST_AUTO_TEST_CASE(siamese_with_a_shared_encoder_matches_tfjs) { check_fixture("siamese", 1e-5f); }
BOOST_AUTO_TEST_CASE(two_inputs_two_heads_match_tfjs) { check_fixture("two_inputs_two_heads", 1e-5f); }
BOOST_AUTO_TEST_CASE(nested_sequential_without_input_layer_matches_tfjs) {
    check_fixture("nested_sequential", 1e-5f);
}
BOOST_AUTO_TEST_CASE(branchy_merges_match_tfjs) { check_fixture("branchy_merges", 1e-5f); }
BOOST_AUTO_TEST_CASE(lstm_encoder_decoder_matches_tfjs) { check_fixture("lstm_encoder_decoder", 1e-4f); }
BOOST_AUTO_TEST_CASE(nested_functional_with_two_outputs_matches_tfjs) { check_fixture("nested_functional", 1e-5f); }

// The comparison is not trivially satisfied: the loaded model with its own (seeded) weights is far
// from tfjs's outputs.
BOOST_AUTO_TEST_CASE(the_comparison_can_fail) {
    const fixture f = load_fixture("residual_mlp");
    const dyn::Model m = dyn::model_from_config(f.raw.at("model"), seed{1});
    BOOST_TEST(test::max_abs_diff(m.predict(f.inputs)[0], f.outputs[0]) > 1e-2f);
}

// A TF.js model.json holds the topology under "modelTopology" (and Keras 2's under "model_config").
BOOST_AUTO_TEST_CASE(a_tfjs_model_json_loads_from_its_model_topology) {
    const fixture f = load_fixture("siamese");
    const json file = {{"format", "layers-model"},
                       {"generatedBy", "TensorFlow.js tfjs-layers v4.22.0"},
                       {"modelTopology", f.raw.at("model")},
                       {"weightsManifest", json::array()}};
    check_fixture("siamese", 1e-5f, &file);
    const json keras2 = {{"modelTopology", {{"keras_version", "2.9.0"}, {"model_config", f.raw.at("model")}}}};
    check_fixture("siamese", 1e-5f, &keras2);
    const json as_text = {{"model_config", f.raw.at("model").dump()}};
    check_fixture("siamese", 1e-5f, &as_text);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- round trips ---------------------------------------------------------------------------------

namespace {

dyn::Model mlp(seed s) {
    dyn::Sequential m(dyn::Input({8}, "x"),
                      {dyn::Dense({.units = 16, .activation = "relu", .name = "h"}), dyn::Dropout({.rate = 0.3f}),
                       dyn::Dense({.units = 4, .activation = "softmax"})},
                      "mlp", s);
    m.build();
    return m;
}

dyn::Model shared_encoder(seed s) {
    const auto a = dyn::Input({6}, "a");
    const auto b = dyn::Input({6}, "b");
    const dyn::Layer enc = dyn::Dense({.units = 5, .activation = "tanh", .name = "enc"});
    const dyn::Layer hid = dyn::Dense({.units = 6, .activation = "relu"});
    const auto ea = enc(hid(a));
    const auto eb = enc(hid(b));
    const auto d = dyn::Subtract()({ea, eb});
    const auto j = dyn::Concatenate()({eb, d, ea});
    const auto y = dyn::Dense({.units = 2, .activation = "sigmoid", .name = "score"})(j);
    return dyn::Model({a, b}, {y, d}, "siamese", s);
}

dyn::Model nested(seed s) {
    dyn::Sequential block(dyn::Input({6}), {dyn::Dense({.units = 8, .activation = "relu"}), dyn::Dense({.units = 6})},
                          "block");
    const auto ti = dyn::Input({6}, "tower_in");
    const auto u = dyn::Dense({.units = 5, .activation = "relu", .name = "u"})(ti);
    const auto p = dyn::Dense({.units = 3, .name = "p"})(u);
    const auto q = dyn::Dense({.units = 2, .activation = "tanh", .name = "q"})(u);
    const dyn::Model tower({ti}, {p, q}, "tower", dyn::unbuilt);

    const auto x = dyn::Input({5}, "x");
    const auto pre = dyn::Dense({.units = 6, .activation = "tanh", .name = "pre"})(x);
    const auto b1 = block(pre);
    const auto b2 = block(b1);  // the nested Sequential called twice: its second node
    const auto sum = dyn::Add({.name = "skip"})({pre, b2});
    const auto pq = tower.call({sum});
    const auto both = dyn::Concatenate({.name = "both"})({pq[1], pq[0]});
    const auto y = dyn::Dense({.units = 2, .name = "y"})(both);
    return dyn::Model({x}, {y, pq[0]}, "outer", s);
}

dyn::Model lstm_states(seed s) {
    const auto x = dyn::Input({5, 3}, "x");
    const auto seq = dyn::Bidirectional(dyn::LSTM({.units = 3, .return_sequences = true}), {.name = "bi"})(x);
    const auto outs = dyn::LSTM({.units = 4, .return_state = true, .name = "enc"}).call({seq});
    // h and c read by index, out of order, so that a swap shows.
    const auto cat = dyn::Concatenate({.name = "cat"})({outs[2], outs[0], outs[1]});
    const auto code = dyn::Dense({.units = 6, .name = "code"})(cat);
    const auto steps = dyn::Reshape({.target_shape = {3, 2}, .name = "steps"})(code);
    const auto dec = dyn::LSTM({.units = 2, .return_sequences = true, .go_backwards = true, .name = "dec"})(steps);
    const auto flat = dyn::Flatten({.name = "flat"})(dec);
    return dyn::Model({x}, {flat, outs[2]}, "lstm_states", s);
}

dyn::Model merges(seed s) {
    const auto x = dyn::Input({4}, "x");
    const auto a = dyn::Dense({.units = 4, .name = "a"})(x);
    const auto b = dyn::Dense({.units = 4, .name = "b"})(x);
    const auto g = dyn::Dense({.units = 1, .activation = "sigmoid", .name = "g"})(x);
    const auto sum = dyn::Add()({a, b, x});
    const auto dif = dyn::Subtract()({a, b});
    const auto prod = dyn::Multiply()({a, g});
    const auto avg = dyn::Average()({sum, dif, prod});
    const auto hi = dyn::Maximum()({avg, a});
    const auto lo = dyn::Minimum()({hi, b});
    const auto act = dyn::Activation({.activation = "gelu"})(lo);
    const auto cat = dyn::Concatenate({.axis = 1})({act, hi, prod});
    return dyn::Model({x}, {cat, lo}, "merges", s);
}

struct named_model {
    const char* name;
    dyn::Model (*make)(seed);
};
const named_model round_trip_models[] = {{"mlp", mlp},
                                         {"shared_encoder", shared_encoder},
                                         {"nested", nested},
                                         {"lstm_states", lstm_states},
                                         {"merges", merges}};

} // namespace

BOOST_AUTO_TEST_SUITE(round_trip)

BOOST_AUTO_TEST_CASE(to_json_then_model_from_json_gives_the_same_json_weights_and_outputs) {
    for (const auto& [name, make] : round_trip_models) {
        BOOST_TEST_CONTEXT("model " << name) {
            const dyn::Model twin = make(seed{5});  // built by hand with that seed
            const std::string text = twin.to_json();
            const dyn::Model a = dyn::model_from_json(text, seed{5});
            const dyn::Model b = dyn::model_from_json(text, seed{5});
            BOOST_TEST(a.to_json() == text);
            BOOST_TEST(a.is_sequential() == twin.is_sequential());
            BOOST_TEST(a.count_params() == twin.count_params());
            BOOST_TEST(same_tensors(a.get_weights(), b.get_weights()));
            BOOST_TEST(same_tensors(a.get_weights(), twin.get_weights()));
            const auto xs = inputs_for(twin);
            BOOST_TEST(same_tensors(a.predict(xs), twin.predict(xs)));
            // The weights come from the seed: another seed, other weights.
            const dyn::Model c = dyn::model_from_json(text, seed{6});
            BOOST_TEST(!same_tensors(c.get_weights(), twin.get_weights()));
            BOOST_TEST(c.to_json() == text);
            // Read from the json value too, and from the pretty-printed text.
            BOOST_TEST(dyn::model_from_config(twin.to_json_value(), seed{5}).to_json() == text);
            BOOST_TEST(dyn::model_from_json(twin.to_json(2), seed{5}).to_json() == text);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_sequential_comes_back_as_a_sequential) {
    const dyn::Model m = dyn::model_from_json(mlp(seed{1}).to_json(), seed{2});
    BOOST_TEST(m.is_sequential());
    dyn::Sequential s(m);
    BOOST_TEST(s.layers().size() == 3u);
    BOOST_TEST(s.get_layer("h").class_name() == "Dense");
    s.pop();
    BOOST_TEST(s.layers().size() == 2u);
    BOOST_TEST(!dyn::model_from_json(merges(seed{1}).to_json()).is_sequential());
}

// Nested models are read unbuilt and built by the outer model from its one seed under "<name>/":
// the weights of a nested layer are those of the model built by hand (checked above), and differ
// from those of the same nested model built alone with that seed.
BOOST_AUTO_TEST_CASE(nested_models_are_built_from_the_outer_seed) {
    const dyn::Model m = dyn::model_from_json(nested(seed{5}).to_json(), seed{5});
    const dyn::Model block(m.get_layer("block"));
    BOOST_TEST(block.is_sequential());
    BOOST_TEST(block.built());
    const dyn::Model alone = dyn::model_from_json(block.to_json(), seed{5});
    BOOST_TEST(!same_tensors(alone.get_weights(), block.get_weights()));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Keras 3 -------------------------------------------------------------------------------------

namespace {

// The siamese fixture's topology as Keras 3 writes it: module keys, DTypePolicy objects,
// batch_shape, args/kwargs nodes with __keras_tensor__ histories, merges whose args[0] is a list,
// build_config and registered_name.
const char* const keras3_siamese = R"({"module": "keras", "class_name": "Functional", "config": {"name": "siamese", "trainable": true,
 "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "dtype": "float32", "sparse": false, "ragged": false, "name": "a"}, "registered_name": null, "name": "a", "inbound_nodes": []},
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6], "dtype": "float32", "sparse": false, "ragged": false, "name": "b"}, "registered_name": null, "name": "b", "inbound_nodes": []},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "enc_hidden", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 8, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 6]}, "name": "enc_hidden",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 6], "dtype": "float32", "keras_history": ["a", 0, 0]}}], "kwargs": {}},
                     {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 6], "dtype": "float32", "keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "encoder", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 5, "activation": "elu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 8]}, "name": "encoder",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 8], "dtype": "float32", "keras_history": ["enc_hidden", 0, 0]}}], "kwargs": {}},
                     {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 8], "dtype": "float32", "keras_history": ["enc_hidden", 1, 0]}}], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Subtract", "config": {"name": "diff", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}, "registered_name": null, "build_config": {"input_shape": [[null, 5], [null, 5]]}, "name": "diff",
   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["encoder", 0, 0]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["encoder", 1, 0]}}]], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "join", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axis": -1}, "registered_name": null, "build_config": {"input_shape": [[null, 5], [null, 5], [null, 5]]}, "name": "join",
   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["encoder", 0, 0]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["encoder", 1, 0]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["diff", 0, 0]}}]], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "score", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 15]}, "name": "score",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 15], "dtype": "float32", "keras_history": ["join", 0, 0]}}], "kwargs": {}}]}],
 "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["score", 0, 0], ["diff", 0, 0]]},
 "registered_name": "Functional", "build_config": {"input_shape": null}, "compile_config": null})";

// The nested_functional fixture as Keras 3 writes it: a nested Functional (whose first call is
// node 1: Keras counts the model's own node), single-input input_layers written as ["x", 0, 0].
const char* const keras3_nested = R"({"module": "keras", "class_name": "Functional", "config": {"name": "nested_functional", "trainable": true,
 "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "x"}, "registered_name": null, "name": "x", "inbound_nodes": []},
  {"module": "keras", "class_name": "Functional", "config": {"name": "tower", "trainable": true, "layers": [
     {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "tower_in"}, "registered_name": null, "name": "tower_in", "inbound_nodes": []},
     {"module": "keras.layers", "class_name": "Dense", "config": {"name": "u", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 5, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}, "name": "u",
      "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["tower_in", 0, 0]}}], "kwargs": {}}]},
     {"module": "keras.layers", "class_name": "Dense", "config": {"name": "p", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 5]}, "name": "p",
      "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["u", 0, 0]}}], "kwargs": {}}]},
     {"module": "keras.layers", "class_name": "Dense", "config": {"name": "q", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "tanh", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 5]}, "name": "q",
      "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["u", 0, 0]}}], "kwargs": {}}]}],
    "input_layers": ["tower_in", 0, 0], "output_layers": [["p", 0, 0], ["q", 0, 0]]},
   "registered_name": "Functional", "build_config": {"input_shape": null}, "name": "tower",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["x", 0, 0]}}], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "both", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axis": -1}, "registered_name": null, "build_config": {"input_shape": [[null, 3], [null, 2]]}, "name": "both",
   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["tower", 1, 0]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["tower", 1, 1]}}]], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "y", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 5]}, "name": "y",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["both", 0, 0]}}], "kwargs": {}}]}],
 "input_layers": ["x", 0, 0], "output_layers": [["y", 0, 0]]},
 "registered_name": "Functional", "build_config": {"input_shape": null}, "compile_config": null})";

// An LSTM with return_state whose states are read by tensor index, with call kwargs, in Keras 3's form.
const char* const keras3_lstm_states = R"({"module": "keras", "class_name": "Functional", "config": {"name": "states", "trainable": true,
 "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5, 3], "dtype": "float32", "sparse": false, "name": "x"}, "registered_name": null, "name": "x", "inbound_nodes": []},
  {"module": "keras.layers", "class_name": "LSTM", "config": {"name": "enc", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": false, "return_state": true, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "unit_forget_bias": true, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 5, 3]}, "name": "enc",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 5, 3], "dtype": "float32", "keras_history": ["x", 0, 0]}}], "kwargs": {"training": false, "mask": null}}]},
  {"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "cat", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axis": -1}, "registered_name": null, "build_config": {"input_shape": [[null, 4], [null, 4], [null, 4]]}, "name": "cat",
   "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["enc", 0, 2]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["enc", 0, 0]}},
                                {"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["enc", 0, 1]}}]], "kwargs": {}}]},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "y", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 12]}, "name": "y",
   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 12], "dtype": "float32", "keras_history": ["cat", 0, 0]}}], "kwargs": {}}]}],
 "input_layers": [["x", 0, 0]], "output_layers": [["y", 0, 0], ["enc", 0, 1]]},
 "registered_name": "Functional", "build_config": {"input_shape": null}, "compile_config": null})";

// Sequential without an InputLayer entry (Keras 2 / TF.js: batch_input_shape on the first layer)
// and the same model as Keras 3 writes it (an InputLayer with batch_shape, DTypePolicy objects).
const char* const keras2_sequential = R"({"class_name": "Sequential", "config": {"name": "seq", "layers": [
  {"class_name": "Dense", "config": {"name": "d1", "trainable": true, "batch_input_shape": [null, 4], "dtype": "float32", "units": 3, "activation": "relu", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
  {"class_name": "Dense", "config": {"name": "d2", "trainable": true, "dtype": "float32", "units": 2, "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]},
 "keras_version": "2.9.0", "backend": "tensorflow"})";
const char* const keras3_sequential = R"({"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "d2", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}],
 "build_input_shape": [null, 4]}, "registered_name": null, "build_config": {"input_shape": [null, 4]}, "compile_config": null})";

} // namespace

BOOST_AUTO_TEST_SUITE(keras3)

// The Keras 3 texts give tfjs's outputs with the fixtures' weights, and exactly the outputs of the
// Keras 2 / TF.js form of the same model.
BOOST_AUTO_TEST_CASE(keras3_functional_with_shared_layers_matches_tfjs_and_the_keras2_form) {
    const json k3 = json::parse(keras3_siamese);
    check_fixture("siamese", 1e-5f, &k3);
    const fixture f = load_fixture("siamese");
    const dyn::Model m3 = dyn::model_from_config(k3, seed{1});
    const dyn::Model m2 = dyn::model_from_config(f.raw.at("model"), seed{1});
    BOOST_TEST(without_initializers(m3.to_json_value()) == without_initializers(m2.to_json_value()));
    const auto w = weights_by_name(m2, f.raw.at("weights"));
    m3.set_weights(w);
    m2.set_weights(w);
    BOOST_TEST(same_tensors(m3.predict(f.inputs), m2.predict(f.inputs)));
}

// Keras 3 writes the inputs of a dict-structured model as an object; it takes them in the order of
// the sorted keys.
BOOST_AUTO_TEST_CASE(keras3_dict_structured_inputs_are_taken_in_sorted_key_order) {
    json k3 = json::parse(keras3_siamese);
    k3["config"]["input_layers"] = json::parse(R"({"second": ["b", 0, 0], "first": ["a", 0, 0]})");
    const dyn::Model m = dyn::model_from_config(k3, seed{1});
    BOOST_TEST(m.inputs()[0].layer_name() == "a");
    BOOST_TEST(m.inputs()[1].layer_name() == "b");
}

BOOST_AUTO_TEST_CASE(keras3_nested_functional_counts_its_own_node_and_matches_tfjs) {
    const json k3 = json::parse(keras3_nested);
    check_fixture("nested_functional", 1e-5f, &k3);
    const fixture f = load_fixture("nested_functional");
    BOOST_TEST(without_initializers(dyn::model_from_config(k3, seed{1}).to_json_value()) ==
               without_initializers(dyn::model_from_config(f.raw.at("model"), seed{1}).to_json_value()));
}

// States read by tensor index: the Keras 3 file gives the outputs of the twin built by hand with
// the same seed (so h and c are where the file says).
BOOST_AUTO_TEST_CASE(keras3_lstm_states_are_read_by_tensor_index) {
    const auto x = dyn::Input({5, 3}, "x");
    const auto outs = dyn::LSTM({.units = 4, .return_state = true, .name = "enc"}).call({x});
    const auto cat = dyn::Concatenate({.name = "cat"})({outs[2], outs[0], outs[1]});
    const auto y = dyn::Dense({.units = 2, .name = "y"})(cat);
    const dyn::Model twin({x}, {y, outs[1]}, "states", seed{9});

    const dyn::Model m = dyn::model_from_json(keras3_lstm_states, seed{9});
    BOOST_TEST(m.to_json() == twin.to_json());
    BOOST_TEST(same_tensors(m.get_weights(), twin.get_weights()));
    const auto xs = inputs_for(twin, 3);
    const auto a = m.predict(xs), b = twin.predict(xs);
    BOOST_TEST(same_tensors(a, b));
    // Output 1 is h: the last step of the sequence output equals it (return_sequences=false: it is it).
    BOOST_TEST(a[1].shape() == (Shape{3, 4}));
}

// A Keras 2 Sequential without an InputLayer entry and its Keras 3 form give the outputs computed
// by hand.
BOOST_AUTO_TEST_CASE(keras2_sequential_without_input_layer_and_keras3_sequential_compute_the_same) {
    const dyn::Model m2 = dyn::model_from_json(keras2_sequential, seed{1});
    const dyn::Model m3 = dyn::model_from_json(keras3_sequential, seed{1});
    BOOST_TEST(m2.is_sequential());
    BOOST_TEST(m3.is_sequential());
    BOOST_TEST(m2.inputs()[0].layer_name() == "d1_input");  // Keras 2's name for it
    BOOST_TEST(m3.inputs()[0].layer_name() == "input_layer");
    const std::vector<Tensor> w{Tensor({4, 3}, {1, 0, -1, 0, 1, 0, 2, 0, 1, 0, -1, 0}), Tensor({3}, {0.5f, -4, 0}),
                                Tensor({3, 2}, {1, 2, 3, 4, 5, 6}), Tensor({2}, {0.25f, -0.25f})};
    m2.set_weights(w);
    m3.set_weights(w);
    const Tensor x({2, 4}, {1, 2, 3, 4, -1, 0, 1, 0});
    // Row 0: x·W1 = [1+6, 2-4, -1+3] = [7, -2, 2], + b1 = [7.5, -6, 2] -> relu [7.5, 0, 2];
    //        ·W2 = [7.5+10, 15+12] = [17.5, 27] + b2 = [17.75, 26.75].
    // Row 1: x·W1 = [-1+2, 0, 1+1] = [1, 0, 2], + b1 = [1.5, -4, 2] -> relu [1.5, 0, 2];
    //        ·W2 = [1.5+10, 3+12] = [11.5, 15] + b2 = [11.75, 14.75].
    const Tensor expected({2, 2}, {17.75f, 26.75f, 11.75f, 14.75f});
    BOOST_TEST(test::max_abs_diff(m2.predict({x})[0], expected) == 0.0f);
    BOOST_TEST(test::max_abs_diff(m3.predict({x})[0], expected) == 0.0f);
}

BOOST_AUTO_TEST_CASE(a_dtype_policy_other_than_float32_is_refused_naming_the_layer) {
    json k3 = json::parse(keras3_siamese);
    k3["config"]["layers"][3]["config"]["dtype"]["config"]["name"] = "mixed_float16";
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_config(k3), config_error, [](const config_error& e) {
        return std::string(e.what()).starts_with("layer 'encoder' (Dense): ") && contains(e.what(), "mixed_float16");
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---- a registered user layer ---------------------------------------------------------------------

namespace {

struct my_scale_config : layers::base_config {
    float factor = 1.0f;
};

// A user layer in the engine's style: y = factor * x.
class MyScale : public layers::basic_layer<MyScale, my_scale_config> {
public:
    static constexpr std::string_view class_name = "MyScale";
    static constexpr std::string_view default_name = "my_scale";
    explicit MyScale(config_type c) : basic_layer(std::move(c)) {}

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
        layers::detail::read_base(c, j, "MyScale config");
        c.factor = scion::detail::get_field<float>(j, "factor", "MyScale config");
        return c;
    }
};

// x -> half (node 0) -> half (node 1, the same layer) -> Add(x, that): 1.25 x. Written as scion
// writes it.
const char* const user_layer_model =
    R"({"class_name":"Functional","config":{"name":"scaled","layers":[)"
    R"({"name":"x","class_name":"InputLayer","config":{"batch_input_shape":[null,3],"dtype":"float32","sparse":false,"name":"x"},"inbound_nodes":[]},)"
    R"({"name":"half","class_name":"MyScale","config":{"name":"half","trainable":true,"dtype":"float32","factor":0.5},"inbound_nodes":[[["x",0,0,{}]],[["half",0,0,{}]]]},)"
    R"({"name":"sum","class_name":"Add","config":{"name":"sum","trainable":true,"dtype":"float32"},"inbound_nodes":[[["x",0,0,{}],["half",1,0,{}]]]}],)"
    R"("input_layers":[["x",0,0]],"output_layers":[["sum",0,0]]}})";

} // namespace

BOOST_AUTO_TEST_SUITE(user_layers)

BOOST_AUTO_TEST_CASE(a_registered_user_layer_loads_predicts_and_writes_back_the_same_json) {
    dyn::register_layer<MyScale>("MyScale");
    const dyn::Model m = dyn::model_from_json(user_layer_model);
    BOOST_TEST(m.to_json() == json::parse(user_layer_model).dump());
    BOOST_TEST(m.get_layer("half").as<MyScale>() != nullptr);
    const Tensor x({2, 3}, {1, -2, 4, 0.5f, 8, -1});
    const Tensor y = m.predict({x})[0];
    BOOST_TEST(y.shape() == x.shape());
    for (std::size_t i = 0; i < x.size(); ++i) BOOST_TEST(y[i] == 1.25f * x[i]);
}

BOOST_AUTO_TEST_CASE(an_unregistered_class_is_a_config_error_naming_the_layer_and_the_class) {
    std::string text = user_layer_model;
    text.replace(text.find("\"MyScale\""), 9, "\"MyOther\"");
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_json(text), config_error, [](const config_error& e) {
        const std::string w = e.what();
        return w.starts_with("layer 'half' (MyOther): ") && contains(w, "unknown layer class 'MyOther'") &&
               contains(w, "register_layer<YourLayer>(\"MyOther\")");
    });
}

BOOST_AUTO_TEST_SUITE_END()

// ---- errors --------------------------------------------------------------------------------------

namespace {

// x [4] -> d1 Dense(3) -> d2 Dense(2), as TF.js writes it.
json base_model() {
    return json::parse(R"({"class_name": "Model", "config": {"name": "m", "layers": [
      {"name": "x", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "x"}, "inbound_nodes": []},
      {"name": "d1", "class_name": "Dense", "config": {"units": 3, "activation": "relu", "name": "d1", "kernel_regularizer": null}, "inbound_nodes": [[["x", 0, 0, {}]]]},
      {"name": "d2", "class_name": "Dense", "config": {"units": 2, "name": "d2"}, "inbound_nodes": [[["d1", 0, 0, {}]]]}],
     "input_layers": [["x", 0, 0]], "output_layers": [["d2", 0, 0]]}})");
}
json& layer(json& m, std::size_t i) { return m["config"]["layers"][i]; }

// Checks that loading `j` throws E whose message holds every one of `parts`.
template <class E = config_error>
void check_error(const json& j, std::initializer_list<std::string> parts) {
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_config(j, seed{1}), E, [&](const E& e) {
        bool ok = true;
        for (const std::string& p : parts) ok = ok && contains(e.what(), p);
        if (!ok) BOOST_TEST_MESSAGE("message: " << e.what());
        return ok;
    });
}

} // namespace

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(the_base_model_of_these_tests_loads) {
    BOOST_TEST(dyn::model_from_config(base_model()).count_params() == 4u * 3 + 3 + 3 * 2 + 2);
}

BOOST_AUTO_TEST_CASE(malformed_json_text_gives_the_position) {
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_json(R"({"class_name": "Sequential", "config": {"layers": [}})"),
                          config_error, [](const config_error& e) {
                              return contains(e.what(), "malformed JSON at byte 52") && contains(e.what(), "column 52");
                          });
    BOOST_CHECK_THROW((void)dyn::model_from_json(""), config_error);
    BOOST_CHECK_THROW((void)dyn::model_from_json("{} trailing"), config_error);
}

BOOST_AUTO_TEST_CASE(a_document_that_is_not_a_model_is_refused) {
    check_error(json::array(), {"must be a JSON object"});
    check_error(json{{"config", json::object()}}, {"class_name"});
    check_error(json{{"class_name", "Dense"}, {"config", json::object()}}, {"'Dense' is not a model"});
    check_error(json{{"class_name", "Functional"}}, {"'config'"});
    check_error(json{{"modelTopology", 3}}, {"modelTopology"});
}

BOOST_AUTO_TEST_CASE(a_missing_field_is_named_with_its_layer) {
    json m = base_model();
    layer(m, 1).erase("inbound_nodes");
    check_error(m, {"layer 'd1' (Dense)", "inbound_nodes"});
    m = base_model();
    layer(m, 2)["config"].erase("units");
    check_error(m, {"layer 'd2' (Dense): ", "units"});
    m = base_model();
    layer(m, 2).erase("class_name");
    check_error(m, {"layers[2]", "class_name"});
    m = base_model();
    m["config"].erase("output_layers");
    check_error(m, {"model 'm'", "output_layers"});
    m = base_model();
    layer(m, 0)["config"].erase("batch_input_shape");
    check_error(m, {"layer 'x' (InputLayer)", "batch_input_shape"});
}

BOOST_AUTO_TEST_CASE(a_field_of_the_wrong_type_is_named_with_its_layer) {
    json m = base_model();
    layer(m, 1)["config"]["units"] = "three";
    check_error(m, {"layer 'd1' (Dense): ", "units"});
    m = base_model();
    layer(m, 1)["config"]["units"] = -3;
    check_error(m, {"layer 'd1' (Dense): ", "units", "-3"});
    m = base_model();
    layer(m, 1)["inbound_nodes"] = 5;
    check_error(m, {"layer 'd1' (Dense)", "inbound_nodes"});
    m = base_model();
    layer(m, 2)["config"]["activation"] = 7;
    check_error(m, {"layer 'd2' (Dense): ", "activation"});
    m = base_model();
    m["config"]["layers"] = json::object();
    check_error(m, {"model 'm'", "'layers' must be a list"});
    m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][1] = -1;
    check_error(m, {"layer 'd2' (Dense)", "node index"});
    m = base_model();
    layer(m, 1)["config"]["name"] = "other";
    check_error(m, {"layers[1]", "'d1'", "'other'"});
}

BOOST_AUTO_TEST_CASE(an_unknown_layer_class_names_the_entry_and_how_to_register_it) {
    json m = base_model();
    layer(m, 1)["class_name"] = "Conv9D";
    check_error(m, {"layer 'd1' (Conv9D): ", "unknown layer class 'Conv9D'", "register_layer"});
}

BOOST_AUTO_TEST_CASE(an_unsupported_option_is_named_after_the_layer) {
    json m = base_model();
    layer(m, 1)["config"]["kernel_regularizer"] = {{"class_name", "L2"}, {"config", {{"l2", 0.01}}}};
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_config(m), config_error, [](const config_error& e) {
        return std::string(e.what()).starts_with("layer 'd1' (Dense): ") && contains(e.what(), "kernel_regularizer");
    });
    m = base_model();
    layer(m, 0)["config"]["sparse"] = true;
    check_error(m, {"layer 'x' (InputLayer): ", "sparse"});
    m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][3] = {{"initial_state", json::array({json::array({"x", 0, 0})})}};
    check_error(m, {"layer 'd2' (Dense)", "unsupported call argument 'initial_state'"});
    m = base_model();
    layer(m, 1)["config"]["dtype"] = "float16";
    check_error(m, {"layer 'd1' (Dense): ", "float16"});
}

BOOST_AUTO_TEST_CASE(a_reference_to_an_unknown_layer_names_both) {
    json m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][0] = "nope";
    check_error(m, {"layer 'd2' (Dense)", "'nope'", "not in the model's layers"});
}

BOOST_AUTO_TEST_CASE(a_node_index_out_of_range_is_refused) {
    json m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][1] = 1;
    check_error(m, {"layer 'd2' (Dense)", "node 1 of layer 'd1'", "1 call"});
    m = base_model();
    layer(m, 1)["inbound_nodes"][0][0][1] = 2;
    check_error(m, {"layer 'd1' (Dense)", "input 'x'"});
    m = base_model();
    m["config"]["output_layers"][0][1] = 4;
    check_error(m, {"output_layers[0]", "node 4 of layer 'd2'"});
}

BOOST_AUTO_TEST_CASE(a_tensor_index_out_of_range_is_refused) {
    json m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][2] = 1;
    check_error(m, {"layer 'd2' (Dense)", "tensor 1 of layer 'd1'", "1 output"});
    m = base_model();
    m["config"]["output_layers"][0][2] = 3;
    check_error(m, {"output_layers[0]", "tensor 3 of layer 'd2'"});
}

BOOST_AUTO_TEST_CASE(a_cycle_is_an_error_not_a_hang) {
    json m = base_model();
    layer(m, 1)["inbound_nodes"][0][0][0] = "d2";
    check_error(m, {"model 'm'", "cycle", "layer 'd1' (Dense)", "'d2'"});
    m = base_model();
    layer(m, 2)["inbound_nodes"][0][0][0] = "d2";  // a layer reading itself
    check_error(m, {"cycle", "layer 'd2' (Dense)"});
}

BOOST_AUTO_TEST_CASE(duplicate_layer_names_are_refused) {
    json m = base_model();
    layer(m, 2)["name"] = "d1";
    layer(m, 2)["config"]["name"] = "d1";
    check_error(m, {"model 'm'", "'d1' appears twice", "layers[1]", "layers[2]"});
    const json s = {{"class_name", "Sequential"},
                    {"config",
                     {{"name", "s"},
                      {"layers",
                       {{{"class_name", "Dense"}, {"config", {{"name", "d"}, {"units", 2}, {"batch_input_shape", {nullptr, 3}}}}},
                        {{"class_name", "Dense"}, {"config", {{"name", "d"}, {"units", 2}}}}}}}}};
    check_error(s, {"model 's'", "'d' appears twice"});
}

BOOST_AUTO_TEST_CASE(input_and_output_lists_must_name_existing_layers) {
    json m = base_model();
    m["config"]["output_layers"] = {{"nope", 0, 0}};
    check_error(m, {"output_layers[0]", "'nope'"});
    m = base_model();
    m["config"]["input_layers"] = {{"nope", 0, 0}};
    check_error(m, {"input_layers[0]", "'nope'"});
    m = base_model();
    m["config"]["input_layers"] = {{"d1", 0, 0}};
    check_error(m, {"input_layers[0]", "'d1'", "not an InputLayer"});
    m = base_model();
    m["config"]["input_layers"] = json::array();
    check_error(m, {"input_layers", "at least one input"});
    // An input the outputs need but the list leaves out.
    m = base_model();
    m["config"]["layers"].insert(m["config"]["layers"].begin() + 1, layer(m, 0));
    layer(m, 1)["name"] = "x2";
    layer(m, 1)["config"]["name"] = "x2";
    layer(m, 2)["inbound_nodes"][0][0][0] = "x2";
    check_error(m, {"model 'm'", "x2", "not among the model's inputs"});
}

BOOST_AUTO_TEST_CASE(a_shape_a_layer_cannot_take_is_a_shape_error_naming_it) {
    json m = base_model();
    layer(m, 2)["class_name"] = "Add";
    layer(m, 2)["config"] = {{"name", "d2"}};
    layer(m, 2)["inbound_nodes"] = json::parse(R"([[["x", 0, 0, {}], ["d1", 0, 0, {}]]])");
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_config(m), shape_error, [](const shape_error& e) {
        return std::string(e.what()).starts_with("layer 'd2' (Add): ");
    });
}

BOOST_AUTO_TEST_CASE(a_sequential_without_an_input_shape_is_refused) {
    const json s = {{"class_name", "Sequential"},
                    {"config", {{"name", "s"}, {"layers", {{{"class_name", "Dense"}, {"config", {{"name", "d"}, {"units", 2}}}}}}}}};
    check_error(s, {"model 's'", "no input shape", "'d'", "batch_input_shape"});
    // Nested in a functional model, it takes the shape of its call.
    json m = base_model();
    layer(m, 2) = {{"name", "inner"}, {"class_name", "Sequential"}, {"config", s["config"]}, {"inbound_nodes", {{{"d1", 0, 0, json::object()}}}}};
    layer(m, 2)["config"]["name"] = "inner";
    m["config"]["output_layers"] = {{"inner", 0, 0}};
    BOOST_TEST(dyn::model_from_config(m).outputs()[0].shape() == (Shape{2}));
}

BOOST_AUTO_TEST_CASE(errors_inside_a_nested_model_give_its_path) {
    json m = json::parse(keras3_nested);
    m["config"]["layers"][1]["config"]["layers"][2]["config"]["units"] = "x";
    check_error(m, {"layer 'tower/p' (Dense): ", "units"});
    m = json::parse(keras3_nested);
    m["config"]["layers"][1]["config"]["output_layers"] = {{"r", 0, 0}};
    check_error(m, {"model 'tower'", "output_layers[0]", "'r'"});
}

BOOST_AUTO_TEST_CASE(keras3_nodes_that_are_not_tensors_are_refused) {
    json m = json::parse(keras3_siamese);
    m["config"]["layers"][2]["inbound_nodes"][0]["args"][0]["config"]["keras_history"] = {"a", 0};
    check_error(m, {"layer 'enc_hidden' (Dense)", "keras_history"});
    m = json::parse(keras3_siamese);
    m["config"]["layers"][2]["inbound_nodes"][0]["args"].push_back(2);
    check_error(m, {"layer 'enc_hidden' (Dense)", "args[1]"});
    m = json::parse(keras3_siamese);
    m["config"]["layers"][2]["inbound_nodes"][0]["args"] = json::array();
    check_error(m, {"layer 'enc_hidden' (Dense)", "no input tensors"});
}

BOOST_AUTO_TEST_CASE(models_nested_too_deep_are_refused_without_recursing_forever) {
    auto nest = [](std::size_t levels) {
        json cfg = {{"name", "m0"},
                    {"layers",
                     {{{"class_name", "InputLayer"}, {"config", {{"batch_input_shape", {nullptr, 2}}, {"name", "in0"}}}},
                      {{"class_name", "Dense"}, {"config", {{"name", "d"}, {"units", 2}}}}}}};
        for (std::size_t i = 1; i <= levels; ++i) {
            json inner = {{"class_name", "Sequential"}, {"config", cfg}};
            cfg = {{"name", "m" + std::to_string(i)},
                   {"layers",
                    {{{"class_name", "InputLayer"},
                      {"config", {{"batch_input_shape", {nullptr, 2}}, {"name", "in" + std::to_string(i)}}}},
                     inner}}};
        }
        return json{{"class_name", "Sequential"}, {"config", cfg}};
    };
    const dyn::Model ok = dyn::model_from_config(nest(20), seed{1});
    BOOST_TEST(ok.predict({Tensor({1, 2}, {1, 2})})[0].shape() == (Shape{1, 2}));
    check_error(nest(70), {"nested more than 64 deep"});
    // JSON nested far deeper than any model: refused before it is read.
    std::string deep = R"({"class_name": "Sequential", "config": {"layers": )";
    for (int i = 0; i < 20000; ++i) deep += "[";
    for (int i = 0; i < 20000; ++i) deep += "]";
    deep += "}}";
    BOOST_CHECK_EXCEPTION((void)dyn::model_from_json(deep), config_error,
                          [](const config_error& e) { return contains(e.what(), "nests deeper than"); });
}

BOOST_AUTO_TEST_CASE(sizes_beyond_memory_are_refused_before_allocating) {
    json m = base_model();
    layer(m, 1)["config"]["units"] = 100000000;
    check_error(m, {"layer 'd1' (Dense): ", "units"});
    m = base_model();
    layer(m, 0)["config"]["batch_input_shape"] = {nullptr, 1u << 20, 1u << 20};
    layer(m, 1)["class_name"] = "Flatten";
    layer(m, 1)["config"] = {{"name", "d1"}};
    check_error(m, {"layer 'd1' (Flatten)", "values per sample"});
    m = base_model();
    layer(m, 0)["config"]["batch_input_shape"] = {nullptr, 1u << 16, 1u << 14};
    layer(m, 1)["class_name"] = "Flatten";
    layer(m, 1)["config"] = {{"name", "d1"}};
    layer(m, 2)["config"]["units"] = 1u << 16;
    check_error(m, {"layer 'd2' (Dense)", "weights"});
}

BOOST_AUTO_TEST_SUITE_END()

// ---- fuzz ----------------------------------------------------------------------------------------

namespace {

// splitmix64: the same sequence on every platform.
struct prng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
};

void all_nodes(json& j, std::vector<json*>& out) {
    out.push_back(&j);
    if (j.is_structured())
        for (json& c : j) all_nodes(c, out);
}

// One structural mutation of `j`: delete a key, replace a value, duplicate an array element.
void mutate_json(json& j, prng& r) {
    std::vector<json*> nodes;
    all_nodes(j, nodes);
    const std::size_t kind = r.below(3);
    if (kind == 0) {
        std::vector<json*> objects;
        for (json* n : nodes)
            if (n->is_object() && !n->empty()) objects.push_back(n);
        if (objects.empty()) return;
        json& o = *objects[r.below(objects.size())];
        auto it = o.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(r.below(o.size())));
        o.erase(it.key());
    } else if (kind == 1) {
        static const json replacements[] = {nullptr,
                                            0,
                                            1,
                                            -1,
                                            3,
                                            2.5,
                                            1e10,
                                            "",
                                            "x",
                                            "Dense",
                                            "relu",
                                            json::array(),
                                            json::array({1, 2}),
                                            json::array({"x", 0, 0}),
                                            json::object(),
                                            json{{"class_name", "Dense"}, {"config", json::object()}}};
        *nodes[r.below(nodes.size())] = replacements[r.below(std::size(replacements))];
    } else {
        std::vector<json*> arrays;
        for (json* n : nodes)
            if (n->is_array() && !n->empty()) arrays.push_back(n);
        if (arrays.empty()) return;
        json& a = *arrays[r.below(arrays.size())];
        const json copy = a[r.below(a.size())];
        a.insert(a.begin() + static_cast<std::ptrdiff_t>(r.below(a.size() + 1)), copy);
    }
}

// One byte-level mutation of `t`: flip a bit, insert a byte, delete a few, truncate.
void mutate_text(std::string& t, prng& r) {
    if (t.empty()) return;
    static const std::string alphabet = "{}[],:\"\\ -.aeflnrstux\x01\x7f\xc3\xff";
    switch (r.below(4)) {
    case 0: t[r.below(t.size())] ^= static_cast<char>(1u << r.below(8)); break;
    case 1: {
        // Drawn one after the other: the order of a call's arguments is unspecified.
        const std::size_t at = r.below(t.size() + 1);
        t.insert(t.begin() + static_cast<std::ptrdiff_t>(at), alphabet[r.below(alphabet.size())]);
        break;
    }
    case 2: {
        const std::size_t at = r.below(t.size());
        t.erase(at, 1 + r.below(8));
        break;
    }
    default: t.resize(r.below(t.size())); break;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(fuzz)

// Every mutated file loads or throws scion::error (anything else escapes and fails the test); a
// model that loads runs, and the JSON it writes loads again.
BOOST_AUTO_TEST_CASE(every_mutated_file_loads_or_throws_a_scion_error) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> seeds{mlp(seed{1}).to_json(),
                                   load_fixture("siamese").raw.at("model").dump(),
                                   load_fixture("nested_sequential").raw.at("model").dump(),
                                   keras3_siamese,
                                   nested(seed{1}).to_json()};
    std::vector<json> parsed;
    for (const std::string& s : seeds) parsed.push_back(json::parse(s));

    prng r{20240607};
    std::size_t loaded = 0, refused = 0, reloaded = 0;
    const std::size_t attempts = 2000;
    for (std::size_t i = 0; i < attempts; ++i) {
        const std::size_t which = i % seeds.size();
        std::string text;
        if (r.below(2) == 0) {
            json j = parsed[which];
            for (std::size_t k = 0, n = 1 + r.below(2); k < n; ++k) mutate_json(j, r);
            text = j.dump();
        } else {
            text = seeds[which];
            for (std::size_t k = 0, n = 1 + r.below(3); k < n; ++k) mutate_text(text, r);
        }
        std::optional<dyn::Model> m;
        try {
            m = dyn::model_from_json(text, seed{1});
            ++loaded;
        } catch (const scion::error&) {
            ++refused;
            continue;
        }
        // What loaded runs, and what it writes reads back (a failure here is a bug, not a refusal).
        try {
            bool small = true;
            for (const dyn::KerasTensor& x : m->inputs()) small = small && x.shape().elements() <= 4096;
            if (small) BOOST_TEST(m->predict(inputs_for(*m, 1)).size() == m->outputs().size());
            const std::string back = m->to_json();
            BOOST_TEST(dyn::model_from_json(back, seed{1}).to_json() == back);
            ++reloaded;
        } catch (const scion::error& e) {
            BOOST_ERROR("attempt " << i << ": a loaded model failed to run or to read back: " << e.what()
                                   << "\nfile: " << text);
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    BOOST_TEST_MESSAGE("fuzz: " << attempts << " mutated files, " << loaded << " loaded (" << reloaded
                                << " written and read back), " << refused << " refused with scion::error, in "
                                << seconds << " s");
    BOOST_TEST(loaded > 0u);
    BOOST_TEST(refused > 0u);
    BOOST_TEST(loaded + refused == attempts);
}

BOOST_AUTO_TEST_SUITE_END()
