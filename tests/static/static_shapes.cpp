// Static test: compile-time shape inference and parameter counts of Sequential models.
// A static test passes if it compiles; main() does nothing. Every expected number is worked
// out by hand in the comment next to it (shapes are per sample: the batch axis is not counted).
//
// Formulas (the same as Keras):
//   Dense<u> on (..., f):        params = f*u + u          (f*u with no_bias)
//   LSTM<u> on (T, f):           params = 4*u*(f + u) + 4*u (4*u*(f + u) with no_bias)
//   Bidirectional<L>:            params = 2 * params(L)
//   Flatten, Reshape, Dropout, Activation: 0 params
#include <scion/scion.hpp>

#include <ratio>
#include <type_traits>

using namespace scion;

// ---------------------------------------------------------------------------------------------
// The seed model: 728 -> Dense 32 relu -> Dense 1 sigmoid.
//   Dense<32> on (728): 728*32 + 32 = 23296 + 32 = 23328
//   Dense<1>  on (32):  32*1 + 1    = 33
//   total: 23328 + 33 = 23361
using Seed = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
static_assert(param_count_v<Seed> == 23361);
static_assert(std::is_same_v<input_shape_t<Seed>, dims<728>>);
static_assert(std::is_same_v<output_shape_t<Seed>, dims<1>>);
static_assert(input_shape_v<Seed> == Shape{728});
static_assert(output_shape_v<Seed> == Shape{1});
static_assert(output_shape_t<Seed>::value == Shape{1});
static_assert(Seed::layer_count == 2);
static_assert(Seed::input_count == 1 && Seed::output_count == 1);
// Every node's shape: input (728), dense (32), dense_1 (1).
static_assert(Seed::shapes.ok);
static_assert(Seed::shapes.shapes[0] == Shape{728});
static_assert(Seed::shapes.shapes[1] == Shape{32});
static_assert(Seed::shapes.shapes[2] == Shape{1});

// no_bias: 728*32 = 23296, then 32*1 + 1 = 33 -> 23329.
using SeedNoBias = Sequential<Input<728>, Dense<32, act::relu, no_bias>, Dense<1, act::sigmoid>>;
static_assert(param_count_v<SeedNoBias> == 23329);
static_assert(std::is_same_v<output_shape_t<SeedNoBias>, dims<1>>);
// Both without bias: 23296 + 32 = 23328.
using SeedNoBias2 = Sequential<Input<728>, Dense<32, act::relu, no_bias>, Dense<1, act::sigmoid, no_bias>>;
static_assert(param_count_v<SeedNoBias2> == 23328);

// The activation and initializers do not change shapes or counts.
using SeedInit = Sequential<Input<728>, Dense<32, act::gelu, kernel_initializer<init::he_normal>, bias_initializer<init::ones>>,
                            Dense<1, act::sigmoid, bias_initializer<init::constant<std::ratio<1, 2>>>>>;
static_assert(param_count_v<SeedInit> == 23361);
static_assert(std::is_same_v<output_shape_t<SeedInit>, dims<1>>);

// ---------------------------------------------------------------------------------------------
// Dense on higher-rank inputs acts on the last axis.
//   Input (4, 5) -> Dense<3> -> (4, 3):  5*3 + 3 = 18
using DenseRank2 = Sequential<Input<4, 5>, Dense<3, act::tanh>>;
static_assert(std::is_same_v<output_shape_t<DenseRank2>, dims<4, 3>>);
static_assert(param_count_v<DenseRank2> == 18);

//   Input (4, 5, 6) -> Dense<3> -> (4, 5, 3):  6*3 + 3 = 21
//   Flatten -> (60):                             0
//   Dense<2, softmax> on (60) -> (2):            60*2 + 2 = 122
//   total: 21 + 122 = 143
using DenseRank3 = Sequential<Input<4, 5, 6>, Dense<3>, Flatten, Dense<2, act::softmax>>;
static_assert(std::is_same_v<input_shape_t<DenseRank3>, dims<4, 5, 6>>);
static_assert(DenseRank3::shapes.shapes[1] == Shape{4, 5, 3});
static_assert(DenseRank3::shapes.shapes[2] == Shape{60});
static_assert(std::is_same_v<output_shape_t<DenseRank3>, dims<2>>);
static_assert(param_count_v<DenseRank3> == 143);

//   Input (4, 5, 6) -> Dense<7, no_bias> -> (4, 5, 7): 6*7 = 42
using DenseRank3NoBias = Sequential<Input<4, 5, 6>, Dense<7, act::relu, no_bias>>;
static_assert(std::is_same_v<output_shape_t<DenseRank3NoBias>, dims<4, 5, 7>>);
static_assert(param_count_v<DenseRank3NoBias> == 42);

// The parity fixture "dense_rank3": (4, 5) -> Dense<3> (4, 3): 18; Flatten (12); Dense<2>: 12*2 + 2 = 26.
// total 44.
using DenseThenFlatten = Sequential<Input<4, 5>, Dense<3, act::tanh>, Flatten, Dense<2, act::softmax>>;
static_assert(std::is_same_v<output_shape_t<DenseThenFlatten>, dims<2>>);
static_assert(param_count_v<DenseThenFlatten> == 44);

// A deep stack of Dense layers: 10 -> 64 -> 64 -> 64 -> 5.
//   10*64 + 64 = 704;  64*64 + 64 = 4160 (twice: 8320);  64*5 + 5 = 325.
//   total: 704 + 8320 + 325 = 9349
using Deep = Sequential<Input<10>, Dense<64, act::relu>, Dense<64, act::relu>, Dense<64, act::relu>,
                        Dense<5, act::softmax>>;
static_assert(param_count_v<Deep> == 9349);
static_assert(std::is_same_v<output_shape_t<Deep>, dims<5>>);

// ---------------------------------------------------------------------------------------------
// Flatten.
//   (2, 3, 4) -> (24); on a rank-1 input it is the identity: (7) -> (7).
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Flatten>>, dims<24>>);
static_assert(std::is_same_v<output_shape_t<Sequential<Input<7>, Flatten>>, dims<7>>);
static_assert(param_count_v<Sequential<Input<2, 3, 4>, Flatten>> == 0);
// Flatten twice is Flatten once.
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Flatten, Flatten>>, dims<24>>);
// The largest rank: 7 per-sample axes (max_rank 8 counts the batch axis).
static_assert(std::is_same_v<output_shape_t<Sequential<Input<1, 2, 1, 2, 1, 2, 1>, Flatten>>, dims<8>>);

// ---------------------------------------------------------------------------------------------
// Reshape.
//   (12) -> Reshape<3, 4> -> (3, 4)
static_assert(std::is_same_v<output_shape_t<Sequential<Input<12>, Reshape<3, 4>>>, dims<3, 4>>);
//   (12) -> Reshape<-1, 6> -> (12 / 6, 6) = (2, 6)
static_assert(std::is_same_v<output_shape_t<Sequential<Input<12>, Reshape<-1, 6>>>, dims<2, 6>>);
//   (12) -> Reshape<4, -1> -> (4, 3)
static_assert(std::is_same_v<output_shape_t<Sequential<Input<12>, Reshape<4, -1>>>, dims<4, 3>>);
//   (24) -> Reshape<2, -1, 3> -> (2, 24 / 6, 3) = (2, 4, 3)
static_assert(std::is_same_v<output_shape_t<Sequential<Input<24>, Reshape<2, -1, 3>>>, dims<2, 4, 3>>);
//   (2, 3, 4) -> Reshape<-1> -> (24), as Flatten
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Reshape<-1>>>, dims<24>>);
//   (2, 3, 4) -> Reshape<4, 6> -> (4, 6); (6, 4) -> Reshape<24> -> (24)
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Reshape<4, 6>>>, dims<4, 6>>);
static_assert(std::is_same_v<output_shape_t<Sequential<Input<6, 4>, Reshape<24>>>, dims<24>>);
//   (12) -> Reshape<12> -> (12): a reshape to the same shape
static_assert(std::is_same_v<output_shape_t<Sequential<Input<12>, Reshape<12>>>, dims<12>>);
static_assert(param_count_v<Sequential<Input<12>, Reshape<3, 4>>> == 0);
//   Reshape then Dense: (12) -> (3, 4) -> Dense<5> (3, 5): 4*5 + 5 = 25
using ReshapeDense = Sequential<Input<12>, Reshape<3, 4>, Dense<5>>;
static_assert(std::is_same_v<output_shape_t<ReshapeDense>, dims<3, 5>>);
static_assert(param_count_v<ReshapeDense> == 25);

// ---------------------------------------------------------------------------------------------
// LSTM on (time, features).
//   (10, 8) -> LSTM<16> -> (16):  4*16*(8 + 16) + 4*16 = 64*24 + 64 = 1536 + 64 = 1600
using Lstm = Sequential<Input<10, 8>, LSTM<16>>;
static_assert(std::is_same_v<output_shape_t<Lstm>, dims<16>>);
static_assert(param_count_v<Lstm> == 1600);
//   return_sequences: (10, 8) -> (10, 16), same 1600 params
using LstmSeq = Sequential<Input<10, 8>, LSTM<16, return_sequences>>;
static_assert(std::is_same_v<output_shape_t<LstmSeq>, dims<10, 16>>);
static_assert(param_count_v<LstmSeq> == 1600);
//   no_bias: 4*16*(8 + 16) = 1536
static_assert(param_count_v<Sequential<Input<10, 8>, LSTM<16, no_bias>>> == 1536);
//   go_backwards, activations and initializers change neither shape nor count
using LstmOpts = Sequential<Input<10, 8>, LSTM<16, go_backwards, return_sequences, activation<act::relu>,
                                               recurrent_activation<act::hard_sigmoid>, no_unit_forget_bias,
                                               kernel_initializer<init::glorot_normal>,
                                               recurrent_initializer<init::orthogonal<std::ratio<2>>>,
                                               bias_initializer<init::zeros>>>;
static_assert(std::is_same_v<output_shape_t<LstmOpts>, dims<10, 16>>);
static_assert(param_count_v<LstmOpts> == 1600);
//   one unit, one feature: 4*1*(1 + 1) + 4 = 12
static_assert(param_count_v<Sequential<Input<3, 1>, LSTM<1>>> == 12);

// The parity fixture "reshape_lstm": (12) -> Reshape<3, 4> (3, 4)
//   -> LSTM<5, return_sequences> (3, 5): 4*5*(4 + 5) + 4*5 = 180 + 20 = 200
//   -> LSTM<3> (3):                      4*3*(5 + 3) + 4*3 = 96 + 12 = 108
//   total 308
using ReshapeLstm = Sequential<Input<12>, Reshape<3, 4>, LSTM<5, return_sequences>, LSTM<3>>;
static_assert(ReshapeLstm::shapes.shapes[1] == Shape{3, 4});
static_assert(ReshapeLstm::shapes.shapes[2] == Shape{3, 5});
static_assert(std::is_same_v<output_shape_t<ReshapeLstm>, dims<3>>);
static_assert(param_count_v<ReshapeLstm> == 308);

// A sequence tagger: (20, 8) -> LSTM<32, rs> (20, 32): 4*32*(8 + 32) + 4*32 = 5120 + 128 = 5248
//   -> Dense<5, softmax> on (20, 32) -> (20, 5): 32*5 + 5 = 165.   total 5413
using Tagger = Sequential<Input<20, 8>, LSTM<32, return_sequences>, Dense<5, act::softmax>>;
static_assert(std::is_same_v<output_shape_t<Tagger>, dims<20, 5>>);
static_assert(param_count_v<Tagger> == 5413);

// ---------------------------------------------------------------------------------------------
// Bidirectional, each merge mode. Inner LSTM<4> on (5, 3): 4*4*(3 + 4) + 4*4 = 112 + 16 = 128;
// Bidirectional doubles it: 256.
//   concat: (5, 3) -> (5, 8) with return_sequences, (8) without
using BiConcatSeq = Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::concat>>;
static_assert(std::is_same_v<output_shape_t<BiConcatSeq>, dims<5, 8>>);
static_assert(param_count_v<BiConcatSeq> == 256);
using BiConcatLast = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::concat>>;
static_assert(std::is_same_v<output_shape_t<BiConcatLast>, dims<8>>);
static_assert(param_count_v<BiConcatLast> == 256);
//   concat is the default merge mode
static_assert(std::is_same_v<Bidirectional<LSTM<4>>, Bidirectional<LSTM<4>, merge::concat>>);
static_assert(std::is_same_v<output_shape_t<Sequential<Input<5, 3>, Bidirectional<LSTM<4>>>>, dims<8>>);
//   sum, mul, ave keep the inner width: (5, 4) / (4)
using BiSumSeq = Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::sum>>;
using BiMulSeq = Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::mul>>;
using BiAveSeq = Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::ave>>;
static_assert(std::is_same_v<output_shape_t<BiSumSeq>, dims<5, 4>>);
static_assert(std::is_same_v<output_shape_t<BiMulSeq>, dims<5, 4>>);
static_assert(std::is_same_v<output_shape_t<BiAveSeq>, dims<5, 4>>);
static_assert(param_count_v<BiSumSeq> == 256 && param_count_v<BiMulSeq> == 256 && param_count_v<BiAveSeq> == 256);
using BiSumLast = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::sum>>;
using BiMulLast = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::mul>>;
using BiAveLast = Sequential<Input<5, 3>, Bidirectional<LSTM<4>, merge::ave>>;
static_assert(std::is_same_v<output_shape_t<BiSumLast>, dims<4>>);
static_assert(std::is_same_v<output_shape_t<BiMulLast>, dims<4>>);
static_assert(std::is_same_v<output_shape_t<BiAveLast>, dims<4>>);
//   with a Dense<2> after it (the parity fixtures):
//     concat: (5, 8) -> (5, 2): 8*2 + 2 = 18 -> total 256 + 18 = 274
//     sum:    (5, 4) -> (5, 2): 4*2 + 2 = 10 -> total 256 + 10 = 266
static_assert(param_count_v<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>>, Dense<2>>> == 274);
static_assert(param_count_v<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::sum>, Dense<2>>> ==
              266);
static_assert(std::is_same_v<
              output_shape_t<Sequential<Input<5, 3>, Bidirectional<LSTM<4, return_sequences>, merge::ave>, Dense<2>>>,
              dims<5, 2>>);
//   no_bias inside: 2 * 4*4*(3 + 4) = 2 * 112 = 224
static_assert(param_count_v<Sequential<Input<5, 3>, Bidirectional<LSTM<4, no_bias>>>> == 224);
//   the wrapper's constants
static_assert(Bidirectional<LSTM<4>, merge::mul>::merge_mode == layers::merge_mode::mul);
static_assert(std::is_same_v<Bidirectional<LSTM<4>, merge::ave>::layer_type, LSTM<4>>);

// A stacked bidirectional classifier:
//   (30, 10) -> Bi<LSTM<16, rs>> (30, 32): 2 * (4*16*(10 + 16) + 64) = 2 * (1664 + 64) = 3456
//   -> Bi<LSTM<8>, sum> (8):                2 * (4*8*(32 + 8) + 32)  = 2 * (1280 + 32) = 2624
//   -> Dense<3, softmax> (3):               8*3 + 3 = 27
//   total: 3456 + 2624 + 27 = 6107
using BiStack = Sequential<Input<30, 10>, Bidirectional<LSTM<16, return_sequences>>, Bidirectional<LSTM<8>, merge::sum>,
                           Dense<3, act::softmax>>;
static_assert(BiStack::shapes.shapes[1] == Shape{30, 32});
static_assert(BiStack::shapes.shapes[2] == Shape{8});
static_assert(std::is_same_v<output_shape_t<BiStack>, dims<3>>);
static_assert(param_count_v<BiStack> == 6107);

// ---------------------------------------------------------------------------------------------
// Dropout and Activation keep shapes and have no weights.
// The parity fixture "mlp_dropout": (6) -> Dense<8> (8): 6*8 + 8 = 56 -> Activation<elu> (8)
//   -> Dropout<1/2> (8) -> Dense<3, no_bias> (3): 8*3 = 24 -> Activation<softmax> (3).  total 80
using MlpDropout = Sequential<Input<6>, Dense<8>, Activation<act::elu>, Dropout<std::ratio<1, 2>>,
                             Dense<3, act::linear, no_bias>, Activation<act::softmax>>;
static_assert(std::is_same_v<output_shape_t<MlpDropout>, dims<3>>);
static_assert(param_count_v<MlpDropout> == 80);
static_assert(MlpDropout::layer_count == 5);
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Dropout<>>>, dims<2, 3, 4>>);
static_assert(std::is_same_v<output_shape_t<Sequential<Input<2, 3, 4>, Activation<act::softmax>>>, dims<2, 3, 4>>);
static_assert(param_count_v<Sequential<Input<2, 3, 4>, Dropout<std::ratio<0>>, Activation<act::swish>>> == 0);
// Dropout's rate as a float; the default is 1/2.
static_assert(Dropout<>::rate == 0.5f);
static_assert(Dropout<std::ratio<1, 4>>::rate == 0.25f);
static_assert(Dropout<std::ratio<0>>::rate == 0.0f);

// ---------------------------------------------------------------------------------------------
// A model of the input alone: no layers, the output is the input (Keras: an empty Sequential).
using Empty = Sequential<Input<3, 2>>;
static_assert(Empty::layer_count == 0);
static_assert(param_count_v<Empty> == 0);
static_assert(std::is_same_v<output_shape_t<Empty>, dims<3, 2>>);
static_assert(std::is_same_v<input_shape_t<Empty>, dims<3, 2>>);

// The layer types' own compile-time constants.
static_assert(Dense<32, act::relu>::units == 32);
static_assert(Dense<32, act::relu>::activation_v == activation_id::relu);
static_assert(Dense<32>::activation_v == activation_id::linear);
static_assert(Dense<32>::use_bias && !Dense<32, act::linear, no_bias>::use_bias);
static_assert(LSTM<16>::units == 16 && LSTM<16>::use_bias && !LSTM<16>::returns_sequences && !LSTM<16>::reads_backwards);
static_assert(LSTM<16, go_backwards, return_sequences, no_bias>::returns_sequences);
static_assert(LSTM<16, go_backwards, return_sequences, no_bias>::reads_backwards);
static_assert(!LSTM<16, go_backwards, return_sequences, no_bias>::use_bias);
static_assert(Dense<4>::class_name == "Dense" && Dense<4>::default_name == "dense");
static_assert(LSTM<4>::class_name == "LSTM" && Bidirectional<LSTM<4>>::class_name == "Bidirectional");
static_assert(Flatten::class_name == "Flatten" && Reshape<2>::class_name == "Reshape");
static_assert(Dropout<>::class_name == "Dropout" && Activation<act::relu>::class_name == "Activation");
static_assert(Seed::class_name == "Sequential");

// The shape rules, called directly (the same constexpr functions the engine layers use).
static_assert(Dense<3>::infer(Shape{4, 5}).shape == Shape{4, 3});
static_assert(LSTM<16>::infer(Shape{10}).errc == shape_errc::rank_mismatch);
static_assert(Reshape<5, 5>::infer(Shape{12}).errc == shape_errc::size_mismatch);
static_assert(Reshape<5, 5>::infer(Shape{12}).expected == 25 && Reshape<5, 5>::infer(Shape{12}).actual == 12);
static_assert(LSTM<16>::param_count(Shape{10, 8}) == 1600);
static_assert(Bidirectional<LSTM<16>>::param_count(Shape{10, 8}) == 3200);

int main() {}
