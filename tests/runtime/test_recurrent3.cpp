// The recurrent family on the static path, continued from test_recurrent2.cpp: Bidirectional
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

// A fixture holding TimeDistributed on the static path. model_cast (so load_layers_model<M>)
// does not yet take the dynamic path's TimeDistributed, whose engine class wraps an adapter
// rather than layers::Dense: the static model gets the loaded model's weights in order instead,
// then the same checks as check_static_fixture.
template <class M>
void check_static_by_weights(const std::string& name, float tol) {
    const tf::layers_io io = tf::read_io(name);
    const dynamic::Model d = dynamic::load_layers_model(tf::layers_dir(name));
    M s{seed{1}};
    const std::vector<Tensor> w = d.get_weights();
    s.set_weights(w);
    const std::vector<Tensor> y = s.predict(std::span<const Tensor>(io.inputs));
    const float err = tf::check_outputs(y, io.outputs, tol, name + " (static)");
    BOOST_TEST_MESSAGE(name << " (static): max abs error against TF.js " << err);
    BOOST_TEST(tf::bitwise_equal(y, d.predict(io.inputs)), name << ": the static and dynamic paths predict differently");
    auto c = scion::clone_model(s);
    BOOST_TEST(!tf::bitwise_equal(c.get_weights(), w), name << ": the static clone has the file's weights");
    c.set_weights(w);
    BOOST_TEST(tf::bitwise_equal(c.predict(std::span<const Tensor>(io.inputs)), y),
               name << ": the static clone with copied weights predicts differently");
}
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
    check_static_by_weights<Seq53<TimeDistributed<Dense<4, act::relu>>>>("rnn_time_distributed_dense", single);
    check_static_by_weights<Sequential<Input<4, 3, 2>, TimeDistributed<Dense<2>>>>("rnn_time_distributed_rank3", single);
    check_static_by_weights<Sequential<Input<3, 4, 2>, TimeDistributed<LSTM<3, recurrent_activation<act::hard_sigmoid>>>>>(
        "rnn_time_distributed_lstm", single);
}

BOOST_AUTO_TEST_CASE(stacks) {
    tf::check_static_fixture<Sequential<Input<6, 4>, Bidirectional<GRU<5, no_reset_after, return_sequences>>,
                                        LSTM<4, recurrent_activation<act::hard_sigmoid>>, Dense<3, act::softmax>>>(
        "rnn_stack", stack);
    check_static_by_weights<Sequential<Input<6, 4>, TimeDistributed<Dense<5, act::tanh>>, SimpleRNN<5, return_sequences>,
                                       GRU<4, no_reset_after, return_sequences>, TimeDistributed<Dense<2, act::softmax>>>>(
        "rnn_td_stack", stack);
}
