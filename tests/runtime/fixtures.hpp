// tests/runtime/fixtures.hpp — reading TensorFlow.js fixtures (JSON files under
// SCION_FIXTURE_DIR) with the engine's types only, so that tests of the dynamic path need none
// of the static path's headers. support.hpp re-exports these for the static tests.
#pragma once

#include <scion/core/json.hpp>
#include <scion/core/tensor.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace scion::test_fixtures {

/// The fixture file at `relative` (to SCION_FIXTURE_DIR), parsed.
inline json read_json(const std::string& relative) {
    const std::string path = std::string(SCION_FIXTURE_DIR) + "/" + relative;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    std::stringstream s;
    s << in.rdbuf();
    return json::parse(s.str());
}

/// A tensor written as {"shape": [...], "values": [...]}.
inline Tensor tensor_from(const json& j) {
    const auto shape = j.at("shape").get<std::vector<std::size_t>>();
    return Tensor(Shape(shape.begin(), shape.end()), j.at("values").get<std::vector<float>>());
}

} // namespace scion::test_fixtures
