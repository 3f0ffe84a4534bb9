// Static test: clone_model_t, the type of a clone, computed at compile time, and the return
// type of clone_model. A static test passes if it compiles; main() does nothing.
#include <scion/scion.hpp>

#include <ratio>
#include <type_traits>
#include <utility>

using namespace scion;

namespace {

// The seed model: 728 -> 32 relu -> 1 sigmoid, 23361 params (728*32 + 32 + 32*1 + 1).
using Seed = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
// A recurrent model: (10, 8) -> LSTM<16, rs> (10, 16) -> LSTM<8> (8) -> Dense<3> (3).
//   LSTM<16> on (10, 8):  4*16*(8 + 16) + 4*16 = 1536 + 64 = 1600
//   LSTM<8> on (10, 16):  4*8*(16 + 8) + 4*8   = 768 + 32  = 800
//   Dense<3> on (8):      8*3 + 3 = 27
//   total 2427
using Rnn = Sequential<Input<10, 8>, LSTM<16, return_sequences>, LSTM<8>, Dense<3, act::softmax>>;
static_assert(param_count_v<Rnn> == 2427);

// ---------------------------------------------------------------------------------------------
// clone_model_t<M> is M: the default clone keeps every layer type and the input.
static_assert(std::is_same_v<clone_model_t<Seed>, Seed>);
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t>, Seed>);
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, fresh_weights>, Seed>);
static_assert(std::is_same_v<clone_model_t<Rnn>, Rnn>);
// copy_weights and fresh_weights keep the type.
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, copy_weights>, Seed>);
static_assert(std::is_same_v<clone_model_t<Rnn, keep_inputs_t, copy_weights>, Rnn>);
static_assert(std::is_same_v<clone_model_t<Rnn, keep_inputs_t, fresh_weights>, Rnn>);
// Re-targeting to the same input is the identity too.
static_assert(std::is_same_v<clone_model_t<Seed, Input<728>>, Seed>);
static_assert(std::is_same_v<clone_model_t<Seed, Input<728>, copy_weights>, Seed>);
// A clone of a clone.
static_assert(std::is_same_v<clone_model_t<clone_model_t<Seed>>, Seed>);
// Every layer kind survives the default clone.
using AllKinds = Sequential<Input<12>, Reshape<3, -1>, Dense<6, act::relu, no_bias>, Dropout<std::ratio<1, 4>>,
                            Activation<act::tanh>, Bidirectional<LSTM<2, return_sequences>, merge::ave>,
                            LSTM<3, go_backwards>, Flatten, Dense<1, act::sigmoid, kernel_initializer<init::he_uniform>>>;
static_assert(std::is_same_v<clone_model_t<AllKinds>, AllKinds>);
static_assert(std::is_same_v<clone_model_t<AllKinds, keep_inputs_t, copy_weights>, AllKinds>);

// ---------------------------------------------------------------------------------------------
// Input<...> re-targets the model: the layers stay, every shape and count is re-inferred.
//   (10) -> Dense<32> (32): 10*32 + 32 = 352 -> Dense<1> (1): 33.   total 385
using Seed10 = clone_model_t<Seed, Input<10>>;
static_assert(std::is_same_v<Seed10, Sequential<Input<10>, Dense<32, act::relu>, Dense<1, act::sigmoid>>>);
static_assert(param_count_v<Seed10> == 385);
static_assert(std::is_same_v<input_shape_t<Seed10>, dims<10>>);
static_assert(std::is_same_v<output_shape_t<Seed10>, dims<1>>);
// A rank-2 input for the same Dense layers: (5, 728) -> (5, 32) -> (5, 1); the same 23361 params.
using Seed5x728 = clone_model_t<Seed, Input<5, 728>>;
static_assert(std::is_same_v<output_shape_t<Seed5x728>, dims<5, 1>>);
static_assert(param_count_v<Seed5x728> == 23361);
// The recurrent model on longer sequences of wider features: (50, 4).
//   LSTM<16>: 4*16*(4 + 16) + 64 = 1280 + 64 = 1344;  LSTM<8>: 800;  Dense<3>: 27.   total 2171
using Rnn50 = clone_model_t<Rnn, Input<50, 4>>;
static_assert(std::is_same_v<Rnn50, Sequential<Input<50, 4>, LSTM<16, return_sequences>, LSTM<8>, Dense<3, act::softmax>>>);
static_assert(Rnn50::shapes.shapes[1] == Shape{50, 16});
static_assert(std::is_same_v<output_shape_t<Rnn50>, dims<3>>);
static_assert(param_count_v<Rnn50> == 2171);
// A return_sequences model's output follows the new time axis: (10, 8) -> (10, 4) becomes (7, 8) -> (7, 4).
using SeqModel = Sequential<Input<10, 8>, LSTM<4, return_sequences>>;
static_assert(std::is_same_v<output_shape_t<clone_model_t<SeqModel, Input<7, 8>>>, dims<7, 4>>);
// Reshape with -1 re-infers its free dimension: (12) -> (3, 4) becomes (24) -> (3, 8).
using ReshapeModel = Sequential<Input<12>, Reshape<3, -1>, Flatten>;
static_assert(ReshapeModel::shapes.shapes[1] == Shape{3, 4});
static_assert(clone_model_t<ReshapeModel, Input<24>>::shapes.shapes[1] == Shape{3, 8});
static_assert(std::is_same_v<output_shape_t<clone_model_t<ReshapeModel, Input<24>>>, dims<24>>);

// copy_weights on new inputs that the weights still fit: longer sequences for the recurrent
// model, (50, 8) instead of (10, 8). Every layer keeps its parameter count (2427 as above).
using Rnn50Copy = clone_model_t<Rnn, Input<50, 8>, copy_weights>;
static_assert(std::is_same_v<Rnn50Copy, Sequential<Input<50, 8>, LSTM<16, return_sequences>, LSTM<8>, Dense<3, act::softmax>>>);
static_assert(param_count_v<Rnn50Copy> == param_count_v<Rnn>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Rnn&>(), Input<50, 8>{}, copy_weights{})), Rnn50Copy>);
// An empty Sequential clones to itself, and re-targets to a new input.
using Empty = Sequential<Input<3>>;
static_assert(std::is_same_v<clone_model_t<Empty>, Empty>);
static_assert(std::is_same_v<clone_model_t<Empty, Input<5, 2>>, Sequential<Input<5, 2>>>);
static_assert(std::is_same_v<output_shape_t<clone_model_t<Empty, Input<5, 2>>>, dims<5, 2>>);

// ---------------------------------------------------------------------------------------------
// A clone function that wraps every LSTM in Bidirectional (and clones the rest as usual).
inline constexpr auto to_bidirectional = [](const auto& layer) {
    if constexpr (is_lstm_v<std::remove_cvref_t<decltype(layer)>>)
        return Bidirectional{layer};
    else
        return fresh_weights{}(layer);
};
using ToBi = std::remove_cvref_t<decltype(to_bidirectional)>;
//   (10, 8) -> Bi<LSTM<16, rs>> (10, 32): 2*1600 = 3200
//   -> Bi<LSTM<8>> (16): LSTM<8> on (10, 32): 4*8*(32 + 8) + 32 = 1280 + 32 = 1312; doubled 2624
//   -> Dense<3> on (16) (3): 16*3 + 3 = 51
//   total: 3200 + 2624 + 51 = 5875
using RnnBi = clone_model_t<Rnn, keep_inputs_t, ToBi>;
static_assert(std::is_same_v<RnnBi, Sequential<Input<10, 8>, Bidirectional<LSTM<16, return_sequences>>,
                                               Bidirectional<LSTM<8>>, Dense<3, act::softmax>>>);
static_assert(RnnBi::shapes.shapes[1] == Shape{10, 32});
static_assert(RnnBi::shapes.shapes[2] == Shape{16});
static_assert(std::is_same_v<output_shape_t<RnnBi>, dims<3>>);
static_assert(param_count_v<RnnBi> == 5875);
// The same function on a model without LSTM is the identity.
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, ToBi>, Seed>);
// A const-qualified function type gives the same result.
static_assert(std::is_same_v<clone_model_t<Rnn, keep_inputs_t, decltype(to_bidirectional)>, RnnBi>);
// New input and clone function together: (6, 2).
//   Bi<LSTM<16, rs>>: 2 * (4*16*(2 + 16) + 64) = 2 * (1152 + 64) = 2432;  (6, 32)
//   Bi<LSTM<8>>: 2624 (its input is (6, 32): the feature axis is unchanged);  (16)
//   Dense<3>: 51.   total 2432 + 2624 + 51 = 5107
using RnnBi62 = clone_model_t<Rnn, Input<6, 2>, ToBi>;
static_assert(std::is_same_v<RnnBi62, Sequential<Input<6, 2>, Bidirectional<LSTM<16, return_sequences>>,
                                                 Bidirectional<LSTM<8>>, Dense<3, act::softmax>>>);
static_assert(param_count_v<RnnBi62> == 5107);
// clone_model's return type is clone_model_t.
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Rnn&>(), keep_inputs, to_bidirectional)), RnnBi>);
static_assert(
    std::is_same_v<decltype(clone_model(std::declval<const Rnn&>(), Input<6, 2>{}, to_bidirectional, seed{1})),
                   RnnBi62>);

// ---------------------------------------------------------------------------------------------
// A clone function that replaces Dense<32, relu> by Dense<64, relu> (keeping its config's name).
struct widen_dense32 {
    Dense<64, act::relu> operator()(const Dense<32, act::relu>& d) const {
        auto c = Dense<64, act::relu>::default_config();
        c.name = d.config().name;
        return Dense<64, act::relu>(c);
    }
    template <class L>
    L operator()(const L& layer) const {
        return fresh_weights{}(layer);
    }
};
//   (728) -> Dense<64> (64): 728*64 + 64 = 46592 + 64 = 46656 -> Dense<1> (1): 64 + 1 = 65.
//   total 46721
using Wide = clone_model_t<Seed, keep_inputs_t, widen_dense32>;
static_assert(std::is_same_v<Wide, Sequential<Input<728>, Dense<64, act::relu>, Dense<1, act::sigmoid>>>);
static_assert(param_count_v<Wide> == 46721);
static_assert(std::is_same_v<output_shape_t<Wide>, dims<1>>);
// The same as a generic lambda.
inline constexpr auto widen_lambda = [](const auto& layer) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(layer)>, Dense<32, act::relu>>)
        return Dense<64, act::relu>{};
    else
        return fresh_weights{}(layer);
};
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, std::remove_cvref_t<decltype(widen_lambda)>>, Wide>);
// Only Dense<32, relu> is matched: Dense<32, sigmoid> and Dense<32, relu, no_bias> stay.
using Other = Sequential<Input<4>, Dense<32, act::sigmoid>, Dense<32, act::relu, no_bias>, Dense<32, act::relu>>;
//   4*32 + 32 = 160;  32*32 = 1024;  32*64 + 64 = 2112.   total 3296
using OtherWide = clone_model_t<Other, keep_inputs_t, widen_dense32>;
static_assert(std::is_same_v<OtherWide,
                             Sequential<Input<4>, Dense<32, act::sigmoid>, Dense<32, act::relu, no_bias>, Dense<64, act::relu>>>);
static_assert(param_count_v<OtherWide> == 3296);
// With a new input as well: (10) -> 10*64 + 64 = 704, + 65 = 769.
static_assert(param_count_v<clone_model_t<Seed, Input<10>, widen_dense32>> == 769);

// A clone function may drop an option or change an activation: the type follows its result.
struct relu_to_gelu {
    template <class L>
    auto operator()(const L& layer) const {
        if constexpr (std::is_same_v<L, Dense<32, act::relu>>)
            return Dense<32, act::gelu>{};
        else
            return copy_weights{}(layer);
    }
};
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, relu_to_gelu>,
                             Sequential<Input<728>, Dense<32, act::gelu>, Dense<1, act::sigmoid>>>);
static_assert(param_count_v<clone_model_t<Seed, keep_inputs_t, relu_to_gelu>> == 23361);

// ---------------------------------------------------------------------------------------------
// clone_model's overloads all return clone_model_t.
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Seed&>())), Seed>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Seed&>(), keep_inputs)), Seed>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Seed&>(), Input<10>{})), Seed10>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Seed&>(), keep_inputs, copy_weights{})), Seed>);
static_assert(
    std::is_same_v<decltype(clone_model(std::declval<const Seed&>(), keep_inputs, fresh_weights{seed{3}})), Seed>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Seed&>(), keep_inputs, widen_dense32{})), Wide>);

// The policies' own result types.
static_assert(std::is_same_v<std::invoke_result_t<const fresh_weights&, const Dense<4>&>, Dense<4>>);
static_assert(std::is_same_v<std::invoke_result_t<const copy_weights&, const LSTM<4>&>, LSTM<4>>);
static_assert(std::is_same_v<decltype(Bidirectional{std::declval<const LSTM<4, go_backwards>&>()}),
                             Bidirectional<LSTM<4, go_backwards>>>);

// ---------------------------------------------------------------------------------------------
// Rewrites for deployment (docs/clone.md): the clone's type loses the layers a rewrite removes.
//   (7, 7, 2) -> Conv2D<4> (5, 5, 4) -> BN -> relu -> Dropout -> Depthwise x2 (3, 3, 8) -> BN
//   -> GaussianNoise -> Flatten (72) -> Dense<6> -> BN -> Dense<3> -> tanh
using Deployable = Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<>, Activation<act::relu>,
                              Dropout<std::ratio<1, 4>>, DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, no_bias>,
                              BatchNormalization<epsilon<std::ratio<1, 100>>>, GaussianNoise<std::ratio<1, 10>>, Flatten,
                              Dense<6, act::linear, no_bias>, BatchNormalization<>, Dense<3>, Activation<act::tanh>>;
// Every rewrite: the BatchNormalizations fold into the layer before them (which gains a bias),
// the Activations fuse into it, Dropout and GaussianNoise go.
using Deployed = Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>, act::relu>,
                            DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>, Flatten, Dense<6>, Dense<3, act::tanh>>;
static_assert(std::is_same_v<clone_model_t<Deployable, keep_inputs_t, deploy_t>, Deployed>);
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Deployable&>(), deploy)), Deployed>);
static_assert(std::is_same_v<clone_model_t<Deployable, keep_inputs_t, decltype(deploy)>, Deployed>);  // const deploy_t
static_assert(std::is_same_v<decltype(clone_model(std::declval<const Deployable&>(), keep_inputs, deploy)), Deployed>);
// The parameters left: the statistics are gone, the folded layers have biases.
static_assert(param_count_v<Deployed> == (3 * 3 * 2 * 4 + 4) + (3 * 3 * 8 + 8) + (72 * 6 + 6) + (6 * 3 + 3));
static_assert(output_shape_v<Deployed> == output_shape_v<Deployable>);
// One rewrite at a time, and sets made with |.
static_assert(std::is_same_v<clone_model_t<Deployable, keep_inputs_t, fold_batch_norm_t>,
                             Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>>, Activation<act::relu>,
                                        Dropout<std::ratio<1, 4>>, DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>,
                                        GaussianNoise<std::ratio<1, 10>>, Flatten, Dense<6>, Dense<3>, Activation<act::tanh>>>);
using Stripped = clone_model_t<Deployable, keep_inputs_t, decltype(strip_dropout | strip_noise)>;
static_assert(std::is_same_v<Stripped, Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<>,
                                                  Activation<act::relu>,
                                                  DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, no_bias>,
                                                  BatchNormalization<epsilon<std::ratio<1, 100>>>, Flatten,
                                                  Dense<6, act::linear, no_bias>, BatchNormalization<>, Dense<3>,
                                                  Activation<act::tanh>>>);
static_assert(clone_model_t<Deployable, keep_inputs_t, strip_noise_t>::layer_count == Deployable::layer_count - 1);
// fuse_activation alone: an Activation after a BatchNormalization has no host; the one after
// Dense<3> fuses.
static_assert(std::is_same_v<graph::layer_at_t<10, clone_model_t<Deployable, keep_inputs_t, fuse_activation_t>::layer_tuple>,
                             Dense<3, act::tanh>>);
static_assert(std::is_same_v<decltype(fold_batch_norm | strip_dropout | strip_noise | fuse_activation), deploy_t>);
// A rewrite that finds nothing to do is the identity.
static_assert(std::is_same_v<clone_model_t<Seed, keep_inputs_t, deploy_t>, Seed>);
static_assert(std::is_same_v<clone_model_t<Rnn, keep_inputs_t, deploy_t>, Rnn>);
// What stays: a BatchNormalization on another axis than the channels (axis 1: the rows); after
// a layer with an activation (relu then BN is not affine); after a layer that is not a host
// (Conv2DTranspose's kernel has its channels on the third axis); an Activation after a layer
// with an activation of its own; an activation option spelled activation<A> is replaced.
using Kept = Sequential<Input<6, 6, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<axis<1>>,
                        Conv2D<4, kernel_size<1>, act::relu>, BatchNormalization<>, Conv2DTranspose<2, kernel_size<2>>,
                        BatchNormalization<>, Activation<act::sigmoid>, Dense<3, act::elu>, Activation<act::tanh>>;
static_assert(std::is_same_v<clone_model_t<Kept, keep_inputs_t, deploy_t>,
                             Sequential<Input<6, 6, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<axis<1>>,
                                        Conv2D<4, kernel_size<1>, act::relu>, BatchNormalization<>,
                                        Conv2DTranspose<2, kernel_size<2>>, BatchNormalization<>, Activation<act::sigmoid>,
                                        Dense<3, act::elu>, Activation<act::tanh>>>);
static_assert(std::is_same_v<clone_model_t<Sequential<Input<8, 3>, Conv1D<4, kernel_size<3>, activation<act::linear>>,
                                                      BatchNormalization<axis<2>>, Activation<act::gelu>>,
                                           keep_inputs_t, deploy_t>,
                             Sequential<Input<8, 3>, Conv1D<4, kernel_size<3>, act::gelu>>>);
static_assert(std::is_same_v<clone_model_t<Sequential<Input<5, 5, 3>, SeparableConv2D<4, kernel_size<3>, no_bias>,
                                                      BatchNormalization<>, Conv2DTranspose<2, kernel_size<2>>,
                                                      Activation<act::relu>>,
                                           keep_inputs_t, deploy_t>,
                             Sequential<Input<5, 5, 3>, SeparableConv2D<4, kernel_size<3>>,
                                        Conv2DTranspose<2, kernel_size<2>, act::relu>>>);
// A model with only inference-only layers becomes an empty Sequential.
static_assert(std::is_same_v<clone_model_t<Sequential<Input<4>, Dropout<>, GaussianDropout<std::ratio<1, 5>>>,
                                           keep_inputs_t, deploy_t>,
                             Sequential<Input<4>>>);
// Nested models are layers, copied whole; with `recursive`, rewritten too.
using Block = Sequential<Input<6>, Dense<8>, BatchNormalization<>, Dropout<>>;
using WithBlock = Sequential<Input<6>, Block, Dense<2>, Activation<act::softmax>>;
static_assert(std::is_same_v<clone_model_t<WithBlock, keep_inputs_t, deploy_t>,
                             Sequential<Input<6>, Block, Dense<2, act::softmax>>>);
static_assert(std::is_same_v<clone_model_t<WithBlock, keep_inputs_t, deploy_t, recursive_t>,
                             Sequential<Input<6>, Sequential<Input<6>, Dense<8>>, Dense<2, act::softmax>>>);
// On new inputs the weights fit (more rows for the Dense layers).
static_assert(std::is_same_v<clone_model_t<Block, Input<3, 6>, deploy_t>, Sequential<Input<3, 6>, Dense<8>>>);

} // namespace

int main() {}
