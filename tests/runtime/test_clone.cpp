// clone_model on static models, row by row against Keras's clone_model
// (shared/reference/keras-clone-semantics.md): fresh weights, weight policies, new inputs,
// clone functions that rename or change layer types, and the errors.
#define BOOST_TEST_MODULE clone
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace scion;

namespace {
using Classifier = Sequential<Input<728>, Dense<32, act::relu>, Dense<1, act::sigmoid>>;
using Tagger = Sequential<Input<20, 8>, LSTM<16>, Dense<4, act::softmax>>;

constexpr auto make_bidirectional = [](const auto& layer) {
    if constexpr (is_lstm_v<std::remove_cvref_t<decltype(layer)>>) return Bidirectional{layer};
    else return fresh_weights{}(layer);
};
} // namespace

// Rows 1 and 2.
BOOST_AUTO_TEST_CASE(clone_has_the_same_type_names_and_config_and_fresh_weights) {
    Classifier m{seed{1}};
    m.set_name("classifier");
    const auto c = clone_model(m);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(c)>, Classifier>);
    BOOST_TEST(c.name() == "classifier");
    BOOST_TEST((c.get_config() == m.get_config()));
    const auto wm = m.get_weights(), wc = c.get_weights();
    BOOST_TEST(wc.size() == wm.size());
    BOOST_TEST(!(wc[0] == wm[0]));  // kernels are drawn anew
    BOOST_TEST((wc[1] == wm[1]));   // biases start at zero in both
    const Tensor x = test::iota_tensor(Shape{4, 728});
    BOOST_TEST(!(c.predict(x) == m.predict(x)));
}

BOOST_AUTO_TEST_CASE(set_weights_after_clone_makes_outputs_identical) {
    const Tagger m{seed{1}};
    auto c = clone_model(m);
    c.set_weights(m.get_weights());
    const Tensor x = test::iota_tensor(Shape{3, 20, 8});
    BOOST_TEST((c.predict(x) == m.predict(x)));
}

BOOST_AUTO_TEST_CASE(seeded_fresh_weights_are_those_of_a_model_built_with_that_seed) {
    const Classifier m{seed{1}};
    const auto c = clone_model(m, keep_inputs, fresh_weights{seed{9}});
    BOOST_TEST(test::same_weights(c.get_weights(), Classifier{seed{9}}.get_weights()));
    BOOST_TEST(c.seed().value == 9u);
    const auto c2 = clone_model(m, keep_inputs, make_bidirectional, seed{9});
    const auto c3 = clone_model(m, keep_inputs, make_bidirectional, seed{9});
    BOOST_TEST(test::same_weights(c2.get_weights(), c3.get_weights()));
}

BOOST_AUTO_TEST_CASE(a_seed_gives_the_recorded_weights_on_every_fill) {
    // Recorded from scion before its Philox fills were vectorised (g++ -O2, no FMA): which
    // weights a seed gives is part of the contract, the same on every machine, with every
    // implementation of the fills and under every -march. Elements 0..5, 12345 and the last six
    // of the first kernel; the second kernel's first and last six; the biases are zero; and
    // FNV-1a (64 bits) over the bytes of every weight, in order, for all the others.
    struct recorded {
        std::uint64_t seed;
        bool clone;  // a clone of Classifier{seed{1}} with fresh_weights{seed{7}}, else a model built with the seed
        std::uint64_t fnv1a;
        std::array<float, 13> k1;
        std::array<float, 12> k2;
    };
    const recorded models[] = {
        {1, false, 0xbc98f4767f626f7eull,
         {0x1.20c4d8p-5f, 0x1.0094bp-4f, 0x1.65302p-7f, 0x1.2c6e1p-5f, 0x1.5b4a6p-4f, 0x1.da4c38p-5f, -0x1.3ee0ecp-4f,
          -0x1.2334dcp-5f, 0x1.15283cp-5f, -0x1.379a8p-6f, -0x1.0050ap-4f, 0x1.2d4f8p-6f, 0x1.3c6dccp-4f},
         {-0x1.6f88ap-3f, -0x1.428d62p-2f, 0x1.ab9324p-2f, 0x1.36e908p-3f, -0x1.99bad6p-3f, -0x1.17810cp-2f,
          0x1.3c4f9cp-2f, -0x1.a57832p-3f, 0x1.7118cp-2f, -0x1.20ce98p-4f, 0x1.9c4ddp-2f, 0x1.b2a4bp-5f}},
        {7, true, 0x5b5f70adf07b145full,
         {-0x1.8e60f4p-5f, 0x1.60cc7p-7f, 0x1.f421ap-5f, -0x1.8b2bfp-6f, -0x1.036f7p-4f, -0x1.2bd3dp-4f, -0x1.717e5ap-5f,
          0x1.b31e1p-7f, -0x1.0de884p-4f, -0x1.1cb34p-6f, -0x1.1169ep-6f, 0x1.8204d8p-6f, -0x1.64cbe6p-4f},
         {-0x1.7eaa3ep-3f, 0x1.21d06p-5f, 0x1.3c07cp-7f, 0x1.5a283p-4f, 0x1.cbe5ep-6f, -0x1.766c98p-4f, -0x1.8892e6p-2f,
          0x1.69bdap-3f, -0x1.215c94p-2f, 0x1.8befap-6f, -0x1.7eae06p-3f, -0x1.42aa12p-2f}},
    };
    const std::size_t k1_at[] = {0, 1, 2, 3, 4, 5, 12345, 23290, 23291, 23292, 23293, 23294, 23295};
    const std::size_t k2_at[] = {0, 1, 2, 3, 4, 5, 26, 27, 28, 29, 30, 31};
    const scion::detail::philox_isa before = scion::detail::philox_isa_in_use();
    for (int isa = 0; isa <= static_cast<int>(scion::detail::philox_best_isa()); ++isa) {
        scion::detail::use_philox_isa(static_cast<scion::detail::philox_isa>(isa));
        for (const recorded& r : models) {
            BOOST_TEST_CONTEXT("seed " << r.seed << (r.clone ? " (clone)" : "") << ", philox isa " << isa) {
                const Classifier m{seed{1}};
                const std::vector<Tensor> w = r.clone ? clone_model(m, keep_inputs, fresh_weights{seed{r.seed}}).get_weights()
                                                      : m.get_weights();
                BOOST_TEST_REQUIRE(w.size() == 4u);
                for (std::size_t i = 0; i < 13; ++i) BOOST_TEST(w[0][k1_at[i]] == r.k1[i], "kernel element " << k1_at[i]);
                for (std::size_t i = 0; i < 12; ++i) BOOST_TEST(w[2][k2_at[i]] == r.k2[i], "kernel_1 element " << k2_at[i]);
                BOOST_TEST(w[1].values().size() == 32u);
                BOOST_TEST(std::all_of(w[1].values().begin(), w[1].values().end(), [](float x) { return x == 0.0f; }));
                BOOST_TEST(w[3][0] == 0.0f);
                std::uint64_t h = 0xCBF29CE484222325ull;
                for (const Tensor& t : w)
                    for (const float x : t.values()) {
                        std::uint32_t bits = 0;
                        std::memcpy(&bits, &x, sizeof bits);
                        for (int k = 0; k < 4; ++k) h = (h ^ ((bits >> (8 * k)) & 0xFFu)) * 0x100000001B3ull;
                    }
                BOOST_TEST(h == r.fnv1a);
            }
        }
    }
    scion::detail::use_philox_isa(before);
}

BOOST_AUTO_TEST_CASE(unseeded_clones_of_one_model_all_differ) {
    const Classifier m{seed{1}};
    const auto a = clone_model(m), b = clone_model(m);
    BOOST_TEST(!test::same_weights(a.get_weights(), b.get_weights()));
}

BOOST_AUTO_TEST_CASE(copy_weights_gives_identical_outputs_in_separate_buffers) {
    const Tagger m{seed{1}};
    auto c = clone_model(m, keep_inputs, copy_weights{});
    const Tensor x = test::iota_tensor(Shape{2, 20, 8});
    BOOST_TEST((c.predict(x) == m.predict(x)));
    c.set_weights(Tagger{seed{2}}.get_weights());
    BOOST_TEST(test::same_weights(m.get_weights(), Tagger{seed{1}}.get_weights()));
}

// Row 9: a new input re-infers every shape; kernels that depend on the input size are re-made.
BOOST_AUTO_TEST_CASE(clone_on_a_new_input_takes_its_shape) {
    const Classifier m{seed{1}};
    auto small = clone_model(m, Input<10>{});
    static_assert(std::is_same_v<decltype(small), Sequential<Input<10>, Dense<32, act::relu>, Dense<1, act::sigmoid>>>);
    BOOST_TEST(small.get_weights()[0].shape() == (Shape{10, 32}));
    BOOST_TEST(small.layer<0>().name() == "dense");
    BOOST_TEST(small.predict(test::iota_tensor(Shape{2, 10})).shape() == (Shape{2, 1}));
    BOOST_TEST(small.get_config()["config"]["layers"][0]["config"]["batch_input_shape"].dump() == "[null,10]");
    // A sequence model on longer sequences keeps all its weight shapes.
    const Tagger t{seed{1}};
    auto longer = clone_model(t, Input<50, 8>{}, copy_weights{});
    BOOST_TEST(longer.predict(test::iota_tensor(Shape{1, 50, 8})).shape() == (Shape{1, 4}));
    BOOST_TEST(test::same_weights(longer.get_weights(), t.get_weights()));
}

// Rows 4 and 5: once per layer, in order, never on the input.
BOOST_AUTO_TEST_CASE(clone_function_is_called_once_per_layer_and_never_on_the_input) {
    const Sequential<Input<4>, Dense<8>, Dropout<>, Dense<2>> m{seed{1}};
    std::vector<std::string> calls;
    auto recording = [&calls](const auto& layer) {
        calls.emplace_back(layer.name());
        return fresh_weights{}(layer);
    };
    (void)clone_model(m, keep_inputs, recording);
    BOOST_TEST((calls == std::vector<std::string>{"dense", "dropout", "dense_1"}));
}

// Row 6.
BOOST_AUTO_TEST_CASE(clone_function_may_rename_and_duplicate_names_are_an_error) {
    const Classifier m{seed{1}};
    auto prefix = [](const auto& layer) {
        auto l = fresh_weights{}(layer);
        l.set_name("clone_" + std::string(layer.name()));
        return l;
    };
    const auto c = clone_model(m, keep_inputs, prefix);
    BOOST_TEST(c.layer<0>().name() == "clone_dense");
    BOOST_TEST(c.layer<1>().name() == "clone_dense_1");
    // Renaming changes which random stream each weight comes from.
    BOOST_TEST(!test::same_weights(c.get_weights(), Classifier{c.seed()}.get_weights()));

    auto same = [](const auto& layer) {
        auto l = fresh_weights{}(layer);
        l.set_name("x");
        return l;
    };
    try {
        (void)clone_model(m, keep_inputs, same);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "\"x\" is used 2 times"));
    }
}

// Row 7: the seed's example.
BOOST_AUTO_TEST_CASE(clone_function_wraps_every_lstm_in_a_bidirectional) {
    const Tagger m{seed{1}};
    auto c = clone_model(m, keep_inputs, make_bidirectional);
    static_assert(std::is_same_v<decltype(c), Sequential<Input<20, 8>, Bidirectional<LSTM<16>>, Dense<4, act::softmax>>>);
    BOOST_TEST(c.layer<0>().engine().forward_layer().config().units == 16u);
    BOOST_TEST(c.layer<0>().name() == "bidirectional");
    BOOST_TEST(c.layer<1>().name() == "dense");
    BOOST_TEST(c.get_weights()[6].shape() == (Shape{32, 4}));  // the Dense now reads 32 features
    BOOST_TEST(c.count_params() == param_count_v<decltype(c)>);
    const Tensor p = c.predict(test::iota_tensor(Shape{2, 20, 8}));
    BOOST_TEST(std::fabs(p[0] + p[1] + p[2] + p[3] - 1.0f) < 1e-5f);
}

BOOST_AUTO_TEST_CASE(clone_function_may_keep_some_weights_and_refresh_others) {
    const Classifier m{seed{1}};
    auto keep_first = [](const auto& layer) {
        if (layer.name() == "dense") return copy_weights{}(layer);
        return fresh_weights{}(layer);
    };
    const auto c = clone_model(m, keep_inputs, keep_first);
    const auto wm = m.get_weights(), wc = c.get_weights();
    BOOST_TEST((wc[0] == wm[0]));
    BOOST_TEST(!(wc[2] == wm[2]));
}

BOOST_AUTO_TEST_CASE(clone_function_that_keeps_weights_cannot_change_the_input_shape) {
    const Classifier m{seed{1}};
    auto keep = [](const auto& layer) { return layer; };  // not copy_weights: only known at run time
    try {
        (void)clone_model(m, Input<10>{}, keep);
        BOOST_FAIL("no exception");
    } catch (const clone_error& e) {
        BOOST_TEST(test::contains(e.what(), "'dense'"));
        BOOST_TEST(test::contains(e.what(), "(None, 728)"));
        BOOST_TEST(test::contains(e.what(), "(None, 10)"));
    }
}

// Row 17: per-layer trainable flags are config, and survive.
BOOST_AUTO_TEST_CASE(trainable_flags_survive_cloning) {
    auto frozen = Dense<32, act::relu>::default_config();
    frozen.trainable = false;
    const Classifier m({Dense<32, act::relu>(frozen), Dense<1, act::sigmoid>{}}, seed{1});
    const auto c = clone_model(m);
    BOOST_TEST(c.layer<0>().config().trainable == false);
    BOOST_TEST(c.layer<1>().config().trainable == true);
}

BOOST_AUTO_TEST_CASE(clones_of_clones_stay_equal_in_config_and_cloning_does_not_accumulate_state) {
    const Tagger m{seed{1}};
    Tagger c = m;
    for (int i = 0; i < 200; ++i) c = clone_model(c);
    BOOST_TEST((c.get_config() == m.get_config()));
    BOOST_TEST(c.predict(test::iota_tensor(Shape{1, 20, 8})).shape() == (Shape{1, 4}));
}

// ---- Rewrites for deployment (docs/clone.md) ------------------------------------------------------

namespace {
// Conv2D + BN (+ relu), DepthwiseConv2D + BN, Dense + BN, Dense + tanh, Dropout and GaussianNoise.
using Deployable = Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>>, BatchNormalization<>, Activation<act::relu>,
                              Dropout<std::ratio<1, 4>>, DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, no_bias>,
                              BatchNormalization<epsilon<std::ratio<1, 100>>>, GaussianNoise<std::ratio<1, 10>>, Flatten,
                              Dense<6, act::linear, no_bias>, BatchNormalization<>, Dense<3>, Activation<act::tanh>>;

template <class M>
std::vector<std::string> names_of(const M& m) {
    std::vector<std::string> r;
    m.layers().for_each([&](const auto& l) { r.emplace_back(l.name()); });
    return r;
}
} // namespace

BOOST_AUTO_TEST_CASE(deploy_folds_fuses_and_strips_and_keeps_the_outputs) {
    Deployable m{seed{1}};
    test::set_trained_weights(m, 11);
    const Tensor x = scion::test_fixtures::random_tensor(Shape{5, 7, 7, 2}, 12, -2.0f, 2.0f);
    const Tensor y = m.predict(x);

    const auto d = clone_model(m, deploy);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(d)>,
                                 Sequential<Input<7, 7, 2>, Conv2D<4, kernel_size<3>, act::relu>,
                                            DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>>, Flatten, Dense<6>,
                                            Dense<3, act::tanh>>>);
    BOOST_TEST(test::max_abs_diff(d.predict(x), y) <= 1e-5f);
    // The layers keep their names; the kernels are scaled (the weights are not the original's).
    BOOST_TEST((names_of(d) == std::vector<std::string>{"conv2d", "depthwise_conv2d", "flatten", "dense", "dense_1"}));
    BOOST_TEST(!(d.layer<0>().get_weights()[0] == m.layer<0>().get_weights()[0]));
    BOOST_TEST((d.layer<4>().get_weights()[0] == m.layer<10>().get_weights()[0]));  // Dense<3>: copied
    BOOST_TEST(d.count_params() == param_count_v<std::remove_cvref_t<decltype(d)>>);
    // The original is untouched.
    BOOST_TEST((m.predict(x) == y));

    // One rewrite at a time keeps the outputs too.
    const auto folded = clone_model(m, keep_inputs, fold_batch_norm);
    static_assert(decltype(folded)::layer_count == Deployable::layer_count - 3);
    BOOST_TEST(test::max_abs_diff(folded.predict(x), y) <= 1e-5f);
    const auto stripped = clone_model(m, keep_inputs, strip_dropout | strip_noise);
    static_assert(decltype(stripped)::layer_count == Deployable::layer_count - 2);
    BOOST_TEST((stripped.predict(x) == y));
    BOOST_TEST((names_of(stripped) ==
                std::vector<std::string>{"conv2d", "batch_normalization", "activation", "depthwise_conv2d",
                                         "batch_normalization_1", "flatten", "dense", "batch_normalization_2", "dense_1",
                                         "activation_1"}));
}

BOOST_AUTO_TEST_CASE(deploy_folds_into_the_weights_by_hand) {
    // Dense (2 -> 2, kernel [[1, 2], [3, 4]], bias [1, -1]) then BatchNormalization with gamma
    // [2, 0.5], beta [0, 1], mean [1, 2], variance [3, 0] and epsilon 1: scale [1, 0.5], shift
    // [-1, 0]; kernel [[1, 1], [3, 2]], bias [1 - 1, -0.5 + 0] = [0, -0.5].
    Sequential<Input<2>, Dense<2>, BatchNormalization<epsilon<std::ratio<1>>>> m{seed{1}};
    m.set_weights(std::vector<Tensor>{Tensor(Shape{2, 2}, {1, 2, 3, 4}), Tensor(Shape{2}, {1, -1}),
                                      Tensor(Shape{2}, {2, 0.5f}), Tensor(Shape{2}, {0, 1}), Tensor(Shape{2}, {1, 2}),
                                      Tensor(Shape{2}, {3, 0})});
    const auto d = clone_model(m, deploy);
    static_assert(std::is_same_v<std::remove_cvref_t<decltype(d)>, Sequential<Input<2>, Dense<2>>>);
    const auto w = d.get_weights();
    BOOST_TEST_REQUIRE(w.size() == 2u);
    BOOST_TEST((w[0] == Tensor(Shape{2, 2}, {1, 1, 3, 2})));
    BOOST_TEST((w[1] == Tensor(Shape{2}, {0, -0.5f})));
}
