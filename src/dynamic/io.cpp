// src/dynamic/io.cpp — dynamic models from and to TensorFlow.js layers-model files.
#include <scion/dynamic/io.hpp>

#include <scion/core/error.hpp>
#include <scion/dynamic/json.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/io/layers_model.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail::files {
namespace {

/// Each weight-holding layer of a model, nested models opened up (TF.js names a nested model's
/// weights by the inner layers' names, not by the model's).
void weight_layers(const detail::graph_model& g, std::vector<layer_interface*>& out) {
    for (const auto& l : g.layers()) {
        if (auto* inner = dynamic_cast<detail::graph_model*>(l.get())) weight_layers(*inner, out);
        else if (!l->get_weights().empty()) out.push_back(l.get());
    }
}

/// "kernel" from "forward_lstm/kernel" or "dense/kernel:0".
[[nodiscard]] std::string_view last_part(std::string_view name) {
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) name = name.substr(0, colon);
    if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
    return name;
}
[[nodiscard]] std::string_view strip_index(std::string_view name) {
    if (const auto colon = name.rfind(':'); colon != std::string_view::npos) return name.substr(0, colon);
    return name;
}

} // namespace
} // namespace detail::files

Model load_layers_model(const std::filesystem::path& path) {
    io::layers_model_files f = io::read_layers_model(path);
    const std::string file = io::detail::quoted(f.model_json);
    Model m = [&] {
        try {
            return model_from_config(f.document, seed{0});
        } catch (const config_error& e) {
            throw config_error(file + ": " + e.what());
        } catch (const shape_error& e) {
            throw shape_error(file + ": " + e.what());
        }
    }();

    std::map<std::string, std::size_t, std::less<>> by_name;
    for (std::size_t i = 0; i < f.weights.size(); ++i)
        by_name.emplace(std::string(detail::files::strip_index(f.weights[i].name)), i);
    std::vector<bool> used(f.weights.size(), false);

    std::vector<layer_interface*> targets;
    detail::files::weight_layers(m.graph(), targets);
    std::vector<std::vector<Tensor>> values(targets.size());
    for (std::size_t t = 0; t < targets.size(); ++t) {
        layer_interface& l = *targets[t];
        const std::vector<Tensor> current = l.get_weights();
        const std::vector<std::string> names = l.weight_names();
        const std::string prefix = l.name() + "/";
        for (std::size_t k = 0; k < current.size(); ++k) {
            const std::string want = prefix + (k < names.size() ? names[k] : std::to_string(k));
            std::size_t at = f.weights.size();
            if (const auto it = by_name.find(want); it != by_name.end() && !used[it->second]) at = it->second;
            if (at == f.weights.size()) {
                const std::string_view part = detail::files::last_part(want);
                for (std::size_t i = 0; i < f.weights.size() && at == f.weights.size(); ++i) {
                    const std::string_view n = detail::files::strip_index(f.weights[i].name);
                    if (!used[i] && n.starts_with(prefix) && detail::files::last_part(n) == part) at = i;
                }
            }
            if (at == f.weights.size())
                throw weights_error(file + ": no weight '" + want + "' in the manifest, which " + l.who() + " needs (shape " +
                                    current[k].shape().to_string() + ")");
            const Tensor& given = f.weights[at].value;
            if (given.shape() != current[k].shape())
                throw weights_error(file + ": weight '" + f.weights[at].name + "' has shape " + given.shape().to_string() +
                                    " in the file, " + l.who() + " needs " + current[k].shape().to_string());
            used[at] = true;
            values[t].push_back(given);
        }
    }
    for (std::size_t i = 0; i < f.weights.size(); ++i)
        if (!used[i])
            throw weights_error(file + ": weight '" + f.weights[i].name +
                                "' of the manifest belongs to no layer of the model");
    for (std::size_t t = 0; t < targets.size(); ++t) targets[t]->set_weights(values[t]);
    return m;
}

std::vector<io::named_weight> named_weights(const Model& m) {
    std::vector<layer_interface*> layers;
    detail::files::weight_layers(m.graph(), layers);
    std::vector<io::named_weight> r;
    for (const layer_interface* l : layers) {
        const std::vector<Tensor> w = l->get_weights();
        const std::vector<std::string> names = l->weight_names();
        for (std::size_t k = 0; k < w.size(); ++k)
            r.push_back({l->name() + "/" + (k < names.size() ? names[k] : std::to_string(k)), w[k]});
    }
    return r;
}

void save_layers_model(const Model& m, const std::filesystem::path& dir, const io::write_options& opt) {
    json topology = m.to_json_value();
    topology["keras_version"] = "tfjs-layers 4.22.0";
    topology["backend"] = "tensor_flow.js";
    const std::vector<io::named_weight> w = named_weights(m);
    io::write_layers_model(dir, topology, w, opt);
}

} // namespace scion::dynamic
