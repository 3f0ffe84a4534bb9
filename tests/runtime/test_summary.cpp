// summary_v<M>, the summary computed at compile time, equals the summary() a freshly built model
// prints at run time: Sequential and Functional models, shared layers, skip connections, nested
// models with several outputs, Repeat, automatic names, a long chain. What only the run time
// knows (a frozen layer, a model renamed) is where the two differ. The tables themselves are
// written out in tests/static/static_summary.cpp.
#define BOOST_TEST_MODULE summary
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <scion/bridge.hpp>

#include <cstddef>
#include <ratio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// BatchNormalization: its moving statistics are non-trainable at compile time and at run time.
using Normed = Sequential<Input<4>, Dense<3>, BatchNormalization<>, Dense<2>>;

// The residual fixture's graph: two heads, one on the skip (tests/fixtures/tfjs/layer_order.json:
// TF.js lists x, up, down, skip, head_a, head_b).
namespace two_heads {
struct x : Input<6> {};
struct up : Call<Dense<8, act::relu>, x> {};
struct down : Call<Dense<6>, up> {};
struct skip : Call<Add, x, down> {};
struct head_a : Call<Dense<2>, skip> {};
struct head_b : Call<Dense<3>, up> {};
using Net = Functional<Inputs<x>, Outputs<head_a, head_b>>;
} // namespace two_heads

/// The first word of each row of a summary table: the names of its rows, in order.
std::vector<std::string> row_names(const std::string& table) {
    std::vector<std::string> names;
    std::size_t at = table.find("\n=");  // below the header
    const std::size_t end = table.rfind("\n=");
    at = table.find('\n', at + 1);
    while (at != std::string::npos && at < end) {
        const std::size_t next = table.find('\n', at + 1);
        const std::string line = table.substr(at + 1, next - at - 1);
        if (line.size() > 1 && line[0] == ' ' && line[1] != ' ') names.push_back(line.substr(1, line.find(' ', 1) - 1));
        at = next;
    }
    return names;
}

/// TF.js's order of model `name`'s layers and weights (tests/fixtures/tfjs/layer_order.json).
json tfjs_order(const std::string& name) { return test::read_json("layer_order.json").at("models").at(name); }

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
    check_same<Normed>();
    check_same<two_heads::Net>();
}

// Keras and TF.js list a functional model's layers by depth from the outputs (ties in the order
// a walk from the outputs meets them), and a Sequential's summary has no InputLayer row. The
// reference is TF.js's own `model.layers`, `weights` and summary rows (gen_layer_order.mjs).
template <class M>
void check_order_against_tfjs(const std::string& fixture) {
    const json ref = tfjs_order(fixture);
    const M m{seed{3}};
    const auto want_rows = ref.at("summary_rows").get<std::vector<std::string>>();
    BOOST_TEST(row_names(m.summary()) == want_rows, fixture << ": summary rows");
    BOOST_TEST(row_names(std::string(summary_v<M>.view())) == want_rows, fixture << ": compile-time summary rows");
    // The JSON lists the layers (and inputs) in that order too.
    std::vector<std::string> listed;
    const json config = m.get_config();
    for (const json& l : config.at("config").at("layers")) listed.push_back(l.at("config").at("name"));
    auto want_layers = ref.at("layers").get<std::vector<std::string>>();
    if (graph::is_sequential_model<M>) want_layers.insert(want_layers.begin(), "input_layer");  // its config lists the InputLayer first
    BOOST_TEST(listed == want_layers, fixture << ": the layers of the JSON");
    // get_weights follows the layers: each weight's layer, in TF.js's order.
    const auto dyn = to_dynamic(m);
    std::vector<std::string> weight_layers;
    for (const dynamic::Layer& l : dyn.layers())
        for (std::size_t k = 0; k < l.get_weights().size(); ++k) weight_layers.push_back(l.name());
    std::vector<std::string> want_weights;
    for (const json& w : ref.at("weights")) {
        const std::string n = w.get<std::string>();
        want_weights.push_back(n.substr(0, n.find('/')));
    }
    BOOST_TEST(weight_layers == want_weights, fixture << ": the dynamic twin's get_weights order");
    BOOST_TEST((dyn.get_weights() == m.get_weights()), fixture << ": the twins' get_weights agree");
    BOOST_TEST(row_names(dyn.summary()) == want_rows, fixture << ": the dynamic twin's summary rows");
}

BOOST_AUTO_TEST_CASE(layers_are_listed_in_keras_order) {
    check_order_against_tfjs<skip_shared::Net>("skip_shared");
    check_order_against_tfjs<towers::Tower>("tower");
    check_order_against_tfjs<two_heads::Net>("two_heads");
    check_order_against_tfjs<Classifier>("sequential");
    // The weights of a model in Keras's order move to a twin by list, as set_weights(keras_model.get_weights()).
    const two_heads::Net a{seed{1}};
    two_heads::Net b{seed{2}};
    b.set_weights(a.get_weights());
    const Tensor x = test::iota_tensor(Shape{2, 6});
    const auto ya = a.predict(x);
    const auto yb = b.predict(x);
    BOOST_TEST((std::get<0>(ya) == std::get<0>(yb) && std::get<1>(ya) == std::get<1>(yb)));
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
