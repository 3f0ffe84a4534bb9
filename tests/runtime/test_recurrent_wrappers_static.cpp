// The recurrent family on the static path, continued from test_recurrent_static.cpp: Bidirectional
// around GRU and SimpleRNN, TimeDistributed, and the two stacks, each fixture read into a
// declared static model type, predicting TF.js's (or ONNX Runtime's) outputs and exactly what
// the dynamic path predicts; its clone has fresh weights and the same outputs once the weights
// are copied.
#define BOOST_TEST_MODULE recurrent_static_wrappers
#include <boost/test/unit_test.hpp>

#include "static_fixture.hpp"

using namespace scion;
namespace tf = scion::test_fixtures;

namespace {
constexpr float single = 1e-5f;  // one recurrent layer
constexpr float stack = 1e-4f;   // a recurrent stack

template <class... L>
using Seq53 = Sequential<Input<5, 3>, L...>;

} // namespace

BOOST_AUTO_TEST_CASE(bidirectional) {
    tf::check_static_fixture<Seq53<Bidirectional<GRU<4, no_reset_after, return_sequences>>>>(
        "rnn_bidirectional_gru_concat_seq", single);
    tf::check_static_fixture<Seq53<Bidirectional<SimpleRNN<3>, merge::sum>>>("rnn_bidirectional_simple_sum", single);
    tf::check_static_fixture<Seq53<Bidirectional<GRU<3, no_reset_after, return_sequences, go_backwards>, merge::ave>>>(
        "rnn_bidirectional_gru_backwards_ave", single);
    tf::check_static_fixture<Seq53<Bidirectional<SimpleRNN<3, return_sequences>, merge::mul>>>(
        "rnn_bidirectional_simple_mul_seq", single);
}

BOOST_AUTO_TEST_CASE(time_distributed) {
    tf::check_static_fixture<Seq53<TimeDistributed<Dense<4, act::relu>>>>("rnn_time_distributed_dense", single);
    tf::check_static_fixture<Sequential<Input<4, 3, 2>, TimeDistributed<Dense<2>>>>("rnn_time_distributed_rank3", single);
    tf::check_static_fixture<Sequential<Input<3, 4, 2>, TimeDistributed<LSTM<3, recurrent_activation<act::hard_sigmoid>>>>>(
        "rnn_time_distributed_lstm", single);
}

BOOST_AUTO_TEST_CASE(stacks) {
    tf::check_static_fixture<Sequential<Input<6, 4>, Bidirectional<GRU<5, no_reset_after, return_sequences>>,
                                        LSTM<4, recurrent_activation<act::hard_sigmoid>>, Dense<3, act::softmax>>>(
        "rnn_stack", stack);
    tf::check_static_fixture<Sequential<Input<6, 4>, TimeDistributed<Dense<5, act::tanh>>, SimpleRNN<5, return_sequences>,
                                       GRU<4, no_reset_after, return_sequences>, TimeDistributed<Dense<2, act::softmax>>>>(
        "rnn_td_stack", stack);
}
