// tests/runtime/support.hpp — helpers shared by the runtime tests: TensorFlow.js fixtures and
// tensor comparison.
#pragma once

#include <scion/scion.hpp>

#include "fixtures.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
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

/// Weights as training leaves them, for the deployment rewrites to fold: `w` (a layer's weights,
/// of Keras class `class_name`) redrawn from `g`, uniform in [-0.5, 0.5), except a
/// BatchNormalization's: gamma in [0.5, 1.5), beta in [-0.5, 0.5), moving mean in [-1, 1),
/// moving variance in [0.3, 2) (gamma, beta, mean, variance: a layer with scale and center).
inline std::vector<Tensor> trained_weights(std::string_view class_name, std::vector<Tensor> w, std::mt19937& g) {
    const bool bn = class_name == "BatchNormalization";
    const float lo[] = {0.5f, -0.5f, -1.0f, 0.3f}, hi[] = {1.5f, 0.5f, 1.0f, 2.0f};
    for (std::size_t k = 0; k < w.size(); ++k) {
        std::uniform_real_distribution<float> u(bn ? lo[k % 4] : -0.5f, bn ? hi[k % 4] : 0.5f);
        for (float& v : w[k].values()) v = u(g);
    }
    return w;
}
/// trained_weights for every layer of static model `m` (not nested ones), drawn from `seed_value`.
template <class M>
void set_trained_weights(M& m, unsigned seed_value) {
    std::mt19937 g(seed_value);
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        const auto set = [&](auto& l) { l.set_weights(trained_weights(l.class_name, l.get_weights(), g)); };
        (set(m.template layer<I>()), ...);
    }(std::make_index_sequence<M::layer_tuple::size>{});
}

} // namespace scion::test
