// tests/runtime/support.hpp — helpers shared by the runtime tests: TensorFlow.js fixtures and
// tensor comparison.
#pragma once

#include <scion/scion.hpp>

#include "fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace scion::test {

using test_fixtures::read_json;
using test_fixtures::tensor_from;
using test_fixtures::max_abs_diff;

/// A TensorFlow.js model fixture: its input, weights (in get_weights order) and output.
struct model_fixture {
    json raw;
    Tensor input, output;
    std::vector<Tensor> weights;
};

inline model_fixture load_model_fixture(const std::string& name) {
    model_fixture f;
    f.raw = read_json("models/" + name + ".json");
    f.input = tensor_from(f.raw.at("input"));
    f.output = tensor_from(f.raw.at("output"));
    for (const auto& w : f.raw.at("weights")) f.weights.push_back(tensor_from(w));
    return f;
}


inline Tensor iota_tensor(Shape s, float scale = 0.01f) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = scale * static_cast<float>((i * 7919) % 201) - 1.0f;
    return t;
}

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

inline bool same_weights(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

} // namespace scion::test
