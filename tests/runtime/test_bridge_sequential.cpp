// The property test of the static/dynamic bridges (bridge_property.hpp; see test_bridge.cpp) over
// the Sequential models of the DSL corpus: Dense with initializers and no bias, Dropout,
// Activation, Reshape, Flatten, LSTM forwards and backwards, Bidirectional with each merge mode
// used, a clone's type (sequence_stack's Longer), a Sequential that nested3 nests.
#define BOOST_TEST_MODULE bridge_sequential
#include <boost/test/unit_test.hpp>

#include "bridge_property.hpp"

#include "../../dsl/corpus/valid/deep_mlp.hpp"
#include "../../dsl/corpus/valid/nested3.hpp"
#include "../../dsl/corpus/valid/seed_classifier.hpp"
#include "../../dsl/corpus/valid/sequence_stack.hpp"
#include "../../dsl/corpus/valid/tagger.hpp"

#include <cstdint>
#include <tuple>

namespace br = scion::test::bridge;

using report = br::report_at_exit;
BOOST_TEST_GLOBAL_FIXTURE(report);

namespace {
// The Sequential model types of the valid corpus.
using corpus_models =
    std::tuple<corpus::seed_classifier::Classifier, corpus::tagger::Tagger, corpus::tagger::SumTagger,
               corpus::deep_mlp::Mlp, corpus::sequence_stack::Stack, corpus::sequence_stack::Longer,
               corpus::nested3::Mlp>;
} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(corpus_sequential_property, M, corpus_models) {
    for (std::uint64_t k : {1u, 2024u}) br::check_model<M>(k);
}
