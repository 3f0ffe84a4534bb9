// tests/runtime/fixtures.hpp — reading TensorFlow.js fixtures (JSON files under
// SCION_FIXTURE_DIR) with the engine's types only, so that tests of the dynamic path need none
// of the static path's headers. support.hpp re-exports these for the static tests.
#pragma once

#include <boost/test/unit_test.hpp>

#include <scion/core/json.hpp>
#include <scion/core/tensor.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace scion::test_fixtures {

/// A tensor of shape `s` with values uniform in [lo, hi) drawn by std::mt19937 from `seed_value`:
/// inputs and weights for checks that compare two computations of the same numbers.
inline Tensor random_tensor(Shape s, unsigned seed_value, float lo = -1.0f, float hi = 1.0f) {
    std::mt19937 gen(seed_value);
    std::uniform_real_distribution<float> u(lo, hi);
    Tensor t(s);
    for (float& v : t.values()) v = u(gen);
    return t;
}

/// An exception predicate for BOOST_CHECK_EXCEPTION: the message holds every part (a missing part
/// is reported with the message).
template <class E>
auto says(std::vector<std::string> parts) {
    return [parts = std::move(parts)](const E& e) {
        const std::string what = e.what();
        for (const auto& p : parts)
            if (what.find(p) == std::string::npos) {
                BOOST_TEST_MESSAGE("message lacks '" << p << "': " << what);
                return false;
            }
        return true;
    };
}

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

/// The largest |a - b| over every element: the one comparison of tensors the tests use. It is
/// NaN when either tensor holds a NaN (a NaN output must fail `<= tol` *and* `> tol`: both are
/// false for NaN) and infinity when the shapes differ. `std::max(m, |a - b|)` would keep `m`
/// when the difference is NaN, so an all-NaN output would pass a parity check.
inline float max_abs_diff(const Tensor& a, const Tensor& b) {
    if (a.shape() != b.shape()) return std::numeric_limits<float>::infinity();
    float m = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float d = std::fabs(a[i] - b[i]);
        if (std::isnan(d)) return std::numeric_limits<float>::quiet_NaN();
        if (d > m) m = d;
    }
    return m;
}

/// The largest max_abs_diff over paired lists (NaN if any pair has a NaN, infinity for lists of
/// different lengths or shapes).
inline float max_abs_diff(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    if (a.size() != b.size()) return std::numeric_limits<float>::infinity();
    float m = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const float d = max_abs_diff(a[k], b[k]);
        if (std::isnan(d)) return d;
        if (d > m) m = d;
    }
    return m;
}

} // namespace scion::test_fixtures
