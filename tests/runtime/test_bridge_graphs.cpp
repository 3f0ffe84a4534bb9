// The property test of the static/dynamic bridges (bridge_property.hpp; see test_bridge.cpp) over
// the functional models of the DSL corpus but nested3's (test_bridge_nested.cpp) and resnet
// (test_bridge_resnet.cpp): shared layers, several inputs and outputs, merges, LSTMs.
#define BOOST_TEST_MODULE bridge_graphs
#include <boost/test/unit_test.hpp>

#include "bridge_property.hpp"

#include "../../dsl/corpus/valid/encoder_decoder.hpp"
#include "../../dsl/corpus/valid/multitask.hpp"
#include "../../dsl/corpus/valid/siamese.hpp"

#include <cstdint>
#include <tuple>

namespace br = scion::test::bridge;

using report = br::report_at_exit;
BOOST_TEST_GLOBAL_FIXTURE(report);

namespace {
// The functional model types of siamese, encoder_decoder and multitask.
using corpus_models =
    std::tuple<corpus::siamese::Siamese, corpus::siamese::Unshared, corpus::encoder_decoder::AutoEncoder,
               corpus::encoder_decoder::Encoder, corpus::multitask::MultiTask, corpus::multitask::WithEmbedding>;
} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(corpus_functional_property, M, corpus_models) {
    for (std::uint64_t k : {1u, 2024u}) br::check_model<M>(k);
}
