// clone_model on functional graphs, row by row against Keras's clone_model
// (shared/reference/keras-clone-semantics.md) and past it: clone functions called once per
// distinct layer, shared layers, new inputs, renaming, nested models (whole or recursive), call
// functions, share_weights, weight ties, Repeat.
#define BOOST_TEST_MODULE functional_clone
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <ratio>
#include <string>
#include <type_traits>
#include <vector>

using namespace scion;

namespace {
namespace siamese {
struct encoder : Dense<5, act::elu> {};
struct a : Input<6> {};
struct b : Input<6> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
struct d : Call<Concatenate<>, ea, eb> {};
struct o : Call<Dense<1, act::sigmoid>, d> {};
using Siamese = Functional<Inputs<a, b>, Outputs<o>>;
} // namespace siamese
using siamese::Siamese;

namespace residual {
struct x : Input<10> {};
struct h : Call<Dense<12, act::relu>, x> {};
struct r : Call<Dense<10>, h> {};
struct s : Call<Add, x, r> {};
struct y : Call<Dense<4, act::sigmoid>, s> {};
using Res = Functional<Inputs<x>, Outputs<y, h>>;
struct x3 : Input<5, 10> {};
} // namespace residual
using residual::Res;

using Inner = Sequential<Input<6>, Dense<3, act::tanh>>;
namespace nested {
struct i : Input<6> {};
struct n : Call<Inner, i> {};
struct o : Call<Dense<2>, n> {};
using Outer = Functional<Inputs<i>, Outputs<o>>;
} // namespace nested
using nested::Outer;

namespace mlp {
struct x : Input<8> {};
struct h1 : Call<Dense<16, act::relu>, x> {};
struct h2 : Call<Dense<16, act::relu>, h1> {};
struct y : Call<Dense<3>, h2> {};
using Mlp = Functional<Inputs<x>, Outputs<y>>;
} // namespace mlp
using mlp::Mlp;

struct dropout_after_dense {
    template <class Layer, class... In>
    using call = std::conditional_t<is_dense_v<layer_storage_t<Layer>>, Call<Dropout<std::ratio<1, 2>>, Call<Layer, In...>>,
                                    Call<Layer, In...>>;
};

namespace block {
struct bx : Input<8> {};
struct bh : Call<Dense<8, act::tanh>, bx> {};
struct bs : Call<Add, bx, Call<Dense<8>, bh>> {};
using Block = Functional<Inputs<bx>, Outputs<bs>>;
struct x : Input<8> {};
struct st : Call<Repeat<6, Block>, x> {};
using Stack = Functional<Inputs<x>, Outputs<st>>;
} // namespace block

namespace embed {
struct x : Input<6> {};
struct h : Call<Dense<4, act::relu>, x> {};
using Encoder = Functional<Inputs<x>, Outputs<h>>;
struct a : Input<3> {};
struct up : Call<Dense<6>, a> {};
struct sub : clone_model_t<Encoder, Inputs<up>, copy_weights> {};  // the clone, on an outer node
struct out : Call<Dense<1>, sub> {};
using Big = Functional<Inputs<a>, Outputs<out>>;
} // namespace embed

std::vector<std::string> layer_names(const auto& m) {
    std::vector<std::string> names;
    m.layers().for_each([&](const auto& l) { names.emplace_back(l.name()); });
    return names;
}
} // namespace

BOOST_AUTO_TEST_CASE(plain_clone_keeps_names_and_configs_with_fresh_weights) {  // rows 1, 2
    const Res m{seed{1}};
    const auto c = clone_model(m);
    static_assert(std::is_same_v<decltype(c), const Res>);
    BOOST_TEST(layer_names(c) == layer_names(m));
    BOOST_TEST(c.input_layer().name() == "x");
    BOOST_TEST(!test::same_weights(c.get_weights(), m.get_weights()));
    Res same = c;
    same.set_weights(m.get_weights());
    const Tensor t = test::iota_tensor(Shape{3, 10});
    const auto [y1, h1] = m.predict(t);
    const auto [y2, h2] = same.predict(t);
    BOOST_TEST(test::max_abs_diff(y1, y2) == 0.f);
    BOOST_TEST(test::max_abs_diff(h1, h2) == 0.f);
}

BOOST_AUTO_TEST_CASE(clone_function_runs_once_per_distinct_layer_never_on_inputs) {  // rows 4, 5
    const Siamese m{seed{2}};
    std::vector<std::string> seen;
    auto counting = [&](const auto& l) {
        seen.emplace_back(std::remove_cvref_t<decltype(l)>::class_name);
        return fresh_weights{}(l);
    };
    const auto c = clone_model(m, keep_inputs, counting);
    BOOST_TEST(seen == (std::vector<std::string>{"Dense", "Concatenate", "Dense"}));  // 3 layers, 4 calls
    BOOST_TEST(c.count_params() == m.count_params());
    BOOST_TEST(c.get_weights().size() == 4u);  // one encoder kernel and bias, one head
}

BOOST_AUTO_TEST_CASE(shared_layer_stays_shared_in_a_clone_that_changes_it) {  // row 4, row 7
    const Siamese m{seed{3}};
    auto widen = [](const auto& l) {
        using L = std::remove_cvref_t<decltype(l)>;
        if constexpr (std::is_same_v<L, Dense<5, act::elu>>) return rename<"encoder_wide">(Dense<7, act::elu>{});
        else return fresh_weights{}(l);
    };
    auto c = clone_model(m, keep_inputs, widen, seed{4});
    BOOST_TEST(c.layer<0>().name() == "encoder_wide");
    BOOST_TEST(c.count_params() == (6u * 7 + 7) + (14 + 1));
    // Both branches use the one encoder: equal inputs give equal halves of the concatenation.
    const Tensor t = test::iota_tensor(Shape{2, 6});
    const auto out = c.predict(t, t);
    BOOST_TEST(out.shape() == (Shape{2, 1}));
    BOOST_TEST(test::contains(c.summary(), "encoder_wide[1]"));
}

BOOST_AUTO_TEST_CASE(new_inputs_reinfer_shapes_and_copied_weights_act_row_by_row) {  // rows 8, 9
    const Res m{seed{5}};
    const auto c = clone_model(m, Inputs<residual::x3>{}, copy_weights{});
    BOOST_TEST(c.input_layer().name() == "x3");
    const Tensor t = test::iota_tensor(Shape{2, 5, 10});
    const auto [y, h] = c.predict(t);
    BOOST_TEST(y.shape() == (Shape{2, 5, 4}));
    BOOST_TEST(h.shape() == (Shape{2, 5, 12}));
    // Row (1, 3) of the rank-3 clone equals the original on that row.
    Tensor row(Shape{1, 10});
    for (std::size_t k = 0; k < 10; ++k) row.data()[k] = t.data()[(1 * 5 + 3) * 10 + k];
    const auto [y_row, h_row] = m.predict(row);
    Tensor y_at(y_row.shape());
    for (std::size_t k = 0; k < 4; ++k) y_at.data()[k] = y.data()[(1 * 5 + 3) * 4 + k];
    BOOST_TEST(test::max_abs_diff(y_at, y_row) <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(seeded_clones_are_reproducible) {
    const Siamese m{seed{6}};
    const auto a = clone_model(m, keep_inputs, fresh_weights{seed{9}});
    const auto b = clone_model(m, keep_inputs, fresh_weights{}, seed{9});
    const Siamese direct{seed{9}};
    BOOST_TEST(test::same_weights(a.get_weights(), b.get_weights()));
    BOOST_TEST(test::same_weights(a.get_weights(), direct.get_weights()));
}

BOOST_AUTO_TEST_CASE(nested_model_is_cloned_whole_or_recursively) {  // rows 11, 12
    const Outer m{seed{7}};
    // Default: the nested model is one layer for the clone function, cloned whole, fresh.
    std::vector<std::string> seen;
    auto counting = [&](const auto& l) {
        seen.emplace_back(std::remove_cvref_t<decltype(l)>::class_name);
        return fresh_weights{}(l);
    };
    const auto whole = clone_model(m, keep_inputs, counting, seed{1});
    BOOST_TEST(seen == (std::vector<std::string>{"Sequential", "Dense"}));
    BOOST_TEST(!test::same_weights(whole.layer<0>().get_weights(), m.layer<0>().get_weights()));
    BOOST_TEST(whole.layer<0>().name() == m.layer<0>().name());
    // Recursive: the function reaches the nested model's layers.
    seen.clear();
    const auto deep = clone_model(m, keep_inputs, counting, recursive, seed{1});
    BOOST_TEST(seen == (std::vector<std::string>{"Dense", "Dense"}));
    // copy_weights reaches them too, and keeps their weights.
    const auto copied = clone_model(m, keep_inputs, copy_weights{}, recursive);
    BOOST_TEST(test::same_weights(copied.get_weights(), m.get_weights()));
    const Tensor t = test::iota_tensor(Shape{2, 6});
    BOOST_TEST(test::max_abs_diff(copied.predict(t), m.predict(t)) == 0.f);
    (void)deep;
}

BOOST_AUTO_TEST_CASE(nested_weights_come_from_the_outer_seed) {
    const Outer a{seed{11}}, b{seed{11}}, c{seed{12}};
    BOOST_TEST(test::same_weights(a.get_weights(), b.get_weights()));
    BOOST_TEST(!test::same_weights(a.get_weights(), c.get_weights()));
    const Inner alone{seed{11}};
    BOOST_TEST(!test::same_weights(a.layer<0>().get_weights(), alone.get_weights()));  // scoped by the outer model
}

BOOST_AUTO_TEST_CASE(call_function_inserts_layers_and_keeps_inference_outputs) {  // row 13
    const Mlp m{seed{13}};
    const auto c = clone_model(m, keep_inputs, copy_weights{}, call_function<dropout_after_dense>{});
    BOOST_TEST(layer_names(c) == (std::vector<std::string>{"h1", "dropout", "h2", "dropout_1", "y", "dropout_2"}));
    const Tensor t = test::iota_tensor(Shape{4, 8}, 0.1f);
    BOOST_TEST(test::max_abs_diff(c.predict(t), m.predict(t)) == 0.f);  // Dropout is identity at inference
    const Tensor trained = c.call(t, layers::call_context{.training = true, .seed = 1, .step = 0});
    BOOST_TEST(test::max_abs_diff(trained, m.predict(t)) > 0.f);  // and drops units in training
}

BOOST_AUTO_TEST_CASE(share_weights_makes_changes_visible_through_both) {  // row 3
    Res m{seed{14}};
    const auto shared = clone_model(m, keep_inputs, share_weights{});
    const Tensor t = test::iota_tensor(Shape{2, 10});
    auto w = m.get_weights();
    for (auto& a : w)
        for (float& v : a.values()) v += 0.5f;
    m.set_weights(w);
    BOOST_TEST(test::same_weights(shared.get_weights(), m.get_weights()));
    BOOST_TEST(test::max_abs_diff(std::get<0>(shared.predict(t)), std::get<0>(m.predict(t))) == 0.f);
    // A copy of either shares with neither.
    Res copy = shared;
    for (auto& a : w)
        for (float& v : a.values()) v -= 1.f;
    m.set_weights(w);
    BOOST_TEST(!test::same_weights(copy.get_weights(), m.get_weights()));
    BOOST_TEST(test::same_weights(shared.get_weights(), m.get_weights()));
}

BOOST_AUTO_TEST_CASE(weight_ties_survive_copies_and_clones_that_keep_them) {  // row 15, beyond Keras
    Mlp m{seed{15}};
    // Two layers with weights of the same shapes, tied.
    using Twin = Sequential<Input<4>, Dense<4>, Dense<4>>;
    Twin twin{seed{16}};
    graph::share_weights(twin.layer<1>(), twin.layer<0>());
    BOOST_TEST(test::same_weights(twin.layer<0>().get_weights(), twin.layer<1>().get_weights()));
    Twin copy = twin;  // the copy keeps its own tie, and shares nothing with the original
    auto w = copy.layer<0>().get_weights();
    w[0].values()[0] = 42.f;
    copy.layer<0>().set_weights(w);
    BOOST_TEST(copy.layer<1>().get_weights()[0].values()[0] == 42.f);
    BOOST_TEST(twin.layer<0>().get_weights()[0].values()[0] != 42.f);
    const auto kept = clone_model(twin, keep_inputs, fresh_weights{}, keep_ties, seed{3});
    const auto untied = clone_model(twin, keep_inputs, fresh_weights{}, seed{3});
    BOOST_TEST(test::same_weights(kept.layer<0>().get_weights(), kept.layer<1>().get_weights()));
    BOOST_TEST(!test::same_weights(untied.layer<0>().get_weights(), untied.layer<1>().get_weights()));
    // Layers whose weights differ in shape cannot be tied.
    BOOST_CHECK_THROW(graph::share_weights(m.layer<0>(), m.layer<1>()), weights_error);
}

BOOST_AUTO_TEST_CASE(repeat_runs_its_blocks_in_turn_each_with_its_own_weights) {
    const block::Stack m{seed{17}};
    const auto& rep = m.layer<0>();
    BOOST_TEST(rep.blocks().size() == 6u);
    BOOST_TEST(!test::same_weights(rep.blocks()[0].get_weights(), rep.blocks()[1].get_weights()));
    const Tensor t = test::iota_tensor(Shape{3, 8}, 0.05f);
    Tensor by_hand = t;
    for (const auto& b : rep.blocks()) by_hand = b.predict(by_hand);
    BOOST_TEST(test::max_abs_diff(m.predict(t), by_hand) <= 1e-6f);
    const auto copied = clone_model(m, keep_inputs, copy_weights{});
    BOOST_TEST(test::max_abs_diff(copied.predict(t), m.predict(t)) == 0.f);
    const auto fresh = clone_model(m, keep_inputs, fresh_weights{seed{2}});
    BOOST_TEST(!test::same_weights(fresh.get_weights(), m.get_weights()));
    BOOST_TEST(fresh.count_params() == m.count_params());
    // set_weights through the Repeat checks counts and changes nothing on a mismatch.
    block::Stack other{seed{18}};
    const auto before = other.get_weights();
    BOOST_CHECK_THROW(other.layer<0>().set_weights(std::vector<Tensor>(3)), weights_error);
    BOOST_TEST(test::same_weights(other.get_weights(), before));
}

BOOST_AUTO_TEST_CASE(a_clone_embeds_in_an_outer_graph_on_its_nodes) {  // inputs as outer tensors
    static_assert(param_count_v<embed::Big> == (3 * 6 + 6) + (6 * 4 + 4) + (4 + 1));
    const embed::Encoder encoder{seed{19}};
    auto inner = clone_model(encoder, Inputs<embed::up>{}, copy_weights{});
    static_assert(std::is_same_v<decltype(inner), embed::Encoder>);
    const embed::Big big({Dense<6>{}, inner, Dense<1>{}}, seed{20});
    BOOST_TEST(test::same_weights(big.layer<1>().get_weights(), encoder.get_weights()));  // kept, not rebuilt
    BOOST_TEST(big.layer<1>().name() == "sub");
    // The outer model computes encoder(up(a)).
    const Tensor t = test::iota_tensor(Shape{2, 3});
    const Tensor u = Sequential<Input<3>, Dense<6>>({big.layer<0>()}, seed{1}).predict(t);
    const Tensor e = encoder.predict(u);
    const Tensor y = Sequential<Input<4>, Dense<1>>({big.layer<2>()}, seed{1}).predict(e);
    BOOST_TEST(test::max_abs_diff(big.predict(t), y) <= 1e-6f);
}

BOOST_AUTO_TEST_CASE(rename_in_a_clone_function_names_sequential_layers_too) {  // row 6
    using Stack = Sequential<Input<4>, Dense<3>, Dense<2>>;
    const Stack m{seed{21}};
    auto name_head = [](const auto& l) {
        using L = std::remove_cvref_t<decltype(l)>;
        if constexpr (std::is_same_v<L, Dense<2>>) return rename<"head">(fresh_weights{}(l));
        else return fresh_weights{}(l);
    };
    const auto c = clone_model(m, keep_inputs, name_head);
    static_assert(std::is_same_v<decltype(c), const Stack>);
    BOOST_TEST(c.layer<0>().name() == "dense");
    BOOST_TEST(c.layer<1>().name() == "head");
    auto twice = [](const auto& l) { return rename<"same">(fresh_weights{}(l)); };
    BOOST_CHECK_THROW((void)clone_model(m, keep_inputs, twice), config_error);
}

// ---- Rewrites for deployment (docs/clone.md) ------------------------------------------------------

namespace deployable {
struct x : Input<6> {};
struct h : Call<Dense<8>, x> {};
struct hn : Call<BatchNormalization<>, h> {};  // h has a second reader (skip): this one stays
struct skip : Call<Dense<8, act::linear, no_bias>, h> {};
struct sn : Call<BatchNormalization<>, skip> {};  // folds into skip, which gains a bias
struct s : Call<Add, hn, sn> {};
struct d : Call<Dropout<std::ratio<1, 2>>, s> {};
struct e : Call<Dense<4>, d> {};
struct r : Call<Activation<act::relu>, e> {};  // fuses into e
using Net = Functional<Inputs<x>, Outputs<r>>;
} // namespace deployable

BOOST_AUTO_TEST_CASE(deploy_rewrites_a_graph_and_keeps_a_batch_norm_whose_input_is_read_twice) {
    deployable::Net m{seed{1}};
    test::set_trained_weights(m, 21);
    const Tensor t = scion::test_fixtures::random_tensor(Shape{4, 6}, 22, -2.0f, 2.0f);
    const Tensor y = m.predict(t);
    const auto c = clone_model(m, deploy);
    using C = std::remove_cvref_t<decltype(c)>;
    static_assert(C::layer_tuple::size == 5);
    static_assert(std::is_same_v<graph::layer_at_t<1, C::layer_tuple>, BatchNormalization<>>);
    static_assert(std::is_same_v<graph::layer_at_t<2, C::layer_tuple>, Dense<8>>);
    static_assert(std::is_same_v<graph::layer_at_t<4, C::layer_tuple>, Dense<4, act::relu>>);
    BOOST_TEST(layer_names(c) == (std::vector<std::string>{"h", "hn", "skip", "s", "e"}));
    BOOST_TEST(test::max_abs_diff(c.predict(t), y) <= 1e-5f);
    BOOST_TEST(test::same_weights(c.layer<1>().get_weights(), m.layer<1>().get_weights()));  // hn, copied
    // A rewrite then a call function: Dropouts after the Dense layers of the rewritten graph.
    const auto both = clone_model(m, keep_inputs, deploy, call_function<dropout_after_dense>{});
    BOOST_TEST(layer_names(both) == (std::vector<std::string>{"h", "dropout", "hn", "skip", "dropout_1", "s", "e",
                                                              "dropout_2"}));
    BOOST_TEST(test::max_abs_diff(both.predict(t), y) <= 1e-5f);
}
