// clone_model on dynamic models, row by row against Keras 3's clone_model
// (shared/reference/keras-clone-semantics.md) and docs/clone.md: fresh weights and the seed
// contract, clone functions once per distinct layer, weight policies, renaming, type changes, new
// inputs, nested models (whole or recursive), call functions, multi-output layers, weight ties,
// trainable flags, custom layers, misuse, and repeated cloning without leaks.
//
// Rows without a run-time counterpart: 16 (compile state: scion has no training state), 19
// (subclassed models: every dynamic model is structural) and 20 (a non-callable clone function:
// the parameter is a std::function).
#define BOOST_TEST_MODULE dynamic_clone
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <scion/dynamic/clone.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dyn = scion::dynamic;
using scion::clone_error;
using scion::config_error;
using scion::seed;
using scion::Shape;
using scion::shape_error;
using scion::Tensor;
using scion::test::contains;
using scion::test::iota_tensor;
using scion::test::same_weights;

namespace {

std::vector<std::string> layer_names(const dyn::Model& m) {
    std::vector<std::string> r;
    for (const dyn::Layer& l : m.layers()) r.push_back(l.name());
    return r;
}
std::vector<std::string> class_names(const dyn::Model& m) {
    std::vector<std::string> r;
    for (const dyn::Layer& l : m.layers()) r.emplace_back(l.class_name());
    return r;
}
std::vector<Tensor> shifted(std::vector<Tensor> w, float by) {
    for (Tensor& t : w)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] += by;
    return w;
}
// Message of the exception `f` throws as `E` ("" when it throws nothing).
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return {};
}

// Input(10) -> Dense(8, relu) "hidden" -> Dense(3) "out"
dyn::Sequential classifier(seed s = seed{1}) {
    return dyn::Sequential(dyn::Input({10}), {dyn::Dense({.units = 8, .activation = "relu", .name = "hidden"}),
                                              dyn::Dense({.units = 3, .name = "out"})},
                           "classifier", s);
}

// Two inputs a, b (6) -> one encoder Dense(5, elu) called on both -> Concatenate -> Dense(1, sigmoid)
dyn::Model siamese(seed s = seed{2}) {
    const auto a = dyn::Input({6}, "a");
    const auto b = dyn::Input({6}, "b");
    const dyn::Layer encoder = dyn::Dense({.units = 5, .activation = "elu", .name = "encoder"});
    const auto d = dyn::Concatenate({.name = "diff"})({encoder(a), encoder(b)});
    const auto o = dyn::Dense({.units = 1, .activation = "sigmoid", .name = "score"})(d);
    return dyn::Model({a, b}, {o}, "siamese", s);
}

// Input(6) -> Dense(4) "a" -> inner Sequential [Dense(3, tanh) "x", Dense(3) "y"] -> Dense(2) "b"
dyn::Model with_inner(seed s) {
    dyn::Sequential inner("inner", s);
    inner.add(dyn::Input({4}, "inner_in"));
    inner.add(dyn::Dense({.units = 3, .activation = "tanh", .name = "x"}));
    inner.add(dyn::Dense({.units = 3, .name = "y"}));
    const auto i = dyn::Input({6}, "i");
    const auto h = dyn::Dense({.units = 4, .name = "a"})(i);
    const auto n = inner(h);
    const auto o = dyn::Dense({.units = 2, .name = "b"})(n);
    return dyn::Model({i}, {o}, "outer", s);
}
// The same graph built by hand: the nested model unbuilt, so that the outer one builds it from
// its seed under the scope "inner/" (the seed contract of both paths).
dyn::Model with_inner_by_hand(seed s) {
    const auto ii = dyn::Input({4}, "inner_in");
    const auto iy = dyn::Dense({.units = 3, .name = "y"})(dyn::Dense({.units = 3, .activation = "tanh", .name = "x"})(ii));
    const auto inner = dyn::Model({ii}, {iy}, "inner", dyn::unbuilt);
    const auto i = dyn::Input({6}, "i");
    const auto o = dyn::Dense({.units = 2, .name = "b"})(inner(dyn::Dense({.units = 4, .name = "a"})(i)));
    return dyn::Model({i}, {o}, "outer", s);
}

// Input(8) -> Dense(16, relu) "h1" -> Dense(3) "y": Keras's 3-layer MLP (InputLayer included)
dyn::Model mlp(seed s) {
    const auto x = dyn::Input({8}, "x");
    const auto h = dyn::Dense({.units = 16, .activation = "relu", .name = "h1"})(x);
    return dyn::Model({x}, {dyn::Dense({.units = 3, .name = "y"})(h)}, "mlp", s);
}

// Inserts a Dropout after every Dense (Keras 3's call_function example).
std::vector<dyn::KerasTensor> dropout_after_dense(const dyn::Layer& layer, const std::vector<dyn::KerasTensor>& in) {
    std::vector<dyn::KerasTensor> out = layer.call(in);
    if (layer.class_name() == "Dense") out = {dyn::Dropout({.rate = 0.5f})(out[0])};
    return out;
}

} // namespace

// ---- rows 1 and 2: plain clone, fresh weights ------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_plain_clone_of_a_sequential_has_its_name_layers_configs_and_input_shape_and_fresh_weights) {
    const dyn::Sequential m = classifier();
    const dyn::Sequential c = scion::clone_model(m);
    BOOST_TEST(c.is_sequential());
    BOOST_TEST(c.name() == "classifier");
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"hidden", "out"}));
    BOOST_TEST(c.inputs().size() == 1u);
    BOOST_TEST(c.inputs()[0].shape() == Shape{10});
    BOOST_TEST(c.inputs()[0].layer_name() == m.inputs()[0].layer_name());
    BOOST_TEST(c.to_json_value() == m.to_json_value());  // same configs, names and input shape
    BOOST_TEST(c.count_params() == std::size_t{10 * 8 + 8 + 8 * 3 + 3});
    // fresh weights: not the original's; the clone's own layer objects
    BOOST_TEST(!same_weights(c.get_weights(), m.get_weights()));
    for (std::size_t i = 0; i < m.layers().size(); ++i) BOOST_TEST(!(c.layers()[i] == m.layers()[i]));
    // Keras's recipe: set_weights(original.get_weights()) makes the outputs identical
    c.set_weights(m.get_weights());
    const Tensor x = iota_tensor(Shape{4, 10});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);
}

BOOST_AUTO_TEST_CASE(a_plain_clone_of_a_functional_model_keeps_its_graph_and_gets_fresh_weights) {
    const dyn::Model m = siamese();
    const dyn::Model c = scion::clone_model(m);
    BOOST_TEST(!c.is_sequential());
    BOOST_TEST(c.name() == "siamese");
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"encoder", "diff", "score"}));
    BOOST_TEST(c.to_json_value() == m.to_json_value());  // inbound nodes included: the encoder is called twice
    BOOST_TEST(!same_weights(c.get_weights(), m.get_weights()));
    c.set_weights(m.get_weights());
    const Tensor a = iota_tensor(Shape{3, 6}), b = iota_tensor(Shape{3, 6}, 0.02f);
    BOOST_TEST(c.predict({a, b})[0] == m.predict({a, b})[0]);
}

BOOST_AUTO_TEST_CASE(a_seed_gives_the_clone_the_weights_of_a_model_built_by_hand_with_that_seed) {
    // the dynamic contract: same seed and names, same weights (nested model included)
    const dyn::Model m = with_inner(seed{5});
    const dyn::Model c = scion::clone_model(m, {.seed = seed{11}});
    BOOST_TEST(same_weights(c.get_weights(), with_inner_by_hand(seed{11}).get_weights()));
    BOOST_TEST(!same_weights(c.get_weights(), m.get_weights()));
    // and the static path's: the clone of a dynamic model has the weights of the static model
    // of the same graph and names built with that seed
    const dyn::Sequential d(dyn::Input({10}), {dyn::Dense({.units = 4})}, "sequential", seed{1});
    const dyn::Sequential dc = scion::clone_model(d, {.seed = seed{3}});
    const scion::Sequential<scion::Input<10>, scion::Dense<4>> s{seed{3}};
    BOOST_TEST(same_weights(dc.get_weights(), s.get_weights()));
}

BOOST_AUTO_TEST_CASE(clones_without_a_seed_differ_from_each_other) {
    const dyn::Sequential m = classifier();
    BOOST_TEST(!same_weights(scion::clone_model(m).get_weights(), scion::clone_model(m).get_weights()));
}

BOOST_AUTO_TEST_CASE(the_name_option_names_the_clone) {
    const dyn::Model c = scion::clone_model(siamese(), {.name = "twin"});
    BOOST_TEST(c.name() == "twin");
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"encoder", "diff", "score"}));
}

// ---- rows 4 and 5: the clone function's calls --------------------------------------------------------

BOOST_AUTO_TEST_CASE(the_clone_function_is_called_once_per_distinct_layer_in_layer_order_never_on_inputs) {
    const dyn::Model m = siamese();
    std::vector<std::string> seen;
    const dyn::Model c = scion::clone_model(m, {}, [&](const dyn::Layer& l) {
        seen.push_back(l.name());
        return dyn::fresh_weights(l);
    });
    // the encoder has two call sites and is cloned once; the inputs a and b are never passed
    BOOST_TEST(seen == std::vector<std::string>({"encoder", "diff", "score"}));
    // a shared layer stays shared: one layer, called at both sites
    BOOST_TEST(c.layers().size() == 3u);
    const auto& calls = c.graph().calls();
    BOOST_TEST(calls.size() == 4u);
    BOOST_TEST(calls[0]->layer == calls[1]->layer);
    BOOST_TEST(calls[0]->layer == c.get_layer("encoder").ptr());
    // the inputs keep their names and shapes
    BOOST_TEST(c.inputs()[0].layer_name() == "a");
    BOOST_TEST(c.inputs()[1].layer_name() == "b");
    BOOST_TEST(c.inputs()[1].shape() == Shape{6});
}

// ---- row 3 and the weight policies --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(share_weights_makes_the_clone_use_the_original_layers) {
    const dyn::Model m = siamese();
    const dyn::Model c = scion::clone_model(m, {}, dyn::share_weights);
    for (std::size_t i = 0; i < m.layers().size(); ++i) BOOST_TEST((c.layers()[i] == m.layers()[i]));
    const std::vector<Tensor> w = shifted(m.get_weights(), 0.1f);
    m.set_weights(w);  // a change through the original...
    BOOST_TEST(same_weights(c.get_weights(), w));  // ...is seen by the clone
    const std::vector<Tensor> v = shifted(w, -0.3f);
    c.set_weights(v);  // and the other way round
    BOOST_TEST(same_weights(m.get_weights(), v));
    const Tensor a = iota_tensor(Shape{2, 6}), b = iota_tensor(Shape{2, 6}, 0.03f);
    BOOST_TEST(c.predict({a, b})[0] == m.predict({a, b})[0]);
}

BOOST_AUTO_TEST_CASE(copy_weights_gives_equal_weights_that_are_not_shared) {
    const dyn::Model m = siamese();
    const std::vector<Tensor> before = m.get_weights();
    const dyn::Model c = scion::clone_model(m, {.clone_function = dyn::copy_weights});
    BOOST_TEST(same_weights(c.get_weights(), before));
    m.set_weights(shifted(before, 1.0f));
    BOOST_TEST(same_weights(c.get_weights(), before));
    c.set_weights(shifted(before, -1.0f));
    BOOST_TEST(same_weights(m.get_weights(), shifted(before, 1.0f)));
}

BOOST_AUTO_TEST_CASE(mixed_policies_are_a_clone_function_away) {
    const dyn::Sequential m = classifier();
    const dyn::Sequential c = scion::clone_model(m, {}, [](const dyn::Layer& l) {
        return l.name() == "hidden" ? dyn::copy_weights(l) : dyn::fresh_weights(l);
    });
    BOOST_TEST(same_weights(c.get_layer("hidden").get_weights(), m.get_layer("hidden").get_weights()));
    BOOST_TEST(!same_weights(c.get_layer("out").get_weights(), m.get_layer("out").get_weights()));
}

// ---- row 6: renaming ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_clone_function_may_rename_layers_and_duplicate_names_throw_config_error) {
    const dyn::Model m = siamese();
    const dyn::Model c = scion::clone_model(m, {}, [](const dyn::Layer& l) {
        dyn::Layer f = dyn::fresh_weights(l);
        f.set_name("new_" + l.name());
        return f;
    });
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"new_encoder", "new_diff", "new_score"}));
    BOOST_TEST(layer_names(m) == std::vector<std::string>({"encoder", "diff", "score"}));  // untouched

    const std::string msg = message_of<config_error>([&] {
        (void)scion::clone_model(m, {}, [](const dyn::Layer& l) {
            dyn::Layer f = dyn::fresh_weights(l);
            if (l.name() != "score") f.set_name("x");
            return f;
        });
    });
    BOOST_TEST(contains(msg, "name \"x\" is used 2 times"), msg);
    BOOST_TEST(contains(msg, "siamese"), msg);
    // a Sequential too
    BOOST_CHECK_THROW((void)scion::clone_model(classifier(), {}, [](const dyn::Layer& l) {
                          dyn::Layer f = dyn::fresh_weights(l);
                          f.set_name("same");
                          return f;
                      }),
                      config_error);
}

// ---- row 7: type change -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_clone_function_may_wrap_every_lstm_in_a_bidirectional_and_the_shapes_follow) {
    const dyn::Sequential tagger(dyn::Input({20, 8}),
                                 {dyn::LSTM({.units = 16}), dyn::Dense({.units = 4, .activation = "softmax"})},
                                 "tagger", seed{1});
    const dyn::Sequential bi = scion::clone_model(tagger, {}, [](const dyn::Layer& l) {
        if (l.as<scion::layers::LSTM>()) return dyn::Bidirectional(dyn::fresh_weights(l));
        return dyn::fresh_weights(l);
    });
    BOOST_TEST(class_names(bi) == std::vector<std::string>({"Bidirectional", "Dense"}));
    // two LSTMs of 16 units on 8 features, and a Dense re-inferred to read 32 features
    BOOST_TEST(bi.count_params() == std::size_t{2 * (4 * 16 * (8 + 16) + 4 * 16) + (32 * 4 + 4)});
    BOOST_TEST(bi.get_layer("dense").get_weights()[0].shape() == (Shape{32, 4}));
    BOOST_TEST(bi.outputs()[0].shape() == Shape{4});
    BOOST_TEST(bi.predict({iota_tensor(Shape{2, 20, 8})})[0].shape() == (Shape{2, 4}));
}

// ---- rows 8, 9, 10: input tensors ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(input_tensors_of_a_functional_model_are_matched_in_order_and_give_their_shapes) {
    const dyn::Model m = siamese();
    const auto left = dyn::Input({9}, "left");
    const auto other = dyn::Input({9});  // unnamed: keeps the name of the input it replaces
    const dyn::Model c = scion::clone_model(m, {left, other});
    BOOST_TEST((c.inputs()[0] == left));  // the clone is built on the given tensors
    BOOST_TEST((c.inputs()[1] == other));
    BOOST_TEST(c.inputs()[0].layer_name() == "left");
    BOOST_TEST(c.inputs()[1].layer_name() == "b");
    BOOST_TEST(c.get_layer("encoder").get_weights()[0].shape() == (Shape{9, 5}));  // the encoder reads 9
    BOOST_TEST(c.count_params() == std::size_t{(9 * 5 + 5) + (10 * 1 + 1)});
    BOOST_TEST(c.predict({iota_tensor(Shape{2, 9}), iota_tensor(Shape{2, 9})})[0].shape() == (Shape{2, 1}));
}

BOOST_AUTO_TEST_CASE(one_input_tensor_gives_a_sequential_its_shape_and_kernels_are_made_at_the_new_size) {
    const dyn::Sequential m = classifier();
    const dyn::Sequential c = scion::clone_model(m, {dyn::Input({7})});
    BOOST_TEST(c.inputs()[0].shape() == Shape{7});
    BOOST_TEST(c.inputs()[0].layer_name() == m.inputs()[0].layer_name());
    BOOST_TEST(c.get_layer("hidden").get_weights()[0].shape() == (Shape{7, 8}));
    BOOST_TEST(c.count_params() == std::size_t{7 * 8 + 8 + 8 * 3 + 3});
    // the original is untouched
    BOOST_TEST(m.get_layer("hidden").get_weights()[0].shape() == (Shape{10, 8}));
    BOOST_TEST(m.predict({iota_tensor(Shape{1, 10})})[0].shape() == (Shape{1, 3}));
}

BOOST_AUTO_TEST_CASE(input_tensors_that_do_not_match_the_model_throw_clone_error) {
    // a Sequential takes exactly one tensor
    std::string msg = message_of<clone_error>(
        [&] { (void)scion::clone_model(classifier(), {dyn::Input({10}), dyn::Input({10})}); });
    BOOST_TEST(contains(msg, "must contain a single tensor"), msg);
    BOOST_TEST(contains(msg, "classifier"), msg);
    // a functional model one per input
    msg = message_of<clone_error>([&] { (void)scion::clone_model(siamese(), {dyn::Input({6})}); });
    BOOST_TEST(contains(msg, "structure"), msg);
    BOOST_TEST(contains(msg, "2 inputs"), msg);
    msg = message_of<clone_error>(
        [&] { (void)scion::clone_model(siamese(), {.input_tensors = std::vector<dyn::KerasTensor>{}}); });
    BOOST_TEST(contains(msg, "got 0 tensors"), msg);
    // each must be an Input, not a layer's output
    const auto x = dyn::Input({6});
    const auto y = dyn::Dense({.units = 6, .name = "maker"})(x);
    msg = message_of<clone_error>([&] { (void)scion::clone_model(siamese(), {x, y}); });
    BOOST_TEST(contains(msg, "input_tensors[1]"), msg);
    BOOST_TEST(contains(msg, "'maker'"), msg);
    BOOST_TEST(contains(msg, "dynamic::Input"), msg);
    // not empty, not twice the same
    BOOST_CHECK_THROW((void)scion::clone_model(siamese(), {x, dyn::KerasTensor{}}), clone_error);
    BOOST_CHECK_THROW((void)scion::clone_model(siamese(), {x, x}), clone_error);
}

BOOST_AUTO_TEST_CASE(copy_weights_on_new_inputs_keeps_weights_that_fit_and_names_the_layer_whose_weights_do_not) {
    // a Dense kernel made for 10 features cannot read 7
    const dyn::Sequential m = classifier();
    const std::string msg = message_of<clone_error>(
        [&] { (void)scion::clone_model(m, {dyn::Input({7})}, dyn::copy_weights); });
    BOOST_TEST(contains(msg, "'hidden'"), msg);
    BOOST_TEST(contains(msg, "(None, 10)"), msg);
    BOOST_TEST(contains(msg, "(None, 7)"), msg);
    BOOST_TEST(m.predict({iota_tensor(Shape{1, 10})})[0].shape() == (Shape{1, 3}));  // the original still runs

    // an LSTM's weights fit longer sequences: the clone keeps them
    const dyn::Sequential lstm(dyn::Input({5, 3}), {dyn::LSTM({.units = 4, .name = "lstm"}), dyn::Dense({.units = 2})},
                               "seq", seed{3});
    const Tensor x5 = iota_tensor(Shape{2, 5, 3});
    const Tensor y5 = lstm.predict({x5})[0];
    const dyn::Sequential longer = scion::clone_model(lstm, {dyn::Input({9, 3})}, dyn::copy_weights);
    BOOST_TEST(same_weights(longer.get_weights(), lstm.get_weights()));
    const dyn::Sequential by_hand(dyn::Input({9, 3}), {dyn::LSTM({.units = 4}), dyn::Dense({.units = 2})}, "h", seed{4});
    by_hand.set_weights(lstm.get_weights());
    const Tensor x9 = iota_tensor(Shape{2, 9, 3});
    BOOST_TEST(longer.predict({x9})[0] == by_hand.predict({x9})[0]);

    // share_weights on longer sequences: the clone and the original hold the same weights, and
    // the original still runs on its own length
    const dyn::Sequential shared = scion::clone_model(lstm, {dyn::Input({9, 3})}, dyn::share_weights);
    BOOST_TEST(shared.predict({x9})[0] == by_hand.predict({x9})[0]);
    BOOST_TEST(lstm.predict({x5})[0] == y5);
    const std::vector<Tensor> w = shifted(lstm.get_weights(), 0.05f);
    lstm.set_weights(w);
    BOOST_TEST(same_weights(shared.get_weights(), w));
}

// ---- rows 11 and 12: nested models ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(by_default_a_nested_model_is_cloned_whole_with_fresh_weights) {
    const dyn::Model m = with_inner(seed{5});
    std::vector<std::string> seen;
    const dyn::Model c = scion::clone_model(m, {}, [&](const dyn::Layer& l) {
        seen.push_back(l.name());
        return dyn::fresh_weights(l);  // given the nested model whole, not the layers inside it
    });
    BOOST_TEST(seen == std::vector<std::string>({"a", "inner", "b"}));
    const dyn::Model inner(c.get_layer("inner"));
    const dyn::Model original_inner(m.get_layer("inner"));
    BOOST_TEST(inner.is_sequential());
    BOOST_TEST(!(inner == original_inner));
    BOOST_TEST(layer_names(inner) == std::vector<std::string>({"x", "y"}));
    BOOST_TEST(!same_weights(inner.get_weights(), original_inner.get_weights()));
    c.set_weights(m.get_weights());
    const Tensor x = iota_tensor(Shape{2, 6});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);
}

BOOST_AUTO_TEST_CASE(new_input_shapes_reach_inside_nested_models_cloned_with_fresh_weights) {
    // Input(6) -> Dense "a" -> inner; on an input of 11 features only "a"'s kernel changes, and
    // the nested model is rebuilt on what "a" gives it
    const dyn::Model m = with_inner(seed{5});
    const dyn::Model c = scion::clone_model(m, {dyn::Input({11})});
    BOOST_TEST(c.get_layer("a").get_weights()[0].shape() == (Shape{11, 4}));
    BOOST_TEST(c.count_params() == std::size_t{(11 * 4 + 4) + (4 * 3 + 3) + (3 * 3 + 3) + (3 * 2 + 2)});
    // a nested model whose input changes: outer Input(5, 3) -> inner [LSTM(4)] -> Dense(2), on 9 steps
    const auto ii = dyn::Input({5, 3});
    const dyn::Model rnn({ii}, {dyn::LSTM({.units = 4, .name = "lstm"})(ii)}, "rnn", dyn::unbuilt);
    const auto x = dyn::Input({5, 3});
    const dyn::Model outer({x}, {dyn::Dense({.units = 2, .name = "head"})(rnn(x))}, "outer", seed{6});
    const dyn::Model longer = scion::clone_model(outer, {.input_tensors = {{dyn::Input({9, 3})}}, .seed = seed{7}});
    BOOST_TEST(dyn::Model(longer.get_layer("rnn")).inputs()[0].shape() == (Shape{9, 3}));
    BOOST_TEST(longer.predict({iota_tensor(Shape{2, 9, 3})})[0].shape() == (Shape{2, 2}));
    // same weights as the model built by hand on 9 steps with that seed
    const auto hi = dyn::Input({9, 3});
    const dyn::Model hrnn({hi}, {dyn::LSTM({.units = 4, .name = "lstm"})(hi)}, "rnn", dyn::unbuilt);
    const auto hx = dyn::Input({9, 3});
    const dyn::Model hand({hx}, {dyn::Dense({.units = 2, .name = "head"})(hrnn(hx))}, "outer", seed{7});
    BOOST_TEST(same_weights(longer.get_weights(), hand.get_weights()));
}

namespace {
// Three levels: top (functional) -> mid (functional) -> bottom (Sequential)
dyn::Model three_levels(seed s) {
    dyn::Sequential bottom("bottom", s);
    bottom.add(dyn::Input({4}));
    bottom.add(dyn::Dense({.units = 4, .activation = "tanh", .name = "b1"}));
    bottom.add(dyn::Dense({.units = 4, .name = "b2"}));
    const auto mi = dyn::Input({4}, "mid_in");
    const auto mh = dyn::Dense({.units = 4, .name = "m1"})(mi);
    const dyn::Model mid({mi}, {bottom(mh)}, "mid", dyn::unbuilt);
    const auto x = dyn::Input({4}, "x");
    const auto h = dyn::Dense({.units = 4, .name = "t1"})(x);
    const auto y = dyn::Dense({.units = 2, .name = "t2"})(mid(h));
    return dyn::Model({x}, {y}, "top", s);
}
} // namespace

BOOST_AUTO_TEST_CASE(recursive_applies_the_clone_function_at_every_depth) {
    const dyn::Model m = three_levels(seed{8});
    std::vector<std::string> seen;
    const dyn::Model c = scion::clone_model(m, {}, [&](const dyn::Layer& l) {
        seen.push_back(l.name());
        dyn::Layer f = dyn::fresh_weights(l);
        f.set_name(l.name() + "_c");
        return f;
    }, {}, true);
    // every layer at every depth, the models themselves never (they keep their names)
    BOOST_TEST(seen == std::vector<std::string>({"t1", "m1", "b1", "b2", "t2"}));
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"t1_c", "mid", "t2_c"}));
    const dyn::Model mid(c.get_layer("mid"));
    BOOST_TEST(layer_names(mid) == std::vector<std::string>({"m1_c", "bottom"}));
    const dyn::Model bottom(mid.get_layer("bottom"));
    BOOST_TEST(bottom.is_sequential());
    BOOST_TEST(layer_names(bottom) == std::vector<std::string>({"b1_c", "b2_c"}));
    BOOST_TEST(c.count_params() == m.count_params());
    c.set_weights(m.get_weights());
    const Tensor x = iota_tensor(Shape{3, 4});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);
}

BOOST_AUTO_TEST_CASE(recursive_applies_the_call_function_inside_nested_functional_models_only) {
    const dyn::Model m = three_levels(seed{8});
    int calls = 0;
    const dyn::Model c = scion::clone_model(m, {.clone_function = dyn::copy_weights,
                                                .call_function =
                                                    [&](const dyn::Layer& l, const std::vector<dyn::KerasTensor>& in) {
                                                        ++calls;
                                                        return dropout_after_dense(l, in);
                                                    },
                                                .recursive = true});
    // top: t1, mid, t2; mid: m1, bottom; the Sequential bottom is not given the call function
    BOOST_TEST(calls == 5);
    BOOST_TEST(class_names(c) == std::vector<std::string>({"Dense", "Dropout", "Functional", "Dense", "Dropout"}));
    const dyn::Model mid(c.get_layer("mid"));
    BOOST_TEST(class_names(mid) == std::vector<std::string>({"Dense", "Dropout", "Sequential"}));
    BOOST_TEST(class_names(dyn::Model(mid.get_layer("bottom"))) == std::vector<std::string>({"Dense", "Dense"}));
    const Tensor x = iota_tensor(Shape{3, 4});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);  // inference: Dropout is the identity
}

// ---- row 13: call functions --------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_call_function_inserts_a_dropout_after_every_dense_and_inference_is_unchanged) {
    const dyn::Model m = mlp(seed{6});
    const dyn::Model c = scion::clone_model(m, {}, {}, dropout_after_dense);
    // Keras counts the InputLayer: its 3-layer MLP becomes 5 layers
    BOOST_TEST(c.inputs().size() + c.layers().size() == 5u);
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"h1", "dropout", "y", "dropout_1"}));
    BOOST_TEST(c.count_params() == m.count_params());
    c.set_weights(m.get_weights());
    const Tensor x = iota_tensor(Shape{4, 8});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);
    // the Dropouts are there: in training they change the output
    const scion::layers::call_context training{.training = true, .seed = 1, .step = 0};
    BOOST_TEST(!(c.call(training, {x})[0] == m.predict({x})[0]));
}

BOOST_AUTO_TEST_CASE(a_call_function_on_a_sequential_throws_clone_error) {
    const std::string msg =
        message_of<clone_error>([&] { (void)scion::clone_model(classifier(), {}, {}, dropout_after_dense); });
    BOOST_TEST(contains(msg, "call_function"), msg);
    BOOST_TEST(contains(msg, "Sequential 'classifier'"), msg);
}

BOOST_AUTO_TEST_CASE(a_call_function_that_returns_the_wrong_number_of_tensors_throws_clone_error) {
    const dyn::Model m = mlp(seed{6});
    std::string msg = message_of<clone_error>([&] {
        (void)scion::clone_model(m, {}, {}, [](const dyn::Layer& l, const std::vector<dyn::KerasTensor>& in) {
            std::vector<dyn::KerasTensor> out = l.call(in);
            out.push_back(out[0]);
            return out;
        });
    });
    BOOST_TEST(contains(msg, "returned 2 tensors"), msg);
    BOOST_TEST(contains(msg, "'h1'"), msg);
    msg = message_of<clone_error>([&] {
        (void)scion::clone_model(m, {}, {},
                                 [](const dyn::Layer&, const std::vector<dyn::KerasTensor>&) {
                                     return std::vector<dyn::KerasTensor>{};
                                 });
    });
    BOOST_TEST(contains(msg, "returned 0 tensors"), msg);
}

// ---- row 14: several outputs ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(layers_with_several_outputs_keep_their_output_indices) {
    // an LSTM with return_state: the model reads h (output 1) through a Dense and c (output 2)
    const auto x = dyn::Input({6, 3}, "x");
    const auto outs = dyn::LSTM({.units = 4, .return_state = true, .name = "enc"}).call({x});
    const auto head = dyn::Dense({.units = 2, .name = "head"})(outs[1]);
    const dyn::Model m({x}, {head, outs[2]}, "states", seed{9});
    const dyn::Model c = scion::clone_model(m);
    BOOST_TEST(c.outputs()[1].index() == 2u);
    BOOST_TEST(c.graph().calls()[1]->inputs[0].index() == 1u);  // the head reads h
    c.set_weights(m.get_weights());
    const Tensor in = iota_tensor(Shape{2, 6, 3});
    const auto want = m.predict({in}), got = c.predict({in});
    BOOST_TEST(got[0] == want[0]);
    BOOST_TEST(got[1] == want[1]);  // c, not h or the output (all three differ)
    // a clone function that changes the number of outputs cannot keep them
    const std::string msg = message_of<clone_error>([&] {
        (void)scion::clone_model(m, {}, [](const dyn::Layer& l) {
            if (l.name() == "enc") return dyn::LSTM({.units = 4, .name = "enc"});
            return dyn::fresh_weights(l);
        });
    });
    BOOST_TEST(contains(msg, "'enc'"), msg);
    BOOST_TEST(contains(msg, "has 1 output"), msg);
}

// ---- row 15: weight ties between layers ----------------------------------------------------------------

BOOST_AUTO_TEST_CASE(weight_ties_between_layers_are_broken_by_default_and_kept_with_keep_ties) {
    auto tied = [](seed s) {
        const auto x = dyn::Input({6}, "x");
        dyn::Layer left = dyn::Dense({.units = 4, .name = "left"});
        dyn::Layer right = dyn::Dense({.units = 4, .name = "right"});
        const auto y = dyn::Add({.name = "sum"})({left(x), right(x)});
        const dyn::Model m({x}, {y}, "twins", s);
        scion::layers::share_weights(*right.as<scion::layers::Dense>(), *left.as<scion::layers::Dense>());
        return m;
    };
    const dyn::Model m = tied(seed{10});
    BOOST_TEST(same_weights(m.get_layer("right").get_weights(), m.get_layer("left").get_weights()));

    // Keras: two objects in the clone
    const dyn::Model untied = scion::clone_model(m);
    BOOST_TEST(!same_weights(untied.get_layer("right").get_weights(), untied.get_layer("left").get_weights()));
    const dyn::Model copied = scion::clone_model(m, {.clone_function = dyn::copy_weights});
    const std::vector<Tensor> w = shifted(copied.get_layer("left").get_weights(), 0.5f);
    copied.get_layer("left").set_weights(w);
    BOOST_TEST(!same_weights(copied.get_layer("right").get_weights(), w));

    // keep_ties: the clone's layers are tied as the model's, and its weights are those of the
    // model built and tied by hand with the same seed
    const dyn::Model still = scion::clone_model(m, {.seed = seed{12}, .keep_ties = true});
    BOOST_TEST(same_weights(still.get_weights(), tied(seed{12}).get_weights()));
    const std::vector<Tensor> v = shifted(still.get_layer("left").get_weights(), 0.5f);
    still.get_layer("left").set_weights(v);  // set through `left`...
    BOOST_TEST(same_weights(still.get_layer("right").get_weights(), v));  // ...seen by `right`
    BOOST_TEST(!same_weights(m.get_layer("right").get_weights(), v));     // not by the model
    BOOST_TEST(still.count_params() == m.count_params());                 // tied weights count once
    // with copy_weights: the copies are tied to each other
    const dyn::Model kept = scion::clone_model(m, {.clone_function = dyn::copy_weights, .keep_ties = true});
    BOOST_TEST(same_weights(kept.get_weights(), m.get_weights()));
    kept.get_layer("right").set_weights(v);
    BOOST_TEST(same_weights(kept.get_layer("left").get_weights(), v));
}

// ---- row 17: trainable -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(per_layer_and_model_level_trainable_flags_survive_cloning) {
    const auto x = dyn::Input({5});
    const auto h = dyn::Dense({.units = 3, .name = "frozen", .trainable = false})(x);
    const dyn::Model m({x}, {dyn::Dense({.units = 2, .name = "free"})(h)}, "m", seed{1});
    m.graph().set_trainable(false);  // Keras `model.trainable = False` (lost by Keras 2.9's clone)
    for (const dyn::Model& c : {scion::clone_model(m), scion::clone_model(m, {}, dyn::copy_weights)}) {
        BOOST_TEST(!c.get_layer("frozen").trainable());
        BOOST_TEST(c.get_layer("free").trainable());
        BOOST_TEST(!c.trainable());
    }
    const dyn::Model nested_frozen({x}, {m(x)}, "outer", seed{2});
    BOOST_TEST(!dyn::Model(scion::clone_model(nested_frozen, {}, {}, {}, true).get_layer("m")).trainable());
}

// ---- row 18: custom layers -------------------------------------------------------------------------------

namespace {
// An engine-style layer with no config: it cannot be rebuilt from one.
class Doubler {
public:
    static constexpr std::string_view class_name = "Doubler";
    static constexpr std::string_view default_name = "doubler";
    explicit Doubler(std::string name = {}) : name_(std::move(name)) {}
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    void set_name(std::string n) { name_ = std::move(n); }
    [[nodiscard]] Shape compute_output_shape(const Shape& in) const { return in; }
    void forward(scion::ConstTensorView x, scion::TensorView y, std::span<float>, const scion::layers::call_context&) const {
        for (std::size_t i = 0; i < x.size(); ++i) y.data[i] = 2.0f * x.data[i];
    }

private:
    std::string name_;
};
} // namespace

BOOST_AUTO_TEST_CASE(a_custom_layer_without_a_config_needs_a_clone_function) {
    const dyn::Sequential m(dyn::Input({3}), {dyn::Layer(Doubler("twice")), dyn::Dense({.units = 2})}, "custom",
                            seed{1});
    const std::string msg = message_of<clone_error>([&] { (void)scion::clone_model(m); });
    BOOST_TEST(contains(msg, "Doubler layer 'twice'"), msg);
    BOOST_TEST(contains(msg, "from_config"), msg);
    BOOST_TEST(contains(msg, "clone_function"), msg);
    // a clone function that makes it works
    const dyn::Sequential c = scion::clone_model(m, {}, [](const dyn::Layer& l) {
        if (l.as<Doubler>()) return dyn::Layer(Doubler(l.name()));
        return dyn::copy_weights(l);
    });
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"twice", "dense"}));
    BOOST_TEST(!(c.layers()[0] == m.layers()[0]));
    const Tensor x = iota_tensor(Shape{2, 3});
    BOOST_TEST(c.predict({x})[0] == m.predict({x})[0]);
    // share_weights needs no config either
    BOOST_TEST((scion::clone_model(m, {}, dyn::share_weights).layers()[0] == m.layers()[0]));
}

// ---- row 20: bad clone functions -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_clone_function_that_returns_an_empty_layer_throws_clone_error_naming_the_layer) {
    const std::string msg = message_of<clone_error>([&] {
        (void)scion::clone_model(siamese(), {}, [](const dyn::Layer& l) {
            return l.name() == "diff" ? dyn::Layer{} : dyn::fresh_weights(l);
        });
    });
    BOOST_TEST(contains(msg, "empty Layer"), msg);
    BOOST_TEST(contains(msg, "Concatenate layer 'diff'"), msg);
}

BOOST_AUTO_TEST_CASE(a_clone_function_that_returns_a_layer_whose_shapes_do_not_fit_throws_shape_error_naming_it) {
    // an LSTM needs (time, features): it cannot read the 10 features of the classifier's input
    const std::string msg = message_of<shape_error>([&] {
        (void)scion::clone_model(classifier(), {}, [](const dyn::Layer& l) {
            return l.name() == "hidden" ? dyn::LSTM({.units = 8, .name = "seq"}) : dyn::fresh_weights(l);
        });
    });
    BOOST_TEST(contains(msg, "LSTM layer 'seq'"), msg);
    BOOST_TEST(contains(msg, "classifier"), msg);
    // a layer built for other shapes that its weights cannot be re-targeted to
    dyn::Sequential other(dyn::Input({4}), {dyn::Dense({.units = 8, .name = "hidden"})}, "other", seed{1});
    other.build();
    const std::string msg2 = message_of<clone_error>([&] {
        (void)scion::clone_model(classifier(), {}, [&](const dyn::Layer& l) {
            return l.name() == "hidden" ? other.get_layer("hidden") : dyn::fresh_weights(l);
        });
    });
    BOOST_TEST(contains(msg2, "'hidden'"), msg2);
    BOOST_TEST(other.predict({iota_tensor(Shape{1, 4})})[0].shape() == (Shape{1, 8}));  // untouched
}

// ---- row 21, and what a clone is ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(an_empty_sequential_clones_to_an_empty_sequential) {
    dyn::Sequential m("empty", seed{1});
    m.add(dyn::Input({4}, "only"));
    const dyn::Sequential c = scion::clone_model(m);
    BOOST_TEST(c.is_sequential());
    BOOST_TEST(c.name() == "empty");
    BOOST_TEST(c.layers().empty());
    BOOST_TEST(c.inputs()[0].layer_name() == "only");
    BOOST_TEST(c.inputs()[0].shape() == Shape{4});
    const Tensor x = iota_tensor(Shape{2, 4});
    BOOST_TEST(c.predict({x})[0] == x);
    // with no input at all
    const dyn::Sequential bare("bare", seed{1});
    const dyn::Sequential cb = scion::clone_model(bare);
    BOOST_TEST(cb.layers().empty());
    BOOST_TEST(cb.inputs().empty());
    // and given an input
    BOOST_TEST(scion::clone_model(bare, {dyn::Input({3})}).inputs()[0].shape() == Shape{3});
}

BOOST_AUTO_TEST_CASE(a_clone_of_a_sequential_is_a_sequential_and_a_clone_of_a_clone_works) {
    const dyn::Sequential m = classifier();
    const dyn::Model as_model = m;  // held as a Model: still a Sequential
    const dyn::Model c = scion::clone_model(as_model);
    BOOST_TEST(c.is_sequential());
    BOOST_TEST(dyn::Sequential(c).layers().size() == 2u);
    const dyn::Sequential cc = scion::clone_model(dyn::Sequential(c), {.clone_function = dyn::copy_weights});
    BOOST_TEST(same_weights(cc.get_weights(), c.get_weights()));
    BOOST_TEST(cc.to_json_value() == m.to_json_value());
    const dyn::Model f = scion::clone_model(scion::clone_model(siamese(), {.name = "one"}), {.name = "two"});
    BOOST_TEST(f.name() == "two");
    BOOST_TEST(layer_names(f) == std::vector<std::string>({"encoder", "diff", "score"}));
    // a Sequential clone can be extended as any Sequential
    dyn::Sequential grown = scion::clone_model(m);
    grown.add(dyn::Dense({.units = 1, .name = "extra"}));
    BOOST_TEST(grown.outputs()[0].shape() == Shape{1});
    BOOST_TEST(m.layers().size() == 2u);
}

BOOST_AUTO_TEST_CASE(braced_arguments_pick_the_overload_keras_users_mean) {
    const dyn::Sequential s = classifier();
    const dyn::Model f = siamese();
    static_assert(std::is_same_v<decltype(scion::clone_model(s)), dyn::Sequential>);
    static_assert(std::is_same_v<decltype(scion::clone_model(s, {})), dyn::Sequential>);
    static_assert(std::is_same_v<decltype(scion::clone_model(s, {dyn::Input({3})})), dyn::Sequential>);
    static_assert(std::is_same_v<decltype(scion::clone_model(s, {.seed = seed{1}})), dyn::Sequential>);
    static_assert(std::is_same_v<decltype(scion::clone_model(f, {}, dyn::copy_weights)), dyn::Model>);
    static_assert(std::is_same_v<decltype(scion::clone_model(f, f.inputs())), dyn::Model>);
    // `{}` is Keras's None (the model's own inputs); `clone_model` is found by ADL too
    BOOST_TEST(scion::clone_model(f, {}).inputs()[0].shape() == Shape{6});
    BOOST_TEST(clone_model(f).name() == "siamese");
}

// ---- repeated cloning: nothing accumulates (keras#12956, tensorflow#47673) ----------------------------

BOOST_AUTO_TEST_CASE(cloning_ten_thousand_times_leaves_nothing_behind) {
    // small on purpose: CI runs this under the address and leak sanitizers
    const dyn::Sequential inner(dyn::Input({3}), {dyn::Dense({.units = 2, .name = "in_d"})}, "in", seed{1});
    const auto x = dyn::Input({3}, "x");
    const dyn::Layer shared = dyn::Dense({.units = 3, .name = "shared"});
    const auto y = dyn::Add({.name = "sum"})({shared(x), shared(shared(x))});
    const dyn::Model m({x}, {inner(y)}, "small", seed{2});
    std::vector<long> uses;
    for (const dyn::Layer& l : m.layers()) uses.push_back(l.ptr().use_count());
    const long model_uses = m.ptr().use_count();
    bool same = true;
    for (int i = 0; i < 10000; ++i) {
        {
            const dyn::Model c = scion::clone_model(m, {.seed = seed{static_cast<std::uint64_t>(i)}});
            same = same && c.layers().size() == 3u && c.graph().calls().size() == 5u;
        }
        std::size_t k = 0;
        for (const dyn::Layer& l : m.layers()) same = same && l.ptr().use_count() == uses[k++];
        same = same && m.ptr().use_count() == model_uses;
        if (!same) {
            BOOST_ERROR("clone " << i << " left something behind");
            break;
        }
    }
    BOOST_TEST(same);
    // share_weights clones hold the original's layers while they live, and let go afterwards
    {
        const dyn::Model c = scion::clone_model(m, {}, dyn::share_weights);
        BOOST_TEST(m.layers()[0].ptr().use_count() > uses[0]);
    }
    std::size_t k = 0;
    for (const dyn::Layer& l : m.layers()) BOOST_TEST(l.ptr().use_count() == uses[k++]);
}

// ---- Rewrites for deployment (docs/clone.md): the static path's rewrites at run time -----------------

namespace {
// trained_weights (support.hpp) for every layer of `m`, drawn from `seed_value`.
void set_trained_weights(const dyn::Model& m, unsigned seed_value) {
    std::mt19937 g(seed_value);
    for (const dyn::Layer& l : m.layers()) l.set_weights(scion::test::trained_weights(l.class_name(), l.get_weights(), g));
}
// The static tests' Deployable (test_clone.cpp): Conv2D + BN + relu, Dropout, DepthwiseConv2D + BN,
// GaussianNoise, Dense + BN, Dense + tanh.
dyn::Sequential deployable() {
    dyn::Sequential m(
        dyn::Input({7, 7, 2}),
        {dyn::Conv2D({.filters = 4, .kernel_size = {3}}), dyn::BatchNormalization(), dyn::Activation({.activation = "relu"}),
         dyn::Dropout({.rate = 0.25f}),
         dyn::DepthwiseConv2D({.kernel_size = {3}, .depth_multiplier = 2, .use_bias = false}),
         dyn::BatchNormalization({.epsilon = 0.01}), dyn::GaussianNoise({.stddev = 0.1}), dyn::Flatten(),
         dyn::Dense({.units = 6, .use_bias = false}), dyn::BatchNormalization(), dyn::Dense({.units = 3}),
         dyn::Activation({.activation = "tanh"})},
        "deployable", seed{1});
    m.build();
    return m;
}
} // namespace

BOOST_AUTO_TEST_CASE(deploy_folds_fuses_and_strips_at_run_time_and_keeps_the_outputs) {
    const dyn::Sequential m = deployable();
    set_trained_weights(m, 11);
    const Tensor x = scion::test_fixtures::random_tensor(Shape{5, 7, 7, 2}, 12, -2.0f, 2.0f);
    const Tensor y = m.predict({x})[0];

    const dyn::Sequential d = scion::clone_model(m, scion::deploy);
    BOOST_TEST(class_names(d) == std::vector<std::string>({"Conv2D", "DepthwiseConv2D", "Flatten", "Dense", "Dense"}));
    BOOST_TEST(layer_names(d) == std::vector<std::string>({"conv2d", "depthwise_conv2d", "flatten", "dense", "dense_1"}));
    BOOST_TEST(d.get_layer("conv2d").get_config()["activation"] == "relu");
    BOOST_TEST(d.get_layer("depthwise_conv2d").get_config()["use_bias"] == true);
    BOOST_TEST(d.get_layer("dense_1").get_config()["activation"] == "tanh");
    BOOST_TEST(scion::test::max_abs_diff(d.predict({x})[0], y) <= 1e-5f);
    BOOST_TEST(same_weights(d.get_layer("dense_1").get_weights(), m.get_layer("dense_1").get_weights()));  // copied
    BOOST_TEST((m.predict({x})[0] == y));  // the original is untouched

    // One rewrite at a time, through the options (the same set as the static path's).
    const dyn::Model folded = scion::clone_model(m, {.rewrites = scion::fold_batch_norm});
    BOOST_TEST(folded.layers().size() == m.layers().size() - 3);
    BOOST_TEST(scion::test::max_abs_diff(folded.predict({x})[0], y) <= 1e-5f);
    const dyn::Model stripped = scion::clone_model(m, {.rewrites = scion::strip_dropout | scion::strip_noise});
    BOOST_TEST(class_names(stripped) ==
               std::vector<std::string>({"Conv2D", "BatchNormalization", "Activation", "DepthwiseConv2D",
                                         "BatchNormalization", "Flatten", "Dense", "BatchNormalization", "Dense",
                                         "Activation"}));
    BOOST_TEST((stripped.predict({x})[0] == y));
    // The parameters left: those of the static path's deployed type (static_clone_types.cpp).
    BOOST_TEST(d.count_params() == (3 * 3 * 2 * 4 + 4) + (3 * 3 * 8 + 8) + (72 * 6 + 6) + (6 * 3 + 3));
}

BOOST_AUTO_TEST_CASE(deploy_keeps_a_batch_norm_whose_input_is_read_twice_and_reaches_nested_models_when_recursive) {
    // The static test's graph (test_functional_clone.cpp), with a nested Sequential at the end.
    const auto x = dyn::Input({6}, "x");
    const auto h = dyn::Dense({.units = 8, .name = "h"})(x);
    const auto hn = dyn::BatchNormalization({.name = "hn"})(h);
    const auto sn = dyn::BatchNormalization({.name = "sn"})(dyn::Dense({.units = 8, .use_bias = false, .name = "skip"})(h));
    const auto s = dyn::Add({.name = "s"})({hn, sn});
    const dyn::Sequential tail(dyn::Input({8}), {dyn::Dense({.units = 4}), dyn::BatchNormalization(), dyn::Dropout({})},
                               "tail", seed{3});
    const auto r = dyn::Activation({.activation = "relu", .name = "r"})(tail(dyn::Dropout({.name = "d"})(s)));
    const dyn::Model m({x}, {r}, "net", seed{4});
    set_trained_weights(m, 21);
    set_trained_weights(tail, 23);
    const Tensor t = scion::test_fixtures::random_tensor(Shape{4, 6}, 22, -2.0f, 2.0f);
    const Tensor y = m.predict({t})[0];

    const dyn::Model c = scion::clone_model(m, scion::deploy);
    BOOST_TEST(layer_names(c) == std::vector<std::string>({"h", "hn", "skip", "s", "tail", "r"}));
    BOOST_TEST(c.get_layer("skip").get_config()["use_bias"] == true);
    BOOST_TEST(dyn::Model(c.get_layer("tail")).layers().size() == 3u);  // copied whole
    BOOST_TEST(scion::test::max_abs_diff(c.predict({t})[0], y) <= 1e-5f);
    const dyn::Model deep = scion::clone_model(m, {.recursive = true, .rewrites = scion::deploy});
    BOOST_TEST(class_names(dyn::Model(deep.get_layer("tail"))) == std::vector<std::string>({"Dense"}));
    BOOST_TEST(scion::test::max_abs_diff(deep.predict({t})[0], y) <= 1e-5f);
}

BOOST_AUTO_TEST_CASE(rewrites_with_a_clone_function_throw_clone_error) {
    const dyn::Sequential m = deployable();
    const std::string what = message_of<clone_error>(
        [&] { (void)scion::clone_model(m, {.clone_function = dyn::copy_weights, .rewrites = scion::deploy}); });
    BOOST_TEST(contains(what, "give either `rewrites` or a `clone_function`"), what);
}
