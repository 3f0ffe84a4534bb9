// src/detail/keras_model.cpp — a model's Keras config from its neutral description, and Keras's
// automatic names for its inputs and layers.
#include <scion/detail/keras_model.hpp>

#include <scion/core/error.hpp>
#include <scion/layers/input_layer.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::detail {

json keras_model_config(const keras_model& m) {
    const std::string input_class(layers::InputLayer::class_name);
    json entries = json::array();
    if (m.sequential) {
        for (const listed_layer& e : m.order) {
            if (e.input) {
                entries.push_back(json{{"class_name", input_class}, {"config", m.inputs[e.index].config}});
            } else {
                const keras_model::layer& l = m.layers[e.index];
                entries.push_back(json{{"class_name", l.class_name}, {"config", l.config}});
            }
        }
        return json{{"name", m.name}, {"layers", std::move(entries)}};
    }
    // Which call of its layer each call is.
    std::vector<std::size_t> ordinal(m.calls.size()), calls_of(m.layers.size());
    for (std::size_t c = 0; c < m.calls.size(); ++c) ordinal[c] = calls_of[m.calls[c].layer]++;
    // A reference to a tensor, as Keras writes it: [layer, node index, tensor index, {}].
    const auto ref = [&](const keras_model::tensor& t) {
        if (t.input) return json::array({m.inputs[t.index].name, 0, 0, json::object()});
        const keras_model::layer& l = m.layers[m.calls[t.index].layer];
        return json::array({l.name, ordinal[t.index] + (l.is_model ? 1 : 0), t.output, json::object()});
    };
    std::vector<json> inbound(m.layers.size(), json::array());
    for (const keras_model::call& c : m.calls) {
        json call = json::array();
        for (const keras_model::tensor& t : c.inputs) call.push_back(ref(t));
        inbound[c.layer].push_back(std::move(call));
    }
    for (const listed_layer& e : m.order) {
        if (e.input) {
            const keras_model::input& in = m.inputs[e.index];
            entries.push_back(json{{"name", in.name},
                                   {"class_name", input_class},
                                   {"config", in.config},
                                   {"inbound_nodes", json::array()}});
            continue;
        }
        const keras_model::layer& l = m.layers[e.index];
        entries.push_back(json{{"name", l.name},
                               {"class_name", l.class_name},
                               {"config", l.config},
                               {"inbound_nodes", std::move(inbound[e.index])}});
    }
    json ins = json::array(), outs = json::array();
    for (const keras_model::input& in : m.inputs) ins.push_back(json::array({in.name, 0, 0}));
    for (const keras_model::tensor& y : m.outputs) {
        json r = ref(y);
        r.erase(3);
        outs.push_back(std::move(r));
    }
    return json{{"name", m.name}, {"layers", std::move(entries)}, {"input_layers", std::move(ins)},
                {"output_layers", std::move(outs)}};
}

json keras_model_json(const keras_model& m) {
    return json{{"class_name", m.sequential ? "Sequential" : "Functional"}, {"config", keras_model_config(m)}};
}

std::vector<std::string> automatic_names(std::span<const name_request> entries, std::string_view who) {
    std::set<std::string, std::less<>> used;
    for (const name_request& e : entries) used.emplace(e.name);  // "" too: no automatic name is empty
    std::vector<std::string> names;
    names.reserve(entries.size());
    std::map<std::string, std::size_t, std::less<>> next;  // per base: the next suffix to try
    for (const name_request& e : entries) {
        if (!e.name.empty()) {
            names.emplace_back(e.name);
            continue;
        }
        std::size_t& n = next[std::string(e.base)];
        std::string candidate;
        do {
            candidate = n == 0 ? std::string(e.base) : std::string(e.base) + "_" + std::to_string(n);
            ++n;
        } while (used.count(candidate) != 0);
        used.insert(candidate);
        names.push_back(std::move(candidate));
    }
    std::map<std::string_view, std::size_t> count;
    for (const std::string& nm : names) ++count[nm];
    for (const auto& [nm, c] : count)
        if (c > 1)
            throw config_error(std::string(who) + ": the name \"" + std::string(nm) + "\" is used " +
                               std::to_string(c) + " times in the model. All layer names should be unique.");
    return names;
}

} // namespace scion::detail
