// tests/runtime/functional_models.hpp — the functional models of tests/fixtures/tfjs/functional/,
// declared in the DSL (one namespace per fixture, node structs named as the tfjs layers), and a
// loader that gives a model the fixture's weights by layer name.
#pragma once

#include "support.hpp"

#include <map>
#include <ratio>
#include <string>
#include <vector>

namespace scion::test::fn {

// (a) residual_mlp: two skip connections.
namespace residual_mlp {
struct x : Input<10> {};
struct h1 : Call<Dense<16, act::relu>, x> {};
struct r1 : Call<Dense<10>, h1> {};
struct s1 : Call<Add, x, r1> {};
struct h2 : Call<Dense<16, act::relu>, s1> {};
struct r2 : Call<Dense<10>, h2> {};
struct s2 : Call<Add, s1, r2> {};
struct y : Call<Dense<4, act::sigmoid>, s2> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace residual_mlp

// (b) siamese: a two-layer encoder shared by two inputs (one layer declared as a struct, one with
// named<>), then Subtract and Concatenate.
namespace siamese {
struct a : Input<6> {};
struct b : Input<6> {};
struct enc_hidden : Dense<8, act::relu> {};
using encoder = named<"encoder", Dense<5, act::elu>>;
struct ha : Call<enc_hidden, a> {};
struct hb : Call<enc_hidden, b> {};
struct ea : Call<encoder, ha> {};
struct eb : Call<encoder, hb> {};
struct diff : Call<Subtract, ea, eb> {};
struct join : Call<Concatenate<>, ea, eb, diff> {};
struct score : Call<Dense<1, act::sigmoid>, join> {};
using Net = Functional<Inputs<a, b>, Outputs<score, diff>>;
} // namespace siamese

// (c) two_inputs_two_heads: inputs of different ranks, two heads.
namespace two_heads {
struct a : Input<7> {};
struct b : Input<4, 3> {};
struct fa : Call<Dense<8, act::tanh>, a> {};
struct fb : Call<Flatten, b> {};
struct joined : Call<Concatenate<>, fa, fb> {};
struct trunk : Call<Dense<10, act::relu>, joined> {};
struct cls : Call<Dense<4, act::softmax>, trunk> {};
struct drop : Call<Dropout<std::ratio<3, 10>>, trunk> {};
struct prob : Call<Dense<1, act::sigmoid>, drop> {};
using Net = Functional<Inputs<a, b>, Outputs<cls, prob>>;
} // namespace two_heads

// (d) nested_sequential: a Sequential model used as a layer, inside a skip connection.
namespace nested_sequential {
using Block = Sequential<Input<6>, Dense<8, act::relu>, Dropout<std::ratio<1, 4>>, Dense<6>>;
struct x : Input<5> {};
struct pre : Call<Dense<6, act::tanh>, x> {};
struct block : Call<Block, pre> {};
struct skip : Call<Add, pre, block> {};
struct post : Call<Dense<3, act::softmax>, skip> {};
using Net = Functional<Inputs<x>, Outputs<post>>;
} // namespace nested_sequential

// (e) branchy_merges: Multiply (with a broadcast gate), Average, Maximum, Minimum; an output
// that other nodes also read.
namespace branchy {
struct x : Input<8> {};
struct a : Call<Dense<6, act::relu>, x> {};
struct b : Call<Dense<6, act::tanh>, x> {};
struct c : Call<Dense<6, act::sigmoid>, x> {};
struct gate : Call<Dense<1, act::sigmoid>, x> {};
struct prod : Call<Multiply, a, b, gate> {};
struct mean : Call<Average, a, b, c> {};
struct hi : Call<Maximum, prod, mean> {};
struct lo : Call<Minimum, b, c, prod> {};
struct both : Call<Concatenate<>, hi, lo> {};
struct y : Call<Dense<3>, both> {};
using Net = Functional<Inputs<x>, Outputs<y, hi>>;
} // namespace branchy

// (f) lstm_encoder_decoder: Bidirectional LSTM and LSTM encoder, Dense code, Reshape, LSTM decoder.
namespace seq2seq {
struct x : Input<6, 3> {};
struct enc_seq : Call<Bidirectional<LSTM<8, return_sequences>, merge::concat>, x> {};
struct enc : Call<LSTM<8>, enc_seq> {};
struct code : Call<Dense<12, act::tanh>, enc> {};
struct steps : Call<Reshape<4, 3>, code> {};
struct dec : Call<LSTM<5, return_sequences>, steps> {};
struct y : Call<Dense<2>, dec> {};
using Net = Functional<Inputs<x>, Outputs<y, code>>;
} // namespace seq2seq

// (g) nested_functional: a functional model with two outputs used as a layer; Get picks them.
namespace nested_functional {
struct tower_in : Input<4> {};
struct u : Call<Dense<5, act::relu>, tower_in> {};
struct p : Call<Dense<3>, u> {};
struct q : Call<Dense<2, act::tanh>, u> {};
using Tower = Functional<Inputs<tower_in>, Outputs<p, q>>;
struct x : Input<4> {};
struct tower : Call<Tower, x> {};
struct t0 : Get<tower, 0> {};
struct t1 : Get<tower, 1> {};
struct both : Call<Concatenate<>, t0, t1> {};
struct y : Call<Dense<2, act::sigmoid>, both> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace nested_functional

/// One weight array of a fixture, with its tfjs name ("dense/kernel").
struct named_tensor {
    std::string name;
    Tensor value;
};

/// A functional fixture: inputs and outputs in the model's order, each with its layer's name, and
/// every layer's weights by layer name (in the layer's Keras order).
struct functional_fixture {
    json raw;
    std::vector<std::string> input_names, output_names;
    std::vector<Tensor> inputs, outputs;
    std::map<std::string, std::vector<named_tensor>> weights;
};

inline functional_fixture load_functional_fixture(const std::string& name) {
    functional_fixture f;
    f.raw = read_json("functional/" + name + ".json");
    for (const auto& x : f.raw.at("inputs")) {
        f.input_names.push_back(x.at("name").get<std::string>());
        f.inputs.push_back(tensor_from(x));
    }
    for (const auto& y : f.raw.at("outputs")) {
        f.output_names.push_back(y.at("name").get<std::string>());
        f.outputs.push_back(tensor_from(y));
    }
    for (const auto& [layer, ws] : f.raw.at("weights").items()) {
        auto& mine = f.weights[layer];  // an entry for weightless layers too
        for (const auto& w : ws) mine.push_back({w.at("name").get<std::string>(), tensor_from(w)});
    }
    return f;
}

/// Model `m`'s arrays in get_weights order: `arrays_of(layer)` for each of its layers, taken in
/// the graph's order and concatenated in Keras's order of the layers (`keras_layer_order`).
template <class M, class F>
std::vector<Tensor> in_keras_order(const M& m, F&& arrays_of) {
    std::vector<std::vector<Tensor>> per_layer;
    m.layers().for_each([&](const auto& l) { per_layer.push_back(arrays_of(l)); });
    std::vector<Tensor> all;
    for (const auto& e : std::remove_cvref_t<M>::keras_layer_order)
        if (!e.input)
            for (const Tensor& t : per_layer[e.index]) all.push_back(t);
    return all;
}

/// Appends layer `l`'s weights taken from `ws` (the fixture's arrays for it). A nested model takes
/// each of its layers' arrays by that layer's name (tfjs names them "<inner layer>/kernel"), in
/// its get_weights order (Keras's order of its layers, `keras_layer_order`).
template <class L>
void append_weights(const L& l, const std::vector<named_tensor>& ws, std::vector<Tensor>& out) {
    if constexpr (requires { l.layers(); }) {
        std::size_t used = 0;
        for (Tensor& t : in_keras_order(l, [&](const auto& inner) {
                 const std::string prefix = std::string(inner.name()) + "/";
                 std::vector<named_tensor> mine;
                 for (const auto& w : ws)
                     if (w.name.starts_with(prefix)) mine.push_back(w);
                 used += mine.size();
                 std::vector<Tensor> arrays;
                 append_weights(inner, mine, arrays);
                 return arrays;
             }))
            out.push_back(std::move(t));
        if (used != ws.size())
            throw std::runtime_error("nested model '" + std::string(l.name()) + "': " + std::to_string(ws.size()) +
                                     " fixture arrays, its layers' names match " + std::to_string(used));
    } else {
        for (const auto& w : ws) out.push_back(w.value);
    }
}

/// The fixture's weights in `m`'s get_weights order, found by layer name. Throws if a layer of
/// `m` has no entry in the fixture or the fixture has a layer `m` does not.
template <class M>
std::vector<Tensor> weights_by_name(const M& m, const functional_fixture& f) {
    std::size_t found = 0;
    std::vector<Tensor> all = in_keras_order(m, [&](const auto& l) {
        const auto it = f.weights.find(std::string(l.name()));
        if (it == f.weights.end())
            throw std::runtime_error("layer '" + std::string(l.name()) + "' is not in the fixture");
        ++found;
        std::vector<Tensor> arrays;
        append_weights(l, it->second, arrays);
        return arrays;
    });
    if (found != f.weights.size())
        throw std::runtime_error("the fixture has " + std::to_string(f.weights.size()) + " layers, the model " +
                                 std::to_string(found));
    return all;
}

} // namespace scion::test::fn
