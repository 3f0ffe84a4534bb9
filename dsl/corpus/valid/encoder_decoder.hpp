// dsl/corpus/valid/encoder_decoder.hpp — a sequence autoencoder: an LSTM encoder over (20, 8)
// steps to a 16-number code, and a Dense decoder back to (20, 8). Two outputs: the
// reconstruction and the code.
//
// Keras: seq = Input((20, 8))
//        h = LSTM(32, return_sequences=True, name="enc_seq")(seq)
//        s = LSTM(16, name="enc_last")(h)
//        code = Dense(16, "tanh", name="code")(s)
//        u = Dense(64, "relu", name="dec_hidden")(code)
//        v = Dense(160, name="dec_flat")(u)
//        recon = Reshape((20, 8), name="recon")(v)
//        Model(seq, [recon, code])
//
// The model types of encoder_decoder.cpp, in namespace corpus::encoder_decoder: encoder_decoder.cpp builds and checks them at
// run time; tests/runtime/test_bridge.cpp converts them to dynamic models and back.
#pragma once

#include <scion/scion.hpp>

#include <cstddef>
#include <type_traits>

namespace corpus::encoder_decoder {

using namespace scion;

struct seq : Input<20, 8> {};
struct enc_seq : Call<LSTM<32, return_sequences>, seq> {};  // (20, 32)
struct enc_last : Call<LSTM<16>, enc_seq> {};                // (16)
struct code : Call<Dense<16, act::tanh>, enc_last> {};       // (16)
struct dec_hidden : Call<Dense<64, act::relu>, code> {};     // (64)
struct dec_flat : Call<Dense<20 * 8>, dec_hidden> {};        // (160)
struct recon : Call<Reshape<20, 8>, dec_flat> {};            // (20, 8)

using AutoEncoder = Functional<Inputs<seq>, Outputs<recon, code>>;

// Parameters (LSTM: 4u(F + u) + 4u; Dense: f*u + u; Reshape: 0):
//   enc_seq    LSTM<32> on F = 8:   4*32*(8 + 32) + 4*32  = 5120 + 128 = 5248
//   enc_last   LSTM<16> on F = 32:  4*16*(32 + 16) + 4*16 = 3072 + 64  = 3136
//   code       Dense<16> on 16:     16*16 + 16                         = 272
//   dec_hidden Dense<64> on 16:     16*64 + 64                         = 1088
//   dec_flat   Dense<160> on 64:    64*160 + 160                       = 10400
//   total: 5248 + 3136 + 272 + 1088 + 10400 = 20144
static_assert(param_count_v<AutoEncoder> == 20144);
static_assert(std::is_same_v<input_shape_t<AutoEncoder>, dims<20, 8>>);
static_assert(std::is_same_v<output_shape_t<AutoEncoder, 0>, dims<20, 8>>);
static_assert(std::is_same_v<output_shape_t<AutoEncoder, 1>, dims<16>>);
static_assert(AutoEncoder::output_count == 2);
// Multiply-adds per sample (LSTM: T*4u(F + u) over T = 20 steps; Dense: f*u):
//   enc_seq 20*4*32*(8 + 32) = 102400; enc_last 20*4*16*(32 + 16) = 61440;
//   code 16*16 = 256; dec_hidden 16*64 = 1024; dec_flat 64*160 = 10240; total 175360
static_assert(AutoEncoder::mac_count == 175360);

// The encoder alone: the same nodes, another model (its own layers, from its own seed).
using Encoder = Functional<Inputs<seq>, Outputs<code>>;
static_assert(param_count_v<Encoder> == 5248 + 3136 + 272);

} // namespace corpus::encoder_decoder
