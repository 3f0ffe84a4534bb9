// Functional models at run time: shared layers hold one set of weights, nested models take their
// weights from the outer seed, multi-output predict in all its forms (and no heap allocation in
// predict_into once warm), input errors naming the input, layer names (declared, named<>,
// automatic) in the model and its summary, names given at run time, copies. The numbers against
// TensorFlow.js are in test_functional_parity.cpp.
#define BOOST_TEST_MODULE functional
#include <boost/test/unit_test.hpp>

#include "functional_models.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

using namespace scion;
namespace fn = scion::test::fn;

namespace {

// Layers and inputs without a struct of their own: automatic names, skipping declared ones.
namespace autonames {
using in = Input<4>;
struct dense : Call<Dense<3>, in> {};              // declares "dense"
using h = Call<Dense<5, act::relu>, dense>;          // automatic: "dense_1"
using cat = Call<Concatenate<>, h, dense>;           // automatic: "concatenate"
using out = Call<Dense<2>, cat>;                     // automatic: "dense_2"
using Net = Functional<Inputs<in>, Outputs<out>>;
} // namespace autonames

// One encoder at two call sites, against two encoders of the same kind.
namespace pair {
struct a : Input<3> {};
struct b : Input<3> {};
struct encoder : Dense<4, act::elu> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
using Shared = Functional<Inputs<a, b>, Outputs<ea, eb>>;
struct fa : Call<Dense<4, act::elu>, a> {};
struct fb : Call<Dense<4, act::elu>, b> {};
using Unshared = Functional<Inputs<a, b>, Outputs<fa, fb>>;
} // namespace pair

// Outputs that are not plain call nodes: an input, a node listed twice, the outputs of a nested
// model picked with Get.
namespace odd_outputs {
struct x : Input<3> {};
struct y : Call<Dense<2>, x> {};
using InputOut = Functional<Inputs<x>, Outputs<y, x>>;
using Twice = Functional<Inputs<x>, Outputs<y, y>>;
using namespace fn::nested_functional;
using Picked = Functional<Inputs<fn::nested_functional::x>, Outputs<t1, fn::nested_functional::y, t0>>;
} // namespace odd_outputs

// An input that no output reads: still checked.
namespace unused_input {
struct a : Input<3> {};
struct b : Input<2> {};
struct y : Call<Dense<2>, a> {};
using Net = Functional<Inputs<a, b>, Outputs<y>>;
} // namespace unused_input

// A nested model as a shared layer; a nested model with two inputs and two outputs.
namespace nested_shared {
struct a : Input<6> {};
struct b : Input<6> {};
struct tw : fn::nested_sequential::Block {};
struct ta : Call<tw, a> {};
struct tb : Call<tw, b> {};
struct d : Call<Subtract, ta, tb> {};
using Net = Functional<Inputs<a, b>, Outputs<d, ta, tb>>;
struct inner : Call<fn::siamese::Net, a, b> {};
struct s0 : Get<inner, 0> {};
struct s1 : Get<inner, 1> {};
struct z : Call<Dense<2>, s1> {};
using TwoByTwo = Functional<Inputs<a, b>, Outputs<s0, z, s1>>;
} // namespace nested_shared

// Names of the layers of `m`, in layer order.
template <class M>
std::vector<std::string> layer_names(const M& m) {
    std::vector<std::string> names;
    m.layers().for_each([&](const auto& l) { names.emplace_back(l.name()); });
    return names;
}

// The weights of the layer of `m` named `name`.
template <class M>
std::vector<Tensor> weights_of(const M& m, const std::string& name) {
    std::vector<Tensor> w;
    bool found = false;
    m.layers().for_each([&](const auto& l) {
        if (l.name() == name) {
            w = l.get_weights();
            found = true;
        }
    });
    BOOST_TEST_REQUIRE(found);
    return w;
}

// Every weight of `m` shifted by `delta`.
template <class M>
std::vector<Tensor> shifted_weights(const M& m, float delta) {
    auto w = m.get_weights();
    for (auto& t : w)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] += delta;
    return w;
}

// elu(x W + b) by hand: x (batch, in), W (in, units), b (units).
Tensor dense_elu(const Tensor& x, const Tensor& w, const Tensor& b) {
    const std::size_t batch = x.shape()[0], in = w.shape()[0], units = w.shape()[1];
    Tensor y(Shape{batch, units});
    for (std::size_t r = 0; r < batch; ++r)
        for (std::size_t u = 0; u < units; ++u) {
            float acc = b[u];
            for (std::size_t i = 0; i < in; ++i) acc += x[r * in + i] * w[i * units + u];
            y[r * units + u] = acc >= 0 ? acc : std::expm1(acc);
        }
    return y;
}

template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const shape_error& e) {
        return e.what();
    }
    BOOST_FAIL("no shape_error");
    return {};
}

std::size_t count(const std::string& s, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
    return n;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Compile-time facts
// ---------------------------------------------------------------------------------------------

static_assert(fn::two_heads::Net::input_count == 2 && fn::two_heads::Net::output_count == 2);
static_assert(input_shape_v<fn::two_heads::Net, 1> == Shape{4, 3});
static_assert(output_shape_v<fn::two_heads::Net, 0> == Shape{4});
static_assert(output_shape_v<fn::two_heads::Net, 1> == Shape{1});
static_assert(output_shape_v<fn::seq2seq::Net, 0> == Shape{4, 2});
static_assert(output_shape_v<fn::seq2seq::Net, 1> == Shape{12});
static_assert(std::is_same_v<output_shape_t<fn::seq2seq::Net>, dims<4, 2>>);
// A shared layer counts once: enc_hidden 6*8+8, encoder 8*5+5, score 15+1.
static_assert(param_count_v<fn::siamese::Net> == 56 + 45 + 16);
static_assert(param_count_v<pair::Shared> == 16);
static_assert(param_count_v<pair::Unshared> == 32);
// A nested model counts its layers: pre 36, block (6*8+8 + 8*6+6), post 21.
static_assert(param_count_v<fn::nested_sequential::Net> == 36 + 110 + 21);
static_assert(param_count_v<fn::nested_sequential::Block> == 110);

// ---------------------------------------------------------------------------------------------
// Layers: order, names, shared layers
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(layers_are_in_graph_order_and_take_their_node_names) {
    const fn::residual_mlp::Net m{seed{1}};
    BOOST_TEST(m.name() == "functional");
    BOOST_TEST(m.input_layer(0).name() == "x");
    const std::vector<std::string> want{"h1", "r1", "s1", "h2", "r2", "s2", "y"};
    BOOST_TEST(layer_names(m) == want, boost::test_tools::per_element());
    BOOST_TEST(m.layer<2>().name() == "s1");
    BOOST_TEST((std::is_same_v<std::remove_cvref_t<decltype(m.layer<2>())>, Add>));
    // get_weights follows the layer order, each layer's arrays in Keras order.
    const auto w = m.get_weights();
    BOOST_TEST_REQUIRE(w.size() == 10u);
    BOOST_TEST(w[0].shape() == (Shape{10, 16}));  // h1 kernel
    BOOST_TEST(w[1].shape() == (Shape{16}));      // h1 bias
    BOOST_TEST(w[2].shape() == (Shape{16, 10}));  // r1 kernel
    BOOST_TEST(w[8].shape() == (Shape{10, 4}));   // y kernel
}

BOOST_AUTO_TEST_CASE(named_and_struct_layers_take_their_declared_names) {
    const fn::siamese::Net m{seed{1}};
    BOOST_TEST(m.input_layer(0).name() == "a");
    BOOST_TEST(m.input_layer(1).name() == "b");
    const std::vector<std::string> want{"enc_hidden", "encoder", "diff", "join", "score"};
    BOOST_TEST(layer_names(m) == want, boost::test_tools::per_element());
    // A named layer stores the DSL layer it derives from.
    BOOST_TEST((std::is_same_v<std::remove_cvref_t<decltype(m.layer<0>())>, Dense<8, act::relu>>));
    BOOST_TEST((std::is_same_v<std::remove_cvref_t<decltype(m.layer<1>())>, Dense<5, act::elu>>));
}

BOOST_AUTO_TEST_CASE(layers_and_inputs_without_a_struct_get_keras_style_automatic_names) {
    const autonames::Net m{seed{1}};
    BOOST_TEST(m.input_layer(0).name() == "input_layer");
    const std::vector<std::string> want{"dense", "dense_1", "concatenate", "dense_2"};
    BOOST_TEST(layer_names(m) == want, boost::test_tools::per_element());
    const std::string s = m.summary();
    BOOST_TEST(test::contains(s, " input_layer (InputLayer) "));
    BOOST_TEST(test::contains(s, " dense_1 (Dense) "));
    BOOST_TEST(test::contains(s, " concatenate (Concatenate) "));
}

BOOST_AUTO_TEST_CASE(summary_has_every_layer_once_and_what_it_is_connected_to) {
    const std::string s = fn::siamese::Net{seed{1}}.summary();
    BOOST_TEST(test::contains(s, "Connected to"));
    BOOST_TEST(test::contains(s, " a (InputLayer) "));
    BOOST_TEST(test::contains(s, " b (InputLayer) "));
    // The shared layers have one row each, with their parameters counted once.
    BOOST_TEST(count(s, "enc_hidden (Dense)") == 1u);
    BOOST_TEST(count(s, "encoder (Dense)") == 1u);
    BOOST_TEST(test::contains(s, " diff (Subtract) "));
    BOOST_TEST(test::contains(s, " join (Concatenate) "));
    BOOST_TEST(test::contains(s, " score (Dense) "));
    BOOST_TEST(test::contains(s, "Total params: 117\n"));
    // join reads three tensors: a row for each.
    const std::size_t at = s.find(" join (Concatenate) ");
    const std::size_t end = s.find(" score (Dense) ");
    BOOST_TEST_REQUIRE(at < end);
    const std::string join_rows = s.substr(at, end - at);
    BOOST_TEST(count(join_rows, "\n") == 3u);
    // The two calls of the shared encoder are told apart.
    BOOST_TEST(test::contains(join_rows, "encoder[0]\n"), join_rows);
    BOOST_TEST(test::contains(join_rows, "encoder[1]\n"), join_rows);
    BOOST_TEST(test::contains(join_rows, "diff\n"), join_rows);

    const std::string r = fn::residual_mlp::Net{seed{1}}.summary();
    BOOST_TEST(test::contains(r, "Connected to"));
    for (const char* name : {" x (InputLayer) ", " h1 (Dense) ", " s1 (Add) ", " s2 (Add) ", " y (Dense) "})
        BOOST_TEST(test::contains(r, name), name);

    // A nested model is one row, with its class and parameter count.
    const std::string n = fn::nested_sequential::Net{seed{1}}.summary();
    const std::size_t row = n.find(" block (Sequential) ");
    BOOST_TEST_REQUIRE(row != std::string::npos);
    const std::string block_row = n.substr(row, n.find('\n', row) - row);
    BOOST_TEST(test::contains(block_row, "(None, 6)"), block_row);
    BOOST_TEST(test::contains(block_row, " 110 "), block_row);
    BOOST_TEST(test::contains(block_row, " pre"), block_row);
    BOOST_TEST(test::contains(fn::nested_functional::Net{seed{1}}.summary(), " tower (Functional) "));
}

BOOST_AUTO_TEST_CASE(a_shared_layer_has_one_set_of_weights) {
    const fn::siamese::Net s{seed{1}};
    BOOST_TEST(s.count_params() == 117u);
    BOOST_TEST(s.get_weights().size() == 6u);  // enc_hidden 2, encoder 2, score 2
    BOOST_TEST(fn::siamese::Net::layer_tuple::size == 5u);

    pair::Shared m{seed{4}};
    const pair::Unshared u{seed{4}};
    BOOST_TEST(m.count_params() == 16u);
    BOOST_TEST(m.get_weights().size() == 2u);
    BOOST_TEST(u.count_params() == 32u);
    BOOST_TEST(u.get_weights().size() == 4u);

    // The same input at both sites gives the same output: one layer.
    const Tensor x = test::iota_tensor(Shape{2, 3}, 0.013f);
    const Tensor x2 = test::iota_tensor(Shape{2, 3}, 0.007f);
    auto [ya, yb] = m.predict(x, x);
    BOOST_TEST((ya == yb));
    auto [fa, fb] = u.predict(x, x);
    BOOST_TEST(!(fa == fb));

    // New weights for the shared layer: both call sites compute with them.
    const Tensor w(Shape{3, 4}, {0.5f, -0.25f, 0.75f, 0.1f, -0.6f, 0.3f, 0.2f, -0.9f, 0.4f, 0.05f, -0.35f, 0.8f});
    const Tensor bias(Shape{4}, {0.1f, -0.2f, 0.3f, 0.0f});
    const auto [old_a, old_b] = m.predict(x, x2);
    m.set_weights(std::vector<Tensor>{w, bias});
    const auto [new_a, new_b] = m.predict(x, x2);
    BOOST_TEST(test::max_abs_diff(new_a, dense_elu(x, w, bias)) <= 1e-6f);
    BOOST_TEST(test::max_abs_diff(new_b, dense_elu(x2, w, bias)) <= 1e-6f);
    BOOST_TEST(test::max_abs_diff(old_a, new_a) > 1e-3f);
    BOOST_TEST(test::max_abs_diff(old_b, new_b) > 1e-3f);
    BOOST_TEST(test::same_weights(m.layer<0>().get_weights(), std::vector<Tensor>{w, bias}));
}

// ---------------------------------------------------------------------------------------------
// Nested models
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(nested_model_weights_come_from_the_outer_seed) {
    using Net = fn::nested_sequential::Net;
    const Net m5{seed{5}}, again{seed{5}}, m6{seed{6}};
    BOOST_TEST(test::same_weights(m5.get_weights(), again.get_weights()));
    const Tensor x = test::iota_tensor(Shape{3, 5});
    BOOST_TEST((m5.predict(x) == again.predict(x)));  // bit-identical
    BOOST_TEST(!test::same_weights(m5.get_weights(), m6.get_weights()));

    const auto block5 = weights_of(m5, "block");
    BOOST_TEST_REQUIRE(block5.size() == 4u);
    BOOST_TEST(!test::same_weights(block5, weights_of(m6, "block")));
    BOOST_TEST(test::same_weights(block5, weights_of(again, "block")));
    // The nested model's weights are its own, under the outer model's scope: not those of the
    // inner type built alone with the same seed, nor those of a sibling layer.
    const fn::nested_sequential::Block alone{seed{5}};
    BOOST_TEST(!test::same_weights(block5, alone.get_weights()));
    BOOST_TEST(!(block5[0] == alone.get_weights()[0]));
    BOOST_TEST(m5.layer<1>().built());

    // Same for a nested functional model.
    using Outer = fn::nested_functional::Net;
    const Outer o7{seed{7}}, o7b{seed{7}}, o8{seed{8}};
    BOOST_TEST(test::same_weights(weights_of(o7, "tower"), weights_of(o7b, "tower")));
    BOOST_TEST(!test::same_weights(weights_of(o7, "tower"), weights_of(o8, "tower")));
    BOOST_TEST(!test::same_weights(weights_of(o7, "tower"), fn::nested_functional::Tower{seed{7}}.get_weights()));
    const Tensor x4 = test::iota_tensor(Shape{2, 4});
    BOOST_TEST((o7.predict(x4) == o7b.predict(x4)));
}

BOOST_AUTO_TEST_CASE(a_model_made_to_be_a_layer_is_not_built_and_refuses_to_run) {
    const fn::nested_functional::Tower t(graph::unbuilt);
    BOOST_TEST(!t.built());
    BOOST_CHECK_THROW((void)t.predict(test::iota_tensor(Shape{1, 4})), error);
}

// ---------------------------------------------------------------------------------------------
// Running: several outputs, the forms of predict, no allocation when warm
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(multi_output_predict_returns_each_output_with_its_shape) {
    using Net = fn::two_heads::Net;
    const Net m{seed{2}};
    const Tensor a = test::iota_tensor(Shape{5, 7}), b = test::iota_tensor(Shape{5, 4, 3}, 0.017f);
    const auto [cls, prob] = m.predict(a, b);
    BOOST_TEST(cls.shape() == (Shape{5, 4}));
    BOOST_TEST(prob.shape() == (Shape{5, 1}));
    for (std::size_t r = 0; r < 5; ++r) {
        float sum = 0;
        for (std::size_t k = 0; k < 4; ++k) sum += cls[r * 4 + k];
        BOOST_TEST(std::fabs(sum - 1.0f) <= 1e-6f);  // softmax head
        BOOST_TEST((prob[r] > 0.0f && prob[r] < 1.0f));  // sigmoid head
    }
    const auto both = m(a, b);
    BOOST_TEST((both[0] == cls));
    BOOST_TEST((both[1] == prob));

    // The list forms agree with the variadic one.
    const std::vector<Tensor> xs{a, b};
    const std::vector<Tensor> ys = m.predict(xs);
    BOOST_TEST_REQUIRE(ys.size() == 2u);
    BOOST_TEST((ys[0] == cls));
    BOOST_TEST((ys[1] == prob));
    std::vector<Tensor> into(2);
    workspace ws;
    m.predict_into(xs, into, ws);
    BOOST_TEST((into[0] == cls));
    BOOST_TEST((into[1] == prob));

    // A nested model's two outputs, and a sequence output next to a vector one.
    const auto [p, q] = fn::nested_functional::Tower{seed{1}}.predict(test::iota_tensor(Shape{3, 4}));
    BOOST_TEST(p.shape() == (Shape{3, 3}));
    BOOST_TEST(q.shape() == (Shape{3, 2}));
    const auto [y, code] = fn::seq2seq::Net{seed{1}}.predict(test::iota_tensor(Shape{2, 6, 3}));
    BOOST_TEST(y.shape() == (Shape{2, 4, 2}));
    BOOST_TEST(code.shape() == (Shape{2, 12}));
}

BOOST_AUTO_TEST_CASE(an_output_other_nodes_read_is_the_same_as_when_it_is_not_an_output) {
    // hi is both an output and read by `both`; the output y must not depend on it being listed.
    using namespace fn::branchy;
    using Only = Functional<Inputs<x>, Outputs<y>>;
    const Net m{seed{3}};
    const Only only{seed{3}};  // the same layer names, so the same weights
    const Tensor in = test::iota_tensor(Shape{4, 8});
    const auto [y1, hi1] = m.predict(in);
    BOOST_TEST((only.predict(in) == y1));
    BOOST_TEST(hi1.shape() == (Shape{4, 6}));
}

template <class M>
void check_predict_into_is_allocation_free(const M& m, std::vector<Tensor> xs, std::vector<Tensor> small) {
    std::vector<Tensor> ys(M::output_count);
    workspace ws;
    m.predict_into(xs, ys, ws);  // warm-up: sizes the outputs and the workspace
    std::vector<const float*> data;
    for (const auto& y : ys) data.push_back(y.data());
    const std::size_t capacity = ws.capacity();
    const std::size_t before = g_news.load();
    for (int i = 0; i < 3; ++i) m.predict_into(xs, ys, ws);
    m.predict_into(small, ys, ws);  // a smaller batch fits in the same memory
    m.predict_into(xs, ys, ws);
    BOOST_TEST(g_news.load() == before);
    BOOST_TEST(ws.capacity() == capacity);
    for (std::size_t k = 0; k < ys.size(); ++k) BOOST_TEST(ys[k].data() == data[k]);
    // And the numbers are those of predict.
    const std::vector<Tensor> want = m.predict(std::span<const Tensor>(xs));
    for (std::size_t k = 0; k < ys.size(); ++k) BOOST_TEST((ys[k] == want[k]));
}

BOOST_AUTO_TEST_CASE(predict_into_allocates_nothing_after_warm_up) {
    const std::size_t before = g_news.load();
    const json probe = json::parse(R"({"a": [1, 2, 3], "b": "a string long enough to leave the small buffer"})");
    BOOST_TEST(probe.size() == 2u);
    BOOST_TEST(g_news.load() > before);  // the counter counts
    check_predict_into_is_allocation_free(fn::two_heads::Net{seed{1}},
                                          {test::iota_tensor(Shape{16, 7}), test::iota_tensor(Shape{16, 4, 3})},
                                          {test::iota_tensor(Shape{1, 7}), test::iota_tensor(Shape{1, 4, 3})});
    check_predict_into_is_allocation_free(fn::siamese::Net{seed{1}},
                                          {test::iota_tensor(Shape{16, 6}), test::iota_tensor(Shape{16, 6}, 0.02f)},
                                          {test::iota_tensor(Shape{2, 6}), test::iota_tensor(Shape{2, 6})});
    check_predict_into_is_allocation_free(fn::branchy::Net{seed{1}}, {test::iota_tensor(Shape{16, 8})},
                                          {test::iota_tensor(Shape{3, 8})});
    check_predict_into_is_allocation_free(fn::seq2seq::Net{seed{1}}, {test::iota_tensor(Shape{16, 6, 3})},
                                          {test::iota_tensor(Shape{1, 6, 3})});
    check_predict_into_is_allocation_free(fn::nested_sequential::Net{seed{1}}, {test::iota_tensor(Shape{16, 5})},
                                          {test::iota_tensor(Shape{4, 5})});
    check_predict_into_is_allocation_free(fn::nested_functional::Net{seed{1}}, {test::iota_tensor(Shape{16, 4})},
                                          {test::iota_tensor(Shape{4, 4})});
}

BOOST_AUTO_TEST_CASE(outputs_may_be_inputs_repeated_nodes_or_picked_outputs) {
    const Tensor x = test::iota_tensor(Shape{2, 3});
    const auto [y, echo] = odd_outputs::InputOut{seed{1}}.predict(x);
    BOOST_TEST((echo == x));
    BOOST_TEST(y.shape() == (Shape{2, 2}));
    const auto [y1, y2] = odd_outputs::Twice{seed{1}}.predict(x);
    BOOST_TEST((y1 == y2));
    BOOST_TEST((y1 == y));  // same layer name, same seed: same weights

    const Tensor x4 = test::iota_tensor(Shape{2, 4});
    const auto [t1, y4, t0] = odd_outputs::Picked{seed{1}}.predict(x4);
    BOOST_TEST(t1.shape() == (Shape{2, 2}));
    BOOST_TEST(t0.shape() == (Shape{2, 3}));
    BOOST_TEST((y4 == fn::nested_functional::Net{seed{1}}.predict(x4)));
    // The picked outputs are the nested model's: the tower alone, given the same weights.
    fn::nested_functional::Tower tower{seed{9}};
    tower.set_weights(weights_of(odd_outputs::Picked{seed{1}}, "tower"));
    const auto [p, q] = tower.predict(x4);
    BOOST_TEST((p == t0));
    BOOST_TEST((q == t1));
}

BOOST_AUTO_TEST_CASE(an_input_no_output_reads_is_still_checked) {
    const unused_input::Net m{seed{1}};
    const Tensor a = test::iota_tensor(Shape{2, 3});
    BOOST_TEST(m.predict(a, test::iota_tensor(Shape{2, 2})).shape() == (Shape{2, 2}));
    BOOST_TEST(test::contains(message_of([&] { (void)m.predict(a, test::iota_tensor(Shape{2, 5})); }), "input 'b'"));
    BOOST_TEST(test::contains(message_of([&] { (void)m.predict(a, test::iota_tensor(Shape{3, 2})); }),
                              "input 'b' has batch size 3"));
}

BOOST_AUTO_TEST_CASE(a_nested_model_can_be_shared_and_can_take_and_give_several_tensors) {
    const nested_shared::Net m{seed{1}};
    BOOST_TEST(m.count_params() == 110u);  // one block at two sites
    BOOST_TEST(param_count_v<nested_shared::Net> == 110u);
    const Tensor a = test::iota_tensor(Shape{2, 6}), b = test::iota_tensor(Shape{2, 6}, 0.02f);
    const auto [d, ta, tb] = m.predict(a, a);
    BOOST_TEST((ta == tb));
    BOOST_TEST(test::max_abs_diff(d, Tensor(Shape{2, 6})) == 0.0f);
    BOOST_TEST(!(m.predict(a, b)[1] == m.predict(a, b)[2]));

    // A two-input, two-output model inside another computes what it computes alone.
    nested_shared::TwoByTwo outer{seed{1}};
    const fn::siamese::Net alone{seed{2}};
    auto w = outer.get_weights();
    const auto inner = alone.get_weights();
    BOOST_TEST_REQUIRE(w.size() == inner.size() + 2);  // the siamese model's, then z's
    std::copy(inner.begin(), inner.end(), w.begin());
    outer.set_weights(w);
    const auto [s0, z, s1] = outer.predict(a, b);
    const auto [score, diff] = alone.predict(a, b);
    BOOST_TEST((s0 == score));
    BOOST_TEST((s1 == diff));
    BOOST_TEST(z.shape() == (Shape{2, 2}));
}

BOOST_AUTO_TEST_CASE(a_training_context_reaches_dropout_in_the_graph_and_in_nested_models) {
    const fn::two_heads::Net m{seed{1}};
    const Tensor a = test::iota_tensor(Shape{4, 7}), b = test::iota_tensor(Shape{4, 4, 3});
    const auto inference = m.predict(a, b);
    const auto training = m.call(layers::call_context{.training = true, .seed = 3, .step = 0}, a, b);
    BOOST_TEST((training[0] == inference[0]));   // cls does not read the dropout
    BOOST_TEST(!(training[1] == inference[1]));  // prob does
    const auto again = m.call(layers::call_context{.training = true, .seed = 3, .step = 0}, a, b);
    BOOST_TEST((again[1] == training[1]));  // reproducible

    const fn::nested_sequential::Net n{seed{1}};
    const Tensor x = test::iota_tensor(Shape{4, 5});
    BOOST_TEST(!(n.call(x, layers::call_context{.training = true, .seed = 3, .step = 0}) == n.predict(x)));
    BOOST_TEST((n.call(x, layers::call_context{}) == n.predict(x)));
}

BOOST_AUTO_TEST_CASE(an_empty_batch_gives_empty_outputs) {
    const auto [cls, prob] = fn::two_heads::Net{seed{1}}.predict(Tensor(Shape{0, 7}), Tensor(Shape{0, 4, 3}));
    BOOST_TEST(cls.shape() == (Shape{0, 4}));
    BOOST_TEST(prob.shape() == (Shape{0, 1}));
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_wrong_number_of_inputs_or_outputs_throws_shape_error) {
    const fn::two_heads::Net m{seed{1}};
    const Tensor a = test::iota_tensor(Shape{2, 7}), b = test::iota_tensor(Shape{2, 4, 3});
    const std::vector<Tensor> one{a}, three{a, b, b};
    BOOST_TEST(test::contains(message_of([&] { (void)m.predict(one); }), "expects 2 inputs, got 1"));
    BOOST_TEST(test::contains(message_of([&] { (void)m.predict(three); }), "expects 2 inputs, got 3"));
    std::vector<Tensor> ys(1);
    workspace ws;
    const std::vector<Tensor> xs{a, b};
    BOOST_TEST(test::contains(message_of([&] { m.predict_into(xs, ys, ws); }), "has 2 outputs"));
}

BOOST_AUTO_TEST_CASE(a_wrong_input_shape_throws_shape_error_naming_the_input) {
    const fn::two_heads::Net m{seed{1}};
    const Tensor a = test::iota_tensor(Shape{2, 7}), b = test::iota_tensor(Shape{2, 4, 3});
    for (const Shape& bad : {Shape{2, 4, 4}, Shape{2, 12}, Shape{2, 4, 3, 1}}) {
        const std::string e = message_of([&] { (void)m.predict(a, Tensor(bad)); });
        BOOST_TEST(test::contains(e, "input 'b'"), e);
        BOOST_TEST(test::contains(e, "(None, 4, 3)"), e);
        BOOST_TEST(test::contains(e, bad.to_string()), e);
    }
    const std::string e = message_of([&] { (void)m.predict(Tensor(Shape{2, 8}), b); });
    BOOST_TEST(test::contains(e, "input 'a'"), e);
    BOOST_TEST(test::contains(e, "(None, 7)"), e);
    // Inputs given in the wrong order: the first one is named.
    const std::vector<Tensor> swapped{b, a};
    BOOST_TEST(test::contains(message_of([&] { (void)m.predict(swapped); }), "input 'a'"));
}

BOOST_AUTO_TEST_CASE(inputs_with_different_batch_sizes_throw_shape_error_naming_them) {
    const fn::two_heads::Net m{seed{1}};
    const std::string e =
        message_of([&] { (void)m.predict(test::iota_tensor(Shape{2, 7}), test::iota_tensor(Shape{3, 4, 3})); });
    BOOST_TEST(test::contains(e, "input 'b' has batch size 3"), e);
    BOOST_TEST(test::contains(e, "input 'a' has 2"), e);
    const fn::siamese::Net s{seed{1}};
    std::vector<Tensor> ys(2);
    workspace ws;
    const std::vector<Tensor> xs{test::iota_tensor(Shape{4, 6}), test::iota_tensor(Shape{1, 6})};
    BOOST_TEST(test::contains(message_of([&] { s.predict_into(xs, ys, ws); }), "input 'b' has batch size 1"));
}

BOOST_AUTO_TEST_CASE(names_given_at_run_time_are_kept_and_duplicates_throw_config_error) {
    using Net = autonames::Net;
    // A name given to a layer without a declared one is kept; automatic names skip it.
    {
        Net::layer_tuple layers(graph::unbuilt);
        graph::get<1>(layers).set_name("hidden");
        const Net m(std::move(layers), seed{1}, "net", {"features"});
        BOOST_TEST(m.name() == "net");
        BOOST_TEST(m.input_layer(0).name() == "features");
        const std::vector<std::string> want{"dense", "hidden", "concatenate", "dense_1"};
        BOOST_TEST(layer_names(m) == want, boost::test_tools::per_element());
    }
    auto throws_config_error = [](auto make, const std::string& part) {
        try {
            make();
            BOOST_ERROR("no config_error for " << part);
        } catch (const config_error& e) {
            BOOST_TEST(test::contains(e.what(), part), e.what());
        }
    };
    // Two layers given the same name.
    throws_config_error(
        [] {
            Net::layer_tuple layers(graph::unbuilt);
            graph::get<1>(layers).set_name("twin");
            graph::get<3>(layers).set_name("twin");
            Net m(std::move(layers), seed{1});
        },
        "\"twin\" is used 2 times");
    // A layer given a name a node declares.
    throws_config_error(
        [] {
            Net::layer_tuple layers(graph::unbuilt);
            graph::get<3>(layers).set_name("dense");
            Net m(std::move(layers), seed{1});
        },
        "\"dense\" is used 2 times");
    // An input given a layer's declared name.
    throws_config_error(
        [] {
            using R = fn::residual_mlp::Net;
            R m(R::layer_tuple(graph::unbuilt), seed{1}, "res", {"h1"});
        },
        "\"h1\" is used 2 times");
    // Two inputs given the same name.
    throws_config_error(
        [] {
            using S = fn::siamese::Net;
            S m(S::layer_tuple(graph::unbuilt), seed{1}, "siamese", {"twin", "twin"});
        },
        "\"twin\" is used 2 times");
}

// ---------------------------------------------------------------------------------------------
// Copies
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_model_copies_its_weights_deeply) {
    using Net = fn::siamese::Net;
    const Tensor a = test::iota_tensor(Shape{2, 6}), b = test::iota_tensor(Shape{2, 6}, 0.02f);
    Net m{seed{2}};
    const auto weights = m.get_weights();
    const auto [score, diff] = m.predict(a, b);

    Net copy = m;
    BOOST_TEST(test::same_weights(copy.get_weights(), weights));
    BOOST_TEST((copy.predict(a, b)[0] == score));
    copy.set_weights(shifted_weights(copy, 0.25f));
    BOOST_TEST(test::same_weights(m.get_weights(), weights));  // the original is untouched
    BOOST_TEST((m.predict(a, b)[0] == score));
    BOOST_TEST(!(copy.predict(a, b)[0] == score));
    // The copy's encoder is still one layer at both sites: the same input gives the same code.
    BOOST_TEST(copy.get_weights().size() == 6u);
    BOOST_TEST(test::max_abs_diff(copy.predict(a, a)[1], Tensor(Shape{2, 5})) == 0.0f);

    Net assigned{seed{9}};
    assigned = m;
    m.set_weights(shifted_weights(m, -0.5f));
    BOOST_TEST(test::same_weights(assigned.get_weights(), weights));
    BOOST_TEST((assigned.predict(a, b)[1] == diff));

    const Net moved = std::move(assigned);
    BOOST_TEST((moved.predict(a, b)[1] == diff));

    // A nested model is copied with its weights too.
    using Nested = fn::nested_sequential::Net;
    Nested n{seed{3}};
    const auto block = weights_of(n, "block");
    Nested n2 = n;
    n2.set_weights(shifted_weights(n2, 1.0f));
    BOOST_TEST(test::same_weights(weights_of(n, "block"), block));
    BOOST_TEST(!test::same_weights(weights_of(n2, "block"), block));
}

// ---------------------------------------------------------------------------------------------
// Multiply-adds
// ---------------------------------------------------------------------------------------------

// Per sample, per call: a shared layer counts at each call (its parameters count once), a nested
// model counts its layers. residual_mlp: 10*16 + 16*10 + 10*16 + 16*10 + 10*4; siamese:
// 2*6*8 + 2*8*5 + 15*1; nested_sequential: 5*6 + (6*8 + 8*6) + 6*3.
BOOST_AUTO_TEST_CASE(mac_count_counts_multiply_adds_per_call) {
    BOOST_TEST(fn::residual_mlp::Net::mac_count == 680u);
    BOOST_TEST(fn::siamese::Net::mac_count == 191u);
    BOOST_TEST(fn::nested_sequential::Net::mac_count == 144u);
    BOOST_TEST(pair::Shared::mac_count == pair::Unshared::mac_count);
}
