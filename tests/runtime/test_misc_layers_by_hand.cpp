// The misc layer family by hand: outputs computed on paper (ReLU's options, ELU's alpha,
// Softmax on other axes, BatchNormalization in both modes, LayerNormalization, Embedding), the
// static and dynamic paths giving the same weights and outputs for a seed, configs (round trips,
// TF.js's JSON, Keras 2 and 3 forms, what is refused), run-time errors naming the layer, and the
// training-mode noise of SpatialDropout, GaussianNoise and GaussianDropout. The TF.js fixtures
// are in test_misc_layers_tfjs.cpp.
#define BOOST_TEST_MODULE scion_misc_layers2
#include <boost/test/unit_test.hpp>

#include <scion/bridge.hpp>
#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include "fixtures.hpp"

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <new>
#include <ratio>
#include <string>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

using namespace scion;
namespace d = scion::dynamic;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// An exception predicate: the message holds every part.
template <class E>
auto says(std::initializer_list<std::string> parts) {
    return [v = std::vector<std::string>(parts)](const E& e) {
        const std::string w = e.what();
        for (const auto& p : v)
            if (!has(w, p)) {
                BOOST_TEST_MESSAGE("message lacks '" << p << "': " << w);
                return false;
            }
        return true;
    };
}

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

void check_close(const Tensor& got, std::initializer_list<float> want, float tol = 1e-6f) {
    BOOST_TEST_REQUIRE(got.size() == want.size());
    std::size_t i = 0;
    for (float w : want) {
        BOOST_TEST(std::fabs(got[i] - w) <= tol, "element " << i << ": " << got[i] << ", expected " << w);
        ++i;
    }
}

Tensor ramp(Shape s, float scale = 0.37f, float offset = 0.1f) {
    Tensor t(s);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = 2.0f * std::sin(scale * static_cast<float>(i) + offset);
    return t;
}

json config_of(const json& model_json, const std::string& layer) {
    for (const json& l : model_json.at("modelTopology").at("config").at("layers"))
        if (l.at("config").value("name", "") == layer) return l.at("config");
    throw std::runtime_error("no layer " + layer);
}

template <class L>
void round_trips(const L& l) {
    const json c = l.get_config();
    BOOST_TEST(L::from_config(c).get_config() == c, c.dump());
}

} // namespace

// ---- outputs computed by hand ----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(math)

BOOST_AUTO_TEST_CASE(relu_with_max_value_negative_slope_and_threshold) {
    // x > 0.5: min(x, 2); otherwise 0.1 * (x - 0.5) — and 0 at the threshold itself (Keras's code).
    const Tensor x(Shape{1, 6}, {-1.0f, 0.0f, 0.5f, 0.7f, 1.9f, 3.0f});
    layers::ReLU r({{}, 2.0, 0.1, 0.5});
    check_close(run(r, x), {-0.15f, -0.05f, 0.0f, 0.7f, 1.9f, 2.0f});
    ReLU<max_value<std::ratio<2>>, negative_slope<std::ratio<1, 10>>, threshold<std::ratio<1, 2>>> s;
    check_close(run(s, x), {-0.15f, -0.05f, 0.0f, 0.7f, 1.9f, 2.0f});
    ReLU<> plain;
    check_close(run(plain, x), {0.0f, 0.0f, 0.5f, 0.7f, 1.9f, 3.0f});
}

BOOST_AUTO_TEST_CASE(leaky_relu_and_elu_with_alpha) {
    const Tensor x(Shape{1, 4}, {-2.0f, -0.5f, 0.0f, 1.5f});
    LeakyReLU<std::ratio<1, 4>> leaky;
    check_close(run(leaky, x), {-0.5f, -0.125f, 0.0f, 1.5f});
    ELU<std::ratio<1, 2>> elu;
    check_close(run(elu, x), {0.5f * (std::exp(-2.0f) - 1.0f), 0.5f * (std::exp(-0.5f) - 1.0f), 0.0f, 1.5f});
}

BOOST_AUTO_TEST_CASE(softmax_over_another_axis_and_over_two_axes) {
    // Per-sample (2, 3): Softmax<1> normalises each column, Softmax<1, 2> the whole sample.
    const Tensor x(Shape{1, 2, 3}, {0.0f, 1.0f, 2.0f, 1.0f, 1.0f, 0.0f});
    Softmax<1> cols;
    const float e = std::exp(1.0f), e2 = std::exp(2.0f);
    check_close(run(cols, x), {1 / (1 + e), 0.5f, e2 / (e2 + 1), e / (1 + e), 0.5f, 1 / (e2 + 1)});
    Softmax<1, 2> all;
    const float z = 1 + e + e2 + e + e + 1;
    check_close(run(all, x), {1 / z, e / z, e2 / z, e / z, e / z, 1 / z});
    Softmax<-1, -2> same_axes_negative;
    check_close(run(same_axes_negative, x), {1 / z, e / z, e2 / z, e / z, e / z, 1 / z});
}

BOOST_AUTO_TEST_CASE(batch_normalization_with_moving_statistics) {
    // gamma 2, beta 1, mean 1, variance 3, epsilon 1: (x - 1) / 2 * 2 + 1 = x; channel 2 the same
    // with gamma 1, beta 0, mean 0, variance 0: x / sqrt(1).
    BatchNormalization<epsilon<std::ratio<1>>> bn;
    const Tensor x(Shape{2, 2}, {5.0f, -3.0f, 0.5f, 7.0f});
    (void)run(bn, x);
    bn.set_weights(std::vector<Tensor>{Tensor(Shape{2}, {2, 1}), Tensor(Shape{2}, {1, 0}), Tensor(Shape{2}, {1, 0}),
                                       Tensor(Shape{2}, {3, 0})});
    check_close(run(bn, x), {5.0f, -3.0f, 0.5f, 7.0f});
}

BOOST_AUTO_TEST_CASE(batch_normalization_uses_the_batch_statistics_in_training_mode) {
    // One feature, batch [1, 3]: mean 2, variance 1 -> (x - 2) / sqrt(1 + 0.001).
    layers::BatchNormalization bn({});
    const Tensor x(Shape{2, 1}, {1.0f, 3.0f});
    const float k = 1.0f / std::sqrt(1.001f);
    check_close(run(bn, x, {.training = true}), {-k, k});
    // Inference: the moving statistics (0 and 1).
    check_close(run(bn, x), {1.0f / std::sqrt(1.001f), 3.0f / std::sqrt(1.001f)});
    // A frozen layer runs in inference mode even when training (Keras).
    layers::batch_normalization_config c;
    c.trainable = false;
    layers::BatchNormalization frozen(c);
    check_close(run(frozen, x, {.training = true}), {1.0f / std::sqrt(1.001f), 3.0f / std::sqrt(1.001f)});
}

BOOST_AUTO_TEST_CASE(layer_normalization_by_hand) {
    // [1, 2, 3, 4]: mean 2.5, variance 1.25; no gamma, beta 1.
    LayerNormalization<no_scale> ln;
    const Tensor x(Shape{1, 4}, {1, 2, 3, 4});
    (void)run(ln, x);
    ln.set_weights(std::vector<Tensor>{Tensor(Shape{4}, {1, 1, 1, 1})});
    const float s = std::sqrt(1.25f + 0.001f);
    check_close(run(ln, x), {1 - 1.5f / s, 1 - 0.5f / s, 1 + 0.5f / s, 1 + 1.5f / s});
}

BOOST_AUTO_TEST_CASE(embedding_copies_the_rows_of_its_ids) {
    Embedding<10, 3> e;
    const Tensor ids(Shape{2, 2}, {3, 0, 9, 1.9f});  // 1.9 is read as 1, as TF.js casts
    (void)run(e, ids);
    Tensor table(Shape{10, 3});
    for (std::size_t i = 0; i < 10; ++i)
        for (std::size_t j = 0; j < 3; ++j) table[i * 3 + j] = static_cast<float>(10 * i + j);
    e.set_weights(std::vector<Tensor>{table});
    const Tensor y = run(e, ids);
    BOOST_TEST(y.shape() == (Shape{2, 2, 3}));
    check_close(y, {30, 31, 32, 0, 1, 2, 90, 91, 92, 10, 11, 12});
}

BOOST_AUTO_TEST_CASE(prelu_shares_alpha_along_the_shared_axes) {
    // Per-sample (2, 3) with shared_axes 1: one alpha per column, (1, 3).
    PReLU<shared_axes<1>> p;
    const Tensor x(Shape{1, 2, 3}, {-1, -1, -1, -2, 2, -2});
    (void)run(p, x);
    BOOST_TEST(p.get_weights()[0].shape() == (Shape{1, 3}));
    p.set_weights(std::vector<Tensor>{Tensor(Shape{1, 3}, {0.1f, 0.2f, 0.3f})});
    check_close(run(p, x), {-0.1f, -0.2f, -0.3f, -0.2f, 2.0f, -0.6f});
    // Shared along the last axis: one alpha per row, (2, 1) — the general indexing.
    PReLU<shared_axes<2>> q;
    (void)run(q, x);
    q.set_weights(std::vector<Tensor>{Tensor(Shape{2, 1}, {0.5f, 0.25f})});
    check_close(run(q, x), {-0.5f, -0.5f, -0.5f, -0.5f, 2.0f, -0.5f});
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    const auto check = [](auto layer, const Shape& in, const char* what) {
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
    };
    layers::layer_normalization_config ln;
    ln.axis = {1, 3};
    check(layers::BatchNormalization({}), Shape{5, 4}, "BatchNormalization");
    check(layers::LayerNormalization({}), Shape{5, 4}, "LayerNormalization");
    check(layers::LayerNormalization(ln), Shape{3, 5, 4}, "LayerNormalization on axes 1, 3");
    check(layers::ReLU({{}, 6.0, 0.1, 0.0}), Shape{5, 4}, "ReLU");
    check(layers::LeakyReLU({}), Shape{5, 4}, "LeakyReLU");
    check(layers::PReLU({}), Shape{5, 4}, "PReLU");
    check(layers::PReLU({{}, Initializer::zeros(), {2}}), Shape{5, 4, 3}, "PReLU shared on axis 2");
    check(layers::ELU({}), Shape{5, 4}, "ELU");
    check(layers::Softmax({{}, {1}}), Shape{5, 4}, "Softmax");
    check(layers::SpatialDropout2D({{}, 0.5, {}}), Shape{3, 3, 4}, "SpatialDropout2D");
    check(layers::GaussianNoise({{}, 0.5, {}}), Shape{5, 4}, "GaussianNoise");
    check(layers::GaussianDropout({{}, 0.5, {}}), Shape{5, 4}, "GaussianDropout");
    layers::Embedding e({{}, 10, 3});
    e.set_name("embedding");
    e.build(Shape{4}, seed{1});
    const Tensor ids(Shape{2, 4}, {0, 1, 2, 3, 9, 8, 7, 6});
    Tensor y(Shape{2, 4, 3});
    const std::size_t before = g_news.load();
    e.forward(ids.view(), y.view(), {}, {});
    BOOST_TEST(g_news.load() == before, "Embedding allocated in forward");
}

BOOST_AUTO_TEST_CASE(noise_layers_are_the_identity_at_inference) {
    const Tensor x = ramp(Shape{2, 3, 3, 2});
    SpatialDropout2D<std::ratio<1, 2>> sd;
    BOOST_TEST(run(sd, x) == x);
    GaussianNoise<std::ratio<1>> gn;
    BOOST_TEST(run(gn, x) == x);
    GaussianDropout<std::ratio<1, 2>> gd;
    BOOST_TEST(run(gd, x) == x);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the static and the dynamic path ---------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(static_and_dynamic)

using random_uniform = init::random_uniform<>;
using Static = Sequential<Input<5>, Embedding<9, 4>, BatchNormalization<gamma_initializer<random_uniform>,
                          moving_mean_initializer<random_uniform>>, LayerNormalization<axis<1, 2>, beta_initializer<random_uniform>>,
                          PReLU<shared_axes<1>, alpha_initializer<random_uniform>>, ReLU<max_value<std::ratio<3, 2>>>,
                          LeakyReLU<>, ELU<std::ratio<1, 2>>, Softmax<1>, SpatialDropout1D<std::ratio<1, 2>>,
                          GaussianNoise<std::ratio<1, 4>>, GaussianDropout<std::ratio<1, 5>>, Flatten, Dense<3>>;

d::Sequential dynamic_twin(seed s) {
    const Initializer u = Initializer::random_uniform();
    return d::Sequential(d::Input(Shape{5}),
                         {d::Embedding({.input_dim = 9, .output_dim = 4}),
                          d::BatchNormalization({.gamma_initializer = u, .moving_mean_initializer = u}),
                          d::LayerNormalization({.axis = {1, 2}, .beta_initializer = u}),
                          d::PReLU({.alpha_initializer = u, .shared_axes = {1}}), d::ReLU({.max_value = 1.5}),
                          d::LeakyReLU(), d::ELU({.alpha = 0.5}), d::Softmax({.axis = {1}}),
                          d::SpatialDropout1D({.rate = 0.5}), d::GaussianNoise({.stddev = 0.25}),
                          d::GaussianDropout({.rate = 0.2}), d::Flatten(), d::Dense({.units = 3})},
                         "sequential", s);
}

Tensor ids() { return Tensor(Shape{3, 5}, {0, 1, 2, 3, 4, 8, 7, 6, 5, 4, 1, 1, 2, 2, 8}); }

BOOST_AUTO_TEST_CASE(same_seed_same_weights_and_outputs) {
    const Static s{seed{11}};
    const d::Sequential m = dynamic_twin(seed{11});
    const auto ws = s.get_weights(), wd = m.get_weights();
    BOOST_TEST_REQUIRE(ws.size() == wd.size());
    for (std::size_t i = 0; i < ws.size(); ++i) BOOST_TEST(ws[i] == wd[i], "weight " << i);
    BOOST_TEST(s.predict(ids()) == m.predict({ids()})[0]);
    // Training mode: the same noise on both paths for a context.
    const layers::call_context ctx{.training = true, .seed = 5, .step = 2};
    BOOST_TEST(s.call(ids(), ctx) == m.call(ctx, {ids()})[0]);
    BOOST_TEST(s.call(ids(), ctx) != s.predict(ids()));
    // The twins' Keras JSON is the same, and reads back into a model with the same outputs.
    const d::Model from_static = to_dynamic(s);
    BOOST_TEST(from_static.to_json() == m.to_json());
    const d::Model back = d::model_from_json(m.to_json(), seed{1});
    back.set_weights(m.get_weights());
    BOOST_TEST(back.predict({ids()})[0] == m.predict({ids()})[0]);
    BOOST_TEST(back.to_json() == m.to_json());
}

BOOST_AUTO_TEST_CASE(clones_have_fresh_weights_and_the_same_outputs_once_copied) {
    const Static s{seed{12}};
    auto c = clone_model(s);
    BOOST_TEST(c.get_config() == s.get_config());
    const auto w = s.get_weights();
    BOOST_TEST(c.get_weights() != w);
    c.set_weights(w);
    BOOST_TEST(c.predict(ids()) == s.predict(ids()));

    const d::Sequential m = dynamic_twin(seed{12});
    const d::Model dc = clone_model(m);
    BOOST_TEST(dc.to_json() == m.to_json());
    BOOST_TEST(dc.get_weights() != m.get_weights());
    dc.set_weights(m.get_weights());
    BOOST_TEST(dc.predict({ids()})[0] == m.predict({ids()})[0]);
}

BOOST_AUTO_TEST_CASE(model_cast_back_from_the_dynamic_path) {
    const d::Sequential m = dynamic_twin(seed{13});
    const Static s = model_cast<Static>(m);
    BOOST_TEST(s.predict(ids()) == m.predict({ids()})[0]);
    // A model whose LayerNormalization normalises other axes is not this type.
    using Other = Sequential<Input<5>, Embedding<9, 4>, LayerNormalization<axis<2>>>;
    const d::Sequential o(d::Input(Shape{5}),
                          {d::Embedding({.input_dim = 9, .output_dim = 4}), d::LayerNormalization({.axis = {1}})});
    BOOST_CHECK_EXCEPTION((void)model_cast<Other>(o), config_error, says<config_error>({"LayerNormalization", "axis"}));
}

BOOST_AUTO_TEST_CASE(rebinding_keeps_weights_that_fit) {
    layers::Embedding e({{}, 5, 2});
    e.set_name("embedding");
    e.build(Shape{4}, seed{1});
    const auto w = e.get_weights();
    e.rebind(Shape{7, 2});  // any id shape: the table fits
    BOOST_TEST(e.get_weights() == w);
    layers::BatchNormalization bn({});
    bn.set_name("bn");
    bn.build(Shape{4, 3}, seed{1});
    bn.rebind(Shape{9, 3});
    BOOST_TEST(bn.non_trainable_params() == 6u);
    BOOST_CHECK_EXCEPTION(bn.rebind(Shape{9, 4}), clone_error, says<clone_error>({"BatchNormalization layer 'bn'"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- configs -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(configs)

BOOST_AUTO_TEST_CASE(get_config_then_from_config_round_trips) {
    layers::batch_normalization_config bn;
    bn.name = "bn";
    bn.axis = 1;
    bn.epsilon = 1e-5;
    bn.momentum = 0.9;
    bn.center = false;
    bn.gamma_initializer = Initializer::random_normal(1.0f, 0.1f);
    round_trips(layers::BatchNormalization(bn));
    layers::layer_normalization_config ln;
    ln.axis = {3, 1};
    ln.scale = false;
    round_trips(layers::LayerNormalization(ln));
    round_trips(layers::Embedding({{}, 7, 3, Initializer::glorot_uniform().with_seed(4)}));
    round_trips(layers::ReLU({{}, 6.0, 0.1, 0.5}));
    round_trips(layers::ReLU({}));
    round_trips(layers::LeakyReLU({{}, 0.2}));
    round_trips(layers::PReLU({{}, Initializer::constant(0.25f), {1, 2}}));
    round_trips(layers::PReLU({}));
    round_trips(layers::ELU({{}, 0.5}));
    round_trips(layers::Softmax({{}, {1}}));
    round_trips(layers::Softmax({{}, {1, 2}}));
    round_trips(layers::SpatialDropout1D({{}, 0.25, 7}));
    round_trips(layers::SpatialDropout2D({{}, 0.25, {}}));
    round_trips(layers::SpatialDropout3D({{}, 0.5, {}}));
    round_trips(layers::GaussianNoise({{}, 0.3, 2}));
    round_trips(layers::GaussianDropout({{}, 0.3, {}}));
    // The DSL types too: from_config gives the same static type back.
    round_trips(BatchNormalization<axis<1>, no_center>());
    round_trips(LayerNormalization<axis<1, 2>>());
    round_trips(Embedding<4, 2>());
    round_trips(ReLU<max_value<std::ratio<6>>>());
    round_trips(PReLU<shared_axes<1>>());
    round_trips(Softmax<1, 2>());
    round_trips(SpatialDropout2D<std::ratio<1, 4>>());
    round_trips(GaussianNoise<std::ratio<1, 10>>());
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const json m = test_fixtures::read_json("layers/norm_dense_bn_relu_prelu/model.json");
    const auto bn = layers::BatchNormalization::config_from_json(config_of(m, "batch_normalization_1"));
    BOOST_TEST(bn.axis == -1);
    BOOST_TEST(bn.epsilon == 1e-5);
    BOOST_TEST(bn.momentum == 0.99);
    BOOST_TEST((bn.center && bn.scale));
    BOOST_TEST((bn.moving_variance_initializer == Initializer::ones()));
    const auto ln = layers::LayerNormalization::config_from_json(
        config_of(test_fixtures::read_json("layers/norm_ln_axes_3_1/model.json"), "layer_normalization"));
    BOOST_TEST((ln.axis == std::vector<int>{3, 1}));
    BOOST_TEST(ln.epsilon == 1e-5);
    const auto e =
        layers::Embedding::config_from_json(config_of(test_fixtures::read_json("layers/embed_ids_2d/model.json"), "embedding"));
    BOOST_TEST(e.input_dim == 10u);
    BOOST_TEST(e.output_dim == 3u);
    BOOST_TEST((e.embeddings_initializer == Initializer::random_uniform(-0.05f, 0.05f)));
    const auto r = layers::ReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_relu_max_value/model.json"), "re_lu"));
    BOOST_TEST((r.max_value && *r.max_value == 6.0));
    const auto p = layers::PReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_prelu_shared_1_2/model.json"), "p_re_lu"));
    BOOST_TEST((p.shared_axes == std::vector<int>{1, 2}));
    const auto l = layers::LeakyReLU::config_from_json(
        config_of(test_fixtures::read_json("layers/act_leaky_relu/model.json"), "leaky_re_lu"));
    BOOST_TEST(std::fabs(l.alpha - 0.2) < 1e-7);
    const auto s = layers::SpatialDropout1D::config_from_json(
        config_of(test_fixtures::read_json("layers/noise_spatial_dropout1d/model.json"), "spatial_dropout1d"));
    BOOST_TEST(std::fabs(s.rate - 0.3) < 1e-7);
}

BOOST_AUTO_TEST_CASE(keras_2_and_3_forms_are_read) {
    // Keras 2 writes BatchNormalization's axis as a list once built, and renorm fields.
    const auto bn2 = layers::BatchNormalization::config_from_json(json::parse(R"({"name": "bn", "trainable": true,
        "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": 0.001, "center": true, "scale": false,
        "beta_initializer": {"class_name": "Zeros", "config": {}}, "gamma_initializer": {"class_name": "Ones", "config": {}},
        "moving_mean_initializer": {"class_name": "Zeros", "config": {}},
        "moving_variance_initializer": {"class_name": "Ones", "config": {}}, "beta_regularizer": null,
        "gamma_regularizer": null, "beta_constraint": null, "gamma_constraint": null, "renorm": false,
        "renorm_clipping": null, "renorm_momentum": 0.99, "fused": null, "virtual_batch_size": null, "adjustment": null})"));
    BOOST_TEST(bn2.axis == 3);
    BOOST_TEST(!bn2.scale);
    // Keras 3: a dtype policy object, synchronized.
    const auto bn3 = layers::BatchNormalization::config_from_json(json::parse(R"({"name": "bn", "trainable": true,
        "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null},
        "axis": -1, "momentum": 0.9, "epsilon": 0.001, "center": true, "scale": true, "synchronized": false,
        "beta_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}})"));
    BOOST_TEST(bn3.momentum == 0.9);
    // Keras 3's LeakyReLU says negative_slope; ReLU writes all three fields; LayerNormalization an int axis.
    BOOST_TEST(layers::LeakyReLU::config_from_json(json::parse(R"({"name": "l", "negative_slope": 0.1})")).alpha == 0.1);
    const auto r = layers::ReLU::config_from_json(
        json::parse(R"({"name": "r", "max_value": null, "negative_slope": 0.2, "threshold": 1.0})"));
    BOOST_TEST((!r.max_value && r.negative_slope == 0.2 && r.threshold == 1.0));
    const auto ln = layers::LayerNormalization::config_from_json(
        json::parse(R"({"name": "ln", "axis": -1, "epsilon": 0.001, "rms_scaling": false})"));
    BOOST_TEST((ln.axis == std::vector<int>{-1}));
    // Keras 2's Embedding input_length is accepted (the model gives the input shape).
    const auto e = layers::Embedding::config_from_json(
        json::parse(R"({"name": "e", "input_dim": 5, "output_dim": 2, "mask_zero": false, "input_length": 10})"));
    BOOST_TEST(e.input_dim == 5u);
    const auto sd = layers::SpatialDropout2D::config_from_json(
        json::parse(R"({"name": "s", "rate": 0.2, "seed": null, "data_format": "channels_last"})"));
    BOOST_TEST(sd.rate == 0.2);
    BOOST_TEST(layers::Softmax::config_from_json(json::parse(R"({"name": "s", "axis": [1, 2]})")).axis.size() == 2u);
}

BOOST_AUTO_TEST_CASE(unsupported_options_are_refused_naming_the_field) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)layers::Embedding::config_from_json(
                              json::parse(R"({"name": "e", "input_dim": 5, "output_dim": 2, "mask_zero": true})")),
                          E, says<E>({"Embedding config", "mask_zero", "not supported"}));
    BOOST_CHECK_EXCEPTION((void)d::Embedding({.input_dim = 5, .output_dim = 2, .mask_zero = true, .name = "words"}), E,
                          says<E>({"Embedding layer 'words'", "mask_zero", "not supported"}));
    BOOST_CHECK_EXCEPTION((void)layers::BatchNormalization::config_from_json(json::parse(R"({"axis": [1, 2]})")), E,
                          says<E>({"BatchNormalization config", "axis"}));
    BOOST_CHECK_EXCEPTION((void)layers::BatchNormalization::config_from_json(json::parse(R"({"renorm": true})")), E,
                          says<E>({"BatchNormalization config", "renorm"}));
    BOOST_CHECK_EXCEPTION(
        (void)layers::BatchNormalization::config_from_json(json::parse(R"({"gamma_regularizer": {"class_name": "L2"}})")),
        E, says<E>({"BatchNormalization config", "gamma_regularizer"}));
    BOOST_CHECK_EXCEPTION((void)layers::LayerNormalization::config_from_json(json::parse(R"({"rms_scaling": true})")), E,
                          says<E>({"LayerNormalization config", "rms_scaling"}));
    BOOST_CHECK_EXCEPTION((void)layers::LayerNormalization::config_from_json(json::parse(R"({"axis": "last"})")), E,
                          says<E>({"LayerNormalization config", "axis"}));
    BOOST_CHECK_EXCEPTION((void)layers::SpatialDropout2D::config_from_json(
                              json::parse(R"({"rate": 0.1, "data_format": "channels_first"})")),
                          E, says<E>({"SpatialDropout2D config", "data_format"}));
    BOOST_CHECK_EXCEPTION((void)layers::PReLU::config_from_json(json::parse(R"({"alpha_constraint": {"class_name": "NonNeg"}})")),
                          E, says<E>({"PReLU config", "alpha_constraint"}));
    BOOST_CHECK_EXCEPTION((void)layers::Embedding::config_from_json(json::parse(R"({"input_dim": 5})")), E,
                          says<E>({"Embedding config", "output_dim"}));
}

BOOST_AUTO_TEST_CASE(values_out_of_range_are_refused_naming_the_layer) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)d::ReLU({.max_value = -1.0, .name = "r"}), E, says<E>({"ReLU layer 'r'", "max_value"}));
    BOOST_CHECK_EXCEPTION((void)d::ReLU({.threshold = -1.0, .name = "r"}), E, says<E>({"ReLU layer 'r'", "threshold"}));
    BOOST_CHECK_EXCEPTION((void)d::SpatialDropout1D({.rate = 1.0, .name = "s"}), E,
                          says<E>({"SpatialDropout1D layer 's'", "rate"}));
    BOOST_CHECK_EXCEPTION((void)d::GaussianNoise({.stddev = -0.1, .name = "g"}), E,
                          says<E>({"GaussianNoise layer 'g'", "stddev"}));
    BOOST_CHECK_EXCEPTION((void)d::GaussianDropout({.rate = -0.1, .name = "g"}), E,
                          says<E>({"GaussianDropout layer 'g'", "rate"}));
    BOOST_CHECK_EXCEPTION((void)d::BatchNormalization({.epsilon = 0.0, .name = "b"}), E,
                          says<E>({"BatchNormalization layer 'b'", "epsilon"}));
    BOOST_CHECK_EXCEPTION((void)d::Embedding({.input_dim = 0, .output_dim = 2, .name = "e"}), E,
                          says<E>({"Embedding layer 'e'", "input_dim"}));
}

BOOST_AUTO_TEST_CASE(a_config_that_contradicts_the_static_type_is_refused) {
    using E = config_error;
    layers::batch_normalization_config bn;
    bn.center = false;
    BOOST_CHECK_EXCEPTION((void)BatchNormalization<>(bn), E, says<E>({"BatchNormalization", "center"}));
    BOOST_CHECK_EXCEPTION((void)(Embedding<5, 2>(layers::embedding_config{{}, 6, 2})), E, says<E>({"Embedding", "input_dim"}));
    BOOST_CHECK_EXCEPTION((void)LeakyReLU<>(layers::leaky_relu_config{{}, 0.2}), E, says<E>({"LeakyReLU", "alpha"}));
    BOOST_CHECK_EXCEPTION((void)ReLU<>(layers::relu_config{{}, 6.0, 0.0, 0.0}), E, says<E>({"ReLU", "max_value"}));
    BOOST_CHECK_EXCEPTION((void)PReLU<>(layers::prelu_config{{}, Initializer::zeros(), {1}}), E,
                          says<E>({"PReLU", "shared_axes"}));
    BOOST_CHECK_EXCEPTION((void)(SpatialDropout1D<std::ratio<1, 2>>(layers::spatial_dropout_config{{}, 0.25, {}})), E,
                          says<E>({"SpatialDropout1D", "rate"}));
    // TF.js writes LayerNormalization's axis as positive numbers: [2] is -1 on a rank-2 input...
    layers::layer_normalization_config ln;
    ln.axis = {2};
    LayerNormalization<> ok(ln);
    ok.set_name("ln");
    ok.build(Shape{3, 4}, seed{1});
    // ...and another axis on a rank-3 one.
    LayerNormalization<> other(ln);
    BOOST_CHECK_EXCEPTION(other.build(Shape{3, 4, 5}, seed{1}), E, says<E>({"LayerNormalization", "axis"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- run-time errors ---------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(an_id_out_of_range_names_the_layer_and_the_id) {
    const Sequential<Input<4>, Embedding<20, 2>, Flatten, Dense<1>> s{seed{1}};
    Tensor x(Shape{2, 4}, {0, 1, 2, 3, 4, 5, 20, 7});
    BOOST_CHECK_EXCEPTION((void)s.predict(x), value_error,
                          says<value_error>({"Embedding layer 'embedding'", "id 20", "[1, 2]", "[0, 20)"}));
    x[6] = -1;
    BOOST_CHECK_EXCEPTION((void)s.predict(x), scion::error, says<scion::error>({"Embedding layer 'embedding'", "id -1"}));
    x[6] = std::numeric_limits<float>::quiet_NaN();
    BOOST_CHECK_EXCEPTION((void)s.predict(x), value_error, says<value_error>({"Embedding layer 'embedding'", "nan"}));
    const auto in = d::Input(Shape{4});
    const d::Model m({in}, {d::Embedding({.input_dim = 3, .output_dim = 2, .name = "words"})(in)});
    BOOST_CHECK_EXCEPTION((void)m.predict({Tensor(Shape{1, 4}, {0, 1, 2, 3})}), value_error,
                          says<value_error>({"Embedding layer 'words'", "id 3", "[0, 3]", "[0, 3)"}));
}

BOOST_AUTO_TEST_CASE(shapes_a_layer_cannot_take_name_the_layer) {
    using E = shape_error;
    const auto x = d::Input(Shape{4});
    BOOST_CHECK_EXCEPTION((void)d::BatchNormalization({.axis = 2, .name = "bn"})(x), E,
                          says<E>({"BatchNormalization layer 'bn'", "axis 2", "(None, 4)"}));
    BOOST_CHECK_EXCEPTION((void)d::LayerNormalization({.axis = {-1, 1}, .name = "ln"})(x), E,
                          says<E>({"LayerNormalization layer 'ln'", "axis"}));
    BOOST_CHECK_EXCEPTION((void)d::Softmax({.axis = {0}, .name = "sm"})(x), E, says<E>({"Softmax layer 'sm'", "axis 0"}));
    BOOST_CHECK_EXCEPTION((void)d::PReLU({.shared_axes = {2}, .name = "p"})(x), E, says<E>({"PReLU layer 'p'", "axis 2"}));
    BOOST_CHECK_EXCEPTION((void)d::SpatialDropout2D({.rate = 0.1, .name = "sd"})(d::Input(Shape{5, 4})), E,
                          says<E>({"SpatialDropout2D layer 'sd'", "rank 3"}));
    BOOST_CHECK_EXCEPTION((void)d::Embedding({.input_dim = 3, .output_dim = 2, .name = "e"})(d::Input(Shape{1, 1, 1, 1, 1, 1, 1})),
                          E, says<E>({"Embedding layer 'e'"}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- training mode -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(training_mode)

BOOST_AUTO_TEST_CASE(spatial_dropout_drops_whole_channels_reproducibly) {
    const Tensor x = ramp(Shape{4, 3, 5, 8});  // batch 4, 3x5 positions, 8 channels
    SpatialDropout2D<std::ratio<1, 2>> sd;
    const layers::call_context ctx{.training = true, .seed = 9, .step = 0};
    const Tensor y = run(sd, x, ctx, "spatial_dropout2d");
    std::size_t dropped = 0;
    for (std::size_t b = 0; b < 4; ++b)
        for (std::size_t c = 0; c < 8; ++c) {
            std::size_t zeros = 0, kept = 0;
            for (std::size_t p = 0; p < 15; ++p) {
                const std::size_t i = (b * 15 + p) * 8 + c;
                if (y[i] == 0.0f) ++zeros;
                else if (std::fabs(y[i] - 2.0f * x[i]) <= 1e-6f) ++kept;
            }
            BOOST_TEST((zeros == 15 || kept == 15), "sample " << b << " channel " << c);
            dropped += zeros == 15;
        }
    BOOST_TEST(dropped > 4u);
    BOOST_TEST(dropped < 28u);
    BOOST_TEST(run(sd, x, ctx, "spatial_dropout2d") == y);                          // reproducible
    BOOST_TEST(run(sd, x, {.training = true, .seed = 9, .step = 1}, "spatial_dropout2d") != y);  // another step
    BOOST_TEST(run(sd, x, {.training = true, .seed = 10, .step = 0}, "spatial_dropout2d") != y);  // another seed
    // The layer's own seed overrides the context's.
    layers::SpatialDropout2D own({{}, 0.5, 77});
    BOOST_TEST(run(own, x, {.training = true, .seed = 1}, "s") == run(own, x, {.training = true, .seed = 2}, "s"));
}

BOOST_AUTO_TEST_CASE(spatial_dropout1d_masks_per_sample_and_channel) {
    const Tensor x = ramp(Shape{3, 6, 4});
    layers::SpatialDropout1D sd({{}, 0.25, {}});
    const Tensor y = run(sd, x, {.training = true, .seed = 3}, "spatial_dropout1d");
    for (std::size_t b = 0; b < 3; ++b)
        for (std::size_t c = 0; c < 4; ++c) {
            const bool drop = y[(b * 6) * 4 + c] == 0.0f;
            for (std::size_t t = 0; t < 6; ++t) {
                const std::size_t i = (b * 6 + t) * 4 + c;
                BOOST_TEST(std::fabs(y[i] - (drop ? 0.0f : x[i] / 0.75f)) <= 1e-6f);
            }
        }
}

BOOST_AUTO_TEST_CASE(gaussian_noise_adds_seeded_normal_noise) {
    const Tensor x(Shape{40, 250});  // zeros: the output is the noise
    GaussianNoise<std::ratio<1, 2>> gn;
    const layers::call_context ctx{.training = true, .seed = 4, .step = 3};
    const Tensor y = run(gn, x, ctx, "gaussian_noise");
    // The noise is random_stream::normal's draw for (seed ^ mix(step + 1), layer path).
    std::vector<float> want(x.size());
    random_stream(seed{4 ^ scion::detail::mix64(4)}, "gaussian_noise").normal(want, 0.0f, 0.5f);
    for (std::size_t i = 0; i < 8; ++i) BOOST_TEST(std::fabs(y[i] - want[i]) <= 1e-6f);
    double s = 0, q = 0;
    for (float v : y.values()) s += v, q += double(v) * v;
    const double mean = s / double(y.size()), sd = std::sqrt(q / double(y.size()) - mean * mean);
    BOOST_TEST(std::fabs(mean) < 0.02);
    BOOST_TEST(std::fabs(sd - 0.5) < 0.02);
    BOOST_TEST(run(gn, x, ctx, "gaussian_noise") == y);
}

BOOST_AUTO_TEST_CASE(gaussian_dropout_multiplies_by_seeded_noise_around_1) {
    Tensor x(Shape{40, 250});
    for (float& v : x.values()) v = 2.0f;
    GaussianDropout<std::ratio<1, 5>> gd;  // stddev sqrt(0.2 / 0.8) = 0.5
    const Tensor y = run(gd, x, {.training = true, .seed = 8}, "gaussian_dropout");
    double s = 0, q = 0;
    for (float v : y.values()) s += v / 2.0, q += (v / 2.0) * (v / 2.0);
    const double mean = s / double(y.size()), sd = std::sqrt(q / double(y.size()) - mean * mean);
    BOOST_TEST(std::fabs(mean - 1.0) < 0.02);
    BOOST_TEST(std::fabs(sd - 0.5) < 0.02);
}

BOOST_AUTO_TEST_SUITE_END()
