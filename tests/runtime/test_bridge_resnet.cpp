// The property test of the static/dynamic bridges (bridge_property.hpp; see test_bridge.cpp) over
// the corpus's resnet: 76 layers, 18 skip connections (a file of its own: it is the corpus's
// largest model to compile).
#define BOOST_TEST_MODULE bridge_resnet
#include <boost/test/unit_test.hpp>

#include "bridge_property.hpp"

#include "../../dsl/corpus/valid/resnet.hpp"

#include <cstdint>

namespace br = scion::test::bridge;

using report = br::report_at_exit;
BOOST_TEST_GLOBAL_FIXTURE(report);

BOOST_AUTO_TEST_CASE(corpus_resnet_property) {
    for (std::uint64_t k : {1u, 2024u}) br::check_model<corpus::resnet::ResNet>(k);
}
