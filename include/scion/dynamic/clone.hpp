// scion/dynamic/clone.hpp — clone_model for dynamic models: Keras 3's clone_model(model,
// input_tensors, clone_function, call_function, recursive) at run time, with the semantics of the
// static clone_model (docs/clone.md), and the weight policies fresh_weights, copy_weights and
// share_weights.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/model.hpp>

#include <concepts>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <utility>
#include <vector>

namespace scion::dynamic {

/// A clone function (Keras's `clone_function`): given each distinct layer of the model once, it
/// returns the layer the clone uses in its place.
using clone_fn = std::function<Layer(const Layer& layer)>;
/// A call function (Keras 3's `call_function(layer, *args)`): makes the call of the cloned layer
/// `layer` on `inputs` — usually `layer.call(inputs)`, possibly with layers around it — and
/// returns the tensors that stand for the call's outputs (as many as the original call has).
using call_fn = std::function<std::vector<KerasTensor>(const Layer& layer, const std::vector<KerasTensor>& inputs)>;

/// The options of `scion::clone_model(model, options)`, named as Keras's keywords; every one
/// defaults to Keras 3's default.
///
///     auto c = scion::clone_model(m, {.clone_function = dynamic::copy_weights, .name = "target"});
struct clone_options {
    /// New inputs, matched to the model's inputs in order (one per input; exactly one for a
    /// Sequential), each made by `dynamic::Input`. The clone is built on them and takes their
    /// shapes; an unnamed one takes the name of the input it replaces. Unset: inputs like the
    /// model's own (Keras `None`).
    std::optional<std::vector<KerasTensor>> input_tensors{};
    /// Called once per distinct layer, in layer order, never on an input; returns the clone's
    /// layer. Empty: `fresh_weights` (Keras's default, `from_config(get_config())`).
    clone_fn clone_function{};
    /// Replaces each call of a cloned layer (functional models only: a Sequential given one
    /// throws clone_error, as in Keras).
    call_fn call_function{};
    /// Clone nested models with the same clone_function at every depth (and the call_function
    /// inside nested functional models); otherwise a nested model is one layer to clone_function.
    bool recursive = false;
    /// The seed of the clone's fresh weights: the clone then has exactly the weights of a model
    /// built by hand with this seed and the same names. Unset: the next seed of the global
    /// sequence (clones of one model differ from each other).
    std::optional<scion::seed> seed{};
    /// Layers of the model that share weights with each other (weight ties) share them in the
    /// clone too — the first layer's; Keras makes them separate (its row 15, keras#20172).
    bool keep_ties = false;
    /// The clone's name (keras#17024); unset: the model's.
    std::optional<std::string> name{};
};

// ---- weight policies (clone functions) ----------------------------------------------------------------

/// Keras's default clone function, `layer.__class__.from_config(layer.get_config())`: a new
/// layer of the same class, config and name, not built, so the clone gives it fresh weights. A
/// nested model is rebuilt whole. Throws clone_error for a layer that cannot be rebuilt from its
/// config (a custom layer without a constructor from its config or a `from_config`).
[[nodiscard]] inline Layer fresh_weights(const Layer& layer) { return Layer(layer.impl().from_config()); }
/// A deep copy of the layer with its weights: the clone starts from the trained weights
/// (keras#16668) but does not share them (Keras users write `clone.set_weights(m.get_weights())`).
[[nodiscard]] inline Layer copy_weights(const Layer& layer) { return Layer(layer.impl().copy()); }
/// The layer itself (Keras's `clone_function=lambda layer: layer`): the clone calls the original's
/// layer objects, so a change of weights through either model is seen by both. (A layer that the
/// clone feeds other input shapes — an LSTM on longer sequences — becomes a twin holding the same
/// weight arrays, so that the original keeps working on its own shapes.)
[[nodiscard]] inline Layer share_weights(const Layer& layer) { return layer; }

namespace detail {

/// What a clone walk applies to each layer of a graph (and of nested graphs, when recursive).
struct clone_settings {
    const clone_fn* clone_function = nullptr;  ///< null or empty: fresh_weights
    const call_fn* call_function = nullptr;    ///< null or empty: the layer's own call
    bool recursive = false;
};

/// The pairs (original layer, its clone), for keep_ties.
using layer_pairs = std::vector<std::pair<const layer_interface*, layer_interface*>>;

inline std::string clone_who(const graph_model& m, std::string_view name) {
    return "clone_model(" + std::string(m.is_sequential() ? "Sequential" : "model") + " '" + std::string(name) + "')";
}

inline std::vector<Shape> shapes_of(const std::vector<KerasTensor>& ts) {
    std::vector<Shape> r;
    r.reserve(ts.size());
    for (const KerasTensor& t : ts) r.push_back(t.shape());
    return r;
}

inline std::string names_of(const std::vector<KerasTensor>& ts) {
    std::string r;
    for (std::size_t i = 0; i < ts.size(); ++i) r += (i ? ", '" : "'") + ts[i].layer_name() + "'";
    return r;
}

/// New Input tensors with the names of `m`'s inputs and the given shapes (for a nested model
/// cloned where the clone feeds it `shapes`).
inline std::vector<KerasTensor> inputs_like(const graph_model& m, const std::vector<Shape>& shapes) {
    std::vector<KerasTensor> r;
    r.reserve(m.inputs().size());
    for (std::size_t i = 0; i < m.inputs().size(); ++i) {
        auto n = std::make_shared<node>(*m.inputs()[i].node());
        auto c = n->input->config();
        c.shape = shapes[i];
        n->input.emplace(std::move(c));
        n->shapes = {shapes[i]};
        r.emplace_back(std::move(n), 0);
    }
    return r;
}

/// Checks user-given input tensors against `m`'s inputs (Keras: by structure) and names the
/// unnamed ones after the inputs they replace.
inline void check_input_tensors(const graph_model& m, const std::vector<KerasTensor>& given, const std::string& who) {
    const std::vector<KerasTensor>& own = m.inputs();
    if (m.is_sequential()) {
        if (given.size() != 1)
            throw clone_error(who + ": argument `input_tensors` must contain a single tensor for a Sequential model, "
                                    "got " + std::to_string(given.size()));
    } else if (given.size() != own.size()) {
        throw clone_error(who + ": argument `input_tensors` must match the structure of the model's inputs: the model "
                                "has " + std::to_string(own.size()) + " input" + (own.size() == 1 ? "" : "s") + " (" +
                          names_of(own) + "), got " + std::to_string(given.size()) + " tensor" +
                          (given.size() == 1 ? "" : "s"));
    }
    for (std::size_t i = 0; i < given.size(); ++i) {
        const KerasTensor& t = given[i];
        const std::string at = "input_tensors[" + std::to_string(i) + "]";
        if (!t) throw clone_error(who + ": " + at + " is an empty KerasTensor; make new inputs with dynamic::Input");
        if (!t.is_input())
            throw clone_error(who + ": " + at + " is output " + std::to_string(t.index()) + " of " +
                              t.node()->layer->who() +
                              ", not an Input: input tensors of a clone must be made by dynamic::Input");
        for (std::size_t j = 0; j < i; ++j)
            if (given[j] == t)
                throw clone_error(who + ": " + at + " is input_tensors[" + std::to_string(j) + "] again ('" +
                                  t.layer_name() + "'); each model input needs its own tensor");
    }
    // An unnamed new input takes the name of the input it replaces (as an Input<...> without a
    // name does on the static path); the graph names inputs this way too.
    for (std::size_t i = 0; i < given.size() && i < own.size(); ++i) {
        auto& il = const_cast<layers::InputLayer&>(*given[i].node()->input);
        if (il.name().empty()) il.set_name(own[i].layer_name());
    }
}

/// Gives `to` the weight lists of `from` (one list from now on).
inline void share_lists(layer_interface& to, const layer_interface& from) {
    std::vector<layers::weight_list*> d;
    std::vector<const layers::weight_list*> s;
    to.weight_lists(d);
    from.weight_lists(s);
    for (std::size_t k = 0; k < d.size() && k < s.size(); ++k) d[k]->share(*s[k]);
}

[[nodiscard]] inline std::shared_ptr<graph_model> clone_graph(const graph_model& m, std::vector<KerasTensor> inputs,
                                                              std::string name, const clone_settings& s,
                                                              bool use_call_function, layer_pairs* pairs);

/// The clone of layer `orig`, which the clone first calls on `in`.
[[nodiscard]] inline std::shared_ptr<layer_interface> clone_layer(const std::shared_ptr<layer_interface>& orig,
                                                                  const std::vector<KerasTensor>& in,
                                                                  const clone_settings& s, const std::string& who) {
    const std::vector<Shape> shapes = shapes_of(in);
    if (s.recursive)
        if (const auto* inner = dynamic_cast<const graph_model*>(orig.get()))
            // Keras 3: an inner Sequential gets the clone function; an inner functional model the
            // call function too. The inner model itself is not given to the clone function.
            return clone_graph(*inner, inputs_like(*inner, shapes), inner->name(), s, !inner->is_sequential(),
                               nullptr);

    Layer made;
    if (s.clone_function && *s.clone_function) {
        made = (*s.clone_function)(Layer(orig));
        if (!made)
            throw clone_error(who + ": clone_function returned an empty Layer for " + orig->who() +
                              "; it must return the layer the clone uses in its place (e.g. "
                              "dynamic::fresh_weights(layer))");
    } else {
        try {
            made = fresh_weights(Layer(orig));
        } catch (const clone_error& e) {
            throw clone_error(who + ": " + e.what());
        }
    }
    std::shared_ptr<layer_interface> p = made.ptr();

    if (auto* inner = dynamic_cast<graph_model*>(p.get())) {
        // A model that is not built yet (what fresh_weights makes of a nested model) is re-made
        // on the shapes the clone feeds it, so that its layers are built at the new sizes.
        if (!inner->built() && inner->inputs().size() == shapes.size() && shapes_of(inner->inputs()) != shapes) {
            const clone_fn same = share_weights;
            const clone_settings keep{&same, nullptr, false};
            p = clone_graph(*inner, inputs_like(*inner, shapes), inner->name(), keep, false, nullptr);
        }
    } else if (p->built() && p->built_shapes() != shapes) {
        // A built layer that the clone feeds other shapes is re-targeted by the clone's build
        // (its weights must fit, or that throws clone_error naming it). It may be a layer of the
        // original or of another model (share_weights): re-target a twin holding the same weight
        // arrays, never the object itself, which keeps its own shapes.
        auto twin = p->copy();
        share_lists(*twin, *p);
        p = std::move(twin);
    }
    return p;
}

/// Clones graph `m` on `inputs` (checked): each distinct layer cloned once, each call made again
/// (by the call function when `use_call_function`), shapes re-inferred; not built.
inline std::shared_ptr<graph_model> clone_graph(const graph_model& m, std::vector<KerasTensor> inputs, std::string name,
                                                const clone_settings& s, bool use_call_function, layer_pairs* pairs) {
    const std::string who = clone_who(m, name);
    const bool call_fn_set = use_call_function && s.call_function && *s.call_function;

    std::unordered_map<const node*, std::vector<KerasTensor>> made;
    made.reserve(m.calls().size() + inputs.size());
    for (std::size_t i = 0; i < inputs.size() && i < m.inputs().size(); ++i)
        made.emplace(m.inputs()[i].node().get(), std::vector<KerasTensor>{inputs[i]});
    auto tensor = [&](const KerasTensor& t) -> const KerasTensor& { return made.at(t.node().get()).at(t.index()); };

    std::unordered_map<const layer_interface*, std::shared_ptr<layer_interface>> cloned;
    cloned.reserve(m.layers().size());
    std::vector<KerasTensor> in;
    for (const node* c : m.calls()) {
        in.clear();
        for (const KerasTensor& t : c->inputs) in.push_back(tensor(t));
        auto [it, fresh] = cloned.try_emplace(c->layer.get());
        if (fresh) {
            it->second = clone_layer(c->layer, in, s, who);
            if (pairs) pairs->emplace_back(c->layer.get(), it->second.get());
        }
        const Layer layer(it->second);
        std::vector<KerasTensor> out;
        try {
            out = call_fn_set ? (*s.call_function)(layer, in) : layer.call(in);
        } catch (const shape_error& e) {
            throw shape_error(who + ": " + e.what());
        }
        const std::size_t want = c->shapes.size();
        if (out.size() != want)
            throw clone_error(who + ": " + (call_fn_set ? "call_function returned " : "the clone of ") +
                              (call_fn_set ? std::to_string(out.size()) + " tensor" + (out.size() == 1 ? "" : "s") +
                                                 " for the call of " + layer.impl().who()
                                           : c->layer->who() + ", " + layer.impl().who() + ", has " +
                                                 std::to_string(out.size()) + " output" +
                                                 (out.size() == 1 ? "" : "s")) +
                              ", where the model reads " + std::to_string(want) + " output" + (want == 1 ? "" : "s") +
                              " of " + c->layer->who());
        for (const KerasTensor& y : out)
            if (!y)
                throw clone_error(who + ": call_function returned an empty KerasTensor for the call of " +
                                  layer.impl().who());
        made[c] = std::move(out);
    }

    std::vector<KerasTensor> outputs;
    outputs.reserve(m.outputs().size());
    for (const KerasTensor& y : m.outputs()) outputs.push_back(tensor(y));
    if (m.is_sequential() && m.inputs().empty() && !inputs.empty()) outputs = inputs;  // an input-less Sequential

    auto g = std::make_shared<graph_model>(std::move(name), m.is_sequential());
    g->set_trainable(m.trainable());
    try {
        g->set_graph(std::move(inputs), std::move(outputs));
    } catch (const config_error&) {
        throw;  // duplicate names: "The name "x" is used 2 times in the model"
    } catch (const shape_error&) {
        throw;
    } catch (const error& e) {
        if (typeid(e) != typeid(error)) throw;
        throw clone_error(who + ": " + e.what());  // e.g. a call function that disconnects the graph
    }
    return g;
}

/// keep_ties: wherever two weight lists of the original layers are one list, the clone's
/// corresponding lists become one too (the first one's).
inline void keep_ties(const layer_pairs& pairs, const std::string& who) {
    std::unordered_map<const void*, std::pair<layers::weight_list*, const layer_interface*>> first;
    for (const auto& [orig, clone] : pairs) {
        std::vector<const layers::weight_list*> o;
        std::vector<layers::weight_list*> c;
        orig->weight_lists(o);
        clone->weight_lists(c);
        if (o.size() != c.size()) continue;  // a layer of another structure: no correspondence
        for (std::size_t k = 0; k < o.size(); ++k) {
            const auto [at, fresh] = first.try_emplace(o[k]->id(), c[k], clone);
            if (fresh || c[k]->shares_with(*at->second.first)) continue;
            const layers::weight_list& src = *at->second.first;
            bool fits = c[k]->size() == src.size();
            for (std::size_t i = 0; fits && i < src.size(); ++i) fits = (*c[k])[i].shape() == src[i].shape();
            if (!fits)
                throw clone_error(who + ": keep_ties: " + clone->who() + " shares weights with " +
                                  at->second.second->who() +
                                  " in the model, but in the clone their weights have different shapes");
            c[k]->share(src);
        }
    }
}

/// The clone of `m` (see scion::clone_model), as a graph.
[[nodiscard]] inline std::shared_ptr<graph_model> clone_model_graph(const Model& m, const clone_options& o) {
    graph_model& g = m.graph();
    g.ensure_built();  // what copy_weights and share_weights see is the model as it runs
    const std::string name = o.name ? *o.name : g.name();
    const std::string who = clone_who(g, g.name());
    if (g.is_sequential() && o.call_function)
        throw clone_error(who + ": the `call_function` argument is not supported with Sequential models: in a "
                                "Sequential model layers are listed, not called; use a functional model "
                                "(dynamic::Model(inputs, outputs)) to rewrite calls");
    std::vector<KerasTensor> inputs;
    if (o.input_tensors) {
        check_input_tensors(g, *o.input_tensors, who);
        inputs = *o.input_tensors;
    } else {
        inputs = inputs_like(g, shapes_of(g.inputs()));
    }
    const clone_settings s{&o.clone_function, &o.call_function, o.recursive};
    layer_pairs pairs;
    auto c = clone_graph(g, std::move(inputs), name, s, true, &pairs);
    c->build_all(o.seed ? *o.seed : next_seed(), "");
    if (o.keep_ties) keep_ties(pairs, who);
    return c;
}

} // namespace detail
} // namespace scion::dynamic

namespace scion {

/// Clones a dynamic model (Keras 3's `clone_model`): a new model with the model's name (or
/// `o.name`), its inputs' names and shapes (or those of `o.input_tensors`), and in place of each
/// distinct layer what `o.clone_function` returns for it — called once per layer, in layer order,
/// never per call site, never on an input; a shared layer stays shared. By default every layer
/// is rebuilt from its config with fresh weights (`dynamic::fresh_weights`), from `o.seed` or
/// the next seed of the global sequence; layers the clone function returns built keep their
/// weights (re-targeted when the clone feeds them other shapes their weights fit). Nested models
/// are layers, cloned whole, unless `o.recursive`. The clone is built; it is a Sequential when
/// the model is. Per-layer and model-level `trainable` flags are kept.
///
/// Throws clone_error for input tensors that do not match the model's inputs (or are not
/// Inputs), a call function on a Sequential, a layer that cannot be rebuilt from its config, a
/// clone function that returns no layer, a call function that returns the wrong number of
/// tensors, and weights that do not fit the clone's shapes; shape_error (naming the layer) for
/// a returned layer that cannot take its inputs; config_error for duplicate layer names.
[[nodiscard]] inline dynamic::Model clone_model(const dynamic::Model& m, const dynamic::clone_options& o = {}) {
    return dynamic::Model(dynamic::detail::clone_model_graph(m, o));
}
/// The clone of a Sequential is a Sequential.
[[nodiscard]] inline dynamic::Sequential clone_model(const dynamic::Sequential& m, const dynamic::clone_options& o = {}) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(m, o)));
}

namespace dynamic::detail {
template <class V>
concept tensor_list = std::same_as<std::remove_cvref_t<V>, std::vector<KerasTensor>>;

[[nodiscard]] inline clone_options positional(std::vector<KerasTensor> input_tensors, clone_fn clone_function,
                                              call_fn call_function, bool recursive) {
    clone_options o;
    if (!input_tensors.empty()) o.input_tensors = std::move(input_tensors);
    o.clone_function = std::move(clone_function);
    o.call_function = std::move(call_function);
    o.recursive = recursive;
    return o;
}
} // namespace dynamic::detail

/// Keras 3's positional form, `clone_model(model, input_tensors, clone_function, call_function,
/// recursive)`. An empty `input_tensors` stands for Keras's `None`: inputs like the model's own
/// (so `clone_model(m, {}, dynamic::copy_weights)` reads as `clone_model(m, None, copy_fn)`).
template <dynamic::detail::tensor_list V>
[[nodiscard]] dynamic::Model clone_model(const dynamic::Model& m, V&& input_tensors,
                                         dynamic::clone_fn clone_function = {}, dynamic::call_fn call_function = {},
                                         bool recursive = false) {
    return dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::forward<V>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive)));
}
/// As above, for a braced list of inputs: `clone_model(m, {x})`, or `clone_model(m, {})` for the
/// model's own inputs.
[[nodiscard]] inline dynamic::Model clone_model(const dynamic::Model& m,
                                                std::initializer_list<dynamic::KerasTensor> input_tensors,
                                                dynamic::clone_fn clone_function = {},
                                                dynamic::call_fn call_function = {}, bool recursive = false) {
    return dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::vector<dynamic::KerasTensor>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive)));
}
/// The positional forms for a Sequential: the clone is a Sequential.
template <dynamic::detail::tensor_list V>
[[nodiscard]] dynamic::Sequential clone_model(const dynamic::Sequential& m, V&& input_tensors,
                                              dynamic::clone_fn clone_function = {},
                                              dynamic::call_fn call_function = {}, bool recursive = false) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::forward<V>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive))));
}
[[nodiscard]] inline dynamic::Sequential clone_model(const dynamic::Sequential& m,
                                                     std::initializer_list<dynamic::KerasTensor> input_tensors,
                                                     dynamic::clone_fn clone_function = {},
                                                     dynamic::call_fn call_function = {}, bool recursive = false) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::vector<dynamic::KerasTensor>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive))));
}

namespace dynamic {
// Found by argument-dependent lookup too: `clone_model(m)` for a dynamic::Model m.
using scion::clone_model;
} // namespace dynamic

} // namespace scion
