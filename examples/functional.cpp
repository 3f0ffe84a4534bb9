// examples/functional.cpp — functional graphs as types: nodes declared as structs, merges, shared
// and named layers, a layer with several outputs, nested models, Repeat, several inputs and
// outputs, and what the compiler knows about them. docs/functional.md quotes from this file.
#include <scion/scion.hpp>

#include "check.hpp"

#include <array>
#include <cstddef>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

using namespace scion;

// ---- A residual block with two outputs ---------------------------------------------------------
// Keras:  x = Input((10,));  h = Dense(12, activation="relu", name="h")(x)
//         r = Dense(10, name="r")(h);  s = Add(name="s")([x, r])
//         y = Dense(4, activation="sigmoid", name="y")(s);  Model(inputs=x, outputs=[y, h])
namespace residual {
struct x : Input<10> {};
struct h : Call<Dense<12, act::relu>, x> {};      // the layer is named "h"
struct r : Call<Dense<10>, h> {};
struct s : Call<Add, x, r> {};                    // a merge: x + r
struct y : Call<Dense<4, act::sigmoid>, s> {};
using Net = Functional<Inputs<x>, Outputs<y, h>>;
} // namespace residual

static_assert(param_count_v<residual::Net> == (10 * 12 + 12) + (12 * 10 + 10) + (10 * 4 + 4));  // 306
static_assert(output_shape_v<residual::Net, 0> == Shape{4});    // y
static_assert(output_shape_v<residual::Net, 1> == Shape{12});   // h
static_assert(residual::Net::mac_count == 10 * 12 + 12 * 10 + 10 * 4);  // multiply-adds per sample

// ---- A shared layer: one encoder, two inputs ----------------------------------------------------
// Keras:  encoder = Dense(5, activation="elu", name="encoder")
//         ea = encoder(a);  eb = encoder(b)          # one layer, called twice
namespace siamese {
struct a : Input<6> {};
struct b : Input<6> {};
struct encoder : Dense<5, act::elu> {};           // a named layer: one layer, one set of weights
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
struct diff : Call<Subtract, ea, eb> {};
using head = named<"similarity", Dense<1, act::sigmoid>>;   // a name that is any string
struct score : Call<head, diff> {};
using Net = Functional<Inputs<a, b>, Outputs<score, diff>>;
} // namespace siamese

// The encoder's weights count once; a layer written at each call site would be two layers.
static_assert(param_count_v<siamese::Net> == (6 * 5 + 5) + (5 * 1 + 1));  // 41
namespace unshared {
using siamese::a, siamese::b;
struct ea : Call<Dense<5, act::elu>, a> {};       // a new layer at each site, as Dense(5)(a) is
struct eb : Call<Dense<5, act::elu>, b> {};
using Net = Functional<Inputs<a, b>, Outputs<ea, eb>>;
} // namespace unshared
static_assert(param_count_v<unshared::Net> == 2 * (6 * 5 + 5));
// The summary is known at compile time too: one row for the encoder, called as encoder[0] and [1].
constexpr bool mentions(std::string_view text, std::string_view part) {  // a constexpr find, by index
    for (std::size_t i = 0; i + part.size() <= text.size(); ++i) {
        std::size_t k = 0;
        while (k < part.size() && text[i + k] == part[k]) ++k;
        if (k == part.size()) return true;
    }
    return false;
}
static_assert(mentions(summary_v<siamese::Net>.view(), "encoder[1]"));

// ---- Inline calls and automatic names ----------------------------------------------------------
// A node written inline, or an input without a struct of its own, takes a Keras-style automatic
// name: "input_layer", "dense", "dense_1", ...
namespace gated {
using x = Input<8>;
struct y : Call<Multiply, Call<Dense<8, act::tanh>, x>, Call<Dense<8, act::sigmoid>, x>> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace gated

// ---- A layer with several outputs ---------------------------------------------------------------
// Keras:  out, state_h, state_c = LSTM(8, return_state=True)(x)
namespace states {
struct x : Input<12, 3> {};
struct lstm : Call<LSTM<8, return_state>, x> {};  // three outputs
struct state_h : Get<lstm, 1> {};
struct state_c : Get<lstm, 2> {};
using Net = Functional<Inputs<x>, Outputs<lstm, state_h, state_c>>;  // `lstm` is its output 0
} // namespace states

// ---- Nested models ------------------------------------------------------------------------------
// A model type is a layer: called at a node, it runs as one call. Each node that calls a model
// type is a model of its own, with its own weights; a named model (struct tower : Block {}) is
// one model at every call, like any named layer.
namespace nested {
using Block = Sequential<Input<6>, Dense<8, act::relu>, Dense<6>>;
struct x : Input<6> {};
struct b1 : Call<Block, x> {};
struct b2 : Call<Block, b1> {};
struct skip : Call<Add, x, b2> {};
using Net = Functional<Inputs<x>, Outputs<skip>>;
} // namespace nested
static_assert(param_count_v<nested::Net> == 2 * param_count_v<nested::Block>);

// ---- Repeat: N blocks, one type -----------------------------------------------------------------
namespace deep {
struct bx : Input<16> {};
struct bh : Call<Dense<16, act::relu>, bx> {};
struct bs : Call<Add, bx, Call<Dense<16>, bh>> {};
using Block = Functional<Inputs<bx>, Outputs<bs>>;    // a residual block: (16) -> (16)

struct x : Input<16> {};
struct stage : Call<Repeat<50, Block>, x> {};         // 50 blocks, each with its own weights
struct y : Call<Dense<2>, stage> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace deep
static_assert(param_count_v<deep::Net> == 50 * 2 * (16 * 16 + 16) + (16 * 2 + 2));
static_assert(deep::Net::mac_count == 50 * 2 * 16 * 16 + 16 * 2);

namespace {
// A batch of `rows` samples of per-sample shape `s`, with values in [-0.5, 0.5).
Tensor batch(std::size_t rows, const Shape& s, float step = 0.01f) {
    Tensor t(s.prepend(rows));
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<float>(i % 101) * step - 0.5f;
    return t;
}

std::vector<std::string> layer_names(const auto& model) {
    std::vector<std::string> names;
    model.layers().for_each([&](const auto& layer) { names.emplace_back(layer.name()); });
    return names;
}
} // namespace

int main() {
    // -- several outputs: predict returns a std::array, one Tensor per output, in order
    const residual::Net res{seed{7}};
    const Tensor x = batch(3, Shape{10});
    const auto [y, h] = res.predict(x);
    SCION_CHECK(y.shape() == Shape({3, 4}));
    SCION_CHECK(h.shape() == Shape({3, 12}));
    SCION_CHECK(res.input_layer(0).name() == "x");
    SCION_CHECK(layer_names(res) == std::vector<std::string>({"h", "r", "s", "y"}));

    // -- several inputs: one Tensor per input, in the order of Inputs<...>
    const siamese::Net sia{seed{7}};
    const Tensor a = batch(2, Shape{6}), b = batch(2, Shape{6}, 0.02f);
    const auto [score, diff] = sia.predict(a, b);
    SCION_CHECK(score.shape() == Shape({2, 1}));
    SCION_CHECK(layer_names(sia) == std::vector<std::string>({"encoder", "diff", "similarity"}));
    // One encoder: the same input on both sides encodes to the same code, so the difference is 0.
    const auto [same_score, zero] = sia.predict(a, a);
    SCION_CHECK(zero == Tensor(Shape{2, 5}));
    SCION_CHECK(sia.get_weights().size() == 4u);    // encoder kernel and bias, similarity's

    // -- the list forms: predict(span) returns a vector; predict_into writes into your tensors
    const std::vector<Tensor> inputs{a, b};
    const std::vector<Tensor> outputs = sia.predict(inputs);
    SCION_CHECK(outputs.size() == 2u && outputs[0] == score && outputs[1] == diff);
    std::vector<Tensor> into(2);
    workspace ws;                                   // reused: no allocation after the first call
    sia.predict_into(inputs, into, ws);
    SCION_CHECK(into[0] == score && into[1] == diff);

    // -- automatic names
    const gated::Net gate{seed{7}};
    SCION_CHECK(gate.input_layer(0).name() == "input_layer");
    SCION_CHECK(layer_names(gate) == std::vector<std::string>({"dense", "dense_1", "y"}));
    const Tensor g = gate.predict(batch(4, Shape{8}));  // one output: a Tensor
    SCION_CHECK(g.shape() == Shape({4, 8}));

    // -- a layer with several outputs: Get<lstm, K> is output K
    const states::Net st{seed{7}};
    const auto [out, state_h, state_c] = st.predict(batch(2, Shape{12, 3}));
    SCION_CHECK(out == state_h);                    // without return_sequences, output 0 is h
    SCION_CHECK(state_c.shape() == Shape({2, 8}));

    // -- nested models: weights from the outer model's seed, each under its node's name
    const nested::Net n5{seed{5}}, again{seed{5}};
    SCION_CHECK(n5.get_weights() == again.get_weights());              // reproducible
    SCION_CHECK(n5.layer<0>().name() == "b1" && n5.layer<1>().name() == "b2");
    SCION_CHECK(n5.layer<0>().get_weights() != n5.layer<1>().get_weights());  // two models
    SCION_CHECK(n5.layer<0>().get_weights() != nested::Block{seed{5}}.get_weights());

    // -- Repeat: 50 blocks, each its own model with its own weights
    const deep::Net d{seed{7}};
    const auto& stage = d.layer<0>();
    SCION_CHECK(stage.blocks().size() == 50u);
    SCION_CHECK(stage.blocks()[0].get_weights() != stage.blocks()[1].get_weights());
    SCION_CHECK(d.predict(batch(2, Shape{16})).shape() == Shape({2, 2}));

    // -- the summary: for a graph that is not a chain, a "Connected to" column; a shared layer
    //    has one row, and its calls are encoder[0] and encoder[1]
    const std::string summary = sia.summary();
    std::cout << summary;
    SCION_CHECK(summary.find("Connected to") != std::string::npos);
    SCION_CHECK(summary.find("encoder[1]") != std::string::npos);
    SCION_CHECK(summary.find("Total params: 41\n") != std::string::npos);
    SCION_CHECK(summary == summary_v<siamese::Net>.view());   // the same table, at compile time

    std::cout << "residual: " << param_count_v<residual::Net> << " parameters, outputs " << y.shape().to_string()
              << " and " << h.shape().to_string() << "\n"
              << "deep: 50 blocks, " << param_count_v<deep::Net> << " parameters, " << deep::Net::mac_count
              << " multiply-adds per sample\n";
}
