// tests/runtime/bridge_property.hpp — the property test of the static/dynamic bridges, as a
// function template over a static model type (instantiated by test_bridge*.cpp over the valid
// models of the DSL corpus), and the helpers it uses: deterministic inputs, and dynamic models
// rebuilt from another with one change (another units, another activation, a renamed layer, a
// missing layer, another wiring).
#pragma once

#include "support.hpp"

#include <scion/bridge.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <scion/dynamic/json.hpp>

namespace scion::test::bridge {

namespace dyn = scion::dynamic;

/// The largest output difference seen between two paths (reported at the end of the run).
inline float& max_output_difference() {
    static float d = 0;
    return d;
}

/// Prints the largest output difference at the end of the run.
struct report_at_exit {
    ~report_at_exit() {
        std::printf("bridge: largest output difference between paths %g\n",
                    static_cast<double>(max_output_difference()));
    }
};

/// A deterministic batch of 3 for every input of M: smooth values in [-0.9, 0.9], different per input.
template <class M>
std::vector<Tensor> batch_inputs() {
    using G = typename M::graph_type;
    std::vector<Tensor> xs;
    for (std::size_t i = 0; i < G::inputs::size; ++i) {
        Tensor t(G::inputs::shapes[i].prepend(3));
        for (std::size_t j = 0; j < t.size(); ++j)
            t[j] = 0.9f * std::sin(0.37f * static_cast<float>(j) + 1.3f * static_cast<float>(i) + 0.2f);
        xs.push_back(std::move(t));
    }
    return xs;
}

/// The largest difference over every output (infinite when the shapes or counts differ).
inline float outputs_difference(const std::vector<Tensor>& a, const std::vector<Tensor>& b) {
    const float m = max_abs_diff(a, b);  // NaN if any output holds a NaN
    if (!(m <= max_output_difference())) max_output_difference() = m;
    return m;
}

template <class M>
std::vector<Tensor> run_static(const M& m, const std::vector<Tensor>& xs) {
    return m.predict(std::span<const Tensor>(xs));
}

/// Every weight plus `delta` (to see that two models do not share buffers).
inline std::vector<Tensor> shifted(std::vector<Tensor> w, float delta) {
    for (Tensor& t : w)
        for (std::size_t i = 0; i < t.size(); ++i) t[i] += delta;
    return w;
}

// ---- dynamic models with one change ---------------------------------------------------------------

/// What to change when rebuilding a dynamic model: the `target`-th candidate (in the order the
/// rebuild meets them) of kind `what`.
struct mutation {
    enum class kind { units, activation, rename, remove, swap_inputs, reroute };
    kind what;
    std::size_t target = 0;
    std::size_t seen = 0;
    bool done = false;
    std::string changed;  ///< the name of the layer changed (or of the layer whose call was rewired)
    bool strict = true;   ///< remove: only a layer whose inputs are one tensor of its output's shape

    bool take() {
        if (done || seen++ != target) return false;
        done = true;
        return true;
    }
};

/// A layer of the rebuilt model: a fresh copy from its config, the changed layer, or nothing
/// (removed: its call's output becomes its input).
inline dyn::Layer rebuilt_layer(const dyn::layer_interface& l, bool top, bool removable, mutation& mu) {
    using kind = mutation::kind;
    const json cfg = l.get_config();
    auto changed = [&](json c) {
        mu.changed = l.name();
        return dyn::layer_from_config(l.class_name(), c);
    };
    switch (mu.what) {
    case kind::units:
        // One more unit, or else a single one (which broadcasts where one more would not).
        if (cfg.contains("units"))
            for (const std::size_t units : {cfg["units"].get<std::size_t>() + 1, std::size_t{1}})
                if (units != cfg["units"].get<std::size_t>() && mu.take()) {
                    json c = cfg;
                    c["units"] = units;
                    return changed(c);
                }
        break;
    case kind::activation:
        if (cfg.contains("activation") && cfg["activation"].is_string() && mu.take()) {
            json c = cfg;
            c["activation"] = cfg["activation"] == "relu" ? "tanh" : "relu";
            return changed(c);
        }
        break;
    case kind::rename:
        if (top && mu.take()) {
            dyn::Layer r(l.from_config());
            mu.changed = l.name();
            r.set_name(l.name() + "_renamed");
            return r;
        }
        break;
    case kind::remove:
        if (top && removable && mu.take()) {
            mu.changed = l.name();
            return {};
        }
        break;
    default:
        break;
    }
    return dyn::Layer(l.from_config());
}

/// `g` rebuilt over fresh copies of its layers (nested models rebuilt too), with the change `mu`
/// made at its first fitting place. Unbuilt when nested; built from `s` otherwise.
inline dyn::Model rebuild(const dyn::detail::graph_model& g, mutation& mu, bool top, seed s) {
    using kind = mutation::kind;
    using node = dyn::detail::node;
    std::map<const dyn::layer_interface*, std::size_t> calls;
    for (const node* c : g.calls()) ++calls[c->layer.get()];
    std::map<const dyn::layer_interface*, dyn::Layer> made;
    const auto make = [&](const node* c) {
        const dyn::layer_interface* li = c->layer.get();
        auto it = made.find(li);
        if (it != made.end()) return it->second;
        // Removable: called once (and, when strict, one output of the shape of its input, all its
        // inputs one tensor); in a Sequential, any layer. The rebuild fails where the removal
        // leaves a layer inputs it cannot take, and the next candidate is tried.
        bool removable = calls[li] == 1;
        if (mu.strict) {
            removable = removable && c->shapes.size() == 1 && c->inputs.front().shape() == c->shapes[0];
            for (const auto& t : c->inputs) removable = removable && t == c->inputs.front();
        }
        removable = removable || g.is_sequential();
        dyn::Layer nl;
        if (const auto* gm = dynamic_cast<const dyn::detail::graph_model*>(li)) {
            if (top && mu.what == mutation::kind::remove && removable && mu.take()) mu.changed = li->name();
            else nl = rebuild(*gm, mu, false, s);
        } else {
            nl = rebuilt_layer(*li, top, removable, mu);
        }
        made.emplace(li, nl);
        return nl;
    };

    if (g.is_sequential()) {
        dyn::Sequential sq(g.name(), s);
        sq.add(dyn::Input(g.inputs().front().shape(), g.inputs().front().layer_name()));
        for (const node* c : g.calls())
            if (const dyn::Layer l = make(c)) sq.add(l);
        if (top) sq.build();
        return sq;
    }

    std::map<const node*, std::vector<dyn::KerasTensor>> values;
    std::vector<dyn::KerasTensor> ins, earlier;
    for (const auto& x : g.inputs()) {
        const dyn::KerasTensor t = dyn::Input(x.shape(), x.layer_name());
        values[x.node().get()] = {t};
        ins.push_back(t);
        earlier.push_back(t);
    }
    const auto value = [&](const dyn::KerasTensor& t) { return values.at(t.node().get()).at(t.index()); };
    for (const node* c : g.calls()) {
        std::vector<dyn::KerasTensor> xs;
        for (const auto& t : c->inputs) xs.push_back(value(t));
        const dyn::Layer l = make(c);
        if (top && mu.what == kind::swap_inputs && xs.size() >= 2 && !(xs[0] == xs[1]) && mu.take()) {
            std::swap(xs[0], xs[1]);
            mu.changed = c->layer->name();
        }
        if (top && mu.what == kind::reroute)
            for (auto& x : xs)
                for (const auto& e : earlier)
                    if (!(e == x) && e.shape() == x.shape() && mu.take()) {
                        x = e;
                        mu.changed = c->layer->name();
                    }
        if (!l) {  // removed: each of its outputs is its first input
            values[c] = std::vector<dyn::KerasTensor>(c->shapes.size(), xs.front());
            continue;
        }
        values[c] = l.call(xs);
        for (const auto& y : values[c]) earlier.push_back(y);
    }
    std::vector<dyn::KerasTensor> outs;
    for (const auto& y : g.outputs()) outs.push_back(value(y));
    if (!top) return dyn::Model(std::move(ins), std::move(outs), g.name(), dyn::unbuilt);
    return dyn::Model(std::move(ins), std::move(outs), g.name(), s);
}

/// `d` with one change of kind `k` (the first candidate that gives a model that builds), and the
/// name of the layer changed; nullopt when `d` has no place for such a change.
inline std::optional<std::pair<dyn::Model, std::string>> mutated_once(const dyn::Model& d, mutation::kind k,
                                                                      bool strict) {
    for (std::size_t target = 0; target < 1000; ++target) {
        mutation mu{k, target, 0, false, {}, strict};
        try {
            dyn::Model m = rebuild(d.graph(), mu, true, seed{99});
            if (!mu.done) return std::nullopt;
            return std::pair{m, mu.changed};
        } catch (const scion::error&) {
            if (!mu.done) return std::nullopt;  // a failure that is not the change's
        }
    }
    return std::nullopt;
}
/// As mutated_once; a removal looks for a layer whose removal changes no shape first.
inline std::optional<std::pair<dyn::Model, std::string>> mutated(const dyn::Model& d, mutation::kind k) {
    if (auto m = mutated_once(d, k, true)) return m;
    if (k == mutation::kind::remove) return mutated_once(d, k, false);
    return std::nullopt;
}

inline const char* kind_name(mutation::kind k) {
    switch (k) {
    case mutation::kind::units: return "another units";
    case mutation::kind::activation: return "another activation";
    case mutation::kind::rename: return "a renamed layer";
    case mutation::kind::remove: return "a missing layer";
    case mutation::kind::swap_inputs: return "swapped inputs";
    case mutation::kind::reroute: return "another input";
    }
    return "?";
}

// ---- the JSON of static graphs against TensorFlow.js's --------------------------------------------

/// The layer entry called `name` in a model's Keras JSON (null when there is none).
inline json entry_named(const json& model, const std::string& name) {
    for (const json& e : model.at("config").at("layers"))
        if (e.at("name") == name) return e;
    return {};
}

// TensorFlow.js's topology (the fixtures' "model") and scion's agree on every layer's class (but
// the top one, and a nested Functional: tfjs says "Model") and inbound nodes (a nested model's
// calls counted from 1), and on the model's input and output layers.
// (Configs are not compared: tfjs writes regularizer fields scion does not have.) Layers are
// matched by name: tfjs lists them in creation order, scion in the order of the static lowering.
// (The dynamic twins of these models write the same JSON: see check_model and test_dynamic.cpp.)
template <class Net>
void check_against_tfjs(const std::string& fixture) {
    BOOST_TEST_CONTEXT("fixture " << fixture) {
        const json tfjs = read_json("functional/" + fixture + ".json").at("model");
        const Net m{graph::unbuilt};  // the JSON needs no weights
        const json ours = m.get_config();
        BOOST_TEST(ours.at("class_name") == "Functional");
        BOOST_TEST(ours.at("config").at("input_layers") == tfjs.at("config").at("input_layers"));
        BOOST_TEST(ours.at("config").at("output_layers") == tfjs.at("config").at("output_layers"));
        const json& theirs = tfjs.at("config").at("layers");
        BOOST_TEST(ours.at("config").at("layers").size() == theirs.size());
        for (const json& e : theirs) {
            const std::string name = e.at("name");
            const json mine = entry_named(ours, name);
            BOOST_TEST_CONTEXT("layer " << name) {
                BOOST_TEST_REQUIRE(!mine.is_null());
                const json want = e.at("class_name") == "Model" ? json("Functional") : e.at("class_name");
                BOOST_TEST(mine.at("class_name") == want);
                BOOST_TEST(mine.at("inbound_nodes") == e.at("inbound_nodes"));
                BOOST_TEST(mine.at("config").at("name") == name);
            }
        }
    }
}

// ---- the property test ----------------------------------------------------------------------------

/// What the property test does with a static model, behind a virtual interface: the checks are
/// compiled once, not once per model type (the corpus has 17 types; their compile cost stays in
/// the bridges themselves).
class static_model {
public:
    static_model() = default;
    static_model(const static_model&) = delete;
    static_model& operator=(const static_model&) = delete;
    virtual ~static_model() = default;

    [[nodiscard]] virtual bool sequential() const = 0;
    [[nodiscard]] virtual std::size_t param_count() const = 0;  ///< the compile-time count
    [[nodiscard]] virtual std::size_t count_params() const = 0;
    [[nodiscard]] virtual std::string to_json() const = 0;
    [[nodiscard]] virtual std::string summary() const = 0;
    [[nodiscard]] virtual std::string name() const = 0;
    [[nodiscard]] virtual std::uint64_t seed_value() const = 0;
    [[nodiscard]] virtual std::vector<Tensor> get_weights() const = 0;
    virtual void set_weights(const std::vector<Tensor>& w) = 0;
    [[nodiscard]] virtual std::vector<Tensor> inputs() const = 0;  ///< a batch of 3 for every input
    [[nodiscard]] virtual std::vector<Tensor> predict(const std::vector<Tensor>& xs) const = 0;
    /// to_dynamic(model), and whether it returned a dynamic::Sequential (for a Sequential).
    [[nodiscard]] virtual std::pair<dyn::Model, bool> to_dynamic() const = 0;
    /// model_cast<M>(d), as another static_model.
    [[nodiscard]] virtual std::unique_ptr<static_model> cast(const dyn::Model& d) const = 0;
};

template <class M>
class static_model_of final : public static_model {
public:
    explicit static_model_of(M m) : m_(std::move(m)) {}

    [[nodiscard]] bool sequential() const override { return graph::is_sequential_model<M>; }
    [[nodiscard]] std::size_t param_count() const override { return M::param_count; }
    [[nodiscard]] std::size_t count_params() const override { return m_.count_params(); }
    [[nodiscard]] std::string to_json() const override { return m_.to_json(); }
    [[nodiscard]] std::string summary() const override { return m_.summary(); }
    [[nodiscard]] std::string name() const override { return m_.name(); }
    [[nodiscard]] std::uint64_t seed_value() const override { return m_.seed().value; }
    [[nodiscard]] std::vector<Tensor> get_weights() const override { return m_.get_weights(); }
    void set_weights(const std::vector<Tensor>& w) override { m_.set_weights(w); }
    [[nodiscard]] std::vector<Tensor> inputs() const override { return batch_inputs<M>(); }
    [[nodiscard]] std::vector<Tensor> predict(const std::vector<Tensor>& xs) const override {
        return m_.predict(std::span<const Tensor>(xs));
    }
    [[nodiscard]] std::pair<dyn::Model, bool> to_dynamic() const override {
        auto d = scion::to_dynamic(m_);
        return {d, std::is_same_v<decltype(d), dyn::Sequential>};
    }
    [[nodiscard]] std::unique_ptr<static_model> cast(const dyn::Model& d) const override {
        return std::make_unique<static_model_of>(model_cast<M>(d));
    }

private:
    M m_;
};

/// Static model `m` (made from seed `k`) against its dynamic twins: to_dynamic (a), the dynamic
/// model read from its JSON (b, when dynamic::model_from_json exists), model_cast back (c), and
/// model_cast of dynamic models with one change (c'). Every comparison is between two paths.
inline void check_model(static_model& m, std::uint64_t k) {
    BOOST_TEST_CONTEXT("seed " << k) {
        const bool sequential = m.sequential();
        const std::vector<Tensor> xs = m.inputs();
        const std::vector<Tensor> ys = m.predict(xs);
        const std::vector<Tensor> w = m.get_weights();
        const std::string text = m.to_json();

        // (a) to_dynamic: the same JSON, weights, parameter count, summary and outputs.
        const auto [d, returned_sequential] = m.to_dynamic();
        BOOST_TEST(returned_sequential == sequential);
        BOOST_TEST(d.is_sequential() == sequential);
        BOOST_TEST(d.to_json() == text);
        BOOST_TEST(d.to_json_value() == json::parse(text));
        BOOST_TEST(same_weights(d.get_weights(), w));
        BOOST_TEST(d.count_params() == m.param_count());
        BOOST_TEST(d.count_params() == m.count_params());
        BOOST_TEST(d.summary() == m.summary());
        BOOST_TEST(d.seed().value == m.seed_value());
        BOOST_TEST(d.name() == m.name());
        BOOST_TEST(outputs_difference(d.predict(xs), ys) <= 1e-6f);
        // Copied, not aliased: changing the twin's weights leaves the static model's alone.
        {
            const dyn::Model twin = d.copy();
            twin.set_weights(shifted(w, 1.0f));
            BOOST_TEST(same_weights(m.get_weights(), w));
            const auto alias = m.to_dynamic().first;
            alias.set_weights(shifted(w, 2.0f));
            BOOST_TEST(same_weights(m.get_weights(), w));
            BOOST_TEST(same_weights(d.get_weights(), w));
        }

        // (b) The dynamic path on its own: the model read from the static model's JSON and built
        // from the same seed has the same weights (same streams: same seed, same names), JSON
        // and outputs, and casts back.
        {
            const dyn::Model r = dyn::model_from_json(text, seed{k});
            BOOST_TEST(r.to_json() == text);
            BOOST_TEST(same_weights(r.get_weights(), w));
            BOOST_TEST(r.count_params() == m.param_count());
            BOOST_TEST(r.summary() == m.summary());
            BOOST_TEST(outputs_difference(r.predict(xs), ys) <= 1e-6f);
            const auto back = m.cast(r);
            BOOST_TEST(same_weights(back->get_weights(), w));
        }

        // (c) model_cast back: the same weights, JSON and outputs; no buffer shared with `d`.
        {
            const auto back = m.cast(d);
            BOOST_TEST(same_weights(back->get_weights(), w));
            BOOST_TEST(back->to_json() == text);
            BOOST_TEST(back->seed_value() == m.seed_value());
            BOOST_TEST(outputs_difference(back->predict(xs), ys) == 0.0f);
            back->set_weights(shifted(w, 3.0f));
            BOOST_TEST(same_weights(d.get_weights(), w));
        }

        // (c') One change, and model_cast refuses the model, naming the layer; the model is not
        // changed by the attempt.
        using kind = mutation::kind;
        std::size_t refused = 0;
        const std::size_t layer_count = d.layers().size();
        for (const kind what : {kind::units, kind::activation, kind::rename, kind::remove, kind::swap_inputs,
                                kind::reroute}) {
            const auto mut = mutated(d, what);
            BOOST_TEST_CONTEXT("change: " << kind_name(what) << (mut ? " at layer '" + mut->second + "'" : "")) {
                const bool wiring = what == kind::swap_inputs || what == kind::reroute;
                if (!mut) {
                    // Every corpus model has a place for each change of layers; a Sequential
                    // has no wiring to change; some graphs have no merge to swap or no other
                    // tensor of the same shape to read.
                    BOOST_TEST((wiring || (what == kind::rename && sequential)));
                    continue;
                }
                const auto& [bad, name] = *mut;
                const std::string before = bad.to_json();
                const std::vector<Tensor> before_w = bad.get_weights();
                if (what == kind::rename && sequential) {
                    // A Sequential takes its names from the dynamic model.
                    const auto renamed = m.cast(bad);
                    BOOST_TEST(renamed->to_json() == before);
                    BOOST_TEST(same_weights(renamed->get_weights(), before_w));
                    BOOST_TEST(contains(renamed->to_json(), "\"" + name + "_renamed\""));
                    continue;
                }
                // A removal that takes other layers with it (their outputs no longer used) may be
                // reported at one of those.
                const bool exact = !wiring && (what != kind::remove || bad.layers().size() + 1 == layer_count);
                try {
                    (void)m.cast(bad);
                    BOOST_ERROR("model_cast accepted a model with " << kind_name(what) << " at layer '" << name << "'");
                } catch (const config_error& e) {
                    const std::string msg = e.what();
                    ++refused;
                    BOOST_TEST_INFO("message: " << msg);
                    BOOST_TEST(contains(msg, "model_cast"));
                    if (exact) {
                        BOOST_TEST(contains(msg, "'" + name + "'"));
                    } else {
                        // It names a layer of the model (the first that differs), or an input:
                        // rewiring can move an input in Keras's order of the layers, where the
                        // inputs are listed too.
                        bool named = false;
                        for (const dyn::Layer& l : d.layers()) named = named || contains(msg, "'" + l.name() + "'");
                        for (const dyn::KerasTensor& x : d.inputs()) named = named || contains(msg, "'" + x.layer_name() + "'");
                        BOOST_TEST(named);
                    }
                }
                BOOST_TEST(bad.to_json() == before);
                BOOST_TEST(same_weights(bad.get_weights(), before_w));
            }
        }
        BOOST_TEST(refused >= 3u);
        // model_cast leaves `d` as it was.
        BOOST_TEST(d.to_json() == text);
        BOOST_TEST(same_weights(d.get_weights(), w));
    }
}

/// check_model on M built from seed `k`.
template <class M>
void check_model(std::uint64_t k) {
    static_model_of<M> m{M{seed{k}}};
    check_model(m, k);
}

} // namespace scion::test::bridge
