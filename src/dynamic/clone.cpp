// src/dynamic/clone.cpp — clone_model for dynamic models: the clone walk, weight policies and keep_ties.
#include <scion/dynamic/clone.hpp>
#include <scion/layers/rewrite.hpp>

#include <map>

namespace scion::dynamic {

Layer fresh_weights(const Layer& layer) { return Layer(layer.impl().from_config()); }

Layer copy_weights(const Layer& layer) { return Layer(layer.impl().copy()); }

namespace detail {

std::string clone_who(const graph_model& m, std::string_view name) {
    return "clone_model(" + std::string(m.is_sequential() ? "Sequential" : "model") + " '" + std::string(name) + "')";
}

std::vector<Shape> shapes_of(const std::vector<KerasTensor>& ts) {
    std::vector<Shape> r;
    r.reserve(ts.size());
    for (const KerasTensor& t : ts) r.push_back(t.shape());
    return r;
}

std::string names_of(const std::vector<KerasTensor>& ts) {
    std::string r;
    for (std::size_t i = 0; i < ts.size(); ++i) r += (i ? ", '" : "'") + ts[i].layer_name() + "'";
    return r;
}

std::vector<KerasTensor> inputs_like(const graph_model& m, const std::vector<Shape>& shapes) {
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

void check_input_tensors(const graph_model& m, const std::vector<KerasTensor>& given, const std::string& who) {
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

void share_lists(layer_interface& to, const layer_interface& from) {
    std::vector<layers::weight_list*> d;
    std::vector<const layers::weight_list*> s;
    to.weight_lists(d);
    from.weight_lists(s);
    for (std::size_t k = 0; k < d.size() && k < s.size(); ++k) d[k]->share(*s[k]);
}

std::shared_ptr<layer_interface> clone_layer(const std::shared_ptr<layer_interface>& orig, const std::vector<KerasTensor>& in,
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

} // namespace detail

namespace {

using detail::node;
using detail::graph_model;

/// The engine object of `l` when it is an L (nullptr otherwise).
template <class L>
const L* engine_of(const layer_interface& l) {
    return l.type() == typeid(L) ? static_cast<const L*>(l.address()) : nullptr;
}
template <class List>
bool is_one_of(const layer_interface& l) {
    return List::find([&]<class L>() { return engine_of<L>(l) != nullptr; });
}
/// The activation of a layer of an activation host class (linear for any other layer).
activation_id host_activation(const layer_interface& l) {
    activation_id a = activation_id::linear;
    (void)layers::activation_hosts::find([&]<class L>() {
        const L* e = engine_of<L>(l);
        if (e) a = e->config().activation;
        return e != nullptr;
    });
    return a;
}

/// What a rewrite set does to graph `m` (the static path's plan, clone/rewrite.hpp, at run time,
/// over the same engine class lists): the calls it removes, each with the tensor its readers read
/// instead, and for each layer that absorbs the call after it, the BatchNormalization folded into
/// it and the activation it takes.
struct rewrite_plan {
    std::unordered_map<const node*, KerasTensor> removed;
    std::unordered_map<const layer_interface*, const layers::BatchNormalization*> batch_norm_of;
    std::unordered_map<const layer_interface*, activation_id> activation_of;
};

rewrite_plan plan_rewrites(const graph_model& m, rewrites r) {
    rewrite_plan p;
    if (r == rewrites::none) return p;
    std::unordered_map<const layer_interface*, std::size_t> calls;
    for (const node* c : m.calls()) ++calls[c->layer.get()];
    const auto resolve = [&](KerasTensor t) {
        for (auto it = p.removed.find(t.node().get()); it != p.removed.end(); it = p.removed.find(t.node().get()))
            t = it->second;
        return t;
    };
    // strip_dropout, strip_noise: a removed call stands for what it reads.
    for (const node* c : m.calls()) {
        const layer_interface& l = *c->layer;
        if (c->inputs.size() == 1 && c->shapes.size() == 1 &&
            ((has_rewrite(r, rewrites::strip_dropout) && is_one_of<layers::dropout_classes>(l)) ||
             (has_rewrite(r, rewrites::strip_noise) && is_one_of<layers::noise_classes>(l))))
            p.removed.emplace(c, resolve(c->inputs[0]));
    }
    // How many readers each tensor has now (a model output counts as one).
    std::map<std::pair<const node*, std::size_t>, std::size_t> uses;
    const auto key = [](const KerasTensor& t) { return std::pair(t.node().get(), t.index()); };
    for (const node* c : m.calls())
        if (!p.removed.contains(c))
            for (const KerasTensor& t : c->inputs) ++uses[key(resolve(t))];
    for (const KerasTensor& y : m.outputs()) ++uses[key(resolve(y))];

    // fold_batch_norm, then fuse_activation: a call of the role's layer on the only output of a
    // call of a host that nothing else reads, whose layer is called there only.
    const auto absorb = [&](auto role, auto host_class) {
        for (const node* c : m.calls()) {
            if (p.removed.contains(c) || c->inputs.size() != 1) continue;
            const auto* engine = role(*c->layer);
            if (!engine) continue;
            const KerasTensor t = resolve(c->inputs[0]);
            if (t.is_input()) continue;
            const layer_interface* h = t.node()->layer.get();
            if (!host_class(*h) || host_activation(*h) != activation_id::linear || calls[h] != 1 ||
                t.node()->shapes.size() != 1 || uses[key(t)] != 1)
                continue;
            using E = std::remove_cvref_t<decltype(*engine)>;
            if constexpr (std::is_same_v<E, layers::BatchNormalization>) {
                if (p.batch_norm_of.contains(h) || !layers::normalises_last_axis(engine->config().axis, t.shape().rank()))
                    continue;
                p.batch_norm_of.emplace(h, engine);
            } else {
                if (p.activation_of.contains(h)) continue;
                p.activation_of.emplace(h, engine->config().activation);
            }
            p.removed.emplace(c, t);
            uses[key(t)] = uses[std::pair(c, std::size_t{0})];
        }
    };
    if (has_rewrite(r, rewrites::fold_batch_norm))
        absorb([](const layer_interface& l) { return engine_of<layers::BatchNormalization>(l); },
               [](const layer_interface& l) { return is_one_of<layers::batch_norm_hosts>(l); });
    if (has_rewrite(r, rewrites::fuse_activation))
        absorb([](const layer_interface& l) { return engine_of<layers::Activation>(l); },
               [](const layer_interface& l) { return is_one_of<layers::activation_hosts>(l); });
    return p;
}

/// Host layer `h` with the BatchNormalization `bn` after it folded in (when not null) and the
/// activation `act` (when set): a new layer of the same class, holding the rewritten weights.
std::shared_ptr<layer_interface> rewritten_host(const layer_interface& h, const layers::BatchNormalization* bn,
                                                std::optional<activation_id> act) {
    std::shared_ptr<layer_interface> r;
    (void)layers::activation_hosts::find([&]<class L>() {
        const L* e = engine_of<L>(h);
        if (e) r = std::make_shared<engine_layer<L>>(layers::rewritten_host<L>(*e, bn, act));
        return e != nullptr;
    });
    return r;
}

} // namespace

namespace detail {

std::shared_ptr<graph_model> clone_graph(const graph_model& m, std::vector<KerasTensor> inputs, std::string name,
                                         const clone_settings& s, bool use_call_function, layer_pairs* pairs) {
    const std::string who = clone_who(m, name);
    const bool call_fn_set = use_call_function && s.call_function && *s.call_function;
    const rewrite_plan plan = plan_rewrites(m, s.rewrites);

    std::unordered_map<const node*, std::vector<KerasTensor>> made;
    made.reserve(m.calls().size() + inputs.size());
    for (std::size_t i = 0; i < inputs.size() && i < m.inputs().size(); ++i)
        made.emplace(m.inputs()[i].node().get(), std::vector<KerasTensor>{inputs[i]});
    auto tensor = [&](const KerasTensor& t) -> const KerasTensor& { return made.at(t.node().get()).at(t.index()); };

    std::unordered_map<const layer_interface*, std::shared_ptr<layer_interface>> cloned;
    cloned.reserve(m.layers().size());
    std::vector<KerasTensor> in;
    for (const node* c : m.calls()) {
        if (const auto gone = plan.removed.find(c); gone != plan.removed.end()) {
            // Removed by a rewrite: its readers read what it stands for.
            made[c] = {tensor(gone->second)};
            continue;
        }
        in.clear();
        for (const KerasTensor& t : c->inputs) in.push_back(tensor(t));
        auto [it, fresh] = cloned.try_emplace(c->layer.get());
        if (fresh) {
            const auto bn = plan.batch_norm_of.find(c->layer.get());
            const auto act = plan.activation_of.find(c->layer.get());
            if (bn != plan.batch_norm_of.end() || act != plan.activation_of.end())
                it->second = rewritten_host(*c->layer, bn != plan.batch_norm_of.end() ? bn->second : nullptr,
                                            act != plan.activation_of.end() ? std::optional(act->second) : std::nullopt);
            else
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

void keep_ties(const layer_pairs& pairs, const std::string& who) {
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

std::shared_ptr<graph_model> clone_model_graph(const Model& m, const clone_options& o) {
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
    if (o.rewrites != rewrites::none && o.clone_function)
        throw clone_error(who + ": `rewrites` copy the layers they keep with their weights (they are the clone "
                                "function); give either `rewrites` or a `clone_function`");
    // A rewrite set copies the layers it keeps (nested models whole, unless recursive).
    const clone_fn copy = copy_weights;
    const clone_settings s{o.rewrites != rewrites::none ? &copy : &o.clone_function, &o.call_function, o.recursive,
                           o.rewrites};
    layer_pairs pairs;
    auto c = clone_graph(g, std::move(inputs), name, s, true, &pairs);
    c->build_all(o.seed ? *o.seed : next_seed(), "");
    if (o.keep_ties) keep_ties(pairs, who);
    return c;
}

clone_options positional(std::vector<KerasTensor> input_tensors, clone_fn clone_function, call_fn call_function,
                         bool recursive) {
    clone_options o;
    if (!input_tensors.empty()) o.input_tensors = std::move(input_tensors);
    o.clone_function = std::move(clone_function);
    o.call_function = std::move(call_function);
    o.recursive = recursive;
    return o;
}

} // namespace detail
} // namespace scion::dynamic

namespace scion {

dynamic::Model clone_model(const dynamic::Model& m, const dynamic::clone_options& o) {
    return dynamic::Model(dynamic::detail::clone_model_graph(m, o));
}

dynamic::Sequential clone_model(const dynamic::Sequential& m, const dynamic::clone_options& o) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(m, o)));
}

dynamic::Model clone_model(const dynamic::Model& m, rewrites r) {
    return dynamic::Model(dynamic::detail::clone_model_graph(m, {.rewrites = r}));
}

dynamic::Sequential clone_model(const dynamic::Sequential& m, rewrites r) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(m, {.rewrites = r})));
}

dynamic::Model clone_model(const dynamic::Model& m, std::initializer_list<dynamic::KerasTensor> input_tensors,
                           dynamic::clone_fn clone_function, dynamic::call_fn call_function, bool recursive) {
    return dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::vector<dynamic::KerasTensor>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive)));
}

dynamic::Sequential clone_model(const dynamic::Sequential& m, std::initializer_list<dynamic::KerasTensor> input_tensors,
                                dynamic::clone_fn clone_function, dynamic::call_fn call_function, bool recursive) {
    return dynamic::Sequential(dynamic::Model(dynamic::detail::clone_model_graph(
        m, dynamic::detail::positional(std::vector<dynamic::KerasTensor>(input_tensors), std::move(clone_function),
                                       std::move(call_function), recursive))));
}

} // namespace scion
