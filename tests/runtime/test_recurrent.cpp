// The recurrent family: SimpleRNN, GRU (reset_after true and false), return_state,
// go_backwards, return_sequences, Bidirectional around GRU and SimpleRNN, TimeDistributed.
// Shape rules at compile time; hand-computed steps; the TF.js fixtures layers/rnn_* on the
// dynamic path (load, predict, clone, save and reload; GRU with reset_after true against ONNX
// Runtime, since TF.js lacks it); static and dynamic twins from one seed; configs (round trips,
// TF.js's and Keras 3's); errors that name the layer and the field. The static path's fixture
// checks are in test_recurrent_static.cpp.
#define BOOST_TEST_MODULE recurrent
#include <boost/test/unit_test.hpp>

#include "layers_fixture.hpp"
#include "support.hpp"

#include <scion/dynamic.hpp>

#include <array>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
namespace tf = scion::test_fixtures;

namespace {

// ---- compile-time rules ------------------------------------------------------------------------

template <class L>
concept declares_output_count = requires { L::output_count; };

// SimpleRNN: (T, F) -> (u) or (T, u); kernel F·u, recurrent u·u, bias u.
static_assert(SimpleRNN<4>::infer(Shape{5, 3}).shape == Shape{4});
static_assert(SimpleRNN<4, return_sequences>::infer(Shape{5, 3}).shape == (Shape{5, 4}));
static_assert(SimpleRNN<4>::param_count(Shape{5, 3}) == 4 * 3 + 4 * 4 + 4);
static_assert(SimpleRNN<4, no_bias>::param_count(Shape{5, 3}) == 4 * 3 + 4 * 4);
static_assert(SimpleRNN<4>::infer(Shape{5}).errc == shape_errc::rank_mismatch);
static_assert(SimpleRNN<4>::infer(Shape{5, 3, 2}).errc == shape_errc::rank_mismatch);
static_assert(SimpleRNN<4>::macs(Shape{5, 3}) == 5 * 4 * (3 + 4));
static_assert(RecurrentLayer<SimpleRNN<4>> && Layer<SimpleRNN<4>>);

// GRU: 3 gates; the bias is 3u, or (2, 3u) with reset_after (Keras's default).
static_assert(GRU<4>::infer(Shape{5, 3}).shape == Shape{4});
static_assert(GRU<4, return_sequences, go_backwards>::infer(Shape{5, 3}).shape == (Shape{5, 4}));
static_assert(GRU<4>::param_count(Shape{5, 3}) == 3 * 4 * (3 + 4) + 2 * 3 * 4);
static_assert(GRU<4, no_reset_after>::param_count(Shape{5, 3}) == 3 * 4 * (3 + 4) + 3 * 4);
static_assert(GRU<4, no_bias>::param_count(Shape{5, 3}) == 3 * 4 * (3 + 4));
static_assert(GRU<4>::reset_after && !GRU<4, no_reset_after>::reset_after);
static_assert(GRU<4>::infer(Shape{5}).errc == shape_errc::rank_mismatch);
static_assert(RecurrentLayer<GRU<4>> && !RecurrentLayer<Dense<4>>);

// return_state: two outputs (output, state); without it, one and no output_count.
using GruState = GRU<4, return_sequences, return_state>;
static_assert(!declares_output_count<GRU<4>> && !declares_output_count<SimpleRNN<4>>);
static_assert(GruState::output_count == 2 && SimpleRNN<3, return_state>::output_count == 2);
static_assert(graph::has_several_outputs<GruState> && graph::output_count_v<GRU<4>> == 1);
static_assert(GruState::infer_output(Shape{5, 3}, 0).shape == (Shape{5, 4}));
static_assert(GruState::infer_output(Shape{5, 3}, 1).shape == Shape{4});
static_assert(GruState::infer_output(Shape{5, 3}, 2).errc == shape_errc::input_count);
static_assert(GruState::infer_output(Shape{5, 3}, 2).expected == 2);
static_assert(SimpleRNN<3, return_state>::infer_output(Shape{5, 3}, 1).shape == Shape{3});
static_assert(GruState::param_count(Shape{5, 3}) == GRU<4>::param_count(Shape{5, 3}));
static_assert(layers::rnn_output_count(true) == 2 && layers::rnn_output_count(false) == 1);

// Options each layer takes (and the ones it does not).
static_assert(detail::arguments_ok_v<GRU<4, no_reset_after, recurrent_activation<act::hard_sigmoid>>>);
static_assert(!detail::arguments_ok_v<GRU<0>>);
static_assert(!detail::arguments_ok_v<GRU<4, int>>);
static_assert(!detail::arguments_ok_v<GRU<4, no_reset_after, no_reset_after>>);
static_assert(!detail::arguments_ok_v<GRU<4, no_unit_forget_bias>>);
static_assert(!detail::arguments_ok_v<SimpleRNN<4, no_reset_after>>);
static_assert(!detail::arguments_ok_v<SimpleRNN<4, recurrent_activation<act::relu>>>);
static_assert(!detail::arguments_ok_v<SimpleRNN<4, activation<int>>>);

// Bidirectional around GRU and SimpleRNN.
static_assert(Bidirectional<GRU<4, return_sequences>>::infer(Shape{5, 3}).shape == (Shape{5, 8}));
static_assert(Bidirectional<SimpleRNN<3>, merge::sum>::infer(Shape{5, 3}).shape == Shape{3});
static_assert(Bidirectional<SimpleRNN<3>, merge::sum>::param_count(Shape{5, 3}) == 2 * (3 * 3 + 3 * 3 + 3));
static_assert(Bidirectional<GRU<4>>::param_count(Shape{5, 3}) == 2 * GRU<4>::param_count(Shape{5, 3}));
static_assert(detail::arguments_ok_v<Bidirectional<GRU<4>>>);
static_assert(!detail::arguments_ok_v<Bidirectional<GruState>>);
static_assert(!detail::arguments_ok_v<Bidirectional<SimpleRNN<3, return_state>>>);
static_assert(std::is_same_v<Bidirectional<GRU<4>>::engine_type, layers::Bidirectional<layers::GRU>>);

// TimeDistributed: the wrapped layer's rule on each step.
static_assert(TimeDistributed<Dense<4>>::infer(Shape{5, 3}).shape == (Shape{5, 4}));
static_assert(TimeDistributed<Dense<4>>::infer(Shape{4, 3, 2}).shape == (Shape{4, 3, 4}));
static_assert(TimeDistributed<LSTM<3>>::infer(Shape{3, 4, 2}).shape == (Shape{3, 3}));
static_assert(TimeDistributed<Dense<4>>::infer(Shape{3}).errc == shape_errc::rank_too_small);
static_assert(TimeDistributed<LSTM<3>>::infer(Shape{3, 4}).errc == shape_errc::rank_mismatch);  // LSTM on (4)
static_assert(TimeDistributed<Dense<4>>::param_count(Shape{5, 3}) == 16);
static_assert(TimeDistributed<Dense<4>>::macs(Shape{5, 3}) == 5 * Dense<4>::macs(Shape{3}));
static_assert(detail::arguments_ok_v<TimeDistributed<Dense<4>>>);
static_assert(!detail::arguments_ok_v<TimeDistributed<int>>);
static_assert(!detail::arguments_ok_v<TimeDistributed<GruState>>);
static_assert(!detail::arguments_ok_v<TimeDistributed<Dense<0>>>);
static_assert(std::is_same_v<TimeDistributed<Dense<4>>::engine_type, layers::TimeDistributed<layers::Dense>>);

// Models.
using Tagger = Sequential<Input<6, 4>, TimeDistributed<Dense<5, act::tanh>>, SimpleRNN<5, return_sequences>,
                          GRU<4, no_reset_after, return_sequences>, TimeDistributed<Dense<2, act::softmax>>>;
static_assert(std::is_same_v<output_shape_t<Tagger>, dims<6, 2>>);
static_assert(param_count_v<Tagger> == (4 * 5 + 5) + (5 * 5 + 5 * 5 + 5) + (3 * 4 * (5 + 4) + 3 * 4) + (4 * 2 + 2));
using Stack = Sequential<Input<6, 4>, Bidirectional<GRU<5, no_reset_after, return_sequences>>, LSTM<4>,
                         Dense<3, act::softmax>>;
static_assert(std::is_same_v<output_shape_t<Stack>, dims<3>>);

// ---- helpers -----------------------------------------------------------------------------------

using scion::test_fixtures::says;

/// Runs engine layer `l` (built) on `x`: output 0 alone.
template <class L>
Tensor run(const L& l, const Tensor& x) {
    Tensor y(l.output_shape().prepend(x.shape()[0]));
    std::vector<float> scratch(l.scratch_size(x.shape()[0]));
    l.forward(x.view(), y.view(), scratch, {});
    return y;
}

/// The config object of layer `name` in fixture `fixture`'s model.json.
json fixture_layer_config(const std::string& fixture, const std::string& name) {
    const json m = test::read_json("layers/" + fixture + "/model.json");
    for (const json& l : m.at("modelTopology").at("config").at("layers"))
        if (l.at("config").value("name", "") == name) return l.at("config");
    throw std::runtime_error("no layer " + name + " in " + fixture);
}

constexpr float single = 1e-5f;  // one recurrent layer
constexpr float stack = 1e-4f;   // a recurrent stack

} // namespace

// ---- hand-computed steps -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(simple_rnn_steps_by_hand) {
    // One unit, one feature: h_t = tanh(0.5 x_t + 0.1 - 0.4 h_{t-1}), x = 1, 2, -1.
    layers::simple_rnn_config c;
    c.name = "s";
    c.units = 1;
    c.return_sequences = true;
    layers::SimpleRNN l(c);
    l.build(Shape{3, 1}, seed{1});
    l.set_weights(std::vector<Tensor>{Tensor(Shape{1, 1}, {0.5f}), Tensor(Shape{1, 1}, {-0.4f}), Tensor(Shape{1}, {0.1f})});
    const Tensor x(Shape{1, 3, 1}, {1.0f, 2.0f, -1.0f});
    const double h1 = std::tanh(0.6), h2 = std::tanh(1.1 - 0.4 * h1), h3 = std::tanh(-0.4 - 0.4 * h2);
    const Tensor y = run(l, x);
    BOOST_TEST(y.shape() == (Shape{1, 3, 1}));
    BOOST_TEST(std::abs(y[0] - h1) < 1e-6);
    BOOST_TEST(std::abs(y[1] - h2) < 1e-6);
    BOOST_TEST(std::abs(y[2] - h3) < 1e-6);

    // go_backwards reads -1, 2, 1; the outputs stay in reading order.
    c.go_backwards = true;
    layers::SimpleRNN b(c);
    b.build(Shape{3, 1}, seed{1});
    b.set_weights(l.get_weights());
    const double g1 = std::tanh(-0.4), g2 = std::tanh(1.1 - 0.4 * g1), g3 = std::tanh(0.6 - 0.4 * g2);
    const Tensor yb = run(b, x);
    BOOST_TEST(std::abs(yb[0] - g1) < 1e-6);
    BOOST_TEST(std::abs(yb[1] - g2) < 1e-6);
    BOOST_TEST(std::abs(yb[2] - g3) < 1e-6);
}

BOOST_AUTO_TEST_CASE(gru_reset_after_matches_onnx_runtime_by_hand) {
    // One unit, one feature, two steps x = 1, -2; kernel [z r h] = [0.5 -0.3 0.8], recurrent
    // [0.2 0.4 -0.6], bias [[0.1 0.2 -0.1], [0.05 -0.15 0.3]]. The expected states are ONNX
    // Runtime's GRU (linear_before_reset = 1) on these weights: 0.233644053, -0.563429058.
    layers::gru_config c;
    c.name = "g";
    c.units = 1;
    c.return_sequences = true;
    layers::GRU l(c);
    l.build(Shape{2, 1}, seed{1});
    l.set_weights(std::vector<Tensor>{Tensor(Shape{1, 3}, {0.5f, -0.3f, 0.8f}), Tensor(Shape{1, 3}, {0.2f, 0.4f, -0.6f}),
                                      Tensor(Shape{2, 3}, {0.1f, 0.2f, -0.1f, 0.05f, -0.15f, 0.3f})});
    const Tensor y = run(l, Tensor(Shape{1, 2, 1}, {1.0f, -2.0f}));
    BOOST_TEST(std::abs(y[0] - 0.233644053f) < 1e-6f);
    BOOST_TEST(std::abs(y[1] - -0.563429058f) < 1e-6f);

    // reset_after false differs in the candidate only: h~ = tanh(0.8 x + b_h + (r h)(-0.6)).
    c.reset_after = false;
    layers::GRU f(c);
    f.build(Shape{2, 1}, seed{1});
    f.set_weights(std::vector<Tensor>{Tensor(Shape{1, 3}, {0.5f, -0.3f, 0.8f}), Tensor(Shape{1, 3}, {0.2f, 0.4f, -0.6f}),
                                      Tensor(Shape{3}, {0.1f, 0.2f, -0.1f})});
    const auto sg = [](double v) { return 1 / (1 + std::exp(-v)); };
    double h = 0;
    std::array<double, 2> want{};
    const std::array<double, 2> xs{1.0, -2.0};
    for (std::size_t t = 0; t < 2; ++t) {
        const double z = sg(0.5 * xs[t] + 0.1 + 0.2 * h), r = sg(-0.3 * xs[t] + 0.2 + 0.4 * h);
        const double hh = std::tanh(0.8 * xs[t] - 0.1 + (r * h) * -0.6);
        h = z * h + (1 - z) * hh;
        want[t] = h;
    }
    const Tensor yf = run(f, Tensor(Shape{1, 2, 1}, {1.0f, -2.0f}));
    BOOST_TEST(std::abs(yf[0] - want[0]) < 1e-6);
    BOOST_TEST(std::abs(yf[1] - want[1]) < 1e-6);
    BOOST_TEST(std::abs(yf[1] - y[1]) > 1e-3);  // the two forms really differ
}

BOOST_AUTO_TEST_CASE(return_state_writes_the_final_state) {
    for (const bool backwards : {false, true})
        for (const bool sequences : {false, true}) {
            BOOST_TEST_CONTEXT("go_backwards " << backwards << ", return_sequences " << sequences) {
                layers::gru_config c;
                c.name = "g";
                c.units = 3;
                c.go_backwards = backwards;
                c.return_sequences = sequences;
                c.return_state = true;
                layers::GRU l(c);
                BOOST_TEST(l.output_count() == 2u);
                l.build(Shape{4, 2}, seed{5});
                const Tensor x = test::iota_tensor(Shape{2, 4, 2});
                Tensor y0(l.compute_output_shape(Shape{4, 2}, 0).prepend(2)), h(Shape{2, 3});
                const std::array<TensorView, 2> ys{y0.view(), h.view()};
                std::vector<float> scratch(l.scratch_size(2));
                l.forward(x.view(), std::span<const TensorView>(ys), scratch, {});
                BOOST_TEST((run(l, x) == y0));
                // The state is the last step read: output 0 itself, or its last row in reading order.
                for (std::size_t b = 0; b < 2; ++b)
                    for (std::size_t u = 0; u < 3; ++u)
                        BOOST_TEST(h[b * 3 + u] == (sequences ? y0[(b * 4 + 3) * 3 + u] : y0[b * 3 + u]));
                Tensor extra(Shape{2, 3});
                const std::array<TensorView, 3> three{y0.view(), h.view(), extra.view()};
                BOOST_CHECK_THROW(l.forward(x.view(), std::span<const TensorView>(three), scratch, {}), shape_error);
            }
        }
}

// ---- TF.js fixtures on the dynamic path ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(simple_rnn_fixtures) {
    for (const char* name : {"rnn_simple_last", "rnn_simple_seq_relu_backwards", "rnn_simple_no_bias", "rnn_simple_state"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, single); }
}
BOOST_AUTO_TEST_CASE(gru_fixtures) {
    for (const char* name : {"rnn_gru_last", "rnn_gru_seq_hard_sigmoid", "rnn_gru_backwards_seq", "rnn_gru_no_bias",
                             "rnn_gru_state_seq_backwards", "rnn_gru_state_head"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, single); }
}
BOOST_AUTO_TEST_CASE(gru_reset_after_fixtures_against_onnx_runtime) {
    for (const char* name : {"rnn_gru_reset_after_last", "rnn_gru_reset_after_seq_backwards",
                             "rnn_gru_reset_after_no_bias", "rnn_gru_reset_after_state",
                             "rnn_bidirectional_gru_reset_after"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, single); }
}
BOOST_AUTO_TEST_CASE(bidirectional_fixtures) {
    for (const char* name : {"rnn_bidirectional_gru_concat_seq", "rnn_bidirectional_simple_sum",
                             "rnn_bidirectional_gru_backwards_ave", "rnn_bidirectional_simple_mul_seq"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, single); }
}
BOOST_AUTO_TEST_CASE(time_distributed_fixtures) {
    for (const char* name : {"rnn_time_distributed_dense", "rnn_time_distributed_rank3", "rnn_time_distributed_lstm"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, single); }
}
BOOST_AUTO_TEST_CASE(stack_fixtures) {
    for (const char* name : {"rnn_stack", "rnn_td_stack"})
        BOOST_TEST_CONTEXT(name) { tf::check_layers_fixture(name, stack); }
}

BOOST_AUTO_TEST_CASE(fixture_weights_are_named_as_tfjs_writes_them) {
    const d::Model m = d::load_layers_model(tf::layers_dir("rnn_bidirectional_gru_reset_after"));
    const auto names = m.layers().at(0).impl().weight_names();
    BOOST_TEST(names == (std::vector<std::string>{"forward_gru/kernel", "forward_gru/recurrent_kernel", "forward_gru/bias",
                                                  "backward_gru/kernel", "backward_gru/recurrent_kernel",
                                                  "backward_gru/bias"}),
               boost::test_tools::per_element());
    BOOST_TEST(m.get_weights().at(2).shape() == (Shape{2, 9}));
    const d::Model td = d::load_layers_model(tf::layers_dir("rnn_time_distributed_dense"));
    BOOST_TEST(td.layers().at(0).impl().weight_names() == (std::vector<std::string>{"kernel", "bias"}),
               boost::test_tools::per_element());
}

// ---- the static and dynamic paths: one seed, the same model ------------------------------------

BOOST_AUTO_TEST_CASE(static_and_dynamic_twins_from_one_seed) {
    using S = Sequential<Input<5, 3>, Bidirectional<GRU<4, return_sequences>>, SimpleRNN<3, return_sequences, go_backwards>,
                         TimeDistributed<Dense<2, act::relu>>, GRU<2, no_reset_after, recurrent_activation<act::hard_sigmoid>>>;
    d::Sequential q("sequential", seed{9});
    q.add(d::Input({5, 3}));
    q.add(d::Bidirectional(d::GRU({.units = 4, .return_sequences = true})));
    q.add(d::SimpleRNN({.units = 3, .return_sequences = true, .go_backwards = true}));
    q.add(d::TimeDistributed(d::Dense({.units = 2, .activation = "relu"})));
    q.add(d::GRU({.units = 2, .recurrent_activation = "hard_sigmoid", .reset_after = false}));
    const S s{seed{9}};
    BOOST_TEST(q.to_json() == s.to_json());
    BOOST_TEST(q.summary() == s.summary());
    const auto ws = s.get_weights(), wd = q.get_weights();
    BOOST_TEST_REQUIRE(ws.size() == wd.size());
    for (std::size_t i = 0; i < ws.size(); ++i) BOOST_TEST((ws[i] == wd[i]), "weight " << i);
    BOOST_TEST(q.count_params() == param_count_v<S>);
    const Tensor x = test::iota_tensor(Shape{3, 5, 3});
    BOOST_TEST((q.predict({x})[0] == s.predict(x)));
}

BOOST_AUTO_TEST_CASE(return_state_in_a_dynamic_graph) {
    // The state of a SimpleRNN and of a GRU, selected by index, feed later layers.
    const auto x = d::Input({5, 3}, "x");
    const auto outs = d::GRU({.units = 4, .return_sequences = true, .return_state = true, .name = "g"}).call({x});
    BOOST_TEST_REQUIRE(outs.size() == 2u);
    BOOST_TEST(outs[0].shape() == (Shape{5, 4}));
    BOOST_TEST(outs[1].shape() == Shape{4});
    const auto s = d::SimpleRNN({.units = 3, .return_state = true, .name = "s"}).call({outs[0]});
    const auto head = d::Dense({.units = 2, .name = "head"})(s[1]);
    d::Model m({x}, {head, outs[1]});
    const Tensor in = test::iota_tensor(Shape{2, 5, 3});
    const auto ys = m.predict({in});
    BOOST_TEST(ys.at(0).shape() == (Shape{2, 2}));
    BOOST_TEST(ys.at(1).shape() == (Shape{2, 4}));
    // A clone with the weights copied predicts the same; its JSON reads back.
    auto c = clone_model(m);
    c.set_weights(m.get_weights());
    const auto yc = c.predict({in});
    BOOST_TEST((yc.at(0) == ys.at(0)));
    const d::Model back = d::model_from_json(m.to_json());
    BOOST_TEST(back.to_json() == m.to_json());
}

BOOST_AUTO_TEST_CASE(clone_function_wraps_grus_and_simple_rnns_in_bidirectional) {
    // Keras's clone_model with a clone function, as the seed's LSTM example, for the other two:
    // the clone's type has a Bidirectional where the GRU and the SimpleRNN were.
    constexpr auto bidi = [](const auto& layer) {
        using L = std::remove_cvref_t<decltype(layer)>;
        if constexpr (is_gru_v<L> || is_simple_rnn_v<L>) return Bidirectional{layer};
        else return fresh_weights{}(layer);
    };
    using M = Sequential<Input<6, 4>, GRU<3, return_sequences>, SimpleRNN<2>, Dense<2>>;
    const M m{seed{2}};
    auto c = clone_model(m, keep_inputs, bidi);
    static_assert(std::is_same_v<decltype(c), Sequential<Input<6, 4>, Bidirectional<GRU<3, return_sequences>>,
                                                         Bidirectional<SimpleRNN<2>>, Dense<2>>>);
    BOOST_TEST(c.layer<0>().engine().backward_layer().name() == "backward_gru");
    BOOST_TEST(c.count_params() == param_count_v<decltype(c)>);
    BOOST_TEST(c.predict(test::iota_tensor(Shape{2, 6, 4})).shape() == (Shape{2, 2}));
}

// ---- configs ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(configs_round_trip) {
    const auto check = [](const d::Layer& l) {
        BOOST_TEST_CONTEXT(l.class_name()) {
            const json cfg = l.get_config();
            const d::Layer again = d::layer_from_config(l.class_name(), cfg);
            BOOST_TEST(again.get_config() == cfg);
            BOOST_TEST(again.class_name() == l.class_name());
        }
    };
    check(d::SimpleRNN({.units = 3, .activation = "relu", .use_bias = false, .return_sequences = true, .name = "s"}));
    check(d::GRU({.units = 3, .reset_after = false, .return_state = true, .go_backwards = true, .name = "g"}));
    check(d::GRU({.units = 2, .recurrent_activation = "hard_sigmoid", .kernel_initializer = Initializer::he_normal()}));
    check(d::Bidirectional(d::GRU({.units = 3, .return_sequences = true}), {.merge_mode = "ave", .name = "bi"}));
    check(d::Bidirectional(d::SimpleRNN({.units = 2}), {.merge_mode = "mul"}));
    check(d::Bidirectional(d::LSTM({.units = 2})));
    check(d::TimeDistributed(d::Dense({.units = 3, .activation = "tanh", .name = "proj"}), {.name = "td"}));
    check(d::TimeDistributed(d::GRU({.units = 2, .name = "inner"})));
    // The static types' configs read back into the same types.
    const json g = GRU<3, no_reset_after, return_state>().get_config();
    BOOST_TEST(g.at("reset_after") == false);
    BOOST_TEST((GRU<3, no_reset_after, return_state>::from_config(g).get_config() == g));
    const json sr = SimpleRNN<3, go_backwards, activation<act::relu>>().get_config();
    BOOST_TEST((SimpleRNN<3, go_backwards, activation<act::relu>>::from_config(sr).get_config() == sr));
    const json b = Bidirectional<GRU<2, return_sequences>, merge::sum>().get_config();
    BOOST_TEST((Bidirectional<GRU<2, return_sequences>, merge::sum>::from_config(b).get_config() == b));
    const json t = TimeDistributed<Dense<4, act::relu>>().get_config();
    BOOST_TEST(t.at("layer").at("class_name") == "Dense");
    BOOST_TEST((TimeDistributed<Dense<4, act::relu>>::from_config(t).get_config() == t));
}

// Keras's defaults, and each option, the same on both paths: a DSL type's config (the option
// spec) and a dynamic layer's (its options struct converted) against the values Keras documents.
BOOST_AUTO_TEST_CASE(defaults_and_options_agree_on_both_paths) {
    // Keras: GRU(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
    // kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal",
    // bias_initializer="zeros", return_sequences=False, return_state=False,
    // go_backwards=False, reset_after=True).
    layers::gru_config keras;
    keras.units = 4;
    keras.activation = activation_id::tanh;
    keras.recurrent_activation = activation_id::sigmoid;
    keras.use_bias = true;
    keras.reset_after = true;
    keras.return_sequences = keras.return_state = keras.go_backwards = false;
    keras.kernel_initializer = Initializer::glorot_uniform();
    keras.recurrent_initializer = Initializer::orthogonal();
    keras.bias_initializer = Initializer::zeros();
    // One option at a time: the same config on both paths.
    const std::pair<layers::gru_config, d::Layer> grus[] = {
        {keras, d::GRU({.units = 4})},
        {GRU<4>::default_config(), d::GRU({.units = 4})},
        {GRU<4, return_sequences>::default_config(), d::GRU({.units = 4, .return_sequences = true})},
        {GRU<4, return_state>::default_config(), d::GRU({.units = 4, .return_state = true})},
        {GRU<4, go_backwards>::default_config(), d::GRU({.units = 4, .go_backwards = true})},
        {GRU<4, no_bias>::default_config(), d::GRU({.units = 4, .use_bias = false})},
        {GRU<4, no_reset_after>::default_config(), d::GRU({.units = 4, .reset_after = false})},
        {GRU<4, activation<act::relu>, recurrent_activation<act::hard_sigmoid>>::default_config(),
         d::GRU({.units = 4, .activation = "relu", .recurrent_activation = "hard_sigmoid"})},
        {GRU<4, kernel_initializer<init::he_normal>, recurrent_initializer<init::zeros>,
             bias_initializer<init::ones>>::default_config(),
         d::GRU({.units = 4,
                 .kernel_initializer = Initializer::he_normal(),
                 .recurrent_initializer = Initializer::zeros(),
                 .bias_initializer = Initializer::ones()})},
        {keras, d::GRU({.units = 4, .name = "g", .trainable = false})},
    };
    for (std::size_t i = 0; i < std::size(grus); ++i) {
        const auto* g = grus[i].second.as<layers::GRU>();
        BOOST_REQUIRE(g);
        layers::gru_config want = grus[i].first;
        if (i + 1 == std::size(grus)) {
            want.name = "g";
            want.trainable = false;
        }
        BOOST_TEST((g->config() == want), "GRU case " << i);
    }
    BOOST_TEST((grus[3].first.return_state && !grus[3].first.return_sequences && !grus[3].first.go_backwards));

    // LSTM: unit_forget_bias=True besides; SimpleRNN: no recurrent activation.
    layers::lstm_config lstm;
    lstm.units = 3;
    BOOST_TEST((lstm.unit_forget_bias && lstm.activation == activation_id::tanh &&
                lstm.recurrent_activation == activation_id::sigmoid));
    layers::simple_rnn_config rnn;
    rnn.units = 2;
    BOOST_TEST((rnn.activation == activation_id::tanh && rnn.use_bias && !rnn.return_state &&
                rnn.kernel_initializer == Initializer::glorot_uniform() &&
                rnn.recurrent_initializer == Initializer::orthogonal() && rnn.bias_initializer == Initializer::zeros()));
    const auto lstm_of = [](const d::Layer& l) { return l.as<layers::LSTM>()->config(); };
    const auto rnn_of = [](const d::Layer& l) { return l.as<layers::SimpleRNN>()->config(); };
    BOOST_TEST((LSTM<3>::default_config() == lstm && lstm_of(d::LSTM({.units = 3})) == lstm));
    BOOST_TEST((LSTM<3, no_unit_forget_bias, return_state>::default_config() ==
                lstm_of(d::LSTM({.units = 3, .unit_forget_bias = false, .return_state = true}))));
    BOOST_TEST((SimpleRNN<2>::default_config() == rnn && rnn_of(d::SimpleRNN({.units = 2})) == rnn));
    BOOST_TEST((SimpleRNN<2, go_backwards, activation<act::relu>>::default_config() ==
                rnn_of(d::SimpleRNN({.units = 2, .activation = "relu", .go_backwards = true}))));
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const auto g = layers::GRU::config_from_json(fixture_layer_config("rnn_gru_seq_hard_sigmoid", "gru"));
    BOOST_TEST(g.units == 4u);
    BOOST_TEST(!g.reset_after);
    BOOST_TEST((g.recurrent_activation == activation_id::hard_sigmoid));
    BOOST_TEST(g.return_sequences);
    const auto s = layers::SimpleRNN::config_from_json(fixture_layer_config("rnn_simple_seq_relu_backwards", "simple_rnn"));
    BOOST_TEST((s.activation == activation_id::relu));
    BOOST_TEST(s.go_backwards);
    const auto td = layers::TimeDistributed<layers::Dense>::config_from_json(
        fixture_layer_config("rnn_time_distributed_dense", "time_distributed"));
    BOOST_TEST(td.layer.units == 4u);
    BOOST_TEST(td.layer.name == "dense");
    const auto bi = layers::Bidirectional<layers::GRU>::config_from_json(
        fixture_layer_config("rnn_bidirectional_gru_reset_after", "bidirectional"));
    BOOST_TEST(bi.layer.reset_after);
    // The static type accepts TF.js's config when it says the same, and names the field otherwise.
    using Same = GRU<4, no_reset_after, return_sequences, recurrent_activation<act::hard_sigmoid>>;
    using OtherActivation = GRU<4, no_reset_after, return_sequences>;
    using OtherReset = GRU<4, return_sequences, recurrent_activation<act::hard_sigmoid>>;
    const json cfg = fixture_layer_config("rnn_gru_seq_hard_sigmoid", "gru");
    BOOST_CHECK_NO_THROW((void)Same::from_config(cfg));
    BOOST_CHECK_EXCEPTION((void)OtherActivation::from_config(cfg), config_error,
                          says<config_error>({"GRU", "recurrent_activation"}));
    BOOST_CHECK_EXCEPTION((void)OtherReset::from_config(cfg), config_error, says<config_error>({"GRU", "reset_after"}));
}

BOOST_AUTO_TEST_CASE(keras3_configs_are_read) {
    // Keras 3 writes no reset_after when it is the default (true here), a dtype policy object,
    // and wrapped layers with module and registered_name.
    const json gru = json::parse(R"({"name": "gru", "trainable": true, "units": 3, "activation": "tanh",
        "recurrent_activation": "sigmoid", "use_bias": true, "return_sequences": false, "return_state": false,
        "go_backwards": false, "stateful": false, "unroll": false, "seed": null, "dropout": 0.0,
        "recurrent_dropout": 0.0})");
    const auto g = layers::GRU::config_from_json(gru);
    BOOST_TEST(g.reset_after);
    BOOST_TEST((g.recurrent_activation == activation_id::sigmoid));
    const json td = json::parse(R"({"name": "td", "trainable": true, "dtype": {"module": "keras", "class_name":
        "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
        "layer": {"module": "keras.layers", "class_name": "SimpleRNN", "registered_name": null,
                  "config": {"name": "s", "units": 2, "return_sequences": true}}})");
    const d::Layer l = d::layer_from_config("TimeDistributed", td);
    BOOST_TEST(l.get_config().at("layer").at("class_name") == "SimpleRNN");
    const auto k = d::Input({4, 5, 3});
    BOOST_TEST(l(k).shape() == (Shape{4, 5, 2}));
}

BOOST_AUTO_TEST_CASE(keras3_bidirectional_configs_are_read) {
    // Keras 3 writes the forward layer (named forward_<name>) and the backward layer; the
    // sub-layers keep Keras's names, so that the file's weights ("forward_gru/kernel") match.
    const json g = json::parse(R"({"name": "forward_gru", "units": 2, "reset_after": true, "return_sequences": true})");
    json b = g;
    b["name"] = "backward_gru";
    b["go_backwards"] = true;
    json cfg = {{"name", "bi"}, {"merge_mode", "concat"}, {"layer", {{"class_name", "GRU"}, {"config", g}}},
                {"backward_layer", {{"class_name", "GRU"}, {"config", b}}}};
    const d::Layer l = d::layer_from_config("Bidirectional", cfg);
    const auto* e = l.as<layers::Bidirectional<layers::GRU>>();
    BOOST_TEST_REQUIRE(e != nullptr);
    BOOST_TEST(e->forward_layer().name() == "forward_gru");
    BOOST_TEST(e->backward_layer().name() == "backward_gru");
    BOOST_TEST(e->backward_layer().config().go_backwards);
    // A backward layer that is not the forward one reversed is refused, naming the field.
    cfg["backward_layer"]["config"]["units"] = 3;
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("Bidirectional", cfg), config_error,
                          says<config_error>({"Bidirectional config", "backward_layer"}));
    cfg["backward_layer"]["config"]["units"] = 2;
    cfg["backward_layer"]["config"]["go_backwards"] = false;
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("Bidirectional", cfg), config_error,
                          says<config_error>({"backward_layer"}));
    // merge_mode None (a list of both outputs) is refused, not read as concat.
    json none = Bidirectional<GRU<2>>().get_config();
    none["merge_mode"] = nullptr;
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("Bidirectional", none), config_error,
                          says<config_error>({"Bidirectional config", "merge_mode null"}));
}

// ---- errors -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_configs_name_the_layer_and_field) {
    BOOST_CHECK_EXCEPTION((void)d::GRU({.units = 0, .name = "g"}), config_error, says<config_error>({"GRU", "'g'", "units"}));
    BOOST_CHECK_EXCEPTION((void)d::SimpleRNN({.units = 0, .name = "s"}), config_error, says<config_error>({"'s'", "units"}));
    BOOST_CHECK_EXCEPTION((void)d::GRU({.units = 2, .recurrent_activation = "sigmoidal"}), config_error,
                          says<config_error>({"sigmoidal"}));
    json stateful = GRU<2>().get_config();
    stateful["stateful"] = true;
    BOOST_CHECK_EXCEPTION((void)layers::GRU::from_config(stateful), config_error,
                          says<config_error>({"GRU config", "stateful"}));
    json reg = SimpleRNN<2>().get_config();
    reg["recurrent_regularizer"] = json{{"class_name", "L2"}, {"config", {{"l2", 0.01}}}};
    BOOST_CHECK_EXCEPTION((void)layers::SimpleRNN::from_config(reg), config_error,
                          says<config_error>({"SimpleRNN config", "recurrent_regularizer"}));
    json major = SimpleRNN<2>().get_config();
    major["time_major"] = true;
    BOOST_CHECK_EXCEPTION((void)layers::SimpleRNN::from_config(major), config_error, says<config_error>({"time_major"}));
    // The three read the shared fields with one reader: LSTM refuses time_major as well.
    json lstm_major = LSTM<2>().get_config();
    lstm_major["time_major"] = true;
    BOOST_CHECK_EXCEPTION((void)layers::LSTM::from_config(lstm_major), config_error,
                          says<config_error>({"LSTM config", "time_major"}));
}

BOOST_AUTO_TEST_CASE(bidirectional_takes_the_three_recurrent_layers_only) {
    BOOST_CHECK_EXCEPTION((void)d::Bidirectional(d::Dense({.units = 2, .name = "fc"}), {.name = "bi"}), config_error,
                          says<config_error>({"bi", "fc", "Dense", "GRU", "SimpleRNN"}));
    BOOST_CHECK_EXCEPTION((void)d::Bidirectional(d::GRU({.units = 2, .return_state = true}), {.name = "bi"}), config_error,
                          says<config_error>({"bi", "GRU", "return_state"}));
    BOOST_CHECK_EXCEPTION((void)d::Bidirectional(d::SimpleRNN({.units = 2, .return_state = true}), {.name = "bi"}),
                          config_error, says<config_error>({"bi", "SimpleRNN", "return_state"}));
    json cfg = Bidirectional<GRU<2>>().get_config();
    cfg["layer"]["class_name"] = "Dense";
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("Bidirectional", cfg), config_error,
                          says<config_error>({"Bidirectional config", "'Dense'"}));
    // The registry makes the engine class of the wrapped layer.
    BOOST_TEST(d::layer_from_config("Bidirectional", Bidirectional<SimpleRNN<2>>().get_config())
                   .as<layers::Bidirectional<layers::SimpleRNN>>() != nullptr);
    BOOST_TEST(d::layer_from_config("Bidirectional", Bidirectional<GRU<2>>().get_config())
                   .as<layers::Bidirectional<layers::GRU>>() != nullptr);
    BOOST_TEST(d::layer_from_config("Bidirectional", Bidirectional<LSTM<2>>().get_config())
                   .as<layers::Bidirectional<layers::LSTM>>() != nullptr);
}

BOOST_AUTO_TEST_CASE(time_distributed_errors) {
    BOOST_CHECK_EXCEPTION((void)d::TimeDistributed(d::LSTM({.units = 2, .return_state = true, .name = "l"}), {.name = "td"}),
                          config_error, says<config_error>({"TimeDistributed layer 'td'", "'l'", "3 outputs"}));
    json cfg = TimeDistributed<Dense<2>>().get_config();
    cfg["layer"]["class_name"] = "NoSuchLayer";
    BOOST_CHECK_EXCEPTION((void)d::layer_from_config("TimeDistributed", cfg), config_error,
                          says<config_error>({"TimeDistributed config", "NoSuchLayer"}));
    BOOST_CHECK_EXCEPTION((void)TimeDistributed<Dense<2>>::from_config(cfg), config_error,
                          says<config_error>({"TimeDistributed config", "NoSuchLayer", "Dense"}));
    json units = TimeDistributed<Dense<2>>().get_config();
    units["layer"]["config"]["units"] = 3;
    BOOST_CHECK_EXCEPTION((void)TimeDistributed<Dense<2>>::from_config(units), config_error,
                          says<config_error>({"Dense", "units"}));
    // Shapes: too few axes, and a wrapped layer that cannot take one step.
    const auto x = d::Input({5}, "x");
    BOOST_CHECK_EXCEPTION((void)d::TimeDistributed(d::Dense({.units = 2}), {.name = "td"})(x), shape_error,
                          says<shape_error>({"TimeDistributed layer 'td'", "(None, 5)", "rank at least 2"}));
    const auto seq = d::Input({5, 3}, "seq");
    BOOST_CHECK_EXCEPTION((void)d::TimeDistributed(d::LSTM({.units = 2, .name = "l"}), {.name = "td"})(seq), shape_error,
                          says<shape_error>({"TimeDistributed layer 'td'", "LSTM layer 'l'", "rank 2"}));
}

BOOST_AUTO_TEST_CASE(shape_and_weight_errors_name_the_layer) {
    const auto x = d::Input({5}, "x");
    BOOST_CHECK_EXCEPTION((void)d::GRU({.units = 2, .name = "g"})(x), shape_error, says<shape_error>({"GRU layer 'g'", "rank 2"}));
    BOOST_CHECK_EXCEPTION((void)d::SimpleRNN({.units = 2, .name = "s"})(x), shape_error,
                          says<shape_error>({"SimpleRNN layer 's'"}));
    // A reset_after=true GRU refuses a bias of 3u (a reset_after=false model's), naming the weight.
    layers::gru_config c;
    c.name = "g";
    c.units = 2;
    layers::GRU l(c);
    l.build(Shape{4, 3}, seed{1});
    auto w = l.get_weights();
    BOOST_TEST(w.at(2).shape() == (Shape{2, 6}));
    w[2] = Tensor(Shape{6});
    BOOST_CHECK_EXCEPTION(l.set_weights(w), weights_error, says<weights_error>({"GRU layer 'g'", "weight 2", "(2, 6)"}));
}

BOOST_AUTO_TEST_CASE(rebind_keeps_weights_for_other_sequence_lengths) {
    layers::gru_config c;
    c.name = "g";
    c.units = 2;
    layers::GRU l(c);
    l.build(Shape{4, 3}, seed{1});
    const auto w = l.get_weights();
    l.rebind(Shape{9, 3});
    BOOST_TEST(test::same_weights(l.get_weights(), w));
    BOOST_TEST(l.input_shape() == (Shape{9, 3}));
    BOOST_CHECK_THROW(l.rebind(Shape{9, 4}), clone_error);
    layers::TimeDistributed<layers::Dense>::config_type tc;
    tc.name = "td";
    tc.layer.units = 2;
    layers::TimeDistributed<layers::Dense> td(tc);
    td.build(Shape{4, 3}, seed{1});
    const auto tw = td.get_weights();
    td.rebind(Shape{7, 3});
    BOOST_TEST(td.output_shape() == (Shape{7, 2}));
    BOOST_TEST(test::same_weights(td.get_weights(), tw));
    BOOST_CHECK_THROW(td.rebind(Shape{7, 5}), clone_error);
}
