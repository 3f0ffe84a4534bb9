// The recurrent family on the static path (SimpleRNN and GRU; Bidirectional, TimeDistributed
// and the stacks are in test_recurrent_wrappers_static.cpp): every layers/rnn_* fixture read into a declared
// static model type (scion::load_layers_model<M>), predicting TF.js's (or, for GRU with
// reset_after true, ONNX Runtime's) outputs and exactly what the dynamic path predicts; its
// clone has fresh weights and the same outputs once the weights are copied.
#define BOOST_TEST_MODULE recurrent_static
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

using namespace scion;
namespace tf = scion::test_fixtures;

namespace {
constexpr float single = 1e-5f;  // one recurrent layer

template <class... L>
using Seq53 = Sequential<Input<5, 3>, L...>;

// Functional models over return_state: node structs named as the fixtures' layers.
namespace simple_state {
struct x : Input<5, 3> {};
struct o : Call<SimpleRNN<4, return_state>, x> {};
struct h : Get<o, 1> {};
using Net = Functional<Inputs<x>, Outputs<o, h>>;
} // namespace simple_state
namespace gru_state {
struct x : Input<5, 3> {};
struct o : Call<GRU<4, no_reset_after, return_sequences, go_backwards, return_state>, x> {};
struct h : Get<o, 1> {};
using Net = Functional<Inputs<x>, Outputs<o, h>>;
} // namespace gru_state
namespace gru_state_head {
struct x : Input<5, 3> {};
struct o : Call<GRU<4, no_reset_after, return_sequences, return_state>, x> {};
struct h : Get<o, 1> {};
struct head : Call<Dense<2, act::tanh>, h> {};
using Net = Functional<Inputs<x>, Outputs<o, h, head>>;
} // namespace gru_state_head
namespace reset_after_state {
struct x : Input<5, 3> {};
struct o : Call<GRU<4, return_sequences, return_state>, x> {};
struct h : Get<o, 1> {};
using Net = Functional<Inputs<x>, Outputs<o, h>>;
} // namespace reset_after_state

} // namespace

BOOST_AUTO_TEST_CASE(simple_rnn) {
    tf::check_static_fixture<Seq53<SimpleRNN<4>>>("rnn_simple_last", single);
    tf::check_static_fixture<Seq53<SimpleRNN<4, activation<act::relu>, return_sequences, go_backwards>>>(
        "rnn_simple_seq_relu_backwards", single);
    tf::check_static_fixture<Seq53<SimpleRNN<4, no_bias, return_sequences>>>("rnn_simple_no_bias", single);
    tf::check_static_fixture<simple_state::Net>("rnn_simple_state", single);
}

BOOST_AUTO_TEST_CASE(gru_reset_after_false) {
    tf::check_static_fixture<Seq53<GRU<4, no_reset_after>>>("rnn_gru_last", single);
    tf::check_static_fixture<Seq53<GRU<4, no_reset_after, return_sequences, recurrent_activation<act::hard_sigmoid>>>>(
        "rnn_gru_seq_hard_sigmoid", single);
    tf::check_static_fixture<Seq53<GRU<4, no_reset_after, go_backwards, return_sequences>>>("rnn_gru_backwards_seq",
                                                                                           single);
    tf::check_static_fixture<Seq53<GRU<4, no_reset_after, no_bias>>>("rnn_gru_no_bias", single);
    tf::check_static_fixture<gru_state::Net>("rnn_gru_state_seq_backwards", single);
    tf::check_static_fixture<gru_state_head::Net>("rnn_gru_state_head", single);
}

BOOST_AUTO_TEST_CASE(gru_reset_after_true) {
    tf::check_static_fixture<Seq53<GRU<4>>>("rnn_gru_reset_after_last", single);
    tf::check_static_fixture<Seq53<GRU<4, return_sequences, go_backwards, recurrent_activation<act::hard_sigmoid>>>>(
        "rnn_gru_reset_after_seq_backwards", single);
    tf::check_static_fixture<Seq53<GRU<3, no_bias, return_sequences>>>("rnn_gru_reset_after_no_bias", single);
    tf::check_static_fixture<reset_after_state::Net>("rnn_gru_reset_after_state", single);
    tf::check_static_fixture<Seq53<Bidirectional<GRU<3, return_sequences>>>>("rnn_bidirectional_gru_reset_after", single);
}
