// Static test: summary_v<M>, Keras's model.summary() table computed at compile time. A static
// test passes if it compiles; main() does nothing.
//
// Every expected table is written out in full, in the layout of basic_model::summary() (Keras's):
//   - a chain (one input, each layer reading the layer before: any Sequential) has 3 columns of
//     29, 26 and 10 characters, rules of 65;
//   - any other graph has 4 columns of 29, 26, 11 and 30, rules of 96, and lists under
//     "Connected to" the tensors each call of the layer reads, one per line: a layer called
//     several times is "name[k]" (its k-th call), output k of a node with several outputs is
//     "...[k]" after it;
//   - shapes are per sample with the batch axis as None; a cell wider than its column is not cut;
//   - a Sequential has no InputLayer row (Keras 2, Keras 3 and TF.js: its `layers` do not list its
//     input); a functional model lists its inputs as InputLayer rows;
//   - rows come in Keras's order of `model.layers` (graph::keras_order), which TF.js's
//     model.layers confirms for these models: tests/fixtures/tfjs/layer_order.json, written by
//     gen_layer_order.mjs (skip_shared lists b after encoder: by depth from the output, ties in
//     the order a walk from the output meets them); tests/runtime/test_summary.cpp checks every
//     row order against that file;
//   - at compile time every layer is trainable (trainable is a run-time config field), so
//     "Non-trainable params" counts only what Keras counts in trainable layers
//     (BatchNormalization's moving statistics).
// tests/runtime/test_summary.cpp checks that these equal summary() of the built models.
#include <scion/scion.hpp>

#include <cstddef>
#include <ratio>
#include <string_view>

using namespace scion;

namespace {

// ---------------------------------------------------------------------------------------------
// A Sequential: 728 -> Dense 32 (728*32 + 32 = 23328) -> Dense 1 (32 + 1 = 33); total 23361.
using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
constexpr std::string_view classifier_summary =
    "Model: \"sequential\"\n"
    "_________________________________________________________________\n"
    " Layer (type)                Output Shape              Param #\n"
    "=================================================================\n"
    " dense (Dense)               (None, 32)                23328\n"
    " dense_1 (Dense)             (None, 1)                 33\n"
    "=================================================================\n"
    "Total params: 23361\n"
    "Trainable params: 23361\n"
    "Non-trainable params: 0\n"
    "_________________________________________________________________\n";
static_assert(summary_v<Classifier>.view() == classifier_summary);
static_assert(summary_string<Classifier>() == classifier_summary);
// Sized exactly: no spare capacity, NUL after the last character.
static_assert(summary_v<Classifier>.size() == classifier_summary.size());
static_assert(summary_v<Classifier>.c_str()[classifier_summary.size()] == '\0');

// A Sequential on a rank-2 input, with layers of no parameters.
//   Flatten (4, 3) -> 12; Dense 5: 12*5 + 5 = 65; Dropout: 0; Dense 2: 5*2 + 2 = 12; total 77.
using Flat = Sequential<Input<4, 3>, Flatten, Dense<5, act::relu>, Dropout<std::ratio<1, 2>>, Dense<2>>;
static_assert(summary_v<Flat>.view() ==
              "Model: \"sequential\"\n"
              "_________________________________________________________________\n"
              " Layer (type)                Output Shape              Param #\n"
              "=================================================================\n"
              " flatten (Flatten)           (None, 12)                0\n"
              " dense (Dense)               (None, 5)                 65\n"
              " dropout (Dropout)           (None, 5)                 0\n"
              " dense_1 (Dense)             (None, 2)                 12\n"
              "=================================================================\n"
              "Total params: 77\n"
              "Trainable params: 77\n"
              "Non-trainable params: 0\n"
              "_________________________________________________________________\n");

// ---------------------------------------------------------------------------------------------
// A Functional with a shared layer (encoder, called on both inputs), a skip connection (skip
// adds encoder's first output to h, which reads it) and a layer without a node name (it takes
// the automatic name "dense").
//   encoder: 6*4 + 4 = 28 (counted once); h: 4*4 + 4 = 20; dense: 4*3 + 3 = 15; y: 3 + 1 = 4;
//   total 67.
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
static_assert(summary_v<skip_shared::Net>.view() ==
              "Model: \"functional\"\n"
              "________________________________________________________________________________________________\n"
              " Layer (type)                Output Shape              Param #    Connected to\n"
              "================================================================================================\n"
              " a (InputLayer)              (None, 6)                 0          -\n"
              " encoder (Dense)             (None, 4)                 28         a\n"
              "                                                                  b\n"
              " b (InputLayer)              (None, 6)                 0          -\n"
              " h (Dense)                   (None, 4)                 20         encoder[0]\n"
              " skip (Add)                  (None, 4)                 0          encoder[0]\n"
              "                                                                  h\n"
              "                                                                  encoder[1]\n"
              " dense (Dense)               (None, 3)                 15         skip\n"
              " y (Dense)                   (None, 1)                 4          dense\n"
              "================================================================================================\n"
              "Total params: 67\n"
              "Trainable params: 67\n"
              "Non-trainable params: 0\n"
              "________________________________________________________________________________________________\n");
static_assert(summary_v<skip_shared::Net>.size() == summary_string<skip_shared::Net>().size());

// ---------------------------------------------------------------------------------------------
// A model with two outputs (not a chain: q reads u, not p), then used as a shared layer of
// another model, whose Get nodes select its outputs.
//   u: 4*5 + 5 = 25; p: 5*3 + 3 = 18; q: 5*2 + 2 = 12; total 55.
namespace towers {
struct ti : Input<4> {};
struct u : Call<Dense<5, act::relu>, ti> {};
struct p : Call<Dense<3>, u> {};
struct q : Call<Dense<2, act::tanh>, u> {};
using Tower = Functional<Inputs<ti>, Outputs<p, q>>;

using tower = named<"tower", Tower>;
struct a : Input<4> {};
struct b : Input<4> {};
struct ta : Call<tower, a> {};
struct tb : Call<tower, b> {};
struct a1 : Get<ta, 1> {};
struct b0 : Get<tb, 0> {};
struct j : Call<Concatenate<>, ta, a1, b0> {};  // 3 + 2 + 3 = 8
using Net = Functional<Inputs<a, b>, Outputs<j>>;
} // namespace towers
static_assert(summary_v<towers::Tower>.view() ==
              "Model: \"functional\"\n"
              "________________________________________________________________________________________________\n"
              " Layer (type)                Output Shape              Param #    Connected to\n"
              "================================================================================================\n"
              " ti (InputLayer)             (None, 4)                 0          -\n"
              " u (Dense)                   (None, 5)                 25         ti\n"
              " p (Dense)                   (None, 3)                 18         u\n"
              " q (Dense)                   (None, 2)                 12         u\n"
              "================================================================================================\n"
              "Total params: 55\n"
              "Trainable params: 55\n"
              "Non-trainable params: 0\n"
              "________________________________________________________________________________________________\n");
// The nested model's row shows its first output; "tower[0][0]" is output 0 of its first call (the
// node read directly), "tower[0][1]" output 1 of that call, "tower[1][0]" output 0 of the second.
static_assert(summary_v<towers::Net>.view() ==
              "Model: \"functional\"\n"
              "________________________________________________________________________________________________\n"
              " Layer (type)                Output Shape              Param #    Connected to\n"
              "================================================================================================\n"
              " a (InputLayer)              (None, 4)                 0          -\n"
              " b (InputLayer)              (None, 4)                 0          -\n"
              " tower (Functional)          (None, 3)                 55         a\n"
              "                                                                  b\n"
              " j (Concatenate)             (None, 8)                 0          tower[0][0]\n"
              "                                                                  tower[0][1]\n"
              "                                                                  tower[1][0]\n"
              "================================================================================================\n"
              "Total params: 55\n"
              "Trainable params: 55\n"
              "Non-trainable params: 0\n"
              "________________________________________________________________________________________________\n");

// ---------------------------------------------------------------------------------------------
// A Functional that is a chain has Sequential's three columns; a Repeat and a nested Sequential
// are one row each (Repeat<3, Block>: 3 * (8*8 + 8) = 216).
namespace chain {
using Block = Sequential<Input<8>, Dense<8, act::relu>>;
struct x : Input<2, 4> {};
struct f : Call<Flatten, x> {};
struct r : Call<Repeat<3, Block>, f> {};
struct y : Call<Block, r> {};
using Net = Functional<Inputs<x>, Outputs<y>>;
} // namespace chain
static_assert(summary_v<chain::Net>.view() ==
              "Model: \"functional\"\n"
              "_________________________________________________________________\n"
              " Layer (type)                Output Shape              Param #\n"
              "=================================================================\n"
              " x (InputLayer)              (None, 2, 4)              0\n"
              " f (Flatten)                 (None, 8)                 0\n"
              " r (Repeat)                  (None, 8)                 216\n"
              " y (Sequential)              (None, 8)                 72\n"
              "=================================================================\n"
              "Total params: 288\n"
              "Trainable params: 288\n"
              "Non-trainable params: 0\n"
              "_________________________________________________________________\n");

// ---------------------------------------------------------------------------------------------
// BatchNormalization's moving statistics count as non-trainable (as Keras's summary counts
// them, and the run-time summary): Dense 4*3 + 3 = 15; BatchNormalization on 3 channels:
// gamma, beta, moving_mean, moving_variance = 12, of which 6 non-trainable; Dense 3*2 + 2 = 8.
using Normed = Sequential<Input<4>, Dense<3>, BatchNormalization<>, Dense<2>>;
static_assert(Normed::param_count == 35 && Normed::non_trainable_param_count == 6);
// The first column widens to fit the BatchNormalization row (42 characters, rules of 78).
static_assert(summary_v<Normed>.view() ==
              "Model: \"sequential\"\n"
              "______________________________________________________________________________\n"
              " Layer (type)                             Output Shape              Param #\n"
              "==============================================================================\n"
              " dense (Dense)                            (None, 3)                 15\n"
              " batch_normalization (BatchNormalization) (None, 3)                 12\n"
              " dense_1 (Dense)                          (None, 2)                 8\n"
              "==============================================================================\n"
              "Total params: 35\n"
              "Trainable params: 29\n"
              "Non-trainable params: 6\n"
              "______________________________________________________________________________\n");

} // namespace

int main() {}
