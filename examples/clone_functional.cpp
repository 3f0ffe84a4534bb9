// examples/clone_functional.cpp — clone_model on functional graphs: a clone function that
// widens and renames a shared layer (the clone keeps one shared layer), a clone on new inputs, a
// recursive clone into a nested model, a layer with several outputs, shared weights and weight
// ties, and a call function. docs/clone.md quotes from this file.
#include <scion/scion.hpp>

#include "check.hpp"

#include <iostream>
#include <ratio>
#include <string>
#include <type_traits>
#include <vector>

using namespace scion;

// ---- A siamese model: one encoder called on two inputs -------------------------------------------
namespace siamese {
struct a : Input<6> {};
struct b : Input<6> {};
struct encoder : Dense<5, act::elu> {};
struct ea : Call<encoder, a> {};
struct eb : Call<encoder, b> {};
struct diff : Call<Subtract, ea, eb> {};
struct score : Call<Dense<1, act::sigmoid>, diff> {};
using Net = Functional<Inputs<a, b>, Outputs<score>>;
} // namespace siamese

// A clone function sees each distinct layer once, as the type the model stores (the encoder is a
// Dense<5, act::elu>). This one widens the encoder to 16 units and renames it; other layers get
// the default clone.
inline constexpr auto widen_encoder = [](const auto& layer) {
    using L = std::remove_cvref_t<decltype(layer)>;
    if constexpr (std::is_same_v<L, Dense<5, act::elu>>)
        return rename<"wide_encoder">(Dense<16, act::elu>{});
    else
        return fresh_weights{}(layer);
};

using Wide = clone_model_t<siamese::Net, keep_inputs_t, decltype(widen_encoder)>;
// A clone that changes a layer's type or name is a GraphModel<G> over the clone's graph...
static_assert(!std::is_same_v<Wide, siamese::Net>);
// ...with one shared encoder, now (6 -> 16), and the Dense after it re-inferred to read 16.
static_assert(Wide::layer_tuple::size == 3);
static_assert(param_count_v<Wide> == (6 * 16 + 16) + (16 * 1 + 1));
// A plain clone is the model's own type.
static_assert(std::is_same_v<clone_model_t<siamese::Net>, siamese::Net>);

// ---- New inputs: Inputs<...> of input nodes, matched to the model's inputs in order -------------
namespace siamese {
struct left : Input<9> {};
struct right : Input<9> {};
} // namespace siamese
using Nine = clone_model_t<siamese::Net, Inputs<siamese::left, siamese::right>>;
static_assert(input_shape_v<Nine, 0> == Shape{9} && input_shape_v<Nine, 1> == Shape{9});
static_assert(param_count_v<Nine> == (9 * 5 + 5) + (5 * 1 + 1));  // the encoder reads 9 features

// ---- A nested model, cloned whole or recursively ------------------------------------------------
namespace tagger {
using Encoder = Sequential<Input<20, 8>, LSTM<16>>;
struct x : Input<20, 8> {};
struct encoder : Call<Encoder, x> {};
struct y : Call<Dense<4, act::softmax>, encoder> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace tagger

// The seed's clone function: wrap every LSTM in a Bidirectional.
inline constexpr auto make_bidirectional = [](const auto& layer) {
    if constexpr (is_lstm_v<std::remove_cvref_t<decltype(layer)>>)
        return Bidirectional{layer};
    else
        return fresh_weights{}(layer);
};

// Without `recursive`, the nested model is one layer given to the clone function whole: it is
// not an LSTM, so it gets the default clone (the same type, fresh weights).
static_assert(std::is_same_v<clone_model_t<tagger::Net, keep_inputs_t, decltype(make_bidirectional)>, tagger::Net>);
// With `recursive`, the clone function reaches the LSTM inside it.
using BiTagger = clone_model_t<tagger::Net, keep_inputs_t, decltype(make_bidirectional), recursive_t>;
static_assert(param_count_v<BiTagger> == 2 * (4 * 16 * (8 + 16) + 4 * 16) + (32 * 4 + 4));
static_assert(output_shape_v<BiTagger> == Shape{4});

// ---- A layer with several outputs keeps its output indices ---------------------------------------
namespace states {
struct x : Input<12, 3> {};
struct lstm : Call<LSTM<8, return_state>, x> {};
struct state_c : Get<lstm, 2> {};
using Net = Functional<Inputs<x>, Outputs<lstm, state_c>>;
} // namespace states
inline constexpr auto widen_lstm = [](const auto& layer) {
    using L = std::remove_cvref_t<decltype(layer)>;
    if constexpr (is_lstm_v<L>)
        return LSTM<32, return_state>{};
    else
        return fresh_weights{}(layer);
};
using WideStates = clone_model_t<states::Net, keep_inputs_t, decltype(widen_lstm)>;
static_assert(output_shape_v<WideStates, 1> == Shape{32});  // still state_c, now of 32 units

// ---- Two distinct layers of the same shapes (for weight ties) ------------------------------------
namespace twins {
struct x : Input<8> {};
struct left : Call<Dense<4>, x> {};
struct right : Call<Dense<4>, x> {};
using Net = Functional<Inputs<x>, Outputs<left, right>>;
} // namespace twins

// ---- A call function: a Dropout after every call of a Dense (Keras 3's call_function) ----------
namespace mlp {
struct x : Input<8> {};
struct h1 : Call<Dense<16, act::relu>, x> {};
struct h2 : Call<Dense<16, act::relu>, h1> {};
struct y : Call<Dense<2>, h2> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace mlp

// `Layer` is the cloned layer (use it as the layer of a Call: every call of it is that one
// layer); `In...` are the call's input nodes.
struct dropout_after_dense {
    template <class Layer, class... In>
    using call = std::conditional_t<is_dense_v<layer_storage_t<Layer>>,
                                    Call<Dropout<std::ratio<1, 5>>, Call<Layer, In...>>,
                                    Call<Layer, In...>>;
};
using WithDropout = clone_model_t<mlp::Net, keep_inputs_t, copy_weights, call_function<dropout_after_dense>>;
static_assert(WithDropout::layer_tuple::size == 6);                 // 3 Dense, 3 Dropout
static_assert(param_count_v<WithDropout> == param_count_v<mlp::Net>);

namespace {
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
    const siamese::Net model{seed{1}};

    // -- the clone function is called once per distinct layer: the encoder has two call sites
    //    and is cloned once; the inputs are never passed to it
    int calls = 0;
    auto counted = [&](const auto& layer) {
        ++calls;
        return widen_encoder(layer);
    };
    const Wide wide = clone_model(model, keep_inputs, counted);
    SCION_CHECK(calls == 3);                                  // encoder, diff, score
    SCION_CHECK(layer_names(wide) == std::vector<std::string>({"wide_encoder", "diff", "score"}));
    SCION_CHECK(wide.input_layer(0).name() == "a" && wide.input_layer(1).name() == "b");
    // Still one encoder: the same input on both sides gives a difference of 0, so sigmoid(bias).
    const Tensor a = batch(2, Shape{6});
    const Tensor same = wide.predict(a, a);
    SCION_CHECK(same[0] == same[1]);
    SCION_CHECK(wide.get_weights().size() == 4u);

    // -- new inputs: the clone's inputs take the names of the input nodes
    const Nine nine = clone_model(model, Inputs<siamese::left, siamese::right>{});
    SCION_CHECK(nine.input_layer(0).name() == "left" && nine.input_layer(1).name() == "right");
    SCION_CHECK(nine.predict(batch(3, Shape{9}), batch(3, Shape{9}, 0.02f)).shape() == Shape({3, 1}));

    // -- fresh weights from a seed: the clone has the weights of the model built with that seed
    const siamese::Net again = clone_model(model, keep_inputs, fresh_weights{seed{1}});
    SCION_CHECK(again.get_weights() == model.get_weights());
    SCION_CHECK(clone_model(model).get_weights() != model.get_weights());

    // -- nested models
    const tagger::Net tag{seed{2}};
    const tagger::Net whole = clone_model(tag);               // the nested model: fresh weights
    SCION_CHECK(whole.layer<0>().name() == "encoder");
    SCION_CHECK(whole.layer<0>().get_weights() != tag.layer<0>().get_weights());

    const BiTagger bi = clone_model(tag, keep_inputs, make_bidirectional, recursive);
    SCION_CHECK(bi.layer<0>().name() == "encoder");            // the nested model keeps its name
    SCION_CHECK(bi.layer<0>().layer<0>().engine().forward_layer().config().units == 16);
    const Tensor p = bi.predict(batch(3, Shape{20, 8}));
    SCION_CHECK(p.shape() == Shape({3, 4}));

    // -- a layer with several outputs: the clone reads the same outputs of the new LSTM
    const WideStates ws = clone_model(states::Net{seed{3}}, keep_inputs, widen_lstm);
    const auto [out, state_c] = ws.predict(batch(2, Shape{12, 3}));
    SCION_CHECK(out.shape() == Shape({2, 32}) && state_c.shape() == Shape({2, 32}));

    // -- share_weights: the clone uses the original's weights; a change through one is seen by both
    siamese::Net original{seed{4}};
    const siamese::Net twin = clone_model(original, keep_inputs, share_weights{});
    const Tensor b = batch(2, Shape{6}, 0.03f);
    std::vector<Tensor> w = original.get_weights();
    for (Tensor& t : w)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] += 0.1f;
    original.set_weights(w);
    SCION_CHECK(twin.get_weights() == w);
    SCION_CHECK(twin.predict(a, b) == original.predict(a, b));
    siamese::Net own = twin;                                 // a copy shares with neither
    own.set_weights(model.get_weights());
    SCION_CHECK(twin.get_weights() == w);

    // -- weight ties between two distinct layers: a plain clone unties them, keep_ties keeps them
    twins::Net pair{seed{5}};
    graph::share_weights(pair.layer<1>(), pair.layer<0>());  // `right` now uses `left`'s weights
    const twins::Net untied = clone_model(pair);
    twins::Net still = clone_model(pair, keep_inputs, fresh_weights{}, keep_ties);
    SCION_CHECK(untied.layer<0>().get_weights() != untied.layer<1>().get_weights());
    still.layer<0>().set_weights(pair.layer<0>().get_weights());     // set through `left`...
    SCION_CHECK(still.layer<1>().get_weights() == pair.layer<0>().get_weights());  // ...seen by `right`

    // -- the call function: inference outputs unchanged, a Dropout after each Dense
    const mlp::Net net{seed{6}};
    const WithDropout dropped = clone_model(net, keep_inputs, copy_weights{}, call_function<dropout_after_dense>{});
    const Tensor x = batch(4, Shape{8});
    SCION_CHECK(dropped.predict(x) == net.predict(x));
    SCION_CHECK(layer_names(dropped) ==
                std::vector<std::string>({"h1", "dropout", "h2", "dropout_1", "y", "dropout_2"}));

    std::cout << wide.summary() << "tagger: " << param_count_v<tagger::Net> << " parameters; recursive clone: "
              << param_count_v<BiTagger> << "\n";
}
