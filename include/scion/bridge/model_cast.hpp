// scion/bridge/model_cast.hpp — model_cast<StaticModel>(dynamic_model): a static model with a
// dynamic model's weights, after checking at run time that the dynamic model has the static
// type's structure.
#pragma once

#include <scion/bridge/to_dynamic.hpp>
#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/graph/layer_tuple.hpp>
#include <scion/graph/model.hpp>
#include <scion/graph/names.hpp>
#include <scion/graph/protocol.hpp>
#include <scion/layers/layer_base.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace scion {

namespace detail::bridge {

/// The engine class a static layer type runs: `L::engine_type`, or `L` itself for an
/// engine-style layer.
template <class L>
struct engine_of {
    using type = L;
};
template <class L>
    requires requires { typename L::engine_type; }
struct engine_of<L> {
    using type = typename L::engine_type;
};

/// "a Dense", "an LSTM": how messages name a class.
inline std::string a_class(std::string_view c) {
    const bool vowel = !c.empty() && std::string_view("AEIOU").find(c.front()) != std::string_view::npos;
    return (vowel ? "an " : "a ") + std::string(c);
}

/// The first place where `got` (the dynamic model's JSON) differs from `want` (the static
/// type's), as "field 'units' is 5, the static type has 4"; nullopt when they are equal.
inline std::optional<std::string> json_difference(const json& got, const json& want, const std::string& path) {
    if (got == want) return std::nullopt;
    const auto here = [&](const std::string& p) { return p.empty() ? std::string("the value") : "'" + p + "'"; };
    if (got.is_object() && want.is_object()) {
        for (const auto& [k, v] : want.items()) {
            const std::string p = path.empty() ? k : path + "." + k;
            if (!got.contains(k)) return "field " + here(p) + " is missing (the static type has " + v.dump() + ")";
            if (auto d = json_difference(got.at(k), v, p)) return d;
        }
        for (const auto& [k, v] : got.items())
            if (!want.contains(k)) {
                const std::string p = path.empty() ? k : path + "." + k;
                return "field " + here(p) + " is " + v.dump() + ", which the static type does not have";
            }
    }
    return "field " + here(path) + " is " + got.dump() + ", the static type has " + want.dump();
}

/// Compares the Keras configs of the dynamic model (`got`) and of the static one (`want`) entry
/// by entry; throws config_error naming the first layer that differs, and what differs.
inline void compare_configs(const json& got, const json& want, const std::string& who, bool sequential) {
    const json& gl = got.at("layers");
    const json& wl = want.at("layers");
    const auto name_of = [&](const json& e) {
        return sequential ? e.at("config").value("name", std::string()) : e.value("name", std::string());
    };
    for (std::size_t i = 0; i < gl.size() && i < wl.size(); ++i) {
        const json& g = gl[i];
        const json& w = wl[i];
        const std::string what = g.at("class_name") == "InputLayer" ? "input" : "layer";
        const std::string who_layer = who + ": " + what + " '" + name_of(g) + "'";
        if (g.at("class_name") != w.at("class_name"))
            throw config_error(who_layer + " is " + a_class(g.at("class_name").get<std::string>()) +
                               ", the static type has " + a_class(w.at("class_name").get<std::string>()) +
                               " there ('" + name_of(w) + "')");
        if (!sequential && g.at("name") != w.at("name"))
            throw config_error(who_layer + ": the static type names it '" + name_of(w) +
                               "' (a functional model's names are part of its type)");
        // An integer input (Embedding ids) is carried as float32 by both paths: a static Input
        // stands for it.
        json gc = g.at("config");
        if (what == "input" && gc.value("dtype", std::string()) != "float32") gc["dtype"] = "float32";
        if (auto d = json_difference(gc, w.at("config"), ""))
            throw config_error(who_layer + " differs from the static type: config " + *d);
        if (!sequential) {
            const json& gi = g.at("inbound_nodes");
            const json& wi = w.at("inbound_nodes");
            for (std::size_t k = 0; k < gi.size() || k < wi.size(); ++k) {
                if (k < gi.size() && k < wi.size() && gi[k] == wi[k]) continue;
                throw config_error(who_layer + " differs from the static type: inbound node " + std::to_string(k) +
                                   " is " + (k < gi.size() ? gi[k].dump() : std::string("missing")) +
                                   ", the static type has " + (k < wi.size() ? wi[k].dump() : std::string("none")));
            }
        }
    }
    if (gl.size() != wl.size()) {
        const bool extra = gl.size() > wl.size();
        const json& e = extra ? gl[wl.size()] : wl[gl.size()];
        throw config_error(who + ": " +
                           (extra ? "has a layer the static type lacks: " : "lacks the static type's layer ") +
                           a_class(e.at("class_name").get<std::string>()) + " '" + name_of(e) + "'");
    }
    for (const char* key : {"input_layers", "output_layers"}) {
        if (sequential) break;
        if (got.at(key) != want.at(key))
            throw config_error(who + ": " + key + " are " + got.at(key).dump() + ", the static type has " +
                               want.at(key).dump());
    }
}

template <class M>
M cast_model(const dynamic::Model& d, const std::string& who);

/// Static layer `L` made from dynamic layer `dl` (position `k` of the model): its config (name,
/// initialisers, trainable...) or, for a nested model, its cast. Throws config_error naming the
/// layer when its class is another or its config disagrees with `L`.
template <class M, class L>
L layer_from_dynamic(const std::vector<dynamic::Layer>& dl, std::size_t k, std::size_t at, const std::string& who) {
    using G = typename M::graph_type;
    const std::string_view want_name = graph::names_v<G>.names[G::inputs::size + k].view();
    const std::string want_class(graph::keras_class_name<L>());
    if (at >= dl.size())
        throw config_error(who + ": lacks the static type's layer " + a_class(want_class) + " '" +
                           std::string(want_name) + "' (layer " + std::to_string(at) + "; the model has " +
                           std::to_string(dl.size()) + " layers)");
    const dynamic::Layer& l = dl[at];
    const std::string who_layer = who + ": layer '" + l.name() + "'";
    const std::string there = " (layer " + std::to_string(at) + "; the static type has " + a_class(want_class) + " '" +
                              std::string(want_name) + "' there)";
    if (l.class_name() != want_class)
        throw config_error(who_layer + " is " + a_class(l.class_name()) + there);
    // In a functional model the names the type declares are part of it.
    if constexpr (!graph::is_sequential_model<M>) {
        if (!G::layer_name(k).empty() && l.name() != want_name)
            throw config_error(who_layer + " is not named as the static type's" + there +
                               " (a functional model's declared names are part of its type)");
    }
    if constexpr (graph::is_model<L>) {
        if (!l.is_model())
            throw config_error(who_layer + " is " + a_class(l.class_name()) + " layer, not a model" + there);
        L r = cast_model<L>(dynamic::Model(l), who_layer);
        r.set_name(l.name());
        return r;
    } else {
        using E = typename engine_of<L>::type;
        const E* e = l.template as<E>();
        if (!e) {
            // A wrapper holds its inner layer through a type-erased handle on the dynamic path
            // (TimeDistributed<any_layer>) and by value on the static path: the same class by
            // name, made from the same config (the weights follow by set_weights).
            if constexpr (requires { L::from_config(l.get_config()); }) {
                try {
                    return L::from_config(l.get_config());
                } catch (const config_error& x) {
                    throw config_error(who_layer + " differs from the static type" + there + ": " + x.what());
                }
            } else {
                throw config_error(who_layer + " is " + a_class(l.class_name()) + " of another C++ class (" +
                                   std::string(l.impl().type().name()) + ")" + there);
            }
        }
        try {
            if constexpr (std::is_same_v<E, L>) return L(*e);
            else if constexpr (requires { L(e->config()); }) return L(e->config());
            else return L::from_config(e->get_config());
        } catch (const config_error& x) {
            throw config_error(who_layer + " differs from the static type" + there + ": " + x.what());
        }
    }
}

/// The checks and the cast of model_cast, for a model at any depth (`who` names it).
template <class M>
M cast_model(const dynamic::Model& d, const std::string& who_outer) {
    using G = typename M::graph_type;
    constexpr bool sequential = graph::is_sequential_model<M>;
    const json got = d.to_json_value();  // builds a lazily built Sequential, as any use does
    const std::string who =
        !who_outer.empty() ? who_outer
                           : "model_cast: " + std::string(d.is_sequential() ? "Sequential" : "model") + " '" + d.name() + "'";
    if (d.is_sequential() != sequential)
        throw config_error(who + " is " + a_class(d.class_name()) + " model, the static type is " +
                           a_class(graph::keras_class_name<M>()) + " model");

    // Inputs: how many, and their shapes.
    const auto& ins = d.inputs();
    const auto& outs = d.outputs();
    if (ins.size() != G::inputs::size)
        throw config_error(who + " has " + std::to_string(ins.size()) + " inputs, the static type has " +
                           std::to_string(G::inputs::size));
    for (std::size_t i = 0; i < ins.size(); ++i)
        if (ins[i].shape() != G::inputs::shapes[i])
            throw config_error(who + ": input '" + ins[i].layer_name() + "' has shape " +
                               ins[i].shape().to_batch_string() + ", the static type has " +
                               G::inputs::shapes[i].to_batch_string());
    // The layers, position by position in Keras's order (both paths list layers so): the same
    // class, a config the static type accepts. `at[I]` is layer I's position in that order.
    const std::vector<dynamic::Layer> dl = d.layers();
    using tuple_t = typename M::layer_tuple;
    static constexpr auto at = [] {
        std::array<std::size_t, G::layer_count + 1> r{};
        std::size_t n = 0;
        for (const auto& e : graph::keras_order<G>())
            if (!e.input) r[e.index] = n++;
        return r;
    }();
    tuple_t layers = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return tuple_t{layer_from_dynamic<M, graph::layer_at_t<I, tuple_t>>(dl, I, at[I], who)...};
    }(std::make_index_sequence<G::layer_count>{});
    if (dl.size() > G::layer_count)
        throw config_error(who + ": has a layer the static type lacks: " + a_class(dl[G::layer_count].class_name()) +
                           " '" + dl[G::layer_count].name() + "'");

    // Outputs: how many, and their shapes.
    if (outs.size() != G::outputs::size)
        throw config_error(who + " has " + std::to_string(outs.size()) + " outputs, the static type has " +
                           std::to_string(G::outputs::size));
    for (std::size_t k = 0; k < outs.size(); ++k) {
        const Shape want = M::shapes.shapes[G::outputs::ids[k]];
        if (outs[k].shape() != want)
            throw config_error(who + ": output " + std::to_string(k) + " ('" + outs[k].layer_name() + "') has shape " +
                               outs[k].shape().to_batch_string() + ", the static type has " + want.to_batch_string());
    }

    // The model: a Sequential takes every name from `d`; a functional model the names its type
    // declares (the comparison below then finds any other), `d`'s for the ones it leaves free.
    std::optional<M> m;
    if constexpr (sequential) {
        m.emplace(std::move(layers), d.seed(), d.name(), ins[0].layer_name());
    } else {
        std::array<std::string, G::inputs::size> names{};
        for (std::size_t i = 0; i < G::inputs::size; ++i)
            if (G::input_name(i).empty()) names[i] = ins[i].layer_name();
        m.emplace(std::move(layers), d.seed(), d.name(), std::move(names));
    }

    // The wiring, names and every config field: the two Keras JSONs, entry by entry.
    if constexpr (requires { m->get_config(); }) {
        compare_configs(got.at("config"), m->get_config().at("config"), who, sequential);
    }
    m->set_weights(d.get_weights());
    layers::copy_ties(d.graph(), *m);
    return std::move(*m);
}

} // namespace detail::bridge

/// The static model of type `M` that dynamic model `d` is: checks at run time that `d` has
/// `M`'s structure — the same kind (Sequential or functional), as many inputs and outputs with
/// the same shapes, the same layers in the same order with the same classes and configs that
/// `M`'s layer types accept, the same wiring (the Keras JSON of both, entry by entry) — and
/// returns an `M` holding copies of `d`'s weights, with `d`'s seed. A Sequential takes its
/// names from `d`; in a functional model the names `M` declares (node and named-layer structs)
/// must be `d`'s, and the ones it leaves automatic are taken from `d`.
///
/// Throws config_error naming the first layer that differs and what differs (its class, a
/// config field, an inbound node, an input's shape). `d` is not changed (a Sequential not yet
/// built is built, as any use of it does). `model_cast<M>(to_dynamic(m))` gives `m` back.
template <StaticModel M>
[[nodiscard]] M model_cast(const dynamic::Model& d) {
    return detail::bridge::cast_model<M>(d, "");
}

} // namespace scion
