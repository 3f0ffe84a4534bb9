// tests/runtime/layers_fixture.hpp — the checks every TF.js layers-model fixture goes through
// (tests/fixtures/tfjs/layers/<name>/: model.json, shards, io.json made by gen_*.mjs):
//   tfjs_predicts_what_scion_predicts(m, xs, tag)   TF.js loads the files scion saves for m and
//                                          predicts what scion does (test_tfjs_roundtrip only)
//   check_layers_fixture(name, tol)        the dynamic path: load, predict TF.js's outputs,
//                                          clone (same config, fresh weights, same outputs after
//                                          copying the weights), save and load again (identical)
// The static path's check is in static_fixture.hpp (this header includes the dynamic path only).
#pragma once

#include <scion/dynamic.hpp>

#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

namespace scion::test_fixtures {

/// The folder of layers fixture `name`.
inline std::filesystem::path layers_dir(const std::string& name) {
    return std::filesystem::path(SCION_FIXTURE_DIR) / "layers" / name;
}

/// Runs engine layer `l` (a copy, built here for per-sample shape `in`) on the batch `x`.
template <class L>
Tensor run_layer(L l, const Shape& in, const Tensor& x) {
    l.build(in, seed{1});
    Tensor y(l.output_shape().prepend(x.shape()[0]));
    l.forward(ConstTensorView(x.data(), x.shape()), TensorView{y.data(), y.shape()}, {}, {});
    return y;
}

/// A tensor of shape `s` holding 0, 1, 2, ... in order: inputs whose results are worked out by hand.
inline Tensor counting_tensor(Shape s) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<float>(i);
    return t;
}

/// Whether `t` holds the values `v` (in order, within 1e-6; false for a NaN).
inline bool same_values(const Tensor& t, const std::vector<float>& v) {
    if (t.size() != v.size()) return false;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!(std::fabs(t[i] - v[i]) <= 1e-6f)) return false;
    return true;
}

/// A fixture's inputs and TF.js's outputs (io.json).
struct layers_io {
    std::vector<Tensor> inputs, outputs;
};
inline layers_io read_io(const std::string& name) {
    const json j = read_json("layers/" + name + "/io.json");
    layers_io r;
    for (const json& t : j.at("inputs")) r.inputs.push_back(tensor_from(t));
    for (const json& t : j.at("outputs")) r.outputs.push_back(tensor_from(t));
    return r;
}

/// The largest |a - b|: fixtures.hpp's max_abs_diff (NaN when either holds a NaN).
inline float max_error(const Tensor& a, const Tensor& b) { return max_abs_diff(a, b); }

/// Checks `got` against TF.js's `want`, output by output, and returns the largest error.
inline float check_outputs(const std::vector<Tensor>& got, const std::vector<Tensor>& want, float tol,
                           const std::string& what) {
    BOOST_TEST_REQUIRE(got.size() == want.size(), what << ": " << got.size() << " outputs, TF.js has " << want.size());
    float worst = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        BOOST_TEST(got[k].shape() == want[k].shape(),
                   what << " output " << k << ": shape " << got[k].shape().to_string() << ", TF.js "
                        << want[k].shape().to_string());
        const float e = max_error(got[k], want[k]);
        BOOST_TEST(e <= tol, what << " output " << k << ": max abs error " << e << " > " << tol);
        if (!(e <= worst)) worst = e;  // keeps a NaN
    }
    return worst;
}

inline bool bitwise_equal(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (a[k].shape() != b[k].shape() || !std::equal(a[k].values().begin(), a[k].values().end(), b[k].values().begin()))
            return false;
    return true;
}

/// A fresh empty folder under the system's temporary folder, removed on destruction.
struct scratch_dir {
    std::filesystem::path path;
    explicit scratch_dir(const std::string& tag) {
        static std::atomic<int> counter{0};
        path = std::filesystem::temp_directory_path() /
               ("scion-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

/// The dynamic path's checks on fixture `name`; returns the largest error against TF.js.
inline float check_layers_fixture(const std::string& name, float tol) {
    const layers_io io = read_io(name);
    const dynamic::Model m = dynamic::load_layers_model(layers_dir(name));
    const std::vector<Tensor> y = m.predict(io.inputs);
    const float err = check_outputs(y, io.outputs, tol, name + " (dynamic)");
    BOOST_TEST_MESSAGE(name << ": max abs error against TF.js " << err);

    // The clone: same config, fresh weights, the same outputs once the weights are copied.
    dynamic::Model c = scion::clone_model(m);
    BOOST_TEST(c.to_json() == m.to_json(), name << ": the clone's config differs");
    const std::vector<Tensor> w = m.get_weights();
    if (!w.empty()) BOOST_TEST(!bitwise_equal(c.get_weights(), w), name << ": the clone has the file's weights, not fresh ones");
    c.set_weights(w);
    BOOST_TEST(bitwise_equal(c.predict(io.inputs), y), name << ": the clone with copied weights predicts differently");

    // Save and load again: identical JSON, weights and outputs.
    const scratch_dir dir("roundtrip-" + name);
    dynamic::save_layers_model(m, dir.path / "model");
    const dynamic::Model back = dynamic::load_layers_model(dir.path / "model");
    BOOST_TEST(back.to_json() == m.to_json(), name << ": the reloaded model's JSON differs");
    BOOST_TEST(bitwise_equal(back.get_weights(), w), name << ": the reloaded model's weights differ");
    BOOST_TEST(bitwise_equal(back.predict(io.inputs), y), name << ": the reloaded model predicts differently");
    return err;
}

/// Why TF.js cannot run here (empty when it can): Node, or the package from the lock file
/// (`npm ci` in tests/fixtures/tfjs), is missing.
inline std::string tfjs_missing() {
    const std::filesystem::path here = SCION_FIXTURE_DIR;
    if (std::system("node --version > /dev/null 2>&1") != 0) return "Node is not installed";
    if (!std::filesystem::exists(here / "node_modules/@tensorflow/tfjs"))
        return "tests/fixtures/tfjs/node_modules/@tensorflow/tfjs is missing (run npm ci there)";
    return {};
}

/// Runs load_scion_model.mjs on a model scion saved, with scion's own predictions: TF.js must
/// load the files and predict what scion predicts within 1e-5. Only test_tfjs_roundtrip calls it,
/// after checking tfjs_missing() (it exits with meson's skip code when TF.js is missing).
inline void tfjs_predicts_what_scion_predicts(const dynamic::Model& m, const std::vector<Tensor>& xs, const std::string& tag) {
    const std::filesystem::path here = SCION_FIXTURE_DIR;
    const scratch_dir d("tfjs-" + tag);
    dynamic::save_layers_model(m, d.path / "m");
    json io{{"inputs", json::array()}, {"outputs", json::array()}};
    const auto put = [](const Tensor& t) {
        json shape = json::array();
        for (std::size_t i = 0; i < t.shape().rank(); ++i) shape.push_back(t.shape()[i]);
        return json{{"shape", shape}, {"values", std::vector<float>(t.values().begin(), t.values().end())}};
    };
    for (const Tensor& x : xs) io["inputs"].push_back(put(x));
    for (const Tensor& y : m.predict(xs)) io["outputs"].push_back(put(y));
    std::ofstream(d.path / "io.json") << io.dump();
    const std::string cmd = "cd '" + here.string() + "' && node load_scion_model.mjs '" + (d.path / "m").string() +
                            "' '" + (d.path / "io.json").string() + "' 1e-5 > '" + (d.path / "log").string() + "' 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream log_file(d.path / "log");
    const std::string log{std::istreambuf_iterator<char>(log_file), std::istreambuf_iterator<char>()};
    BOOST_TEST_MESSAGE(tag << ": " << log);
    BOOST_TEST(rc == 0, "TF.js on scion's " << tag << " files: " << log);
}

} // namespace scion::test_fixtures
