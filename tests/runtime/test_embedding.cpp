// tests/runtime/test_embedding.cpp — the embedding family, Embedding: compile-time shape rules and
// parameter counts; the TF.js fixtures embed_* (text models with Flatten and with an LSTM, an input
// declared int32) on the dynamic path and as declared static types; rows copied by hand; static
// and dynamic twins from one seed; configs (round trips, TF.js's JSON, Keras 2's input_length,
// mask_zero refused, what contradicts a static type); ids out of range and shapes it cannot take.
// Part of the program test_normalization_embedding_activations_noise (see family_checks.hpp).
#include "family_checks.hpp"

#include <limits>
#include <string>
#include <vector>

using namespace scion;
namespace d = scion::dynamic;
using namespace scion::test_families;

BOOST_AUTO_TEST_SUITE(embedding)

namespace {

// ---- compile-time shape rules and parameter counts -------------------------------------------------

static_assert(Embedding<10, 3>::infer(Shape{2, 4}).shape == Shape{2, 4, 3});
static_assert(Embedding<10, 3>::param_count(Shape{2, 4}) == 30);
static_assert(Embedding<10, 3>::infer(Shape{1, 1, 1, 1, 1, 1, 1}).errc == shape_errc::rank_mismatch);
static_assert(Embedding<10, 3>::infer(Shape{1, 1, 1, 1, 1, 1}).shape.rank() == 7);

// TF.js's LSTM defaults to recurrent_activation hard_sigmoid.
using text_lstm = Sequential<Input<7>, Embedding<30, 8>, LSTM<6, recurrent_activation<act::hard_sigmoid>>, Dense<2, act::softmax>>;
static_assert(param_count_v<text_lstm> == 30 * 8 + 4 * 6 * (8 + 6) + 4 * 6 + 6 * 2 + 2);

// ---- the fixtures' static types ----------------------------------------------------------------------

using embed_ids_2d = Sequential<Input<2, 4>, Embedding<10, 3>>;
using embed_text_flatten = Sequential<Input<5>, Embedding<16, 4>, Flatten, Dense<3, act::sigmoid>>;
namespace int32_input {
struct input_layer : Input<5> {};
struct embedding : Call<Embedding<12, 4>, input_layer> {};
struct flatten : Call<Flatten, embedding> {};
struct dense : Call<Dense<2>, flatten> {};
using Net = Functional<Inputs<input_layer>, Outputs<dense>>;
} // namespace int32_input

// ---- a static model and its dynamic twin ----

using Static = Sequential<Input<5>, Embedding<9, 4>, Flatten, Dense<3>>;

d::Sequential dynamic_twin(seed s) {
    return d::Sequential(d::Input(Shape{5}),
                         {d::Embedding({.input_dim = 9, .output_dim = 4}), d::Flatten(), d::Dense({.units = 3})},
                         "sequential", s);
}

Tensor ids() { return Tensor(Shape{3, 5}, {0, 1, 2, 3, 4, 8, 7, 6, 5, 4, 1, 1, 2, 2, 8}); }

} // namespace

// ---- TF.js fixtures: dynamic path (load, predict, clone, save and reload) and static types -----------

BOOST_AUTO_TEST_SUITE(tfjs)
BOOST_AUTO_TEST_CASE(ids_of_rank_2) { both_paths<embed_ids_2d>("embed_ids_2d"); }
BOOST_AUTO_TEST_CASE(text_model_with_flatten) { both_paths<embed_text_flatten>("embed_text_flatten"); }
BOOST_AUTO_TEST_CASE(text_model_with_lstm) { both_paths<text_lstm>("embed_text_lstm"); }
BOOST_AUTO_TEST_CASE(input_declared_int32) { both_paths<int32_input::Net>("embed_int32_input"); }
BOOST_AUTO_TEST_SUITE_END()

// ---- outputs computed by hand ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(embedding_copies_the_rows_of_its_ids) {
    Embedding<10, 3> e;
    const Tensor x(Shape{2, 2}, {3, 0, 9, 1.9f});  // 1.9 is read as 1, as TF.js casts
    (void)run(e, x);
    Tensor table(Shape{10, 3});
    for (std::size_t i = 0; i < 10; ++i)
        for (std::size_t j = 0; j < 3; ++j) table[i * 3 + j] = static_cast<float>(10 * i + j);
    e.set_weights(std::vector<Tensor>{table});
    const Tensor y = run(e, x);
    BOOST_TEST(y.shape() == (Shape{2, 2, 3}));
    check_close(y, {30, 31, 32, 0, 1, 2, 90, 91, 92, 10, 11, 12});
}

BOOST_AUTO_TEST_CASE(forward_allocates_nothing) {
    layers::Embedding e({{}, 10, 3});
    e.set_name("embedding");
    e.build(Shape{4}, seed{1});
    const Tensor x(Shape{2, 4}, {0, 1, 2, 3, 9, 8, 7, 6});
    Tensor y(Shape{2, 4, 3});
    const std::size_t before = g_news.load();
    e.forward(x.view(), y.view(), {}, {});
    BOOST_TEST(g_news.load() == before, "Embedding allocated in forward");
}

// ---- the static and the dynamic path ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(static_and_dynamic_twins_agree) { check_twins<Static>(dynamic_twin, ids(), false); }

BOOST_AUTO_TEST_CASE(rebinding_keeps_weights_that_fit) {
    layers::Embedding e({{}, 5, 2});
    e.set_name("embedding");
    e.build(Shape{4}, seed{1});
    const auto w = e.get_weights();
    e.rebind(Shape{7, 2});  // any id shape: the table fits
    BOOST_TEST(e.get_weights() == w);
}

// ---- configs -----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(get_config_then_from_config_round_trips) {
    round_trips(layers::Embedding({{}, 7, 3, Initializer::glorot_uniform().with_seed(4)}));
    round_trips(Embedding<4, 2>());  // the DSL type too
}

BOOST_AUTO_TEST_CASE(tfjs_configs_are_read) {
    const auto e =
        layers::Embedding::config_from_json(config_of(test_fixtures::read_json("layers/embed_ids_2d/model.json"), "embedding"));
    BOOST_TEST(e.input_dim == 10u);
    BOOST_TEST(e.output_dim == 3u);
    BOOST_TEST((e.embeddings_initializer == Initializer::random_uniform(-0.05f, 0.05f)));
}

BOOST_AUTO_TEST_CASE(keras_2_input_length_is_read) {
    // Keras 2's Embedding input_length is accepted (the model gives the input shape).
    const auto e = layers::Embedding::config_from_json(
        json::parse(R"({"name": "e", "input_dim": 5, "output_dim": 2, "mask_zero": false, "input_length": 10})"));
    BOOST_TEST(e.input_dim == 5u);
}

BOOST_AUTO_TEST_CASE(unsupported_options_are_refused_naming_the_field) {
    using E = config_error;
    BOOST_CHECK_EXCEPTION((void)layers::Embedding::config_from_json(
                              json::parse(R"({"name": "e", "input_dim": 5, "output_dim": 2, "mask_zero": true})")),
                          E, says<E>({"Embedding config", "mask_zero", "not supported"}));
    BOOST_CHECK_EXCEPTION((void)d::Embedding({.input_dim = 5, .output_dim = 2, .mask_zero = true, .name = "words"}), E,
                          says<E>({"Embedding layer 'words'", "mask_zero", "not supported"}));
    BOOST_CHECK_EXCEPTION((void)layers::Embedding::config_from_json(json::parse(R"({"input_dim": 5})")), E,
                          says<E>({"Embedding config", "output_dim"}));
}

BOOST_AUTO_TEST_CASE(values_out_of_range_are_refused_naming_the_layer) {
    BOOST_CHECK_EXCEPTION((void)d::Embedding({.input_dim = 0, .output_dim = 2, .name = "e"}), config_error,
                          says<config_error>({"Embedding layer 'e'", "input_dim"}));
}

BOOST_AUTO_TEST_CASE(a_config_that_contradicts_the_static_type_is_refused) {
    BOOST_CHECK_EXCEPTION((void)(Embedding<5, 2>(layers::embedding_config{{}, 6, 2})), config_error,
                          says<config_error>({"Embedding", "input_dim"}));
}

// ---- run-time errors ---------------------------------------------------------------------------------

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

BOOST_AUTO_TEST_CASE(shapes_it_cannot_take_name_the_layer) {
    BOOST_CHECK_EXCEPTION(
        (void)d::Embedding({.input_dim = 3, .output_dim = 2, .name = "e"})(d::Input(Shape{1, 1, 1, 1, 1, 1, 1})),
        shape_error, says<shape_error>({"Embedding layer 'e'"}));
}

BOOST_AUTO_TEST_SUITE_END()
