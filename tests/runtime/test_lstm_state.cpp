// LSTM with return_state: three outputs [output, state_h, state_c], as Keras. The engine's
// multi-output forward pass and a functional model selecting the states with Get<node, k> are
// compared with TensorFlow.js (fixtures/tfjs/lstm_state.json); the shape rules are checked at
// compile time; configs round-trip; Bidirectional rejects such a layer.
#define BOOST_TEST_MODULE lstm_state
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <array>
#include <string>

using namespace scion;

namespace {

// ---- compile-time rules ------------------------------------------------------------------------

using Plain = LSTM<4>;
using State = LSTM<4, return_state>;
using StateSeq = LSTM<4, return_sequences, return_state>;

// Without return_state nothing changes: one output, no output_count, no multi-output forward.
static_assert(!graph::has_several_outputs<Plain>);
static_assert(graph::output_count_v<Plain> == 1);
template <class L>
concept declares_output_count = requires { L::output_count; };
template <class L>
concept declares_infer_output = requires(const Shape& s) { L::infer_output(s, std::size_t{0}); };
template <class L>
concept has_multi_output_forward =
    requires(const L& l, const ConstTensorView& x, std::span<const TensorView> ys, std::span<float> scratch) {
        l.forward(x, ys, scratch, layers::call_context{});
    };
static_assert(!declares_output_count<Plain> && !declares_infer_output<Plain> && !has_multi_output_forward<Plain>);
static_assert(declares_output_count<State> && declares_infer_output<State> && has_multi_output_forward<State>);
static_assert(!Plain::returns_state);

// With it: three outputs, output 0 by `infer`, the states (units).
static_assert(State::returns_state && StateSeq::returns_state);
static_assert(graph::has_several_outputs<State> && State::output_count == 3);
static_assert(graph::output_count_v<StateSeq> == 3);
static_assert(Layer<State> && Layer<StateSeq> && RecurrentLayer<State>);
static_assert(State::infer(Shape{6, 3}).shape == Shape{4});
static_assert(State::infer_output(Shape{6, 3}, 0).shape == Shape{4});
static_assert(State::infer_output(Shape{6, 3}, 1).shape == Shape{4});
static_assert(State::infer_output(Shape{6, 3}, 2).shape == Shape{4});
static_assert(StateSeq::infer_output(Shape{6, 3}, 0).shape == (Shape{6, 4}));
static_assert(StateSeq::infer_output(Shape{6, 3}, 1).shape == Shape{4});
static_assert(StateSeq::infer_output(Shape{6, 3}, 2).shape == Shape{4});
static_assert(graph::infer_output<StateSeq>(std::array{Shape{6, 3}}.data(), 1, 2).shape == Shape{4});
// A bad input fails every output alike; an index past the outputs fails with input_count.
static_assert(State::infer_output(Shape{6}, 1).errc == shape_errc::rank_mismatch);
static_assert(State::infer_output(Shape{6, 3}, 3).errc == shape_errc::input_count);
static_assert(State::infer_output(Shape{6, 3}, 3).expected == 3);
// The parameters do not change.
static_assert(State::param_count(Shape{6, 3}) == Plain::param_count(Shape{6, 3}));
// The engine's rule.
static_assert(layers::lstm_output_count(true) == 3 && layers::lstm_output_count(false) == 1);
static_assert(layers::lstm_output_shape(Shape{6, 3}, 4, true, false, 0).shape == (Shape{6, 4}));
static_assert(layers::lstm_output_shape(Shape{6, 3}, 4, false, false, 1).errc == shape_errc::input_count);
// Bidirectional does not take it (`Bidirectional<State>` is a static_assert).
static_assert(detail::arguments_ok_v<State>);
static_assert(!detail::arguments_ok_v<Bidirectional<State>>);
static_assert(detail::arguments_ok_v<Bidirectional<Plain>>);

// A functional model: the call node is output 0, Get<o, 1> and Get<o, 2> the states.
struct x : Input<6, 3> {};
struct o : Call<LSTM<4, return_state>, x> {};
struct hs : Get<o, 1> {};
struct cs : Get<o, 2> {};
using StateModel = Functional<Inputs<x>, Outputs<o, hs, cs>>;
static_assert(StateModel::output_count == 3);
static_assert(StateModel::output_shape<0> == Shape{4});
static_assert(StateModel::output_shape<1> == Shape{4});
static_assert(StateModel::output_shape<2> == Shape{4});
static_assert(StateModel::param_count == Plain::param_count(Shape{6, 3}));

struct sx : Input<6, 3> {};
struct so : Call<LSTM<4, return_sequences, return_state>, sx> {};
struct shs : Get<so, 1> {};
struct scs : Get<so, 2> {};
static_assert(Functional<Inputs<sx>, Outputs<so, shs, scs>>::output_shape<0> == (Shape{6, 4}));
static_assert(Functional<Inputs<sx>, Outputs<so, shs, scs>>::output_shape<2> == Shape{4});

// ---- fixtures ----------------------------------------------------------------------------------

struct state_case {
    std::string name;
    json config;
    Shape input_shape;
    Tensor input;
    std::vector<Tensor> weights;
    std::array<Tensor, 3> outputs;
};

state_case load_case(const std::string& name) {
    static const json all = test::read_json("lstm_state.json");
    for (const auto& c : all.at("cases")) {
        if (c.at("name") != name) continue;
        state_case s;
        s.name = name;
        s.config = c.at("config");
        const auto in = c.at("input_shape").get<std::vector<std::size_t>>();
        s.input_shape = Shape(in.begin(), in.end());
        s.input = test::tensor_from(c.at("input"));
        for (const auto& w : c.at("weights")) s.weights.push_back(test::tensor_from(w));
        for (std::size_t k = 0; k < 3; ++k) s.outputs[k] = test::tensor_from(c.at("outputs").at(k));
        return s;
    }
    throw std::runtime_error("no case " + name + " in lstm_state.json");
}

const std::array<std::string, 5> case_names{"last", "sequences", "go_backwards", "go_backwards_sequences", "no_bias"};

// The engine config of a fixture case (tfjs writes its config in camelCase).
layers::lstm_config engine_config(const state_case& c) {
    layers::lstm_config cfg;
    cfg.name = "lstm";
    cfg.units = c.config.at("units").get<std::size_t>();
    cfg.use_bias = c.config.at("useBias").get<bool>();
    cfg.return_sequences = c.config.at("returnSequences").get<bool>();
    cfg.go_backwards = c.config.at("goBackwards").get<bool>();
    cfg.return_state = c.config.at("returnState").get<bool>();
    return cfg;
}

constexpr float tolerance = 1e-4f;

} // namespace

BOOST_AUTO_TEST_CASE(fixture_cases_return_state) {
    for (const auto& name : case_names) {
        const state_case c = load_case(name);
        BOOST_TEST_INFO("case " << name);
        BOOST_TEST(c.config.at("returnState").get<bool>());
        BOOST_TEST(c.input.shape()[0] == 3u);
    }
}

BOOST_AUTO_TEST_CASE(engine_forward_writes_output_and_states_as_tfjs) {
    for (const auto& name : case_names) {
        BOOST_TEST_CONTEXT("case " << name) {
            const state_case c = load_case(name);
            layers::LSTM l(engine_config(c));
            BOOST_TEST(l.output_count() == 3u);
            l.build(c.input_shape, seed{1});
            l.set_weights(c.weights);
            const std::size_t batch = c.input.shape()[0];
            std::array<Tensor, 3> ys;
            std::array<TensorView, 3> views{};
            for (std::size_t k = 0; k < 3; ++k) {
                const Shape s = l.compute_output_shape(c.input_shape, k);
                BOOST_TEST(s.prepend(batch) == c.outputs[k].shape());
                ys[k] = Tensor(s.prepend(batch));
                views[k] = ys[k].view();
            }
            std::vector<float> scratch(l.scratch_size(batch));
            l.forward(c.input.view(), std::span<const TensorView>(views), scratch, {});
            for (std::size_t k = 0; k < 3; ++k) {
                BOOST_TEST_INFO("output " << k);
                BOOST_TEST(test::max_abs_diff(ys[k], c.outputs[k]) <= tolerance);
            }
            // The one-output forward pass computes output 0 alone, the same.
            Tensor y0(ys[0].shape());
            l.forward(c.input.view(), y0.view(), scratch, {});
            BOOST_TEST((y0 == ys[0]));
            // Without return_sequences the output is state_h.
            if (!l.config().return_sequences) BOOST_TEST((ys[0] == ys[1]));
        }
    }
}

BOOST_AUTO_TEST_CASE(engine_without_return_state_has_one_output) {
    layers::lstm_config cfg;
    cfg.name = "lstm";
    cfg.units = 3;
    layers::LSTM l(cfg);
    BOOST_TEST(l.output_count() == 1u);
    l.build(Shape{5, 2}, seed{2});
    BOOST_TEST(l.compute_output_shape(Shape{5, 2}, 0) == Shape{3});
    BOOST_CHECK_THROW((void)l.compute_output_shape(Shape{5, 2}, 1), shape_error);
    const Tensor x = test::iota_tensor(Shape{2, 5, 2});
    Tensor y(Shape{2, 3}), y1(Shape{2, 3});
    std::vector<float> scratch(l.scratch_size(2));
    l.forward(x.view(), y.view(), scratch, {});
    const std::array<TensorView, 1> one{y1.view()};
    l.forward(x.view(), std::span<const TensorView>(one), scratch, {});
    BOOST_TEST((y == y1));
    // Given the wrong number of outputs, forward says so.
    Tensor h(Shape{2, 3}), c(Shape{2, 3});
    const std::array<TensorView, 3> three{y1.view(), h.view(), c.view()};
    BOOST_CHECK_THROW(l.forward(x.view(), std::span<const TensorView>(three), scratch, {}), shape_error);
}

namespace {
// A functional model whose LSTM returns its states, on a fixture case: outputs o, Get<o, 1>,
// Get<o, 2>, run through predict.
template <class Layer>
void check_functional(const std::string& name) {
    struct in : Input<6, 3> {};
    struct out : Call<Layer, in> {};
    struct h : Get<out, 1> {};
    struct c : Get<out, 2> {};
    using M = Functional<Inputs<in>, Outputs<out, h, c>>;
    BOOST_TEST_CONTEXT("case " << name) {
        const state_case f = load_case(name);
        M model{seed{5}};
        model.set_weights(f.weights);
        const auto [y, state_h, state_c] = model.predict(f.input);
        BOOST_TEST(test::max_abs_diff(y, f.outputs[0]) <= tolerance);
        BOOST_TEST(test::max_abs_diff(state_h, f.outputs[1]) <= tolerance);
        BOOST_TEST(test::max_abs_diff(state_c, f.outputs[2]) <= tolerance);

        // The states alone, in another order, and through predict_into with a reused workspace.
        using States = Functional<Inputs<in>, Outputs<c, h>>;
        States states{seed{5}};
        states.set_weights(f.weights);
        const std::array<Tensor, 1> xs{f.input};
        std::array<Tensor, 2> ys;
        workspace ws;
        for (int pass = 0; pass < 2; ++pass) {
            states.predict_into(xs, ys, ws);
            BOOST_TEST(test::max_abs_diff(ys[0], f.outputs[2]) <= tolerance);
            BOOST_TEST(test::max_abs_diff(ys[1], f.outputs[1]) <= tolerance);
        }
    }
}
} // namespace

BOOST_AUTO_TEST_CASE(functional_model_selects_the_states_as_tfjs) {
    check_functional<LSTM<4, return_state>>("last");
    check_functional<LSTM<4, return_sequences, return_state>>("sequences");
    check_functional<LSTM<4, go_backwards, return_state>>("go_backwards");
    check_functional<LSTM<4, go_backwards, return_sequences, return_state>>("go_backwards_sequences");
}

BOOST_AUTO_TEST_CASE(states_feed_later_layers) {
    // state_h and state_c go on to a Dense and a merge; the result is what the same layers give
    // on the states computed alone.
    struct in : Input<4, 2> {};
    struct enc : Call<LSTM<5, no_bias, return_state>, in> {};
    struct h : Get<enc, 1> {};
    struct c : Get<enc, 2> {};
    struct both : Call<Concatenate<>, h, c> {};
    struct head : Call<Dense<3>, both> {};
    using M = Functional<Inputs<in>, Outputs<head, enc>>;
    static_assert(M::output_shape<0> == Shape{3});

    const state_case f = load_case("no_bias");
    M model{seed{9}};
    std::vector<Tensor> w = f.weights;
    const Tensor kernel = test::iota_tensor(Shape{10, 3}, 0.003f), bias(Shape{3}, {0.1f, -0.2f, 0.3f});
    w.push_back(kernel);
    w.push_back(bias);
    model.set_weights(w);
    const auto [y, out] = model.predict(f.input);
    BOOST_TEST(test::max_abs_diff(out, f.outputs[0]) <= tolerance);
    for (std::size_t b = 0; b < 3; ++b)
        for (std::size_t j = 0; j < 3; ++j) {
            float e = bias[j];
            for (std::size_t i = 0; i < 5; ++i) {
                e += f.outputs[1][b * 5 + i] * kernel[i * 3 + j];
                e += f.outputs[2][b * 5 + i] * kernel[(5 + i) * 3 + j];
            }
            BOOST_TEST(std::fabs(y[b * 3 + j] - e) <= tolerance);
        }
}

BOOST_AUTO_TEST_CASE(return_state_round_trips_through_keras_json) {
    State l;
    l.set_name("lstm");
    l.build(Shape{6, 3}, seed{3}, {});
    const json cfg = l.get_config();
    BOOST_TEST(cfg.at("return_state").get<bool>());
    BOOST_TEST(!LSTM<4>().get_config().at("return_state").get<bool>());
    BOOST_TEST(layers::LSTM::config_from_json(cfg).return_state);
    const State again = State::from_config(cfg);
    BOOST_TEST(again.get_config() == cfg);
    BOOST_TEST(layers::LSTM::from_config(cfg).get_config() == cfg);
    // The static type must agree with the config.
    BOOST_CHECK_THROW((void)Plain::from_config(cfg), config_error);
    BOOST_CHECK_THROW((void)State::from_config(Plain().get_config()), config_error);
    try {
        (void)Plain::from_config(cfg);
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "return_state"));
    }
    // A clone keeps the option.
    const State clone = fresh_weights{}(l);
    BOOST_TEST(clone.get_config() == cfg);
    // stateful stays unsupported.
    json stateful = cfg;
    stateful["stateful"] = true;
    BOOST_CHECK_THROW((void)layers::LSTM::from_config(stateful), config_error);
}

BOOST_AUTO_TEST_CASE(bidirectional_rejects_return_state) {
    layers::Bidirectional<layers::LSTM>::config_type c;
    c.name = "bidirectional";
    c.layer.units = 3;
    c.layer.return_state = true;
    try {
        layers::Bidirectional<layers::LSTM> b(c);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "return_state"));
        BOOST_TEST(test::contains(e.what(), "Bidirectional"));
    }
    // From Keras JSON too.
    json j = Bidirectional<LSTM<3>>().get_config();
    j["layer"]["config"]["return_state"] = true;
    BOOST_CHECK_THROW((void)layers::Bidirectional<layers::LSTM>::from_config(j), config_error);
    BOOST_CHECK_THROW((void)Bidirectional<LSTM<3>>::from_config(j), config_error);
}

BOOST_AUTO_TEST_CASE(summary_lists_the_layer_once) {
    StateModel m{seed{1}};
    const std::string s = m.summary();
    BOOST_TEST_MESSAGE(s);
    BOOST_TEST(test::contains(s, "LSTM"));
    BOOST_TEST(m.count_params() == StateModel::param_count);
}
