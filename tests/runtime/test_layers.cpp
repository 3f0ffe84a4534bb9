// Engine layers, and the law kit run on every layer kind: on every DSL layer type of the
// catalogue (docs/layers.md) with the options that change its math, and on every class the
// dynamic registry knows (a class registered without samples here fails). The laws: the shape
// rule is what forward fills, with finite values, each sample's its own; the compile-time
// parameter counts are the weights'; from_config(get_config()) round-trips; a clone has the same
// config and new weights; weights go in and out in the same order, and wrong ones are refused
// with nothing changed. Then the engine layers' own behaviour and errors.
#define BOOST_TEST_MODULE layers
#include <boost/test/unit_test.hpp>

#include "support.hpp"

#include <scion/dynamic/clone.hpp>
#include <scion/dynamic/json.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/registry.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

using namespace scion;

namespace {

// ---- The law kit ---------------------------------------------------------------------------------
//
// The laws are one non-template function, `check_laws_on`, over a type-erased layer (`kit_layer`),
// shared by both kits: the static kit wraps each DSL type in the thin adapter `static_kit<L>`,
// the dynamic kit wraps the run-time layers the registry makes (`dynamic_kit`). So each of the
// ~100 layer types checked here costs one small class template, not a copy of the checks.

/// What the laws need of a layer, on either path.
class kit_layer {
public:
    kit_layer() = default;
    kit_layer(const kit_layer&) = delete;
    kit_layer& operator=(const kit_layer&) = delete;
    virtual ~kit_layer() = default;

    [[nodiscard]] virtual std::string class_name() const = 0;
    [[nodiscard]] virtual std::size_t output_count() const = 0;
    /// The shape rule (static: the DSL type's compile-time rule; dynamic: the layer's run-time one).
    [[nodiscard]] virtual shape_result infer(std::span<const Shape> in, std::size_t k) const = 0;
    /// The compile-time parameter counts (all, non-trainable); nullopt on the dynamic path.
    [[nodiscard]] virtual std::optional<std::pair<std::size_t, std::size_t>> declared_params(std::span<const Shape> in) const = 0;
    [[nodiscard]] virtual std::size_t non_trainable_params() const = 0;
    /// The shape the built engine layer reports for output 0, where it reports one.
    [[nodiscard]] virtual std::optional<Shape> engine_output_shape() const = 0;
    virtual void build(std::span<const Shape> in, seed s) = 0;
    [[nodiscard]] virtual std::size_t scratch_size(std::size_t batch) const = 0;
    virtual void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch) const = 0;
    [[nodiscard]] virtual std::vector<Tensor> get_weights() const = 0;
    virtual void set_weights(std::span<const Tensor> w) = 0;
    [[nodiscard]] virtual bool has_config() const = 0;
    [[nodiscard]] virtual json get_config() const = 0;
    /// The layer `from_config(j)` makes (static: `L::from_config`, which returns an `L`;
    /// dynamic: through the registry); null where the path has no from_config for this kind.
    [[nodiscard]] virtual std::unique_ptr<kit_layer> from_config(const json& j) const = 0;
    /// Keras's default clone (`fresh_weights`): same config and name, not built.
    [[nodiscard]] virtual std::unique_ptr<kit_layer> fresh() const = 0;
};

/// Where a law does not apply to a kind, the call says so with one of these — and the kit checks
/// that the layer indeed lacks what the law needs, so an exemption cannot hide a regression.
struct law_options {
    /// Inputs are integer ids in [0, ids) (Embedding's input) instead of the ramp.
    std::size_t ids = 0;
    /// The kind has no Keras config (Repeat: Keras has no such class): no config round trip,
    /// and the clone's config is not compared.
    bool no_config = false;
    /// This path has no from_config for the kind (a static model is read from a config by
    /// model_cast of the dynamic model: test_bridge*'s property checks that round trip).
    bool no_from_config = false;
};

constexpr std::size_t kit_batch = 3;
constexpr std::size_t kit_guard = 16;        // floats after each output and after the scratch
constexpr float kit_fence = -12345.0f;       // what the guard holds

std::string shapes_text(std::span<const Shape> in) {
    std::string s;
    for (const Shape& x : in) s += (s.empty() ? "" : " and ") + x.to_string();
    return s;
}

std::size_t weight_count(const std::vector<Tensor>& w) {
    std::size_t n = 0;
    for (const auto& t : w) n += t.size();
    return n;
}

/// Input `which` of a call: the ramp, another one per input, or ids for an Embedding.
Tensor kit_input(const Shape& s, std::size_t which, std::size_t ids) {
    Tensor t = test::iota_tensor(s.prepend(kit_batch), 0.01f + 0.003f * static_cast<float>(which));
    if (ids > 0)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<float>((i * 7 + which) % ids);
    return t;
}

/// Sample `b` of batch tensor `t`, as a batch of one.
Tensor sample(const Tensor& t, std::size_t b) {
    const std::size_t n = t.size() / t.shape()[0];
    const auto from = t.values().begin() + static_cast<std::ptrdiff_t>(b * n);
    return Tensor(t.shape().drop_front().prepend(1), std::vector<float>(from, from + static_cast<std::ptrdiff_t>(n)));
}

/// `w` with every value moved (and so different from `w` wherever it has values).
std::vector<Tensor> moved(std::vector<Tensor> w, float by) {
    for (auto& t : w)
        for (auto& v : t.values()) v += by;
    return w;
}

/// What the laws found wrong with one layer: one line per violation, each naming its law.
class law_report {
public:
    explicit law_report(std::string law) : law_(std::move(law)) {}
    /// The law the next checks belong to ("law 1", ...); returns the one they belonged to.
    std::string law(std::string l) { return std::exchange(law_, std::move(l)); }
    /// Records `what` under the current law unless `ok`.
    template <class... Parts>
    void expect(bool ok, const Parts&... what) {
        if (ok) return;
        std::ostringstream s;
        s << law_ << ": ";
        (s << ... << what);
        broken_.push_back(s.str());
    }
    [[nodiscard]] const std::vector<std::string>& broken() const noexcept { return broken_; }

private:
    std::string law_;
    std::vector<std::string> broken_;
};

/// Runs `layer` on `xs` into outputs of shapes `out`, with every output value and the scratch
/// first set to NaN and a fence after each: forward must write every output value (law 1: the
/// rule's shape is what forward fills; the values are finite), write nothing past them or past
/// its scratch, leave its inputs alone, and not depend on what the scratch or the outputs held.
std::vector<Tensor> run_fenced(law_report& r, const kit_layer& layer, const std::vector<Tensor>& xs,
                               const std::vector<Shape>& out) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const std::size_t batch = xs[0].shape()[0];
    std::vector<std::vector<float>> mem;
    std::vector<TensorView> ys;
    for (const Shape& s : out) {
        const std::size_t n = s.prepend(batch).elements();
        mem.emplace_back(n + kit_guard, nan);
        std::fill(mem.back().begin() + static_cast<std::ptrdiff_t>(n), mem.back().end(), kit_fence);
    }
    for (std::size_t k = 0; k < out.size(); ++k) ys.push_back(TensorView{mem[k].data(), out[k].prepend(batch)});
    const std::size_t scratch_n = layer.scratch_size(batch);
    std::vector<float> scratch(scratch_n + kit_guard, nan);
    std::fill(scratch.begin() + static_cast<std::ptrdiff_t>(scratch_n), scratch.end(), kit_fence);
    std::vector<ConstTensorView> views;
    for (const auto& x : xs) views.push_back(x.view());
    const std::vector<Tensor> before = xs;

    layer.forward(views, ys, std::span<float>(scratch.data(), scratch_n));

    const std::string was = r.law("law 1 (shape rule = forward's shapes, finite outputs)");
    std::vector<Tensor> y;
    for (std::size_t k = 0; k < out.size(); ++k) {
        const std::size_t n = ys[k].size();
        std::size_t unwritten = 0, past = 0;
        for (std::size_t i = 0; i < n; ++i) unwritten += !std::isfinite(mem[k][i]);
        for (std::size_t i = n; i < n + kit_guard; ++i) past += mem[k][i] != kit_fence;
        r.expect(unwritten == 0, "output ", k, ": ", unwritten, " of its ", n, " values not finite (or not written)");
        r.expect(past == 0, "output ", k, ": forward wrote past its ", n, " values");
        y.emplace_back(ys[k].shape, std::vector<float>(mem[k].begin(), mem[k].begin() + static_cast<std::ptrdiff_t>(n)));
    }
    const bool fence = std::all_of(scratch.begin() + static_cast<std::ptrdiff_t>(scratch_n), scratch.end(),
                                   [](float v) { return v == kit_fence; });
    r.expect(fence, "forward wrote past its scratch_size(", batch, ") = ", scratch_n);
    r.expect(test::same_weights(xs, before), "forward changed its input");
    r.law(was);
    return y;
}

/// Checks every law on `layer` (not built) for per-sample inputs `in`, recording violations in `r`.
void check_laws_on(law_report& r, kit_layer& layer, std::span<const Shape> in, const law_options& o) {
    std::vector<Tensor> xs;
    for (std::size_t i = 0; i < in.size(); ++i) xs.push_back(kit_input(in[i], i, o.ids));

    r.law("law 1 (shape rule = forward's shapes, finite outputs)");
    layer.build(in, seed{3});
    std::vector<Shape> out;
    for (std::size_t k = 0; k < layer.output_count(); ++k) {
        const shape_result s = layer.infer(in, k);
        r.expect(s.ok(), "the shape rule refuses output ", k, ": ", s.ok() ? "" : s.describe());
        if (!s.ok()) return;
        out.push_back(s.shape);
    }
    if (const auto s = layer.engine_output_shape())
        r.expect(*s == out[0], "the built engine layer says ", s->to_string(), ", the rule ", out[0].to_string());
    const std::vector<Tensor> y = run_fenced(r, layer, xs, out);
    // Each sample's outputs are its own: the first and the last sample alone give their rows of
    // the batch's outputs (within rounding: a product's blocking may depend on the batch).
    for (const std::size_t b : {std::size_t{0}, kit_batch - 1}) {
        std::vector<Tensor> one;
        for (const Tensor& x : xs) one.push_back(sample(x, b));
        const std::vector<Tensor> yb = run_fenced(r, layer, one, out);
        for (std::size_t k = 0; k < out.size(); ++k) {
            const Tensor row = sample(y[k], b);
            float worst = 0;
            for (std::size_t i = 0; i < row.size(); ++i)
                worst = std::max(worst, std::fabs(yb[k][i] - row[i]) / (1.0f + std::fabs(row[i])));
            r.expect(worst <= 1e-5f, "sample ", b, " alone gives output ", k, " off its row of the batch's by ", worst);
        }
    }

    r.law("law 2 (declared parameter counts = weights)");
    const std::vector<Tensor> w0 = layer.get_weights();
    if (const auto declared = layer.declared_params(in)) {
        r.expect(declared->first == weight_count(w0), "param_count ", declared->first, ", weights ", weight_count(w0));
        r.expect(declared->second == layer.non_trainable_params(), "non_trainable_param_count ", declared->second,
                 ", the layer's ", layer.non_trainable_params());
    }

    r.law("law 3 (from_config(get_config()) round trip)");
    r.expect(layer.has_config() == !o.no_config, "has a Keras config: ", layer.has_config());
    const json cfg = layer.has_config() ? layer.get_config() : json();
    if (layer.has_config()) {
        const std::unique_ptr<kit_layer> again = layer.from_config(cfg);
        r.expect((again == nullptr) == o.no_from_config, "has from_config: ", again != nullptr);
        if (again) {
            r.expect(again->class_name() == layer.class_name(), "from_config made a ", again->class_name());
            r.expect(again->get_config() == cfg, "from_config(get_config()) has the config ", again->get_config().dump());
        }
    }

    r.law("law 5 (weights in and out in the same order)");
    layer.set_weights(moved(w0, 0.25f));
    r.expect(test::same_weights(layer.get_weights(), moved(w0, 0.25f)), "get_weights() is not what set_weights() set");

    // The clone draws the weights a build with the original's seed and name draws (the
    // original's first ones), not the original's current ones.
    r.law("law 4 (a fresh_weights clone: same config, its own weights)");
    const std::unique_ptr<kit_layer> clone = layer.fresh();
    r.expect(clone->class_name() == layer.class_name(), "the clone is a ", clone->class_name());
    if (layer.has_config())
        r.expect(clone->get_config() == cfg, "the clone's config is ", clone->get_config().dump());
    clone->build(in, seed{3});
    r.expect(test::same_weights(clone->get_weights(), w0), "the clone built with the same seed has other weights");
    if (weight_count(w0) > 0)
        r.expect(!test::same_weights(clone->get_weights(), layer.get_weights()), "the clone has the original's weights");

    r.law("law 5 (set_weights of its own weights reproduces the output)");
    clone->set_weights(layer.get_weights());
    r.expect(test::same_weights(run_fenced(r, *clone, xs, out), run_fenced(r, layer, xs, out)),
             "the clone given the original's weights computes other outputs");
    clone->set_weights(w0);
    r.expect(test::same_weights(run_fenced(r, *clone, xs, out), y), "the first weights set again give other outputs");

    r.law("law 5 (wrong weights throw weights_error and change nothing)");
    const std::vector<Tensor> before = clone->get_weights();
    std::vector<std::pair<const char*, std::vector<Tensor>>> bad;
    if (!w0.empty()) {
        bad.emplace_back("the last array of a wrong shape", moved(w0, 1.0f));
        bad.back().second.back() = Tensor(Shape{w0.back().size() + 1});
        bad.emplace_back("one array too few", moved(w0, 1.0f));
        bad.back().second.pop_back();
    }
    bad.emplace_back("one array too many", moved(w0, 1.0f));
    bad.back().second.push_back(Tensor(Shape{2}));
    for (const auto& [what, b] : bad) {
        bool threw = false;
        try {
            clone->set_weights(b);
        } catch (const weights_error&) {
            threw = true;
        }
        r.expect(threw, "no weights_error for ", what);
        r.expect(test::same_weights(clone->get_weights(), before), "weights changed by ", what);
    }
}

/// The violations of the laws by `layer` on `in`; an exception is one too (reported with the law
/// being checked when it was thrown).
std::vector<std::string> laws_broken(kit_layer& layer, std::span<const Shape> in, const law_options& o) {
    law_report r("setup");
    try {
        check_laws_on(r, layer, in, o);
    } catch (const std::exception& e) {
        r.expect(false, "threw: ", e.what());
    }
    return r.broken();
}

void run_laws(kit_layer& layer, std::span<const Shape> in, const law_options& o) {
    const std::string who = layer.class_name() + " " + (layer.has_config() ? layer.get_config().dump() : "") +
                            " on " + shapes_text(in);
    std::string broken;
    for (const std::string& b : laws_broken(layer, in, o)) broken += "\n    " + b;
    BOOST_TEST(broken.empty(), who << " breaks:" << broken);
}

// ---- The static kit: a DSL layer type, through the layer protocol -----------------------------

/// A layer of type `L` as a model holds it before building it: default options, default name.
template <class L>
L fresh_layer() {
    auto make = [] {
        if constexpr (std::is_constructible_v<L, graph::unbuilt_t>) return L(graph::unbuilt);  // a model, a Repeat
        else return L();
    };
    L l = make();
    l.set_name(std::string(L::default_name));
    return l;
}

template <class L>
class static_kit final : public kit_layer {
public:
    explicit static_kit(L l) : l_(std::move(l)) {}

    std::string class_name() const override { return std::string(graph::keras_class_name<L>()); }
    std::size_t output_count() const override { return graph::output_count_v<L>; }
    shape_result infer(std::span<const Shape> in, std::size_t k) const override {
        return graph::infer_output<L>(in.data(), in.size(), k);
    }
    std::optional<std::pair<std::size_t, std::size_t>> declared_params(std::span<const Shape> in) const override {
        return std::pair{graph::param_count<L>(in.data(), in.size()), graph::non_trainable_param_count<L>(in.data(), in.size())};
    }
    std::size_t non_trainable_params() const override {
        if constexpr (requires { l_.non_trainable_params(); }) return l_.non_trainable_params();
        else return 0;
    }
    std::optional<Shape> engine_output_shape() const override {
        if constexpr (requires { l_.output_shape(); }) return Shape(l_.output_shape());
        else return std::nullopt;
    }
    void build(std::span<const Shape> in, seed s) override { graph::build(l_, in.data(), in.size(), s, {}); }
    std::size_t scratch_size(std::size_t batch) const override { return l_.scratch_size(batch); }
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch) const override {
        graph::forward(l_, xs.data(), xs.size(), ys.data(), scratch, {});
    }
    std::vector<Tensor> get_weights() const override { return l_.get_weights(); }
    void set_weights(std::span<const Tensor> w) override { l_.set_weights(w); }
    bool has_config() const override { return graph::is_model<L> || requires { l_.get_config(); }; }
    json get_config() const override {
        if constexpr (graph::is_model<L> || requires { l_.get_config(); }) return graph::keras_config(l_);
        else return nullptr;
    }
    std::unique_ptr<kit_layer> from_config(const json& j) const override {
        if constexpr (requires { L::from_config(j); }) {
            static_assert(std::is_same_v<decltype(L::from_config(j)), L>, "from_config gives the same static type");
            return std::make_unique<static_kit>(L::from_config(j));
        } else {
            return nullptr;
        }
    }
    std::unique_ptr<kit_layer> fresh() const override { return std::make_unique<static_kit>(fresh_weights{}(l_)); }

private:
    L l_;
};

/// The laws for DSL layer type `L` on per-sample inputs `in` (one shape, or several for a merge
/// or a model with several inputs).
template <class L>
void check_laws(std::initializer_list<Shape> in, law_options o = {}) {
    static_kit<L> k(fresh_layer<L>());
    run_laws(k, std::span<const Shape>(in.begin(), in.size()), o);
}

} // namespace

// ---- The kit itself: each law catches a layer that breaks it ------------------------------------

namespace {

enum class flaw {
    none,
    leaves_a_value,       // forward does not write one output value
    writes_past_end,      // forward writes one value past its output
    wrong_rule,           // the shape rule is one row longer than what the layer computes
    wrong_param_count,    // the declared count is one off
    config_not_kept,      // from_config(get_config()) loses a field
    clone_copies_weights, // the clone takes the original's current weights
    weights_out_of_order, // get_weights returns the arrays in another order than set_weights takes them
    half_set_weights,     // set_weights assigns the first array before finding a wrong one
};

/// A correct layer with one flaw put in.
class flawed_kit final : public kit_layer {
public:
    flawed_kit(std::unique_ptr<kit_layer> in, flaw f) : in_(std::move(in)), f_(f) {}

    std::string class_name() const override { return in_->class_name(); }
    std::size_t output_count() const override { return in_->output_count(); }
    shape_result infer(std::span<const Shape> in, std::size_t k) const override {
        shape_result r = in_->infer(in, k);
        if (f_ == flaw::wrong_rule) r.shape = Shape{r.shape[0] + 1};
        return r;
    }
    std::optional<std::pair<std::size_t, std::size_t>> declared_params(std::span<const Shape> in) const override {
        auto d = in_->declared_params(in);
        if (d && f_ == flaw::wrong_param_count) ++d->first;
        return d;
    }
    std::size_t non_trainable_params() const override { return in_->non_trainable_params(); }
    std::optional<Shape> engine_output_shape() const override { return in_->engine_output_shape(); }
    void build(std::span<const Shape> in, seed s) override {
        in_->build(in, s);
        if (copied_) in_->set_weights(*copied_);
    }
    std::size_t scratch_size(std::size_t batch) const override { return in_->scratch_size(batch); }
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch) const override {
        std::vector<TensorView> mine(ys.begin(), ys.end());
        if (f_ == flaw::wrong_rule) mine[0].shape = in_->infer(in_shapes(xs), 0).shape.prepend(ys[0].shape[0]);
        in_->forward(xs, mine, scratch);
        if (f_ == flaw::leaves_a_value) ys[0].data[ys[0].size() - 1] = std::numeric_limits<float>::quiet_NaN();
        if (f_ == flaw::writes_past_end) ys[0].data[ys[0].size()] = 0.0f;  // into the kit's fence
    }
    std::vector<Tensor> get_weights() const override {
        auto w = in_->get_weights();
        if (f_ == flaw::weights_out_of_order) std::reverse(w.begin(), w.end());
        return w;
    }
    void set_weights(std::span<const Tensor> w) override {
        if (f_ == flaw::half_set_weights && !w.empty()) {
            auto now = in_->get_weights();
            if (now[0].shape() == w[0].shape()) now[0] = w[0];
            in_->set_weights(now);
        }
        in_->set_weights(w);
    }
    bool has_config() const override { return in_->has_config(); }
    json get_config() const override { return in_->get_config(); }
    std::unique_ptr<kit_layer> from_config(const json& j) const override {
        json k = j;
        if (f_ == flaw::config_not_kept) k.erase("activation");
        return std::make_unique<flawed_kit>(in_->from_config(k), f_);
    }
    std::unique_ptr<kit_layer> fresh() const override {
        auto c = std::make_unique<flawed_kit>(in_->fresh(), f_);
        if (f_ == flaw::clone_copies_weights) c->copied_ = in_->get_weights();
        return c;
    }

private:
    static std::vector<Shape> in_shapes(std::span<const ConstTensorView> xs) {
        std::vector<Shape> s;
        for (const auto& x : xs) s.emplace_back(x.shape.begin() + 1, x.shape.end());
        return s;
    }
    std::unique_ptr<kit_layer> in_;
    flaw f_;
    std::optional<std::vector<Tensor>> copied_;
};

} // namespace

BOOST_AUTO_TEST_CASE(the_law_kit_catches_each_kind_of_broken_layer) {
    const std::pair<flaw, std::string_view> cases[] = {
        {flaw::none, ""},
        {flaw::leaves_a_value, "law 1"},
        {flaw::writes_past_end, "law 1"},
        {flaw::wrong_rule, "law 1"},
        {flaw::wrong_param_count, "law 2"},
        {flaw::config_not_kept, "law 3"},
        {flaw::clone_copies_weights, "law 4"},
        {flaw::weights_out_of_order, "law 5"},
        {flaw::half_set_weights, "law 5"},
    };
    const Shape in[] = {Shape{4}};
    for (const auto& [f, law] : cases) {
        BOOST_TEST_CONTEXT("flaw " << static_cast<int>(f)) {
            flawed_kit k(std::make_unique<static_kit<Dense<3, act::tanh>>>(fresh_layer<Dense<3, act::tanh>>()), f);
            const std::vector<std::string> broken = laws_broken(k, in, {});
            if (law.empty()) {
                BOOST_TEST(broken.empty());
            } else {
                // The flaw's own law comes first (a later law may see its consequences too).
                BOOST_TEST_REQUIRE(!broken.empty());
                BOOST_TEST(broken.front().starts_with(law), broken.front());
            }
        }
    }
}

// ---- The static kit on every layer kind of the catalogue (docs/layers.md) ------------------------
//
// InputLayer is in the catalogue but is not a layer a model calls (`Input<...>` is a model's
// input, not a layer type): the laws do not apply; its configs are checked by
// input_layer_reads_both_keras_shape_dialects below.

namespace {
using std::ratio;

// Nested models used as layers.
using NestedSequential = Sequential<Input<6>, Dense<4, act::relu>, Dropout<>, Dense<3>>;
struct nx : Input<6> {};
struct nh : Call<Dense<4, act::tanh>, nx> {};
struct ny : Call<Dense<6>, nh> {};
struct ns : Call<Add, nx, ny> {};
using NestedResidual = Functional<Inputs<nx>, Outputs<ns>>;  // keeps its shape: a Repeat block
struct na : Input<4> {};
struct nb : Input<2, 4> {};
struct nc : Call<Concatenate<1>, Call<Reshape<1, 4>, na>, nb> {};
struct nl : Call<LSTM<3, return_state>, nc> {};
using NestedTwoByTwo = Functional<Inputs<na, nb>, Outputs<nl, Get<nl, 2>>>;  // 2 inputs, 2 outputs
} // namespace

BOOST_AUTO_TEST_CASE(core_layers_obey_the_laws) {
    check_laws<Dense<5, act::relu>>({Shape{7}});
    check_laws<Dense<4, act::tanh, no_bias>>({Shape{3, 6}});
    check_laws<Dense<3, act::softmax, kernel_initializer<init::he_normal>, bias_initializer<init::ones>>>({Shape{4}});
    check_laws<Activation<act::gelu>>({Shape{2, 5}});
    check_laws<Activation<act::hard_sigmoid>>({Shape{7}});
    check_laws<Dropout<ratio<1, 4>>>({Shape{6}});
    check_laws<Flatten>({Shape{2, 3, 4}});
    check_laws<Reshape<3, -1>>({Shape{12}});
    check_laws<Reshape<2, 2, 3>>({Shape{3, 4}});
}

BOOST_AUTO_TEST_CASE(merge_layers_obey_the_laws) {
    check_laws<Add>({Shape{2, 3}, Shape{2, 3}, Shape{2, 3}});
    check_laws<Add>({Shape{2, 3}, Shape{3}});  // broadcasting
    check_laws<Subtract>({Shape{2, 3}, Shape{1, 3}});
    check_laws<Multiply>({Shape{4}, Shape{4}, Shape{1}});
    check_laws<Average>({Shape{2, 3}, Shape{2, 3}});
    check_laws<Maximum>({Shape{3, 2}, Shape{3, 1}});
    check_laws<Minimum>({Shape{5}, Shape{5}, Shape{5}});
    check_laws<Concatenate<>>({Shape{2, 3}, Shape{2, 4}});
    check_laws<Concatenate<1>>({Shape{2, 3}, Shape{5, 3}, Shape{1, 3}});
    check_laws<Concatenate<-2>>({Shape{2, 3, 2}, Shape{2, 4, 2}});
}

BOOST_AUTO_TEST_CASE(convolutions_obey_the_laws) {
    check_laws<Conv1D<4, kernel_size<3>>>({Shape{8, 2}});
    check_laws<Conv1D<4, kernel_size<3>, padding_causal, dilation_rate<2>>>({Shape{8, 2}});
    check_laws<Conv1D<4, kernel_size<3>, padding_same, strides<2>, groups<2>, act::relu>>({Shape{9, 4}});
    check_laws<Conv1D<3, kernel_size<1>, no_bias>>({Shape{5, 2}});
    check_laws<Conv2D<4, kernel_size<3>>>({Shape{6, 6, 2}});
    check_laws<Conv2D<4, kernel_size<3, 2>, strides<2>, padding_same, act::relu>>({Shape{7, 6, 3}});
    check_laws<Conv2D<4, kernel_size<3>, groups<2>, dilation_rate<2>>>({Shape{8, 8, 4}});
    check_laws<Conv2D<2, kernel_size<1>, no_bias>>({Shape{4, 4, 3}});  // the 1x1 path: one product for the batch
    check_laws<DepthwiseConv2D<kernel_size<3>>>({Shape{5, 5, 3}});
    check_laws<DepthwiseConv2D<kernel_size<3>, depth_multiplier<2>, padding_same, strides<2>>>({Shape{6, 6, 2}});
    check_laws<DepthwiseConv2D<kernel_size<2>, dilation_rate<2>, no_bias>>({Shape{6, 5, 2}});
    check_laws<SeparableConv2D<4, kernel_size<3>>>({Shape{5, 5, 3}});
    check_laws<SeparableConv2D<4, kernel_size<3>, depth_multiplier<2>, padding_same, strides<2>, no_bias>>({Shape{6, 6, 2}});
    check_laws<Conv2DTranspose<3, kernel_size<3>>>({Shape{4, 4, 2}});
    check_laws<Conv2DTranspose<3, kernel_size<3>, strides<2>, padding_same, output_padding<1>>>({Shape{4, 3, 2}});
    check_laws<Conv2DTranspose<2, kernel_size<2>, strides<3>, no_bias>>({Shape{3, 3, 2}});  // gapped kernels
}

BOOST_AUTO_TEST_CASE(pooling_and_reshaping_layers_obey_the_laws) {
    check_laws<MaxPooling1D<>>({Shape{8, 3}});
    check_laws<MaxPooling1D<pool_size<3>, strides<2>, padding_same>>({Shape{7, 3}});
    check_laws<AveragePooling1D<>>({Shape{7, 2}});
    check_laws<AveragePooling1D<pool_size<3>, strides<2>, padding_same>>({Shape{8, 2}});
    check_laws<MaxPooling2D<>>({Shape{6, 5, 2}});
    check_laws<MaxPooling2D<pool_size<2, 3>, strides<1, 2>, padding_same>>({Shape{5, 6, 2}});
    check_laws<AveragePooling2D<>>({Shape{4, 4, 3}});
    check_laws<AveragePooling2D<pool_size<3>, strides<2>, padding_same>>({Shape{7, 6, 2}});
    check_laws<GlobalAveragePooling1D<>>({Shape{5, 3}});
    check_laws<GlobalMaxPooling1D<keepdims>>({Shape{5, 3}});
    check_laws<GlobalAveragePooling2D<keepdims>>({Shape{4, 3, 2}});
    check_laws<GlobalMaxPooling2D<>>({Shape{4, 3, 2}});
    check_laws<ZeroPadding2D<>>({Shape{3, 3, 2}});
    check_laws<ZeroPadding2D<1, 2>>({Shape{3, 2, 2}});
    check_laws<ZeroPadding2D<1, 0, 2, 1>>({Shape{2, 3, 1}});
    check_laws<Cropping2D<>>({Shape{4, 4, 2}});
    check_laws<Cropping2D<1>>({Shape{5, 4, 2}});
    check_laws<Cropping2D<1, 0, 2, 1>>({Shape{5, 6, 2}});
    check_laws<UpSampling2D<>>({Shape{3, 2, 2}});
    check_laws<UpSampling2D<2, 3, interpolation_bilinear>>({Shape{3, 4, 2}});
    check_laws<RepeatVector<3>>({Shape{4}});
    check_laws<Permute<2, 1>>({Shape{3, 4}});
    check_laws<Permute<3, 1, 2>>({Shape{2, 3, 4}});
}

BOOST_AUTO_TEST_CASE(recurrent_layers_obey_the_laws) {
    check_laws<SimpleRNN<3>>({Shape{5, 2}});
    check_laws<SimpleRNN<3, return_sequences, go_backwards, no_bias>>({Shape{4, 3}});
    check_laws<SimpleRNN<2, activation<act::relu>>>({Shape{4, 3}});
    check_laws<SimpleRNN<3, return_state>>({Shape{5, 2}});
    check_laws<GRU<3>>({Shape{5, 2}});  // reset_after (Keras's default)
    check_laws<GRU<3, no_reset_after, recurrent_activation<act::hard_sigmoid>>>({Shape{5, 2}});  // TF.js's form
    check_laws<GRU<3, return_sequences, go_backwards>>({Shape{4, 3}});
    check_laws<GRU<2, no_reset_after, no_bias, return_sequences>>({Shape{4, 3}});
    check_laws<GRU<3, return_state, return_sequences>>({Shape{5, 2}});
    check_laws<LSTM<4>>({Shape{5, 3}});
    check_laws<LSTM<3, return_sequences, go_backwards, no_bias>>({Shape{6, 2}});
    check_laws<LSTM<2, activation<act::relu>, recurrent_activation<act::hard_sigmoid>, no_unit_forget_bias>>({Shape{4, 3}});
    check_laws<LSTM<3, return_state>>({Shape{5, 2}});
    check_laws<Bidirectional<LSTM<3, return_sequences>>>({Shape{4, 2}});
    check_laws<Bidirectional<LSTM<3>, merge::ave>>({Shape{4, 2}});
    check_laws<Bidirectional<GRU<3, return_sequences>>>({Shape{4, 2}});
    check_laws<Bidirectional<GRU<3, no_reset_after, go_backwards>, merge::sum>>({Shape{4, 2}});
    check_laws<Bidirectional<SimpleRNN<3, return_sequences>, merge::mul>>({Shape{4, 2}});
    check_laws<Bidirectional<SimpleRNN<2>>>({Shape{5, 3}});
    check_laws<TimeDistributed<Dense<4>>>({Shape{5, 3}});
    check_laws<TimeDistributed<Conv2D<2, kernel_size<2>>>>({Shape{3, 4, 4, 2}});
    check_laws<TimeDistributed<LSTM<3>>>({Shape{2, 4, 3}});
}

BOOST_AUTO_TEST_CASE(normalization_embedding_and_activation_layers_obey_the_laws) {
    check_laws<BatchNormalization<>>({Shape{4, 3}});
    check_laws<BatchNormalization<axis<1>, epsilon<ratio<1, 100000>>, no_center>>({Shape{3, 4}});
    check_laws<BatchNormalization<no_scale, gamma_initializer<init::random_uniform<>>,
                                  moving_variance_initializer<init::random_uniform<ratio<1, 2>, ratio<3, 2>>>>>({Shape{2, 3, 2}});
    check_laws<LayerNormalization<>>({Shape{3, 4}});
    check_laws<LayerNormalization<axis<1, 2>, no_center>>({Shape{3, 4}});
    check_laws<LayerNormalization<axis<3, 1>, epsilon<ratio<1, 100000>>, gamma_initializer<init::random_normal<>>>>({Shape{3, 2, 4}});
    check_laws<Embedding<10, 4>>({Shape{5}}, {.ids = 10});
    check_laws<Embedding<7, 3, embeddings_initializer<init::glorot_uniform>>>({Shape{2, 3}}, {.ids = 7});
    check_laws<ReLU<>>({Shape{2, 5}});
    check_laws<ReLU<max_value<ratio<6>>>>({Shape{5}});
    check_laws<ReLU<negative_slope<ratio<1, 10>>, threshold<ratio<1, 2>>>>({Shape{5}});
    check_laws<LeakyReLU<>>({Shape{4}});
    check_laws<LeakyReLU<ratio<1, 5>>>({Shape{2, 3}});
    check_laws<PReLU<>>({Shape{3, 4}});
    check_laws<PReLU<shared_axes<1, 2>, alpha_initializer<init::random_uniform<>>>>({Shape{3, 2, 4}});
    check_laws<ELU<>>({Shape{5}});
    check_laws<ELU<ratio<1, 2>>>({Shape{2, 3}});
    check_laws<Softmax<>>({Shape{2, 5}});
    check_laws<Softmax<1>>({Shape{3, 4}});
    check_laws<Softmax<1, 2>>({Shape{2, 3, 4}});
}

BOOST_AUTO_TEST_CASE(noise_layers_obey_the_laws) {
    // At inference (the kit's call context) all five are the identity.
    check_laws<SpatialDropout1D<ratio<1, 5>>>({Shape{4, 3}});
    check_laws<SpatialDropout2D<ratio<1, 5>>>({Shape{3, 3, 2}});
    check_laws<SpatialDropout3D<ratio<1, 5>>>({Shape{2, 2, 2, 2}});
    check_laws<GaussianNoise<ratio<1, 10>>>({Shape{2, 5}});
    check_laws<GaussianDropout<ratio<1, 10>>>({Shape{6}});
}

BOOST_AUTO_TEST_CASE(models_used_as_layers_obey_the_laws) {
    // A static model has no from_config of its own: it is read from a config by model_cast of
    // the dynamic model, whose round trip test_bridge*'s property checks on the DSL corpus.
    check_laws<NestedSequential>({Shape{6}}, {.no_from_config = true});
    check_laws<NestedResidual>({Shape{6}}, {.no_from_config = true});
    check_laws<NestedTwoByTwo>({Shape{4}, Shape{2, 4}}, {.no_from_config = true});
    // Repeat has no Keras config (Keras has no such class): no config laws.
    check_laws<Repeat<3, NestedResidual>>({Shape{6}}, {.no_config = true});
}

// ---- The dynamic kit: every class the registry knows, as Keras JSON makes it -------------------

namespace {

namespace dyn = scion::dynamic;

/// A run-time layer (made by the registry from a Keras config), through dynamic::layer_interface.
class dynamic_kit final : public kit_layer {
public:
    explicit dynamic_kit(dyn::Layer l) : l_(std::move(l)) {}

    std::string class_name() const override { return std::string(l_.class_name()); }
    std::size_t output_count() const override { return l_.output_count(); }
    /// Throws shape_error (reported by the kit) where the run-time rule refuses the inputs.
    shape_result infer(std::span<const Shape> in, std::size_t k) const override { return {l_.impl().output_shape(in, k)}; }
    // The dynamic path has no compile-time counts (law 2 is the static kit's).
    std::optional<std::pair<std::size_t, std::size_t>> declared_params(std::span<const Shape>) const override {
        return std::nullopt;
    }
    std::size_t non_trainable_params() const override { return l_.impl().non_trainable_params(); }
    std::optional<Shape> engine_output_shape() const override { return std::nullopt; }
    void build(std::span<const Shape> in, seed s) override { l_.impl().build(in, s, {}); }
    std::size_t scratch_size(std::size_t batch) const override { return l_.impl().scratch_size(batch); }
    void forward(std::span<const ConstTensorView> xs, std::span<const TensorView> ys, std::span<float> scratch) const override {
        l_.impl().forward(xs, ys, scratch, {});
    }
    std::vector<Tensor> get_weights() const override { return l_.get_weights(); }
    void set_weights(std::span<const Tensor> w) override { l_.set_weights(w); }
    bool has_config() const override { return l_.impl().has_config(); }
    json get_config() const override { return l_.get_config(); }
    /// Through the registry, by the class name the layer reports (a model: through
    /// model_from_config, which reads nested models).
    std::unique_ptr<kit_layer> from_config(const json& j) const override {
        if (l_.is_model())
            return std::make_unique<dynamic_kit>(dyn::model_from_config(json{{"class_name", class_name()}, {"config", j}}));
        return std::make_unique<dynamic_kit>(dyn::layer_from_config(l_.class_name(), j));
    }
    std::unique_ptr<kit_layer> fresh() const override { return std::make_unique<dynamic_kit>(dyn::fresh_weights(l_)); }

private:
    dyn::Layer l_;
};

/// A Keras config of a registered class and the per-sample inputs to call it on (as many as
/// shapes of rank > 0 are given).
struct law_sample {
    std::string_view class_name;
    std::string_view config;  // JSON
    std::array<Shape, 3> in{};
    std::size_t ids = 0;  // inputs are ids in [0, ids) (Embedding)
};

/// Every class name the registry knows, with the configs the laws run on (constant data: no
/// code to compile). A class registered without an entry here fails
/// `every_registered_class_obeys_the_laws`: add its samples (one per option that changes its
/// math) when adding a layer.
constexpr law_sample law_table[] = {
    {"Dense", R"({"units": 5, "activation": "relu"})", {Shape{7}}},
    {"Dense", R"({"units": 4, "activation": "tanh", "use_bias": false})", {Shape{3, 6}}},
    {"Activation", R"({"activation": "gelu"})", {Shape{2, 5}}},
    {"Activation", R"({"activation": "softmax"})", {Shape{4}}},
    {"Dropout", R"({"rate": 0.25})", {Shape{6}}},
    {"Flatten", R"({})", {Shape{2, 3, 4}}},
    {"Reshape", R"({"target_shape": [3, -1]})", {Shape{12}}},
    {"Add", R"({})", {Shape{2, 3}, Shape{2, 3}, Shape{3}}},
    {"Subtract", R"({})", {Shape{2, 3}, Shape{1, 3}}},
    {"Multiply", R"({})", {Shape{4}, Shape{4}}},
    {"Average", R"({})", {Shape{2, 3}, Shape{2, 3}, Shape{2, 3}}},
    {"Maximum", R"({})", {Shape{3, 2}, Shape{3, 1}}},
    {"Minimum", R"({})", {Shape{5}, Shape{5}}},
    {"Concatenate", R"({"axis": -1})", {Shape{2, 3}, Shape{2, 4}}},
    {"Concatenate", R"({"axis": 1})", {Shape{2, 3}, Shape{5, 3}}},
    {"Conv1D", R"({"filters": 4, "kernel_size": [3]})", {Shape{8, 2}}},
    {"Conv1D", R"({"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 2})", {Shape{8, 2}}},
    {"Conv1D", R"({"filters": 4, "kernel_size": 3, "padding": "same", "strides": 2, "groups": 2})", {Shape{9, 4}}},
    {"Conv2D", R"({"filters": 4, "kernel_size": [3, 2], "strides": 2, "padding": "same", "activation": "relu"})", {Shape{7, 6, 3}}},
    {"Conv2D", R"({"filters": 4, "kernel_size": 3, "groups": 2, "dilation_rate": 2, "use_bias": false})", {Shape{8, 8, 4}}},
    {"DepthwiseConv2D", R"({"kernel_size": 3})", {Shape{5, 5, 3}}},
    {"DepthwiseConv2D", R"({"kernel_size": 3, "depth_multiplier": 2, "padding": "same", "strides": 2})", {Shape{6, 6, 2}}},
    {"SeparableConv2D", R"({"filters": 4, "kernel_size": 3, "depth_multiplier": 2, "padding": "same"})", {Shape{5, 5, 3}}},
    {"Conv2DTranspose", R"({"filters": 3, "kernel_size": 3})", {Shape{4, 4, 2}}},
    {"Conv2DTranspose", R"({"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1})", {Shape{4, 3, 2}}},
    {"MaxPooling1D", R"({"pool_size": 3, "strides": 2, "padding": "same"})", {Shape{7, 3}}},
    {"AveragePooling1D", R"({"pool_size": 2})", {Shape{7, 2}}},
    {"MaxPooling2D", R"({"pool_size": [2, 3], "strides": [1, 2], "padding": "same"})", {Shape{5, 6, 2}}},
    {"AveragePooling2D", R"({"pool_size": 3, "strides": 2, "padding": "same"})", {Shape{7, 6, 2}}},
    {"AveragePooling2D", R"({"pool_size": 2})", {Shape{4, 4, 3}}},
    {"MaxPool1D", R"({"pool_size": 2})", {Shape{8, 3}}},
    {"AvgPool1D", R"({"pool_size": 2})", {Shape{8, 3}}},
    {"MaxPool2D", R"({"pool_size": 2})", {Shape{4, 4, 2}}},
    {"AvgPool2D", R"({"pool_size": 2})", {Shape{4, 4, 2}}},
    {"GlobalAveragePooling1D", R"({})", {Shape{5, 3}}},
    {"GlobalMaxPooling1D", R"({"keepdims": true})", {Shape{5, 3}}},
    {"GlobalAveragePooling2D", R"({"keepdims": true})", {Shape{4, 3, 2}}},
    {"GlobalMaxPooling2D", R"({})", {Shape{4, 3, 2}}},
    {"GlobalAvgPool1D", R"({})", {Shape{5, 3}}},
    {"GlobalMaxPool1D", R"({})", {Shape{5, 3}}},
    {"GlobalAvgPool2D", R"({})", {Shape{4, 3, 2}}},
    {"GlobalMaxPool2D", R"({})", {Shape{4, 3, 2}}},
    {"ZeroPadding2D", R"({"padding": [[1, 0], [2, 1]]})", {Shape{2, 3, 1}}},
    {"Cropping2D", R"({"cropping": [[1, 0], [2, 1]]})", {Shape{5, 6, 2}}},
    {"UpSampling2D", R"({"size": [2, 3]})", {Shape{3, 2, 2}}},
    {"UpSampling2D", R"({"size": [2, 3], "interpolation": "bilinear"})", {Shape{3, 4, 2}}},
    {"RepeatVector", R"({"n": 3})", {Shape{4}}},
    {"Permute", R"({"dims": [3, 1, 2]})", {Shape{2, 3, 4}}},
    {"SimpleRNN", R"({"units": 3})", {Shape{5, 2}}},
    {"SimpleRNN", R"({"units": 3, "return_sequences": true, "go_backwards": true, "use_bias": false})", {Shape{4, 3}}},
    {"SimpleRNN", R"({"units": 3, "return_state": true})", {Shape{5, 2}}},
    {"GRU", R"({"units": 3})", {Shape{5, 2}}},
    {"GRU", R"({"units": 3, "reset_after": false, "recurrent_activation": "hard_sigmoid"})", {Shape{5, 2}}},
    {"GRU", R"({"units": 3, "return_sequences": true, "go_backwards": true, "return_state": true})", {Shape{4, 3}}},
    {"LSTM", R"({"units": 4})", {Shape{5, 3}}},
    {"LSTM", R"({"units": 3, "return_sequences": true, "go_backwards": true, "unit_forget_bias": false})", {Shape{6, 2}}},
    {"LSTM", R"({"units": 3, "return_state": true})", {Shape{5, 2}}},
    {"Bidirectional", R"({"layer": {"class_name": "LSTM", "config": {"units": 3, "return_sequences": true}}})", {Shape{4, 2}}},
    {"Bidirectional", R"({"layer": {"class_name": "GRU", "config": {"units": 3, "reset_after": false}}, "merge_mode": "sum"})", {Shape{4, 2}}},
    {"Bidirectional", R"({"layer": {"class_name": "GRU", "config": {"units": 2, "return_sequences": true}}, "merge_mode": "ave"})", {Shape{4, 2}}},
    {"Bidirectional", R"({"layer": {"class_name": "SimpleRNN", "config": {"units": 3, "return_sequences": true}}, "merge_mode": "mul"})", {Shape{4, 2}}},
    {"TimeDistributed", R"({"layer": {"class_name": "Dense", "config": {"units": 4}}})", {Shape{5, 3}}},
    {"TimeDistributed", R"({"layer": {"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": 2}}})", {Shape{3, 4, 4, 2}}},
    {"TimeDistributed", R"({"layer": {"class_name": "LSTM", "config": {"units": 3}}})", {Shape{2, 4, 3}}},
    {"BatchNormalization", R"({})", {Shape{4, 3}}},
    {"BatchNormalization", R"({"axis": 1, "epsilon": 1e-5, "center": false})", {Shape{3, 4}}},
    {"LayerNormalization", R"({})", {Shape{3, 4}}},
    {"LayerNormalization", R"({"axis": [1, 2], "scale": false})", {Shape{3, 4}}},
    {"Embedding", R"({"input_dim": 10, "output_dim": 4})", {Shape{5}}, 10},
    {"ReLU", R"({"max_value": 6.0})", {Shape{5}}},
    {"ReLU", R"({"negative_slope": 0.1, "threshold": 0.5})", {Shape{2, 3}}},
    {"LeakyReLU", R"({"alpha": 0.2})", {Shape{4}}},
    {"PReLU", R"({})", {Shape{3, 4}}},
    {"PReLU", R"({"shared_axes": [1, 2]})", {Shape{3, 2, 4}}},
    {"ELU", R"({"alpha": 0.5})", {Shape{5}}},
    {"Softmax", R"({"axis": -1})", {Shape{2, 5}}},
    {"Softmax", R"({"axis": [1, 2]})", {Shape{2, 3, 4}}},
    {"SpatialDropout1D", R"({"rate": 0.2})", {Shape{4, 3}}},
    {"SpatialDropout2D", R"({"rate": 0.2})", {Shape{3, 3, 2}}},
    {"SpatialDropout3D", R"({"rate": 0.2})", {Shape{2, 2, 2, 2}}},
    {"GaussianNoise", R"({"stddev": 0.1})", {Shape{2, 5}}},
    {"GaussianDropout", R"({"rate": 0.1})", {Shape{6}}},
};

} // namespace

BOOST_AUTO_TEST_CASE(every_registered_class_obeys_the_laws) {
    // Law 2 (the compile-time parameter counts) is the static kit's: the dynamic path has none.
    const dyn::detail::registry& registry = dyn::detail::registry::instance();
    for (const std::string& name : registry.names()) {
        std::size_t samples = 0;
        for (const law_sample& s : law_table) {
            if (s.class_name != name) continue;
            ++samples;
            const std::size_t n = static_cast<std::size_t>(
                std::count_if(s.in.begin(), s.in.end(), [](const Shape& x) { return x.rank() > 0; }));
            BOOST_TEST_CONTEXT("registry entry '" << name << "', config " << s.config) {
                try {
                    json cfg = json::parse(s.config);
                    cfg["name"] = "layer_under_test";
                    dynamic_kit k((*registry.find(name))(cfg));
                    run_laws(k, std::span<const Shape>(s.in.data(), n), {.ids = s.ids});
                } catch (const std::exception& e) {
                    BOOST_ERROR("the registry cannot make it: " << e.what());
                }
            }
        }
        BOOST_TEST(samples > 0u, "the registered class '" << name << "' has no entry in law_table");
    }
    for (const law_sample& s : law_table)
        BOOST_TEST(dyn::is_registered(s.class_name), "'" << s.class_name << "' is not registered");
}

BOOST_AUTO_TEST_CASE(dynamic_models_used_as_layers_obey_the_laws) {
    // Models are not registry classes (model_from_config reads them): the laws run on one
    // Sequential and one functional model with two inputs and two outputs, not built. Law 2
    // does not apply (no compile-time counts on this path).
    const dyn::Sequential seq(dyn::Input(Shape{6}),
                              {dyn::Dense({.units = 4, .activation = "relu"}), dyn::Dropout({}), dyn::Dense({.units = 3})},
                              "sequential", seed{1});
    dynamic_kit s(dyn::fresh_weights(seq));
    const Shape s_in[] = {Shape{6}};
    run_laws(s, s_in, {});

    const dyn::KerasTensor a = dyn::Input(Shape{4}), b = dyn::Input(Shape{2, 4});
    const dyn::KerasTensor c = dyn::Concatenate({.axis = 1})({dyn::Reshape({.target_shape = {1, 4}})(a), b});
    const std::vector<dyn::KerasTensor> l = dyn::LSTM({.units = 3, .return_state = true}).call({c});
    dynamic_kit f(dyn::Model({a, b}, {l[0], l[2]}, "functional", dyn::unbuilt));
    const Shape f_in[] = {Shape{4}, Shape{2, 4}};
    run_laws(f, f_in, {});
}

BOOST_AUTO_TEST_CASE(dense_applies_to_the_last_axis_with_keras_weight_layout) {
    Dense<2> d;
    d.set_name("dense");
    d.build(Shape{3}, seed{1}, {});
    // kernel (3, 2) row-major, bias (2)
    const std::vector<Tensor> w{Tensor(Shape{3, 2}, {1, 2, 3, 4, 5, 6}), Tensor(Shape{2}, {10, 20})};
    d.set_weights(w);
    const Tensor x(Shape{1, 3}, {1, 1, 2});
    Tensor y(Shape{1, 2});
    d.forward(x.view(), y.view(), {}, {});
    BOOST_TEST(y[0] == 1 + 3 + 10 + 10.0f);
    BOOST_TEST(y[1] == 2 + 4 + 12 + 20.0f);
}

BOOST_AUTO_TEST_CASE(lstm_starts_with_an_open_forget_gate) {
    LSTM<3> l;
    l.set_name("lstm");
    l.build(Shape{2, 4}, seed{1}, {});
    const Tensor bias = l.get_weights()[2];
    for (std::size_t i = 0; i < 12; ++i) BOOST_TEST(bias[i] == ((i >= 3 && i < 6) ? 1.0f : 0.0f));
}

BOOST_AUTO_TEST_CASE(weights_depend_on_seed_layer_name_and_weight_only) {
    auto make = [](const char* name, std::uint64_t s) {
        Dense<4> d;
        d.set_name(name);
        d.build(Shape{5}, seed{s}, {});
        return d.get_weights()[0];
    };
    BOOST_TEST((make("dense", 1) == make("dense", 1)));
    BOOST_TEST(!(make("dense", 1) == make("dense_1", 1)));
    BOOST_TEST(!(make("dense", 1) == make("dense", 2)));
}

BOOST_AUTO_TEST_CASE(dropout_is_identity_at_inference_and_a_seeded_mask_in_training) {
    Dropout<std::ratio<1, 4>> d;
    d.set_name("dropout");
    d.build(Shape{10000}, seed{1}, {});
    Tensor x(Shape{1, 10000});
    for (auto& v : x.values()) v = 2.0f;
    Tensor y(Shape{1, 10000});
    d.forward(x.view(), y.view(), {}, {});
    BOOST_TEST((y == x));

    auto train = [&](std::uint64_t s, std::uint64_t step) {
        Tensor out(Shape{1, 10000});
        d.forward(x.view(), out.view(), {}, layers::call_context{true, s, step});
        return out;
    };
    const Tensor a = train(5, 0);
    std::size_t zeros = 0;
    for (float v : a.values()) {
        BOOST_TEST((v == 0.0f || std::fabs(v - 2.0f / 0.75f) < 1e-6f));
        zeros += v == 0.0f;
    }
    BOOST_TEST(std::fabs(double(zeros) / 10000 - 0.25) < 0.02);
    BOOST_TEST((train(5, 0) == a));   // reproducible
    BOOST_TEST(!(train(5, 1) == a));  // a new mask each step
    BOOST_TEST(!(train(6, 0) == a));  // and each seed
}

BOOST_AUTO_TEST_CASE(shape_errors_name_the_layer_and_the_shapes) {
    layers::LSTM::config_type c;
    c.name = "encoder";
    c.units = 4;
    layers::LSTM l(c);
    try {
        l.build(Shape{7}, seed{1});
        BOOST_FAIL("no exception");
    } catch (const shape_error& e) {
        BOOST_TEST(test::contains(e.what(), "LSTM layer 'encoder'"));
        BOOST_TEST(test::contains(e.what(), "(None, 7)"));
        BOOST_TEST(test::contains(e.what(), "rank 2"));
    }
    layers::Reshape::config_type r;
    r.name = "reshape";
    r.target_shape = {5, 5};
    BOOST_CHECK_THROW(layers::Reshape(r).build(Shape{12}, seed{1}), shape_error);
}

BOOST_AUTO_TEST_CASE(configs_from_keras_json_are_checked_field_by_field) {
    // Unsupported options are errors that name the layer kind and the field.
    json j = Dense<4>().get_config();
    j["kernel_regularizer"] = json{{"class_name", "L2"}, {"config", {{"l2", 0.01}}}};
    try {
        (void)layers::Dense::from_config(j);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "Dense"));
        BOOST_TEST(test::contains(e.what(), "kernel_regularizer"));
    }
    json missing = Dense<4>().get_config();
    missing.erase("units");
    BOOST_CHECK_THROW((void)layers::Dense::from_config(missing), config_error);
    json wrong_type = Dense<4>().get_config();
    wrong_type["units"] = "four";
    BOOST_CHECK_THROW((void)layers::Dense::from_config(wrong_type), config_error);
    json lstm = LSTM<4>().get_config();
    lstm["stateful"] = true;
    BOOST_CHECK_THROW((void)layers::LSTM::from_config(lstm), config_error);
    BOOST_CHECK_THROW((void)layers::Dense::from_config(json::array()), config_error);
}

BOOST_AUTO_TEST_CASE(static_layer_from_a_config_that_contradicts_its_type_is_an_error) {
    json j = Dense<4, act::relu>().get_config();
    j["units"] = 5;
    try {
        (void)Dense<4, act::relu>::from_config(j);
        BOOST_FAIL("no exception");
    } catch (const config_error& e) {
        BOOST_TEST(test::contains(e.what(), "units is 5"));
    }
    BOOST_CHECK_THROW((void)(Dense<4, act::tanh>::from_config(Dense<4, act::relu>().get_config())), config_error);
    BOOST_CHECK_THROW((void)(LSTM<4>::from_config(LSTM<4, return_sequences>().get_config())), config_error);
}

BOOST_AUTO_TEST_CASE(input_layer_reads_both_keras_shape_dialects) {
    const auto a = layers::InputLayer::from_config(json::parse(R"({"batch_input_shape":[null,20,8],"name":"in"})"));
    const auto b = layers::InputLayer::from_config(json::parse(R"({"batch_shape":[null,20,8],"name":"in"})"));
    BOOST_TEST(a.shape() == (Shape{20, 8}));
    BOOST_TEST(b.shape() == (Shape{20, 8}));
    BOOST_CHECK_THROW((void)layers::InputLayer::from_config(json::parse(R"({"name":"in"})")), config_error);
    BOOST_CHECK_THROW((void)layers::InputLayer::from_config(json::parse(R"({"batch_shape":[null,0]})")), config_error);
}

BOOST_AUTO_TEST_CASE(bidirectional_names_its_directions_and_sets_weights_all_or_nothing) {
    Bidirectional<LSTM<3>> b;
    b.set_name("bidirectional");
    b.build(Shape{4, 2}, seed{1}, {});
    BOOST_TEST(b.engine().forward_layer().name() == "forward_lstm");
    BOOST_TEST(b.engine().backward_layer().name() == "backward_lstm");
    // forward and backward draw different weights (different names)
    const auto w = b.get_weights();
    BOOST_TEST(w.size() == 6u);
    BOOST_TEST(!(w[0] == w[3]));
    auto bad = w;
    bad[4] = Tensor(Shape{1});  // backward recurrent kernel of the wrong shape
    auto changed = bad;
    changed[0][0] += 1.0f;      // ...after a valid change to the forward kernel
    BOOST_CHECK_THROW(b.set_weights(changed), weights_error);
    BOOST_TEST(test::same_weights(b.get_weights(), w));
}

BOOST_AUTO_TEST_CASE(dropout_rate_out_of_range_is_a_config_error) {
    layers::Dropout::config_type c;
    c.rate = 1.0f;
    BOOST_CHECK_THROW(layers::Dropout{c}, config_error);
}
