// The merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate): their shape
// rules at run time and at compile time, forward against TensorFlow.js (merge.json), configs,
// weights, the concepts of the DSL, and no heap allocation in forward.
#define BOOST_TEST_MODULE merge
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <scion/dsl/merge.hpp>
#include <scion/layers/merge.hpp>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "counting_new.hpp"  // g_news: allocations so far

using namespace scion;

namespace {

template <class... S>
constexpr std::array<Shape, sizeof...(S)> shapes(S... s) {
    return {s...};
}

constexpr bool fails_with(const shape_result& r, shape_errc e, std::size_t expected, std::size_t actual) {
    return r.errc == e && r.expected == expected && r.actual == actual;
}

// ---------------------------------------------------------------------------------------------
// Compile time: the DSL types' shape rules are constant expressions.
// ---------------------------------------------------------------------------------------------

// element-wise: equal shapes, size-1 broadcasting, rank broadcasting (right-aligned)
static_assert(Add::infer(shapes(Shape{4}, Shape{4})).shape == Shape{4});
static_assert(Add::infer(shapes(Shape{2, 3}, Shape{1, 3})).shape == (Shape{2, 3}));
static_assert(Add::infer(shapes(Shape{2, 1}, Shape{1, 3})).shape == (Shape{2, 3}));
static_assert(Add::infer(shapes(Shape{2, 3}, Shape{3})).shape == (Shape{2, 3}));
static_assert(Add::infer(shapes(Shape{3}, Shape{2, 3})).shape == (Shape{2, 3}));
static_assert(Add::infer(shapes(Shape{2, 3}, Shape{1})).shape == (Shape{2, 3}));
static_assert(Add::infer(shapes(Shape{}, Shape{})).shape == Shape{});
static_assert(Add::infer(shapes(Shape{2, 3}, Shape{2, 3}, Shape{2, 3})).shape == (Shape{2, 3}));
static_assert(Multiply::infer(shapes(Shape{2, 3}, Shape{1, 3}, Shape{2, 1})).shape == (Shape{2, 3}));
static_assert(Maximum::infer(shapes(Shape{3, 1}, Shape{1, 4})).shape == (Shape{3, 4}));
static_assert(Minimum::infer(shapes(Shape{5, 1, 2}, Shape{4, 1})).shape == (Shape{5, 4, 2}));
static_assert(Average::infer(shapes(Shape{2, 3}, Shape{3})).shape == (Shape{2, 3}));
static_assert(Subtract::infer(shapes(Shape{2, 3}, Shape{2, 1})).shape == (Shape{2, 3}));
// arity
static_assert(fails_with(Add::infer(shapes(Shape{4})), shape_errc::input_count, 2, 1));
static_assert(fails_with(Add::infer({}), shape_errc::input_count, 2, 0));
static_assert(fails_with(Average::infer(shapes(Shape{4})), shape_errc::input_count, 2, 1));
static_assert(fails_with(Subtract::infer(shapes(Shape{4})), shape_errc::input_count, 2, 1));
static_assert(fails_with(Subtract::infer(shapes(Shape{4}, Shape{4}, Shape{4})), shape_errc::input_count, 2, 3));
static_assert(Maximum::infer(shapes(Shape{4}, Shape{4}, Shape{4}, Shape{4}, Shape{4})).ok());
// mismatches: expected = the size the inputs before agree on, actual = the conflicting size
static_assert(fails_with(Add::infer(shapes(Shape{2, 3}, Shape{2, 4})), shape_errc::dim_mismatch, 3, 4));
static_assert(fails_with(Add::infer(shapes(Shape{2, 3}, Shape{3, 3})), shape_errc::dim_mismatch, 2, 3));
static_assert(fails_with(Add::infer(shapes(Shape{2, 3}, Shape{4})), shape_errc::dim_mismatch, 3, 4));
static_assert(fails_with(Multiply::infer(shapes(Shape{2, 1}, Shape{1, 3}, Shape{2, 4})), shape_errc::dim_mismatch, 3,
                         4));
static_assert(fails_with(Subtract::infer(shapes(Shape{5}, Shape{6})), shape_errc::dim_mismatch, 5, 6));

// concatenate: axis counts the batch axis; negative from the end
static_assert(Concatenate<>::infer(shapes(Shape{2, 3}, Shape{2, 4})).shape == (Shape{2, 7}));
static_assert(Concatenate<-1>::infer(shapes(Shape{3}, Shape{5})).shape == Shape{8});
static_assert(Concatenate<1>::infer(shapes(Shape{2, 3}, Shape{4, 3})).shape == (Shape{6, 3}));
static_assert(Concatenate<2>::infer(shapes(Shape{2, 3}, Shape{2, 5})).shape == (Shape{2, 8}));
static_assert(Concatenate<-2>::infer(shapes(Shape{2, 3}, Shape{4, 3})).shape == (Shape{6, 3}));
static_assert(Concatenate<-2>::infer(shapes(Shape{2, 3, 2}, Shape{2, 4, 2})).shape == (Shape{2, 7, 2}));
static_assert(Concatenate<1>::infer(shapes(Shape{2, 3}, Shape{1, 3}, Shape{3, 3})).shape == (Shape{6, 3}));
// arity, ranks, dims
static_assert(fails_with(Concatenate<>::infer(shapes(Shape{2, 3})), shape_errc::input_count, 2, 1));
static_assert(fails_with(Concatenate<>::infer({}), shape_errc::input_count, 2, 0));
static_assert(fails_with(Concatenate<>::infer(shapes(Shape{2, 3}, Shape{3})), shape_errc::rank_mismatch, 2, 1));
static_assert(fails_with(Concatenate<>::infer(shapes(Shape{2, 3}, Shape{3, 4})), shape_errc::dim_mismatch, 2, 3));
static_assert(fails_with(Concatenate<1>::infer(shapes(Shape{2, 3}, Shape{2, 4})), shape_errc::dim_mismatch, 3, 4));
static_assert(Concatenate<>::infer(shapes(Shape{2, 3}, Shape{2, 1})).shape == (Shape{2, 4}));
// no broadcasting on the other axes
static_assert(fails_with(Concatenate<2>::infer(shapes(Shape{2, 3}, Shape{1, 3})), shape_errc::dim_mismatch, 2, 1));
// bad axes: expected = full rank (batch counted), actual = the normalized axis
static_assert(fails_with(Concatenate<0>::infer(shapes(Shape{2, 3}, Shape{2, 3})), shape_errc::bad_axis, 3, 0));
static_assert(fails_with(Concatenate<-3>::infer(shapes(Shape{2, 3}, Shape{2, 3})), shape_errc::bad_axis, 3, 0));
static_assert(fails_with(Concatenate<3>::infer(shapes(Shape{2, 3}, Shape{2, 3})), shape_errc::bad_axis, 3, 3));
static_assert(fails_with(Concatenate<7>::infer(shapes(Shape{2, 3}, Shape{2, 3})), shape_errc::bad_axis, 3, 7));
static_assert(Concatenate<-4>::infer(shapes(Shape{2, 3}, Shape{2, 3})).errc == shape_errc::bad_axis);
static_assert(static_cast<std::ptrdiff_t>(Concatenate<-4>::infer(shapes(Shape{2, 3}, Shape{2, 3})).actual) == -1);
static_assert(fails_with(Concatenate<>::infer(shapes(Shape{}, Shape{})), shape_errc::bad_axis, 1, 0));
static_assert(fails_with(Concatenate<2>::infer(shapes(Shape{3}, Shape{3})), shape_errc::bad_axis, 2, 2));

// arity constants, parameter counts, traits
static_assert(Add::min_inputs == 2 && Add::max_inputs == layers::unbounded_inputs);
static_assert(Subtract::min_inputs == 2 && Subtract::max_inputs == 2);
static_assert(Concatenate<1>::min_inputs == 2 && Concatenate<1>::max_inputs == layers::unbounded_inputs);
static_assert(Concatenate<2>::axis == 2);
static_assert(Average::param_count(shapes(Shape{3}, Shape{3})) == 0);
static_assert(Concatenate<>::param_count(shapes(Shape{3}, Shape{3})) == 0);
static_assert(Add::class_name == "Add" && Add::default_name == "add");
static_assert(Subtract::class_name == "Subtract" && Subtract::default_name == "subtract");
static_assert(Multiply::class_name == "Multiply" && Multiply::default_name == "multiply");
static_assert(Average::class_name == "Average" && Average::default_name == "average");
static_assert(Maximum::class_name == "Maximum" && Maximum::default_name == "maximum");
static_assert(Minimum::class_name == "Minimum" && Minimum::default_name == "minimum");
static_assert(Concatenate<>::class_name == "Concatenate" && Concatenate<>::default_name == "concatenate");
static_assert(is_merge_layer_v<Add> && is_merge_layer_v<Subtract> && is_merge_layer_v<Multiply> &&
              is_merge_layer_v<Average> && is_merge_layer_v<Maximum> && is_merge_layer_v<Minimum> &&
              is_merge_layer_v<Concatenate<>> && is_merge_layer_v<Concatenate<2>>);
static_assert(!is_merge_layer_v<Dense<3>> && !is_merge_layer_v<layers::Add> && !is_merge_layer_v<int>);
static_assert(is_concatenate_v<Concatenate<-2>> && !is_concatenate_v<Add>);

// concepts: multi-input, cloneable, serializable; not single-input layers
static_assert(MultiInputLayer<Add> && MultiInputLayer<Subtract> && MultiInputLayer<Multiply> &&
              MultiInputLayer<Average> && MultiInputLayer<Maximum> && MultiInputLayer<Minimum> &&
              MultiInputLayer<Concatenate<>> && MultiInputLayer<Concatenate<1>>);
static_assert(Cloneable<Add> && Cloneable<Subtract> && Cloneable<Multiply> && Cloneable<Average> &&
              Cloneable<Maximum> && Cloneable<Minimum> && Cloneable<Concatenate<>> && Cloneable<Concatenate<1>>);
static_assert(Serializable<Add> && Serializable<Subtract> && Serializable<Multiply> && Serializable<Average> &&
              Serializable<Maximum> && Serializable<Minimum> && Serializable<Concatenate<-2>>);
static_assert(!Layer<Add> && !Layer<Concatenate<>>);
static_assert(std::is_same_v<Concatenate<1>::engine_type, layers::Concatenate>);
static_assert(std::is_same_v<Add::dsl_type, Add> && std::is_same_v<Concatenate<2>::dsl_type, Concatenate<2>>);
static_assert(std::is_same_v<Add::config_type, layers::merge_config>);
static_assert(std::is_same_v<Concatenate<>::config_type, layers::concatenate_config>);

// ---------------------------------------------------------------------------------------------
// Run-time helpers
// ---------------------------------------------------------------------------------------------

std::vector<Shape> per_sample(const std::vector<Tensor>& xs) {
    std::vector<Shape> s;
    for (const auto& x : xs) s.push_back(x.shape().drop_front());
    return s;
}

std::vector<ConstTensorView> views(const std::vector<Tensor>& xs) {
    std::vector<ConstTensorView> v;
    for (const auto& x : xs) v.push_back(x.view());
    return v;
}

// Builds `layer` on the inputs' per-sample shapes and runs it; checks that forward allocates
// nothing.
template <class L>
Tensor run(L& layer, const std::vector<Tensor>& xs) {
    const auto in = per_sample(xs);
    layer.build(in, seed{1}, {});
    BOOST_TEST(layer.built());
    BOOST_TEST(layer.scratch_size(xs[0].shape()[0]) == 0u);
    Tensor y(layer.output_shape().prepend(xs[0].shape()[0]));
    const auto v = views(xs);
    const TensorView out = y.view();
    const std::size_t before = g_news.load();
    layer.forward(v, out, {}, {});
    BOOST_TEST(g_news.load() == before);
    return y;
}

struct merge_case {
    std::string name, class_name;
    json config;
    std::vector<Tensor> inputs;
    Tensor output;
};

std::vector<merge_case> load_cases() {
    std::vector<merge_case> cases;
    const json f = test::read_json("merge.json");
    for (const auto& c : f.at("cases")) {
        merge_case m;
        m.name = c.at("name").get<std::string>();
        m.class_name = c.at("class_name").get<std::string>();
        m.config = c.at("config");
        for (const auto& x : c.at("inputs")) m.inputs.push_back(test::tensor_from(x));
        m.output = test::tensor_from(c.at("output"));
        cases.push_back(std::move(m));
    }
    return cases;
}

// Runs the engine layer named by the case's class on its inputs, from the tfjs config.
Tensor run_engine(const merge_case& c) {
    const auto go = [&](auto layer) { return run(layer, c.inputs); };
    if (c.class_name == "Add") return go(layers::Add::from_config(c.config));
    if (c.class_name == "Subtract") return go(layers::Subtract::from_config(c.config));
    if (c.class_name == "Multiply") return go(layers::Multiply::from_config(c.config));
    if (c.class_name == "Average") return go(layers::Average::from_config(c.config));
    if (c.class_name == "Maximum") return go(layers::Maximum::from_config(c.config));
    if (c.class_name == "Minimum") return go(layers::Minimum::from_config(c.config));
    if (c.class_name == "Concatenate") return go(layers::Concatenate::from_config(c.config));
    throw std::runtime_error("unknown merge class " + c.class_name);
}

// Runs the DSL type for the case's class (and axis) on its inputs, default-constructed.
Tensor run_dsl(const merge_case& c) {
    const auto go = [&](auto layer) {
        using L = decltype(layer);
        BOOST_TEST(L::infer(per_sample(c.inputs)).shape == c.output.shape().drop_front());
        layer.set_name(c.config.at("name").get<std::string>());
        BOOST_TEST(layer.get_config() == L::from_config(c.config).get_config());
        return run(layer, c.inputs);
    };
    if (c.class_name == "Add") return go(Add{});
    if (c.class_name == "Subtract") return go(Subtract{});
    if (c.class_name == "Multiply") return go(Multiply{});
    if (c.class_name == "Average") return go(Average{});
    if (c.class_name == "Maximum") return go(Maximum{});
    if (c.class_name == "Minimum") return go(Minimum{});
    if (c.class_name == "Concatenate") {
        switch (c.config.value("axis", -1)) {
        case -1: return go(Concatenate<-1>{});
        case -2: return go(Concatenate<-2>{});
        case 1: return go(Concatenate<1>{});
        case 2: return go(Concatenate<2>{});
        default: break;
        }
    }
    throw std::runtime_error("no DSL type for case " + c.name);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Shape rules at run time
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(elementwise_shape_rule_broadcasts_as_numpy) {
    const auto rule = [](std::vector<Shape> in, std::size_t lo = 2, std::size_t hi = layers::unbounded_inputs) {
        return layers::elementwise_merge_shape(in, lo, hi);
    };
    BOOST_TEST(rule({Shape{4}, Shape{4}}).shape == Shape{4});
    BOOST_TEST(rule({Shape{2, 3}, Shape{1, 3}}).shape == (Shape{2, 3}));
    BOOST_TEST(rule({Shape{1, 3}, Shape{2, 3}}).shape == (Shape{2, 3}));
    BOOST_TEST(rule({Shape{2, 1}, Shape{1, 3}}).shape == (Shape{2, 3}));
    BOOST_TEST(rule({Shape{2, 3}, Shape{3}}).shape == (Shape{2, 3}));
    BOOST_TEST(rule({Shape{4, 1, 3}, Shape{2, 1}}).shape == (Shape{4, 2, 3}));
    BOOST_TEST(rule({Shape{2, 3}, Shape{2, 3}, Shape{2, 3}}).shape == (Shape{2, 3}));
    BOOST_TEST(rule({Shape{1}, Shape{5}, Shape{1}}).shape == Shape{5});

    BOOST_TEST(fails_with(rule({Shape{4}}), shape_errc::input_count, 2, 1));
    BOOST_TEST(fails_with(rule({}), shape_errc::input_count, 2, 0));
    BOOST_TEST(fails_with(rule({Shape{4}, Shape{4}, Shape{4}}, 2, 2), shape_errc::input_count, 2, 3));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{2, 4}}), shape_errc::dim_mismatch, 3, 4));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{5, 3}}), shape_errc::dim_mismatch, 2, 5));
    BOOST_TEST(fails_with(rule({Shape{4}, Shape{4}, Shape{3}}), shape_errc::dim_mismatch, 4, 3));
}

BOOST_AUTO_TEST_CASE(concatenate_shape_rule_counts_the_batch_axis) {
    const auto rule = [](std::vector<Shape> in, int axis) { return layers::concatenate_output_shape(in, axis); };
    BOOST_TEST(rule({Shape{2, 3}, Shape{2, 4}}, -1).shape == (Shape{2, 7}));
    BOOST_TEST(rule({Shape{2, 3}, Shape{2, 4}}, 2).shape == (Shape{2, 7}));
    BOOST_TEST(rule({Shape{2, 3}, Shape{4, 3}}, 1).shape == (Shape{6, 3}));
    BOOST_TEST(rule({Shape{2, 3}, Shape{4, 3}}, -2).shape == (Shape{6, 3}));
    BOOST_TEST(rule({Shape{3}, Shape{5}, Shape{1}}, 1).shape == Shape{9});
    BOOST_TEST(rule({Shape{2, 3, 2}, Shape{2, 1, 2}}, 2).shape == (Shape{2, 4, 2}));

    BOOST_TEST(fails_with(rule({Shape{3}}, -1), shape_errc::input_count, 2, 1));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{2, 3, 1}}, -1), shape_errc::rank_mismatch, 2, 3));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{3, 3}}, -1), shape_errc::dim_mismatch, 2, 3));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{2, 3}}, 0), shape_errc::bad_axis, 3, 0));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{2, 3}}, -3), shape_errc::bad_axis, 3, 0));
    BOOST_TEST(fails_with(rule({Shape{2, 3}, Shape{2, 3}}, 3), shape_errc::bad_axis, 3, 3));
    const shape_result too_negative = rule({Shape{2, 3}, Shape{2, 3}}, -5);
    BOOST_TEST((too_negative.errc == shape_errc::bad_axis));
    BOOST_TEST(too_negative.expected == 3u);
    BOOST_TEST(static_cast<std::ptrdiff_t>(too_negative.actual) == -2);  // -5 + 3, two's complement
    BOOST_TEST(fails_with(rule({Shape{}, Shape{}}, -1), shape_errc::bad_axis, 1, 0));
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer_and_every_input_shape) {
    layers::merge_config c;
    c.name = "skip";
    layers::Add add(c);
    const std::array in{Shape{2, 3}, Shape{2, 4}};
    try {
        add.build(in, seed{1});
        BOOST_FAIL("no exception");
    } catch (const shape_error& e) {
        BOOST_TEST(test::contains(e.what(), "Add layer 'skip'"));
        BOOST_TEST(test::contains(e.what(), "[(None, 2, 3), (None, 2, 4)]"));
        BOOST_TEST(test::contains(e.what(), "3 on the first input and 4"));
    }
    BOOST_TEST(!add.built());
    BOOST_CHECK_THROW((void)layers::Subtract(c).compute_output_shape(std::array{Shape{3}, Shape{3}, Shape{3}}),
                      shape_error);
    layers::concatenate_config cc;
    cc.name = "join";
    cc.axis = 0;
    try {
        (void)layers::Concatenate(cc).compute_output_shape(std::array{Shape{3}, Shape{3}});
        BOOST_FAIL("no exception");
    } catch (const shape_error& e) {
        BOOST_TEST(test::contains(e.what(), "Concatenate layer 'join'"));
        BOOST_TEST(test::contains(e.what(), "axis 0"));
    }
    Concatenate<1> dsl;
    BOOST_CHECK_THROW(dsl.build(std::array{Shape{2, 3}, Shape{2}}, seed{1}), shape_error);
}

// ---------------------------------------------------------------------------------------------
// Forward against TensorFlow.js
// ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(engine_layers_match_tensorflow_js) {
    const auto cases = load_cases();
    BOOST_TEST(cases.size() >= 20u);
    for (const auto& c : cases) {
        BOOST_TEST_INFO("case " << c.name);
        const Tensor y = run_engine(c);
        BOOST_TEST(y.shape() == c.output.shape());
        BOOST_TEST(test::max_abs_diff(y, c.output) <= 1e-6f);
    }
}

BOOST_AUTO_TEST_CASE(dsl_layers_match_tensorflow_js) {
    for (const auto& c : load_cases()) {
        BOOST_TEST_INFO("case " << c.name);
        const Tensor y = run_dsl(c);
        BOOST_TEST(y.shape() == c.output.shape());
        BOOST_TEST(test::max_abs_diff(y, c.output) <= 1e-6f);
    }
}

BOOST_AUTO_TEST_CASE(the_allocation_counter_counts) {
    const std::size_t before = g_news.load();
    const json j = json::parse(R"({"a": [1, 2, 3], "b": "a string long enough to leave the small buffer"})");
    BOOST_TEST(j.size() == 2u);
    BOOST_TEST(g_news.load() > before);
}

BOOST_AUTO_TEST_CASE(elementwise_merges_compute_what_their_names_say) {
    const std::vector<Tensor> xs{Tensor(Shape{1, 3}, {1, -2, 3}), Tensor(Shape{1, 3}, {4, 5, -6}),
                                 Tensor(Shape{1, 3}, {-1, 0, 2})};
    const std::vector<Tensor> two{xs[0], xs[1]};
    Add add;
    Multiply mul;
    Average ave;
    Maximum max;
    Minimum min;
    Subtract sub;
    BOOST_TEST((run(add, xs) == Tensor(Shape{1, 3}, {4, 3, -1})));
    BOOST_TEST((run(mul, xs) == Tensor(Shape{1, 3}, {-4, 0, -36})));
    BOOST_TEST((run(ave, two) == Tensor(Shape{1, 3}, {2.5f, 1.5f, -1.5f})));
    BOOST_TEST((run(max, xs) == Tensor(Shape{1, 3}, {4, 5, 3})));
    BOOST_TEST((run(min, xs) == Tensor(Shape{1, 3}, {-1, -2, -6})));
    BOOST_TEST((run(sub, two) == Tensor(Shape{1, 3}, {-3, -7, 9})));
}

BOOST_AUTO_TEST_CASE(broadcasting_repeats_size_one_and_missing_axes) {
    // (2, 1) + (3): every row of the first plus the whole second
    const std::vector<Tensor> xs{Tensor(Shape{2, 2, 1}, {10, 20, 30, 40}), Tensor(Shape{2, 3}, {1, 2, 3, 4, 5, 6})};
    Add add;
    BOOST_TEST((run(add, xs) == Tensor(Shape{2, 2, 3}, {11, 12, 13, 21, 22, 23, 34, 35, 36, 44, 45, 46})));
    // x0 - x1 keeps its order when the first input is the one broadcast
    const std::vector<Tensor> ys{Tensor(Shape{1, 1}, {1}), Tensor(Shape{1, 3}, {1, 2, 3})};
    Subtract sub;
    BOOST_TEST((run(sub, ys) == Tensor(Shape{1, 3}, {0, -1, -2})));
    // rank-0 samples
    const std::vector<Tensor> zs{Tensor(Shape{3}, {1, 2, 3}), Tensor(Shape{3}, {4, 5, 6})};
    Maximum max;
    BOOST_TEST((run(max, zs) == Tensor(Shape{3}, {4, 5, 6})));
}

BOOST_AUTO_TEST_CASE(concatenate_interleaves_blocks_along_its_axis) {
    const std::vector<Tensor> xs{Tensor(Shape{2, 1, 2}, {1, 2, 3, 4}), Tensor(Shape{2, 1, 1}, {5, 6})};
    Concatenate<> last;
    BOOST_TEST((run(last, xs) == Tensor(Shape{2, 1, 3}, {1, 2, 5, 3, 4, 6})));
    const std::vector<Tensor> ys{Tensor(Shape{2, 1, 2}, {1, 2, 3, 4}), Tensor(Shape{2, 2, 2}, {5, 6, 7, 8, 9, 10, 11, 12})};
    Concatenate<1> first;
    BOOST_TEST((run(first, ys) == Tensor(Shape{2, 3, 2}, {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12})));
}

// ---------------------------------------------------------------------------------------------
// Configs, weights, names
// ---------------------------------------------------------------------------------------------

template <class L>
void check_config_round_trip() {
    BOOST_TEST_INFO("layer " << L::class_name);
    L layer;
    BOOST_TEST(layer.name().empty());
    layer.set_name(std::string(L::default_name) + "_3");
    BOOST_TEST(layer.name() == std::string(L::default_name) + "_3");
    const json cfg = layer.get_config();
    BOOST_TEST(cfg.at("name") == std::string(L::default_name) + "_3");
    BOOST_TEST(cfg.at("trainable") == true);
    BOOST_TEST(cfg.at("dtype") == "float32");
    const L again = L::from_config(cfg);
    BOOST_TEST(again.get_config() == cfg);
    const L clone(layer.config());
    BOOST_TEST(clone.get_config() == cfg);
    const auto engine = L::engine_type::from_config(cfg);
    BOOST_TEST(engine.get_config() == cfg);
    BOOST_TEST(layer.engine().get_config() == cfg);

    json frozen = cfg;
    frozen["trainable"] = false;
    BOOST_TEST(L::from_config(frozen).get_config() == frozen);
    json f64 = cfg;
    f64["dtype"] = "float64";
    BOOST_CHECK_THROW((void)L::from_config(f64), config_error);
    BOOST_CHECK_THROW((void)L::from_config(json::array()), config_error);
}

BOOST_AUTO_TEST_CASE(configs_round_trip_through_keras_json) {
    check_config_round_trip<Add>();
    check_config_round_trip<Subtract>();
    check_config_round_trip<Multiply>();
    check_config_round_trip<Average>();
    check_config_round_trip<Maximum>();
    check_config_round_trip<Minimum>();
    check_config_round_trip<Concatenate<>>();
    check_config_round_trip<Concatenate<2>>();
    check_config_round_trip<Concatenate<-2>>();
}

BOOST_AUTO_TEST_CASE(concatenate_config_carries_its_axis) {
    BOOST_TEST(Concatenate<>().get_config().at("axis") == -1);
    BOOST_TEST(Concatenate<2>().get_config().at("axis") == 2);
    BOOST_TEST(Concatenate<2>().config().axis == 2);
    // Keras JSON without an axis means -1
    const json no_axis = json::parse(R"({"name": "concatenate", "trainable": true})");
    BOOST_TEST(layers::Concatenate::from_config(no_axis).config().axis == -1);
    BOOST_TEST(Concatenate<>::from_config(no_axis).config().axis == -1);
    // a config contradicting the static type
    try {
        (void)Concatenate<1>::from_config(Concatenate<2>().get_config());
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "axis is 2"));
    }
    json bad = Concatenate<>().get_config();
    bad["axis"] = "last";
    BOOST_CHECK_THROW((void)layers::Concatenate::from_config(bad), config_error);
}

template <class L>
void check_no_weights() {
    BOOST_TEST_INFO("layer " << L::class_name);
    L layer;
    BOOST_TEST(layer.get_weights().empty());
    layer.set_weights({});  // empty list: fine, even before build
    const std::array in{Shape{2, 3}, Shape{2, 3}};
    layer.build(in, seed{1}, {});
    BOOST_TEST(layer.input_shape() == (Shape{2, 3}));
    BOOST_TEST(layer.get_weights().empty());
    BOOST_TEST(layer.count_params() == 0u);
    layer.set_weights({});
    const std::vector<Tensor> one{Tensor(Shape{3})};
    try {
        layer.set_weights(one);
        BOOST_FAIL("no exception");
    } catch (const weights_error& e) {
        BOOST_TEST(test::contains(e.what(), std::string(L::class_name)));
        BOOST_TEST(test::contains(e.what(), "expected 0 weight arrays, got 1"));
    }
    BOOST_TEST(layer.get_weights().empty());
    BOOST_TEST(layer.built());
}

BOOST_AUTO_TEST_CASE(merge_layers_have_no_weights) {
    check_no_weights<Add>();
    check_no_weights<Subtract>();
    check_no_weights<Multiply>();
    check_no_weights<Average>();
    check_no_weights<Maximum>();
    check_no_weights<Minimum>();
    check_no_weights<Concatenate<1>>();
}

BOOST_AUTO_TEST_CASE(build_records_the_first_input_and_the_merged_output) {
    Concatenate<> c;
    c.build(std::array{Shape{2, 3}, Shape{2, 5}, Shape{2, 1}}, seed{1}, "outer/");
    BOOST_TEST(c.built());
    BOOST_TEST(c.input_shape() == (Shape{2, 3}));
    BOOST_TEST(c.output_shape() == (Shape{2, 9}));
    // rebind: new inputs, same layer
    c.rebind(std::array{Shape{4, 3}, Shape{4, 5}});
    BOOST_TEST(c.output_shape() == (Shape{4, 8}));
    BOOST_CHECK_THROW(c.rebind(std::array{Shape{4, 3}, Shape{5, 5}}), shape_error);

    Add a;
    a.build(std::array{Shape{2, 1}, Shape{1, 3}}, seed{1});
    BOOST_TEST(a.input_shape() == (Shape{2, 1}));
    BOOST_TEST(a.output_shape() == (Shape{2, 3}));
}
