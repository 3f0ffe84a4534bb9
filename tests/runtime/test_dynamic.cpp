// tests/runtime/test_dynamic.cpp — the runtime fallback: dynamic models built with the layer
// factories are the twins of the static models of tests/runtime/functional_models.hpp (same
// layer order, names, weights for a seed, summary and outputs), and misuse throws errors that
// name what was wrong.
#define BOOST_TEST_MODULE dynamic
#include <boost/test/unit_test.hpp>

#include "functional_models.hpp"
#include "threads_check.hpp"

#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>

#include <functional>
#include <string>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

using namespace scion;
namespace d = scion::dynamic;
using scion::test::fn::functional_fixture;

namespace {

Tensor ramp(Shape s, float scale, float offset) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::sin(scale * static_cast<float>(i) + offset);
    return t;
}

/// Deterministic inputs for a model's input shapes, batch 3.
std::vector<Tensor> inputs_for(const d::Model& m) {
    std::vector<Tensor> xs;
    float k = 0.37f;
    for (const auto& x : m.inputs()) {
        xs.push_back(ramp(x.shape().prepend(3), k, 0.1f));
        k += 0.21f;
    }
    return xs;
}

template <class M>
std::vector<Tensor> static_outputs(const M& m, const std::vector<Tensor>& xs) {
    return m.predict(std::span<const Tensor>(xs));
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

using scion::test_fixtures::says;

/// Static model `S` and its dynamic twin, both from seed 11: same summary, weights and outputs.
template <class S>
void check_twin(const d::Model& dyn) {
    const S s{seed{11}};
    BOOST_TEST(dyn.summary() == s.summary());
    const auto ws = s.get_weights(), wd = dyn.get_weights();
    BOOST_TEST_REQUIRE(ws.size() == wd.size());
    for (std::size_t i = 0; i < ws.size(); ++i) BOOST_TEST((ws[i] == wd[i]), "weight " << i);
    BOOST_TEST(dyn.count_params() == S::param_count);
    const auto xs = inputs_for(dyn);
    const auto ys = static_outputs(s, xs), yd = dyn.predict(xs);
    BOOST_TEST_REQUIRE(ys.size() == yd.size());
    for (std::size_t k = 0; k < ys.size(); ++k) {
        BOOST_TEST_REQUIRE(ys[k].shape() == yd[k].shape());
        const float worst = test_fixtures::max_abs_diff(ys[k], yd[k]);
        BOOST_TEST(worst <= 1e-6f, "output " << k << " differs by " << worst);
    }
    // predict_into: the same numbers as predict, and no allocation once warm.
    std::vector<Tensor> into(yd.size());
    workspace w;
    dyn.predict_into(xs, into, w);
    const std::size_t before = g_news.load();
    dyn.predict_into(xs, into, w);
    BOOST_TEST(g_news.load() == before);
    for (std::size_t k = 0; k < yd.size(); ++k) BOOST_TEST((into[k] == yd[k]), "predict_into output " << k);
}

// ---- the twins ------------------------------------------------------------------------------------

d::Model residual_mlp(seed s) {
    auto x = d::Input({10}, "x");
    auto h1 = d::Dense({.units = 16, .activation = "relu", .name = "h1"})(x);
    auto r1 = d::Dense({.units = 10, .name = "r1"})(h1);
    auto s1 = d::Add({.name = "s1"})({x, r1});
    auto h2 = d::Dense({.units = 16, .activation = "relu", .name = "h2"})(s1);
    auto r2 = d::Dense({.units = 10, .name = "r2"})(h2);
    auto s2 = d::Add({.name = "s2"})({s1, r2});
    auto y = d::Dense({.units = 4, .activation = "sigmoid", .name = "y"})(s2);
    return d::Model({x}, {y}, "functional", s);
}

d::Model siamese(seed s) {
    auto a = d::Input({6}, "a"), b = d::Input({6}, "b");
    auto enc_hidden = d::Dense({.units = 8, .activation = "relu", .name = "enc_hidden"});
    auto encoder = d::Dense({.units = 5, .activation = "elu", .name = "encoder"});
    auto ea = encoder(enc_hidden(a)), eb = encoder(enc_hidden(b));
    auto diff = d::Subtract({.name = "diff"})({ea, eb});
    auto join = d::Concatenate({.name = "join"})({ea, eb, diff});
    auto score = d::Dense({.units = 1, .activation = "sigmoid", .name = "score"})(join);
    return d::Model({a, b}, {score, diff}, "functional", s);
}

d::Model two_heads(seed s) {
    auto a = d::Input({7}, "a"), b = d::Input({4, 3}, "b");
    auto fa = d::Dense({.units = 8, .activation = "tanh", .name = "fa"})(a);
    auto fb = d::Flatten({.name = "fb"})(b);
    auto joined = d::Concatenate({.name = "joined"})({fa, fb});
    auto trunk = d::Dense({.units = 10, .activation = "relu", .name = "trunk"})(joined);
    auto cls = d::Dense({.units = 4, .activation = "softmax", .name = "cls"})(trunk);
    auto drop = d::Dropout({.rate = 0.3f, .name = "drop"})(trunk);
    auto prob = d::Dense({.units = 1, .activation = "sigmoid", .name = "prob"})(drop);
    return d::Model({a, b}, {cls, prob}, "functional", s);
}

d::Model nested_sequential(seed s) {
    // The block is a layer of the outer model, built by it from its seed (a Sequential is built
    // on first use); named as the static path names it.
    d::Sequential block("block");
    block.add(d::Input({6}));
    block.add(d::Dense({.units = 8, .activation = "relu"}));
    block.add(d::Dropout({.rate = 0.25f}));
    block.add(d::Dense({.units = 6}));
    auto x = d::Input({5}, "x");
    auto pre = d::Dense({.units = 6, .activation = "tanh", .name = "pre"})(x);
    auto blk = block(pre);
    auto skip = d::Add({.name = "skip"})({pre, blk});
    auto post = d::Dense({.units = 3, .activation = "softmax", .name = "post"})(skip);
    return d::Model({x}, {post}, "functional", s);
}

d::Model branchy(seed s) {
    auto x = d::Input({8}, "x");
    auto a = d::Dense({.units = 6, .activation = "relu", .name = "a"})(x);
    auto b = d::Dense({.units = 6, .activation = "tanh", .name = "b"})(x);
    auto c = d::Dense({.units = 6, .activation = "sigmoid", .name = "c"})(x);
    auto gate = d::Dense({.units = 1, .activation = "sigmoid", .name = "gate"})(x);
    auto prod = d::Multiply({.name = "prod"})({a, b, gate});
    auto mean = d::Average({.name = "mean"})({a, b, c});
    auto hi = d::Maximum({.name = "hi"})({prod, mean});
    auto lo = d::Minimum({.name = "lo"})({b, c, prod});
    auto both = d::Concatenate({.name = "both"})({hi, lo});
    auto y = d::Dense({.units = 3, .name = "y"})(both);
    return d::Model({x}, {y, hi}, "functional", s);
}

d::Model seq2seq(seed s) {
    auto x = d::Input({6, 3}, "x");
    auto enc_seq = d::Bidirectional(d::LSTM({.units = 8, .return_sequences = true}), {.name = "enc_seq"})(x);
    auto enc = d::LSTM({.units = 8, .name = "enc"})(enc_seq);
    auto code = d::Dense({.units = 12, .activation = "tanh", .name = "code"})(enc);
    auto steps = d::Reshape({.target_shape = {4, 3}, .name = "steps"})(code);
    auto dec = d::LSTM({.units = 5, .return_sequences = true, .name = "dec"})(steps);
    auto y = d::Dense({.units = 2, .name = "y"})(dec);
    return d::Model({x}, {y, code}, "functional", s);
}

d::Model nested_functional(seed s) {
    auto tin = d::Input({4}, "tower_in");
    auto u = d::Dense({.units = 5, .activation = "relu", .name = "u"})(tin);
    auto p = d::Dense({.units = 3, .name = "p"})(u);
    auto q = d::Dense({.units = 2, .activation = "tanh", .name = "q"})(u);
    d::Model tower({tin}, {p, q}, "tower", d::unbuilt);
    auto x = d::Input({4}, "x");
    auto t = tower.call({x});
    auto both = d::Concatenate({.name = "both"})({t[0], t[1]});
    auto y = d::Dense({.units = 2, .activation = "sigmoid", .name = "y"})(both);
    return d::Model({x}, {y}, "functional", s);
}

} // namespace

// ---- static / dynamic twins -----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(twins)

BOOST_AUTO_TEST_CASE(residual) { check_twin<scion::test::fn::residual_mlp::Net>(residual_mlp(seed{11})); }
BOOST_AUTO_TEST_CASE(shared_layers) { check_twin<scion::test::fn::siamese::Net>(siamese(seed{11})); }
BOOST_AUTO_TEST_CASE(two_inputs_two_heads) { check_twin<scion::test::fn::two_heads::Net>(two_heads(seed{11})); }
BOOST_AUTO_TEST_CASE(merges) { check_twin<scion::test::fn::branchy::Net>(branchy(seed{11})); }
BOOST_AUTO_TEST_CASE(recurrent) { check_twin<scion::test::fn::seq2seq::Net>(seq2seq(seed{11})); }

BOOST_AUTO_TEST_CASE(nested_sequential_model) {
    auto dyn = nested_sequential(seed{11});
    check_twin<scion::test::fn::nested_sequential::Net>(dyn);
    BOOST_TEST(dyn.layers().size() == 4u);
    BOOST_TEST(dyn.layers()[1].is_model());
    BOOST_TEST(d::Model(dyn.layers()[1]).layers().size() == 3u);
}

BOOST_AUTO_TEST_CASE(nested_functional_model) {
    check_twin<scion::test::fn::nested_functional::Net>(nested_functional(seed{11}));
}

BOOST_AUTO_TEST_CASE(sequential_twin) {
    using S = Sequential<Input<12>, Dense<8, act::relu>, Dropout<std::ratio<1, 2>>, Dense<3, act::softmax>>;
    d::Sequential q("sequential", seed{4});
    q.add(d::Input({12}));
    q.add(d::Dense({.units = 8, .activation = "relu"}));
    q.add(d::Dropout({.rate = 0.5f}));
    q.add(d::Dense({.units = 3, .activation = "softmax"}));
    const S s{seed{4}};
    BOOST_TEST(q.to_json() == s.to_json());
    BOOST_TEST(q.summary() == s.summary());
    const auto ws = s.get_weights(), wd = q.get_weights();
    BOOST_TEST_REQUIRE(ws.size() == wd.size());
    for (std::size_t i = 0; i < ws.size(); ++i) BOOST_TEST((ws[i] == wd[i]));
    const Tensor x = ramp({5, 12}, 0.3f, 0.0f);
    BOOST_TEST((q.predict({x})[0] == s.predict(x)));
}

BOOST_AUTO_TEST_CASE(fixture_weights_match_tfjs) {
    // A reference no one here wrote: the residual fixture's weights in the dynamic twin give
    // TensorFlow.js's outputs.
    const functional_fixture f = scion::test::fn::load_functional_fixture("residual_mlp");
    auto dyn = residual_mlp(seed{1});
    std::vector<Tensor> w;
    for (const auto& l : dyn.layers())
        for (const auto& t : f.weights.at(l.name())) w.push_back(t.value);
    dyn.set_weights(w);
    const auto y = dyn.predict(f.inputs);
    BOOST_TEST_REQUIRE(y.size() == 1u);
    BOOST_TEST(test_fixtures::max_abs_diff(y[0], f.outputs[0]) <= 1e-5f);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- behaviour ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(behaviour)

BOOST_AUTO_TEST_CASE(layer_handles_are_the_layer) {
    auto dense = d::Dense({.units = 3, .name = "shared"});
    const d::Layer again = dense;
    BOOST_TEST((again == dense));
    auto a = d::Input({4}, "a"), b = d::Input({4}, "b");
    auto m = d::Model({a, b}, {dense(a), again(b)}, "two_calls", seed{2});
    BOOST_TEST(m.layers().size() == 1u);  // one layer, two calls
    BOOST_TEST(m.count_params() == 4u * 3 + 3);
    BOOST_TEST(m.get_weights().size() == 2u);
    BOOST_TEST(dense.as<layers::Dense>() != nullptr);
    BOOST_TEST(dense.as<layers::LSTM>() == nullptr);
    // Both outputs are the same function of equal inputs.
    const Tensor x = ramp({2, 4}, 0.5f, 0.0f);
    const auto y = m.predict({x, x});
    BOOST_TEST((y[0] == y[1]));
    // set_weights through the model is seen through the handle.
    auto w = m.get_weights();
    w[1][0] = 42.0f;
    m.set_weights(w);
    BOOST_TEST(dense.get_weights()[1][0] == 42.0f);
}

BOOST_AUTO_TEST_CASE(automatic_names_follow_layer_order) {
    auto x = d::Input({4});
    auto h = d::Dense({.units = 3})(x);
    auto g = d::Dense({.units = 3, .name = "dense"})(h);  // a declared name is skipped by automatic ones
    auto y = d::Dense({.units = 2})(g);
    d::Model m({x}, {y}, "names", seed{1});
    std::vector<std::string> names;
    for (const auto& l : m.layers()) names.push_back(l.name());
    BOOST_TEST(names == (std::vector<std::string>{"dense_1", "dense", "dense_2"}), boost::test_tools::per_element());
    BOOST_TEST(m.inputs()[0].layer_name() == "input_layer");
}

BOOST_AUTO_TEST_CASE(lstm_states_by_index) {
    auto x = d::Input({5, 3}, "x");
    auto outs = d::LSTM({.units = 4, .return_state = true, .name = "lstm"}).call({x});
    BOOST_TEST_REQUIRE(outs.size() == 3u);
    auto y = d::Dense({.units = 2, .name = "head"})(outs[2]);
    d::Model m({x}, {outs[0], outs[1], y}, "states", seed{3});
    const auto ys = m.predict({ramp({2, 5, 3}, 0.2f, 0.3f)});
    BOOST_TEST_REQUIRE(ys.size() == 3u);
    BOOST_TEST((ys[0] == ys[1]));  // without return_sequences the output is the last h
    BOOST_TEST(ys[2].shape() == Shape({2, 2}));
    BOOST_TEST(contains(m.summary(), "lstm[2]"));
}

BOOST_AUTO_TEST_CASE(dropout_training_context) {
    auto x = d::Input({50}, "x");
    auto y = d::Dropout({.rate = 0.5f, .name = "drop"})(x);
    d::Model m({x}, {y}, "drop", seed{1});
    const Tensor in = ramp({1, 50}, 0.1f, 1.0f);
    BOOST_TEST((m.predict({in})[0] == in));
    const Tensor t = m.call({.training = true, .seed = 3, .step = 0}, {in})[0];
    std::size_t zeros = 0;
    for (std::size_t i = 0; i < t.size(); ++i) zeros += t[i] == 0.0f;
    BOOST_TEST(zeros > 5u);
    BOOST_TEST(zeros < 45u);
}

BOOST_AUTO_TEST_CASE(copy_is_deep) {
    auto m = siamese(seed{2});
    auto c = m.copy();
    BOOST_TEST(c.to_json() == m.to_json());
    auto w = c.get_weights();
    w[0][0] += 1.0f;
    c.set_weights(w);
    BOOST_TEST(m.get_weights()[0][0] != c.get_weights()[0][0]);
    BOOST_TEST(c.layers()[0].name() == "enc_hidden");
    BOOST_TEST(!(c.layers()[0] == m.layers()[0]));
}

BOOST_AUTO_TEST_CASE(sequential_add_pop_build) {
    d::Sequential q("q", seed{1});
    BOOST_TEST(q.layers().empty());
    q.add(d::Input({3}, "in"));
    q.add(d::Dense({.units = 4}));
    q.add(d::Dense({.units = 2}));
    BOOST_TEST(q.layers().size() == 2u);
    q.pop();
    BOOST_TEST(q.layers().size() == 1u);
    q.build();
    BOOST_TEST(q.count_params() == 3u * 4 + 4);
    BOOST_TEST(q.predict({Tensor(Shape{2, 3})})[0].shape() == Shape({2, 4}));
    // An empty Sequential (an input only) passes its input through.
    d::Sequential e("empty", seed{1});
    e.add(d::Input({2}));
    const Tensor x = ramp({1, 2}, 1.0f, 0.0f);
    BOOST_TEST((e.predict({x})[0] == x));
    // The brace form.
    d::Sequential b(d::Input({3}), {d::Dense({.units = 2}), d::Activation({.activation = "softmax"})}, "b", seed{1});
    BOOST_TEST(b.layers().size() == 2u);
    BOOST_TEST(b.layers()[1].name() == "activation");
}

BOOST_AUTO_TEST_CASE(model_is_a_layer_of_itself_nowhere) {
    // Calling a built model as a layer reuses its weights (a shared nested model).
    auto x = d::Input({4}, "x");
    auto inner_out = d::Dense({.units = 4, .name = "inner_dense"})(x);
    d::Model inner({x}, {inner_out}, "inner", seed{1});
    auto z = d::Input({4}, "z");
    d::Model outer({z}, {inner(inner(z))}, "outer", seed{2});
    BOOST_TEST(outer.layers().size() == 1u);
    BOOST_TEST(outer.count_params() == inner.count_params());
    const Tensor t = ramp({2, 4}, 0.4f, 0.0f);
    const Tensor once = inner.predict({t})[0];
    BOOST_TEST((outer.predict({t})[0] == inner.predict({once})[0]));
}

// Many threads, one const model: 8 threads at once, each 6 calls on 5 input sets of batch sizes
// 1 to 3; every result must have the bits one thread computed. The Sequential is left unbuilt,
// so the threads' first calls build it (a Sequential is built on first use).
BOOST_AUTO_TEST_CASE(one_const_model_predicts_from_eight_threads_bit_for_bit) {
    const auto lstm_stack = [] {
        d::Sequential q("q", seed{6});
        q.add(d::Input({12, 5}));
        q.add(d::LSTM({.units = 8, .return_sequences = true}));
        q.add(d::LSTM({.units = 6}));
        q.add(d::Dense({.units = 3, .activation = "softmax"}));
        return q;
    };
    const auto check = [](const d::Model& m, const d::Model& reference) {
        std::vector<std::vector<Tensor>> xs, expected;
        for (std::size_t i = 0; i < 5; ++i) {
            const float f = static_cast<float>(i);
            std::vector<Tensor> x;
            for (const auto& in : reference.inputs()) x.push_back(ramp(in.shape().prepend(1 + i % 3), 0.3f + 0.1f * f, f));
            expected.push_back(reference.predict(x));
            xs.push_back(std::move(x));
        }
        const auto run = [&](std::size_t i, std::size_t) { return m.predict(xs[i]); };
        BOOST_TEST(test_threads::results_differing_across_threads(run, expected) == 0u);
    };
    const d::Sequential unbuilt = lstm_stack();
    check(unbuilt, lstm_stack());
    const d::Model pair = siamese(seed{2});  // two inputs, two outputs, shared layers, merges
    check(pair, pair);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- errors ---------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer) {
    auto a = d::Input({4}, "a"), b = d::Input({5}, "b");
    BOOST_CHECK_EXCEPTION((void)d::Add({.name = "sum"})({a, b}), shape_error, says<shape_error>({"sum", "(None, 5)"}));
    BOOST_CHECK_EXCEPTION((void)d::Dense({.units = 2, .name = "fc"})({a, b}), shape_error,
                          says<shape_error>({"fc", "takes 1 input, got 2"}));
    auto seq = d::Input({4, 3}, "seq");
    BOOST_CHECK_EXCEPTION((void)d::LSTM({.units = 2, .name = "rnn"})(a), shape_error, says<shape_error>({"rnn"}));
    (void)seq;
    BOOST_CHECK_EXCEPTION((void)d::Input({3, 0}, "z"), shape_error, says<shape_error>({"z", "zero"}));
}

BOOST_AUTO_TEST_CASE(bad_configs) {
    BOOST_CHECK_EXCEPTION((void)d::Dense({.units = 0, .name = "fc"}), config_error, says<config_error>({"fc", "units"}));
    BOOST_CHECK_EXCEPTION((void)d::Dense({.units = 2, .activation = "swishy"}), config_error,
                          says<config_error>({"swishy"}));
    BOOST_CHECK_EXCEPTION((void)d::Bidirectional(d::Dense({.units = 2, .name = "fc"}), {.name = "bi"}), config_error,
                          says<config_error>({"bi", "fc", "Dense"}));
}

BOOST_AUTO_TEST_CASE(integer_fields_are_checked) {
    // nlohmann would turn -1 into a huge size and 3.5 into 3: configs read from JSON refuse both.
    const auto dense = [](const char* text) { return layers::Dense::config_from_json(json::parse(text)); };
    BOOST_CHECK_EXCEPTION((void)dense(R"({"name": "d", "units": -1})"), config_error,
                          says<config_error>({"'units'", "integer >= 0", "-1"}));
    BOOST_CHECK_EXCEPTION((void)dense(R"({"name": "d", "units": 3.5})"), config_error, says<config_error>({"3.5"}));
    BOOST_TEST(dense(R"({"name": "d", "units": 4})").units == 4u);
    BOOST_CHECK_EXCEPTION((void)layers::Dropout::config_from_json(json::parse(R"({"name": "x", "rate": 0.1, "seed": -3})")),
                          config_error, says<config_error>({"'seed'"}));
    BOOST_CHECK_EXCEPTION(
        (void)layers::Concatenate::config_from_json(json::parse(R"({"name": "c", "axis": 1e12})")), config_error,
        says<config_error>({"'axis'"}));
}

BOOST_AUTO_TEST_CASE(graph_errors) {
    auto a = d::Input({4}, "a"), b = d::Input({4}, "b");
    auto y = d::Add({.name = "sum"})({a, b});
    BOOST_CHECK_EXCEPTION((d::Model({a}, {y}, "m")), error, says<error>({"'m'", "'b'", "not among the model's inputs"}));
    BOOST_CHECK_EXCEPTION((d::Model({a, a, b}, {y}, "m")), error, says<error>({"'a'", "listed twice"}));
    BOOST_CHECK_EXCEPTION((d::Model({a, y}, {y}, "m")), error, says<error>({"sum", "not an Input"}));
    BOOST_CHECK_EXCEPTION((d::Model({a, b}, {}, "m")), error, says<error>({"at least one output"}));
    auto c1 = d::Dense({.units = 2, .name = "twin"})(a);
    auto c2 = d::Dense({.units = 2, .name = "twin"})(b);
    BOOST_CHECK_EXCEPTION((d::Model({a, b}, {c1, c2}, "m")), config_error,
                          says<config_error>({"\"twin\" is used 2 times"}));
    auto shared = d::Dense({.units = 2, .name = "shared"});
    auto wide = d::Input({6}, "wide");
    BOOST_CHECK_EXCEPTION((d::Model({a, wide}, {shared(a), shared(wide)}, "m")), shape_error,
                          says<shape_error>({"shared", "(None, 6)", "(None, 4)"}));
}

// The executor keeps up to 8 tensor views per step on the stack; a merge of 11 inputs takes the
// heap path, in predict and in predict_into.
BOOST_AUTO_TEST_CASE(a_merge_of_many_inputs) {
    std::vector<d::KerasTensor> ins;
    std::vector<Tensor> xs;
    for (int i = 0; i < 11; ++i) {
        ins.push_back(d::Input({3}, "x" + std::to_string(i)));
        xs.push_back(Tensor(Shape{2, 3}, {float(i), 1, 2, 3, 4, float(10 * i)}));
    }
    const d::Model m(ins, {d::Add({.name = "sum"})(ins)}, "many", seed{1});
    const std::vector<float> want{55, 11, 22, 33, 44, 550};
    const Tensor y = m.predict(xs)[0];
    BOOST_TEST(std::vector<float>(y.values().begin(), y.values().end()) == want, boost::test_tools::per_element());
    Tensor into;
    workspace w;
    m.predict_into(xs, std::span<Tensor>(&into, 1), w);
    BOOST_TEST((into == y));
}

BOOST_AUTO_TEST_CASE(predict_errors_and_nothing_changes) {
    auto m = siamese(seed{3});
    const Tensor x = ramp({2, 6}, 0.1f, 0.0f);
    BOOST_CHECK_EXCEPTION((void)m.predict({x}), shape_error, says<shape_error>({"expects 2 inputs, got 1"}));
    BOOST_CHECK_EXCEPTION((void)m.predict({x, Tensor(Shape{2, 5})}), shape_error,
                          says<shape_error>({"'b'", "(None, 6)"}));
    BOOST_CHECK_EXCEPTION((void)m.predict({x, Tensor(Shape{3, 6})}), shape_error, says<shape_error>({"batch size"}));
    const auto before = m.get_weights();
    auto w = before;
    w.back() = Tensor(Shape{7});
    BOOST_CHECK_EXCEPTION(m.set_weights(w), weights_error, says<weights_error>({"score", "weight 1"}));
    w.pop_back();
    BOOST_CHECK_EXCEPTION(m.set_weights(w), weights_error, says<weights_error>({"score"}));
    const auto after = m.get_weights();
    for (std::size_t i = 0; i < before.size(); ++i) BOOST_TEST((before[i] == after[i]));
    BOOST_CHECK_EXCEPTION((void)m.get_layer("nope"), config_error, says<config_error>({"nope"}));
}

BOOST_AUTO_TEST_CASE(sequential_errors) {
    d::Sequential q("q");
    BOOST_CHECK_EXCEPTION(q.add(d::Dense({.units = 2, .name = "fc"})), error,
                          says<error>({"Sequential 'q'", "add an Input first", "fc"}));
    q.add(d::Input({3, 2}));
    BOOST_CHECK_EXCEPTION(q.add(d::Input({3})), error, says<error>({"already has an input"}));
    BOOST_CHECK_EXCEPTION(q.add(d::LSTM({.units = 2, .return_state = true, .name = "rnn"})), error,
                          says<error>({"rnn", "single output tensor"}));
    BOOST_CHECK_EXCEPTION(q.add(d::Dense({.units = 2, .name = "fc"})(d::Input({1}))), error,
                          says<error>({"Input tensor or a layer"}));
    BOOST_CHECK_EXCEPTION(q.pop(), error, says<error>({"without layers"}));
    BOOST_CHECK_EXCEPTION(q.add(d::Add({.name = "plus"})), shape_error, says<shape_error>({"plus"}));
    BOOST_CHECK_EXCEPTION((void)d::Sequential(siamese(seed{1})), error, says<error>({"not a Sequential"}));
    BOOST_CHECK_EXCEPTION((void)d::Model(d::Dense({.units = 1, .name = "fc"})), error, says<error>({"fc", "not a model"}));
}

BOOST_AUTO_TEST_SUITE_END()
