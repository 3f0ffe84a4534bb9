// tests/runtime/family_checks.hpp — what the tests of the small layer families share. Their files,
// test_normalization.cpp, test_embedding.cpp, test_advanced_activations.cpp and test_noise.cpp, are
// one program compiled as one translation unit (tests/meson.build): each wraps its tests in a
// suite named by its family (so its own helpers are in that suite's namespace) and none defines
// BOOST_TEST_MODULE. This header holds the helpers, and counting_new.hpp, once:
//   run(layer, x)                 builds (if need be) and runs an engine or DSL layer on x
//   says<E>({...})                an exception predicate: the message holds every part
//   check_close(y, {...})         y's values within 1e-6 (or a tolerance) of values by hand
//   round_trips(layer)            get_config -> from_config -> the same config
//   both_paths<M>(fixture)        a TF.js fixture on the dynamic path and as static type M
//   allocates_nothing(layer, ..)  forward, at inference and in training mode, allocates nothing
//   check_twins<S>(m, x, ...)     a static model and its dynamic twin from one seed agree
#pragma once

#include <boost/test/unit_test.hpp>

#include <scion/bridge.hpp>
#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include "static_fixture.hpp"

#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

namespace scion::test_families {

inline constexpr float tol = 1e-5f;


using scion::test_fixtures::says;

/// Runs engine or DSL layer `l` on `x`, building it first (named `name`) if it is not built.
template <class L>
Tensor run(L& l, const Tensor& x, const layers::call_context& ctx = {}, const std::string& name = "layer") {
    const Shape in = x.shape().drop_front();
    if (!l.built()) {
        l.set_name(name);
        l.build(in, seed{1}, {});
    }
    Shape out;
    if constexpr (requires { L::infer(in); }) out = L::infer(in).shape;
    else out = l.compute_output_shape(in);
    Tensor y(out.prepend(x.shape()[0]));
    std::vector<float> scratch(l.scratch_size(x.shape()[0]));
    l.forward(x.view(), y.view(), scratch, ctx);
    return y;
}

inline void check_close(const Tensor& got, std::initializer_list<float> want, float tolerance = 1e-6f) {
    BOOST_TEST_REQUIRE(got.size() == want.size());
    std::size_t i = 0;
    for (float w : want) {
        BOOST_TEST(std::fabs(got[i] - w) <= tolerance, "element " << i << ": " << got[i] << ", expected " << w);
        ++i;
    }
}

inline Tensor ramp(Shape s, float scale = 0.37f, float offset = 0.1f) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = 2.0f * std::sin(scale * static_cast<float>(i) + offset);
    return t;
}

/// The config of layer `layer` in a model.json.
inline json config_of(const json& model_json, const std::string& layer) {
    for (const json& l : model_json.at("modelTopology").at("config").at("layers"))
        if (l.at("config").value("name", "") == layer) return l.at("config");
    throw std::runtime_error("no layer " + layer);
}

template <class L>
void round_trips(const L& l) {
    const json c = l.get_config();
    BOOST_TEST(L::from_config(c).get_config() == c, c.dump());
}

/// The TF.js fixture `name` on the dynamic path and read as the static type M.
template <class M>
void both_paths(const std::string& name, float tolerance = tol) {
    test_fixtures::check_layers_fixture(name, tolerance);
    test_fixtures::check_static_fixture<M>(name, tolerance);
}

/// Engine layer `layer`, built for per-sample input `in`, allocates nothing in forward, at
/// inference and in training mode.
template <class L>
void allocates_nothing(L layer, const Shape& in, const char* what) {
    layer.set_name("layer");
    layer.build(in, seed{2});
    const Tensor x = ramp(in.prepend(8));
    Tensor y(layer.compute_output_shape(in).prepend(8));
    std::vector<float> scratch(layer.scratch_size(8));
    for (const bool training : {false, true}) {
        const layers::call_context ctx{.training = training, .seed = 3};
        const std::size_t before = g_news.load();
        layer.forward(x.view(), y.view(), scratch, ctx);
        BOOST_TEST(g_news.load() == before, what << " allocated in forward (training " << training << ")");
    }
}

/// A static model (seed 11) and its dynamic twin `twin(seed)`: the same weights and outputs, in
/// training mode too (which differs from inference when `training_differs`), the same Keras JSON,
/// which reads back into a model with the same outputs; clones on both paths have fresh weights
/// and the same outputs once the weights are copied; model_cast turns the twin into the type.
template <class Static, class Twin>
void check_twins(Twin twin, const Tensor& x, bool training_differs) {
    const Static s{seed{11}};
    const dynamic::Sequential m = twin(seed{11});
    const auto ws = s.get_weights(), wd = m.get_weights();
    BOOST_TEST_REQUIRE(ws.size() == wd.size());
    for (std::size_t i = 0; i < ws.size(); ++i) BOOST_TEST(ws[i] == wd[i], "weight " << i);
    BOOST_TEST(s.predict(x) == m.predict({x})[0]);
    const layers::call_context ctx{.training = true, .seed = 5, .step = 2};
    BOOST_TEST(s.call(x, ctx) == m.call(ctx, {x})[0]);
    BOOST_TEST((s.call(x, ctx) != s.predict(x)) == training_differs);
    const dynamic::Model from_static = to_dynamic(s);
    BOOST_TEST(from_static.to_json() == m.to_json());
    const dynamic::Model back = dynamic::model_from_json(m.to_json(), seed{1});
    back.set_weights(m.get_weights());
    BOOST_TEST(back.predict({x})[0] == m.predict({x})[0]);
    BOOST_TEST(back.to_json() == m.to_json());

    auto c = clone_model(s);
    BOOST_TEST(c.get_config() == s.get_config());
    if (!ws.empty()) BOOST_TEST(c.get_weights() != ws);
    c.set_weights(ws);
    BOOST_TEST(c.predict(x) == s.predict(x));
    const dynamic::Model dc = clone_model(m);
    BOOST_TEST(dc.to_json() == m.to_json());
    if (!wd.empty()) BOOST_TEST(dc.get_weights() != wd);
    dc.set_weights(wd);
    BOOST_TEST(dc.predict({x})[0] == m.predict({x})[0]);

    const Static cast = model_cast<Static>(m);
    BOOST_TEST(cast.predict(x) == m.predict({x})[0]);
}

} // namespace scion::test_families
