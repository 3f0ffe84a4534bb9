// scion/dsl/simple_rnn.hpp — SimpleRNN (being written).
#pragma once
