// The property test of the static/dynamic bridges (bridge_property.hpp; see test_bridge.cpp) over
// the nested models of the DSL corpus (nested3): a Sequential in a Functional with two outputs,
// called twice in an outer Functional, Get of a nested model's second output; and the JSON of the
// static nested graphs of tests/fixtures/tfjs/functional against TensorFlow.js's.
#define BOOST_TEST_MODULE bridge_nested
#include <boost/test/unit_test.hpp>

#include "bridge_property.hpp"
#include "functional_models.hpp"

#include "../../dsl/corpus/valid/nested3.hpp"

#include <cstdint>
#include <tuple>

namespace br = scion::test::bridge;

using report = br::report_at_exit;
BOOST_TEST_GLOBAL_FIXTURE(report);

namespace {
// The functional model types of nested3 (its Sequential, Mlp, is in test_bridge_sequential.cpp).
using corpus_models = std::tuple<corpus::nested3::block::Model, corpus::nested3::Outer, corpus::nested3::Probe>;
} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(corpus_nested_property, M, corpus_models) {
    for (std::uint64_t k : {1u, 2024u}) br::check_model<M>(k);
}

BOOST_AUTO_TEST_CASE(nested_static_json_matches_tensorflow_js) {
    br::check_against_tfjs<scion::test::fn::nested_sequential::Net>("nested_sequential");
    br::check_against_tfjs<scion::test::fn::nested_functional::Net>("nested_functional");
}
