// summary_v<M>, the summary computed at compile time, equals the summary() a freshly built model
// prints at run time: Sequential and Functional models, shared layers, skip connections, nested
// models with several outputs, Repeat, automatic names, a long chain. What only the run time
// knows (a frozen layer, a model renamed) is where the two differ. The tables themselves are
// written out in tests/static/static_summary.cpp.
#define BOOST_TEST_MODULE summary
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <cstddef>
#include <ratio>
#include <string>
#include <string_view>
#include <utility>

using namespace scion;

namespace {

using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
using Tagger = Sequential<Input<20, 8>, LSTM<16>, Dense<4, act::softmax>>;
using Stack = Sequential<Input<4, 3>, Flatten, Dense<5, act::relu>, Dropout<std::ratio<1, 2>>, Dense<2>, Reshape<2, 1>,
                         Bidirectional<LSTM<3>>, Activation<act::tanh>>;

// A shared layer, a skip connection, an unnamed layer (automatic name).
namespace skip_shared {
struct a : Input<6> {};
struct b : Input<6> {};
struct encoder : Dense<4, act::relu> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
struct h : Call<Dense<4>, ea> {};
struct skip : Call<Add, ea, h, eb> {};
struct y : Call<Dense<1, act::sigmoid>, Call<Dense<3, act::tanh>, skip>> {};
using Net = Functional<Inputs<a, b>, Outputs<y>>;
} // namespace skip_shared

// A nested model with two outputs, shared, its outputs picked by Get; and nested Sequentials.
namespace towers {
struct ti : Input<4> {};
struct u : Call<Dense<5, act::relu>, ti> {};
struct p : Call<Dense<3>, u> {};
struct q : Call<Dense<2, act::tanh>, u> {};
using Tower = Functional<Inputs<ti>, Outputs<p, q>>;
using tower = named<"tower", Tower>;
using Head = Sequential<Input<8>, Dense<6, act::relu>, Dropout<>, Dense<2>>;
struct a : Input<4> {};
struct b : Input<4> {};
struct ta : Call<tower, a> {};
struct tb : Call<tower, b> {};
struct a1 : Get<ta, 1> {};
struct b0 : Get<tb, 0> {};
struct j : Call<Concatenate<>, ta, a1, b0> {};
struct y : Call<Head, j> {};
using Net = Functional<Inputs<a, b>, Outputs<y, a1>>;
} // namespace towers

// A residual block repeated (Repeat), inside a Functional and a Sequential.
namespace repeated {
struct bx : Input<16> {};
struct bh : Call<Dense<16, act::relu>, bx> {};
struct bs : Call<Add, bx, Call<Dense<16>, bh>> {};
using Block = Functional<Inputs<bx>, Outputs<bs>>;
struct x : Input<16> {};
struct stage : Call<Repeat<4, Block>, x> {};
struct merged : Call<Add, x, stage> {};
struct y : Call<Dense<2>, merged> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
using Seq = Sequential<Input<16>, Repeat<2, Block>, Dense<3>, Repeat<3, Sequential<Input<3>, Dense<3>>>>;
} // namespace repeated

// Every layer and input without a node name: automatic names only.
namespace autonames {
using x = Input<3>;
using h1 = Call<Dense<4>, x>;
using h2 = Call<Dense<4, act::relu>, x>;
using Net = Functional<Inputs<x>, Outputs<Call<Dense<2>, Call<Concatenate<>, h1, h2>>>>;
} // namespace autonames

template <std::size_t, class T>
using always = T;
template <class Indices>
struct long_chain;
template <std::size_t... I>
struct long_chain<std::index_sequence<I...>> {
    using type = Sequential<Input<8>, always<I, Dense<8, act::relu>>...>;
};
using Long = long_chain<std::make_index_sequence<160>>::type;

template <class M>
void check_same() {
    const M m{seed{1}};
    const std::string printed = m.summary();
    BOOST_TEST_MESSAGE(printed);
    BOOST_TEST(printed == summary_v<M>.view());
    BOOST_TEST(printed == summary_string<M>());
}

} // namespace

BOOST_AUTO_TEST_CASE(the_compile_time_summary_is_the_one_a_fresh_model_prints) {
    check_same<Classifier>();
    check_same<Tagger>();
    check_same<Stack>();
    check_same<skip_shared::Net>();
    check_same<towers::Tower>();
    check_same<towers::Net>();
    check_same<towers::Head>();
    check_same<repeated::Block>();
    check_same<repeated::Net>();
    check_same<repeated::Seq>();
    check_same<autonames::Net>();
    check_same<Long>();
}

BOOST_AUTO_TEST_CASE(a_frozen_layer_or_a_new_name_is_known_only_at_run_time) {
    // A frozen layer: the run-time totals move its parameters to non-trainable; the compile-time
    // summary counts them all as trainable, and is otherwise the same.
    auto frozen = Dense<1, act::sigmoid>::default_config();
    frozen.trainable = false;
    const Classifier m({Dense<32, act::relu>{}, Dense<1, act::sigmoid>(frozen)}, seed{1});
    const std::string printed = m.summary();
    std::string expected(summary_v<Classifier>.view());
    const std::string all_trainable = "Trainable params: 23361\nNon-trainable params: 0\n";
    BOOST_TEST_REQUIRE(test::contains(expected, all_trainable));
    expected.replace(expected.find(all_trainable), all_trainable.size(),
                     "Trainable params: 23328\nNon-trainable params: 33\n");
    BOOST_TEST(printed == expected);

    // A model renamed at run time: only the header line differs.
    Classifier renamed{seed{1}};
    renamed.set_name("classifier");
    std::string header_changed(summary_v<Classifier>.view());
    header_changed.replace(0, std::string_view("Model: \"sequential\"").size(), "Model: \"classifier\"");
    BOOST_TEST(renamed.summary() == header_changed);
}
