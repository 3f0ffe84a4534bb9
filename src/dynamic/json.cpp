// src/dynamic/json.cpp — Keras JSON in: reading dynamic models from Keras / TF.js topology JSON.
#include <scion/dynamic/json.hpp>

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/rng.hpp>
#include <scion/core/shape.hpp>
#include <scion/dynamic/layer.hpp>
#include <scion/dynamic/layers.hpp>
#include <scion/dynamic/model.hpp>
#include <scion/layers/input_layer.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scion::dynamic {

namespace detail::json_in {
namespace {

// ---- small helpers ------------------------------------------------------------------------------

/// `j` as text for a message, cut to `limit` characters; never throws.
[[nodiscard]] std::string show(const json& j, std::size_t limit = 120) {
    std::string s;
    try {
        s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    } catch (...) {
        return "<unprintable>";
    }
    if (s.size() > limit) s = s.substr(0, limit) + "...";
    return s;
}

/// Whether `root` nests deeper than `limit` (checked without recursion).
[[nodiscard]] bool deeper_than(const json& root, std::size_t limit) {
    std::vector<std::pair<const json*, std::size_t>> stack{{&root, 1}};
    while (!stack.empty()) {
        const auto [j, d] = stack.back();
        stack.pop_back();
        if (d > limit) return true;
        if (j->is_structured())
            for (const json& c : *j) stack.emplace_back(&c, d + 1);
    }
    return false;
}

[[nodiscard]] std::uint64_t mul_sat(std::uint64_t a, std::uint64_t b) noexcept {
    if (a != 0 && b > std::numeric_limits<std::uint64_t>::max() / a) return std::numeric_limits<std::uint64_t>::max();
    return a * b;
}
[[nodiscard]] std::uint64_t add_sat(std::uint64_t a, std::uint64_t b) noexcept {
    return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}
[[nodiscard]] std::uint64_t elements_sat(const Shape& s) noexcept {
    std::uint64_t n = 1;
    for (std::size_t d : s) n = mul_sat(n, d);
    return n;
}

/// Field `key` of object `obj`, or nullptr when absent (or when `obj` is not an object).
[[nodiscard]] const json* find(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}
/// Field `key` of object `obj`; throws config_error naming `who` and the field when it is missing.
[[nodiscard]] const json& need(const json& obj, std::string_view key, const std::string& who) {
    if (!obj.is_object()) throw config_error(who + ": expected a JSON object, got " + show(obj));
    const json* f = find(obj, key);
    if (!f) throw config_error(who + ": has no field '" + std::string(key) + "'");
    return *f;
}
/// String field `key` of `obj`; throws config_error when missing or not a string.
[[nodiscard]] std::string need_string(const json& obj, std::string_view key, const std::string& who) {
    const json& f = need(obj, key, who);
    if (!f.is_string())
        throw config_error(who + ": field '" + std::string(key) + "' must be a string, got " + show(f));
    return f.get<std::string>();
}
/// A non-negative integer (a node or tensor index, a size).
[[nodiscard]] std::size_t need_index(const json& j, const std::string& who, std::string_view what) {
    const bool ok = j.is_number_unsigned() ? j.get<std::uint64_t>() <= max_values
                                           : j.is_number_integer() && j.get<std::int64_t>() >= 0 &&
                                                 j.get<std::int64_t>() <= static_cast<std::int64_t>(max_values);
    if (!ok) throw config_error(who + ": " + std::string(what) + " must be a non-negative integer, got " + show(j));
    return static_cast<std::size_t>(j.get<std::uint64_t>());
}

[[nodiscard]] bool is_model_class(std::string_view c) {
    return c == "Sequential" || c == "Functional" || c == "Model";
}

/// Runs `f`; an exception from the engine or the registry comes out with `prefix` in front of
/// its message (and nlohmann's exceptions as config_error), so that it names the layer.
template <class F>
decltype(auto) in_context(const std::string& prefix, F&& f) {
    try {
        return std::forward<F>(f)();
    } catch (const shape_error& e) {
        throw shape_error(prefix + e.what());
    } catch (const weights_error& e) {
        throw weights_error(prefix + e.what());
    } catch (const clone_error& e) {
        throw clone_error(prefix + e.what());
    } catch (const config_error& e) {
        throw config_error(prefix + e.what());
    } catch (const error& e) {
        throw config_error(prefix + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw config_error(prefix + e.what());
    }
}

// ---- layer configs ------------------------------------------------------------------------------

/// Checks that field `key`, when present and not null, is an integer in [lo, hi].
void check_integer(const json& cfg, std::string_view key, std::int64_t lo, std::int64_t hi,
                   const std::string& who) {
    const json* f = find(cfg, key);
    if (!f || f->is_null()) return;
    bool ok = f->is_number_integer();
    if (ok && f->is_number_unsigned()) ok = f->get<std::uint64_t>() <= static_cast<std::uint64_t>(hi);
    else if (ok) ok = f->get<std::int64_t>() >= lo && f->get<std::int64_t>() <= hi;
    if (!ok)
        throw config_error(who + "field '" + std::string(key) + "' must be an integer from " + std::to_string(lo) +
                           " to " + std::to_string(hi) + ", got " + show(*f));
}

/// A layer config as the engine reads it: Keras 3's dtype policy object replaced by its name,
/// and the integer fields of the built-in layers checked (so that no size wraps around or
/// overflows when it is converted). `who` ends with ": ". `depth` bounds wrapped layers.
[[nodiscard]] json normalise(const json& config, std::string_view class_name, const std::string& who,
                             std::size_t depth = 0) {
    if (!config.is_object()) throw config_error(who + "field 'config' must be a JSON object, got " + show(config));
    if (depth > max_model_depth) throw config_error(who + "layers wrapped more than 64 deep");
    json c = config;
    if (const auto it = c.find("dtype"); it != c.end() && it->is_object()) {
        // Keras 3: {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}.
        const json* cls = find(*it, "class_name");
        const json* inner = find(*it, "config");
        const json* name = inner ? find(*inner, "name") : nullptr;
        if (!cls || !cls->is_string() || !name || !name->is_string())
            throw config_error(who + "field 'dtype' is neither a string nor a dtype policy object: " + show(*it));
        const auto policy = name->get<std::string>();
        if (policy != "float32")
            throw config_error(who + "unsupported dtype policy '" + policy + "' (scion computes in float32)");
        *it = policy;
    }
    if (const auto it = c.find("dtype"); it != c.end() && !it->is_null() && !it->is_string())
        throw config_error(who + "field 'dtype' must be a string, got " + show(*it));
    if (class_name == "Dense" || class_name == "LSTM") check_integer(c, "units", 1, max_size, who);
    if (class_name == "Concatenate") check_integer(c, "axis", -static_cast<std::int64_t>(max_rank), max_rank, who);
    if (class_name == "Dropout")
        check_integer(c, "seed", 0, std::numeric_limits<std::int64_t>::max(), who);
    if (class_name == "Reshape")
        if (const json* t = find(c, "target_shape"); t && t->is_array())
            for (const json& d : *t)
                if (!d.is_number_integer() ||
                    (d.is_number_unsigned() ? d.get<std::uint64_t>() > max_size
                                            : d.get<std::int64_t>() != -1 &&
                                                  (d.get<std::int64_t>() < 1 ||
                                                   d.get<std::int64_t>() > static_cast<std::int64_t>(max_size))))
                    throw config_error(who + "field 'target_shape' must hold positive integers (or one -1), got " +
                                       show(*t));
    if (class_name == "InputLayer") {
        for (const char* flag : {"sparse", "ragged"})
            if (const json* f = find(c, flag); f && !f->is_null() && *f != false)
                throw config_error(who + "unsupported option '" + flag + "' = " + show(*f));
        for (const char* key : {"batch_input_shape", "batch_shape"})
            if (const auto s = c.find(key); s != c.end() && s->is_array()) {
                if (s->size() > max_rank)
                    throw config_error(who + "field '" + key + "' has " + std::to_string(s->size()) +
                                       " axes, scion handles at most " + std::to_string(max_rank));
                for (json& d : *s) {
                    // A config made in code may hold sizes as signed integers.
                    if (d.is_number_integer() && !d.is_number_unsigned() && d.get<std::int64_t>() > 0)
                        d = d.get<std::uint64_t>();
                    if (d.is_number_unsigned() && d.get<std::uint64_t>() > max_size)
                        throw config_error(who + "field '" + key + "' has an axis above " + std::to_string(max_size) +
                                           ": " + show(*s));
                }
            }
    }
    // A wrapper (Bidirectional): the wrapped layer's config too.
    if (const auto it = c.find("layer"); it != c.end() && it->is_object()) {
        const json* cls = find(*it, "class_name");
        const auto jt = it->find("config");
        if (cls && cls->is_string() && jt != it->end())
            *jt = normalise(*jt, cls->get<std::string>(), who, depth + 1);
    }
    return c;
}

/// What a built-in layer's weights will hold (an estimate that never overflows), so that a
/// config asking for more than memory holds is refused before anything is allocated.
[[nodiscard]] std::uint64_t weight_estimate(std::string_view class_name, const json& cfg,
                                            std::span<const Shape> in) {
    const auto units = [&](const json& c) -> std::uint64_t {
        const json* u = find(c, "units");
        return u && u->is_number_unsigned() ? u->get<std::uint64_t>() : 0;
    };
    const std::uint64_t features = in.size() == 1 && in[0].rank() > 0 ? in[0].back() : 0;
    const auto lstm = [&](std::uint64_t u) { return mul_sat(4 * u, add_sat(add_sat(features, u), 1)); };
    if (class_name == "Dense") return mul_sat(units(cfg), add_sat(features, 1));
    if (class_name == "LSTM") return lstm(units(cfg));
    if (class_name == "Bidirectional")
        if (const json* l = find(cfg, "layer"))
            if (const json* c = find(*l, "config")) return mul_sat(2, lstm(units(*c)));
    return 0;
}

// ---- references to tensors ----------------------------------------------------------------------

/// Output `tensor` of call `node` of layer `layer`, as a config names it.
struct tensor_ref {
    std::string layer;
    std::size_t node = 0, tensor = 0;
};

/// Keras 2 / TF.js call arguments beyond the tensors (the 4th element of a reference) and Keras 3
/// `kwargs`: flags such as {"training": false} are accepted; tensors or structures are not.
void check_kwargs(const json& kwargs, const std::string& who) {
    if (kwargs.is_null()) return;
    if (!kwargs.is_object()) throw config_error(who + ": call arguments must be a JSON object, got " + show(kwargs));
    for (const auto& [key, value] : kwargs.items())
        if (value.is_structured() && !value.empty())
            throw config_error(who + ": unsupported call argument '" + key + "' = " + show(value) +
                               " (scion calls layers on their input tensors only)");
}

/// A reference in the nested-list form: ["layer", node_index, tensor_index] or with a 4th
/// element holding call arguments.
[[nodiscard]] tensor_ref read_list_ref(const json& r, const std::string& who) {
    if (!r.is_array() || r.size() < 3 || r.size() > 4 || !r[0].is_string())
        throw config_error(who + ": a tensor reference must be [\"layer\", node_index, tensor_index] (optionally with "
                                 "call arguments), got " + show(r));
    tensor_ref t{r[0].get<std::string>(), need_index(r[1], who, "node index"), need_index(r[2], who, "tensor index")};
    if (r.size() == 4) check_kwargs(r[3], who);
    return t;
}

[[nodiscard]] bool is_keras_tensor(const json& j) {
    const json* c = find(j, "class_name");
    return c && *c == "__keras_tensor__";
}
/// A Keras 3 tensor: {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}}.
[[nodiscard]] tensor_ref read_keras_tensor(const json& j, const std::string& who) {
    const json& h = need(need(j, "config", who + ": __keras_tensor__"), "keras_history", who + ": __keras_tensor__");
    if (!h.is_array() || h.size() != 3 || !h[0].is_string())
        throw config_error(who + ": keras_history must be [\"layer\", node_index, tensor_index], got " + show(h));
    return {h[0].get<std::string>(), need_index(h[1], who, "node index"), need_index(h[2], who, "tensor index")};
}

/// One inbound node (one call): a list of references (Keras 2, TF.js) or
/// {"args": [...], "kwargs": {...}} (Keras 3, where a merge's tensors are a list in args[0]).
[[nodiscard]] std::vector<tensor_ref> read_node(const json& node, const std::string& who) {
    std::vector<tensor_ref> refs;
    if (node.is_array()) {
        for (const json& r : node) refs.push_back(read_list_ref(r, who));
    } else if (node.is_object()) {
        const json& args = need(node, "args", who);
        if (!args.is_array()) throw config_error(who + ": field 'args' must be a list, got " + show(args));
        for (std::size_t a = 0; a < args.size(); ++a) {
            const json& arg = args[a];
            if (is_keras_tensor(arg)) {
                refs.push_back(read_keras_tensor(arg, who));
            } else if (arg.is_array()) {
                for (const json& t : arg) {
                    if (!is_keras_tensor(t))
                        throw config_error(who + ": args[" + std::to_string(a) +
                                           "] holds something other than a tensor: " + show(t));
                    refs.push_back(read_keras_tensor(t, who));
                }
            } else {
                throw config_error(who + ": unsupported call argument args[" + std::to_string(a) + "] = " + show(arg) +
                                   " (scion calls layers on their input tensors only)");
            }
        }
        if (const json* kw = find(node, "kwargs")) check_kwargs(*kw, who);
    } else {
        throw config_error(who + ": an inbound node must be a list of tensor references or an {\"args\", \"kwargs\"} "
                                 "object, got " + show(node));
    }
    if (refs.empty()) throw config_error(who + ": a call with no input tensors");
    return refs;
}

/// `input_layers` / `output_layers`: a list of references, or a single one (Keras 3 writes
/// ["x", 0, 0] for a model of one input), or an object of them (a dict-structured Keras 3 model,
/// whose tensors Keras takes in the order of the sorted keys).
[[nodiscard]] std::vector<tensor_ref> read_endpoints(const json& j, const std::string& who) {
    std::vector<tensor_ref> r;
    if (j.is_array() && !j.empty() && j[0].is_string()) {
        r.push_back(read_list_ref(j, who));
    } else if (j.is_array()) {
        for (const json& e : j) r.push_back(read_list_ref(e, who));
    } else if (j.is_object()) {
        std::map<std::string, const json*> sorted;
        for (const auto& [key, value] : j.items()) sorted.emplace(key, &value);
        for (const auto& [key, value] : sorted) r.push_back(read_list_ref(*value, who + "['" + key + "']"));
    } else {
        throw config_error(who + ": must be a list of [\"layer\", node_index, tensor_index], got " + show(j));
    }
    return r;
}

// ---- models -------------------------------------------------------------------------------------

class reader {
public:
    /// Reads a model config (the "config" of a Sequential, Functional or Model) into an unbuilt
    /// graph. `path` is the prefix by which messages name the layers of the enclosing model (""
    /// for the top model's, "block/" for those of a nested model "block"); `depth` is 0 for the
    /// top model; `hint` is the input shape a nested Sequential without one takes from its call.
    [[nodiscard]] std::shared_ptr<graph_model> read_model(std::string_view class_name, const json& config,
                                                          const std::string& path, std::size_t depth,
                                                          const std::optional<Shape>& hint = std::nullopt) {
        const bool sequential = class_name == "Sequential";
        const std::string fallback = sequential ? "sequential" : "functional";
        std::string name = fallback;
        if (const json* n = find(config, "name"); n && !n->is_null()) {
            if (!n->is_string() || n->get<std::string>().empty())
                throw config_error("model '" + path + "': field 'name' must be a non-empty string, got " + show(*n));
            name = n->get<std::string>();
        }
        const std::string who = "model '" + path + name + "'";
        if (depth > max_model_depth)
            throw config_error(who + ": models nested more than " + std::to_string(max_model_depth) + " deep");
        // Keras 2.0-2.2 wrote a Sequential's config as the bare list of layers.
        if (!(sequential && config.is_array()) && !config.is_object())
            throw config_error(who + ": field 'config' must be a JSON object, got " + show(config));
        // How messages name this model's layers: "dense" at the top, "block/dense" below.
        const std::string inner = depth == 0 ? std::string() : path + name + "/";
        std::shared_ptr<graph_model> g = sequential ? read_sequential(config, name, who, inner, depth, hint)
                                                    : read_functional(config, name, who, inner, depth);
        if (const json* t = find(config, "trainable"); t && t->is_boolean()) g->set_trainable(t->get<bool>());
        return g;
    }

private:
    // A layer entry's config, name and class, and the layer made from them.
    struct entry {
        std::string name, class_name;
        const json* config = nullptr;
        bool is_input = false;
        KerasTensor input;                          // an InputLayer's tensor
        Layer layer;                                // empty: a Sequential waiting for its input shape
        bool is_model = false;
        std::vector<std::vector<tensor_ref>> nodes;  // its calls, as the file lists them
        std::vector<std::vector<KerasTensor>> calls;  // the outputs of the calls made so far
        std::size_t offset = 0;                       // node index of its first call
        std::string who;                              // "layer 'block/dense' (Dense)"
    };

    static std::string layer_who(const std::string& path, std::string_view name, std::string_view cls) {
        return "layer '" + path + std::string(name) + "' (" + std::string(cls) + ")";
    }

    /// The layer (or nested model) of a layer entry, named `name`.
    Layer make_layer(const std::string& cls, const json& config, const std::string& name, const std::string& path,
                     std::size_t depth, const std::string& who) {
        if (is_model_class(cls)) {
            auto g = read_model(cls, config, path, depth + 1);
            if (g->name() != name) g->set_name(name);
            return Layer(std::shared_ptr<layer_interface>(std::move(g)));
        }
        json cfg = normalise(config, cls, who + ": ");
        if (const auto it = cfg.find("name"); it == cfg.end() || it->is_null()) cfg["name"] = name;
        Layer l = in_context(who + ": ", [&] { return layer_from_config(cls, cfg); });
        if (!l) throw config_error(who + ": the factory registered for class '" + cls + "' returned no layer");
        if (l.name() != name) l.set_name(name);
        return l;
    }

    /// The name of a layer entry: its "name", or its config's; they must agree.
    static std::string entry_name(const json& e, const json& config, const std::string& where, bool required) {
        const json* en = find(e, "name");
        const json* cn = find(config, "name");
        for (const json* n : {en, cn})
            if (n && !n->is_null() && (!n->is_string() || n->get<std::string>().empty()))
                throw config_error(where + ": field 'name' must be a non-empty string, got " + show(*n));
        const bool has_en = en && en->is_string(), has_cn = cn && cn->is_string();
        if (has_en && has_cn && *en != *cn)
            throw config_error(where + ": the entry is named '" + en->get<std::string>() + "' but its config '" +
                               cn->get<std::string>() + "'");
        if (has_en) return en->get<std::string>();
        if (has_cn) return cn->get<std::string>();
        if (required) throw config_error(where + ": has no field 'name'");
        return {};
    }

    /// An InputLayer entry's tensor.
    static KerasTensor make_input(const json& config, const std::string& name, const std::string& who) {
        json cfg = normalise(config, "InputLayer", who + ": ");
        if (const auto it = cfg.find("name"); it == cfg.end() || it->is_null()) cfg["name"] = name;
        return in_context(who + ": ", [&] {
            const auto c = layers::InputLayer::config_from_json(cfg);
            return Input(c.shape, name);
        });
    }

    /// The per-sample input shape a Sequential entry without an InputLayer carries on its first
    /// layer (Keras 2, TF.js: batch_input_shape; Keras 3: batch_shape).
    static std::optional<Shape> batch_shape_of(const json& config, const std::string& who) {
        for (const char* key : {"batch_input_shape", "batch_shape"}) {
            const json* s = find(config, key);
            if (!s || s->is_null()) continue;
            json probe = {{key, *s}, {"name", "probe"}};
            const json p = normalise(probe, "InputLayer", who + ": ");
            return in_context(who + ": ", [&] { return layers::InputLayer::config_from_json(p).shape; });
        }
        return std::nullopt;
    }

    /// Checks the sizes a call produced, and the weights a built-in layer will allocate.
    static void check_sizes(const entry& e, std::span<const Shape> in, const std::vector<KerasTensor>& out) {
        for (const KerasTensor& t : out)
            if (elements_sat(t.shape()) > max_values)
                throw config_error(e.who + ": its output " + t.shape().to_batch_string() + " holds more than " +
                                   std::to_string(max_values) + " values per sample");
        if (e.is_model || !e.config) return;
        if (weight_estimate(e.class_name, *e.config, in) > max_weights)
            throw config_error(e.who + ": would hold more than " + std::to_string(max_weights) +
                               " weights for input " + (in.empty() ? std::string() : in[0].to_batch_string()));
    }

    // ---- Sequential ---------------------------------------------------------------------------------

    std::shared_ptr<graph_model> read_sequential(const json& config, const std::string& name, const std::string& who,
                                                 const std::string& inner, std::size_t depth,
                                                 const std::optional<Shape>& hint) {
        const json& list = config.is_array() ? config : need(config, "layers", who);
        if (!list.is_array()) throw config_error(who + ": field 'layers' must be a list, got " + show(list));
        Sequential seq(name, seed{0});
        std::map<std::string, std::size_t, std::less<>> names;
        bool has_input = false;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json& e = list[i];
            const std::string where = who + ": layers[" + std::to_string(i) + "]";
            const std::string cls = need_string(e, "class_name", where);
            const json& cfg = need(e, "config", where + " (" + cls + ")");
            std::string lname = entry_name(e, cfg, where + " (" + cls + ")", false);
            const std::string lwho = layer_who(inner, lname.empty() ? "layers[" + std::to_string(i) + "]" : lname, cls);
            if (!lname.empty()) {
                const auto [at, fresh] = names.emplace(lname, i);
                if (!fresh)
                    throw config_error(who + ": the layer name '" + lname + "' appears twice (layers[" +
                                       std::to_string(at->second) + "] and layers[" + std::to_string(i) + "])");
            }
            if (cls == "InputLayer") {
                if (i != 0) throw config_error(lwho + ": an InputLayer can only be the first entry of a Sequential");
                seq.add(make_input(cfg, lname, lwho));
                has_input = true;
                continue;
            }
            Layer l = make_layer(cls, cfg, lname, inner, depth, lwho);
            if (!has_input) {
                // Keras 2 / TF.js: the input shape rides on the first layer (a nested model has its
                // own); Keras 3 may give it as the model's build_input_shape; a nested Sequential
                // may take it from its call.
                std::optional<Shape> shape;
                std::string input_name = lname.empty() ? std::string() : lname + "_input";
                if (!l.is_model()) shape = batch_shape_of(cfg, lwho);
                else if (const auto& mi = Model(l).inputs(); mi.size() == 1) shape = mi[0].shape(), input_name.clear();
                if (!shape)
                    if (const json* b = find(config, "build_input_shape"); b && !b->is_null()) {
                        shape = batch_shape_of(json{{"batch_shape", *b}}, who);
                        input_name.clear();
                    }
                if (!shape && hint) shape = hint, input_name.clear();
                if (!shape)
                    throw config_error(who + ": no input shape: the layers list has no InputLayer and its first layer " +
                                       (lname.empty() ? cls : "'" + lname + "'") +
                                       " has no 'batch_input_shape' or 'batch_shape'");
                seq.add(in_context(who + ": ", [&] { return Input(*shape, input_name); }));
                has_input = true;
            }
            in_context(lwho + ": ", [&] { seq.add(l); });
            if (!l.is_model()) {
                const std::vector<Shape> in{seq.outputs().front().node()->inputs.front().shape()};
                entry probe;
                probe.class_name = cls;
                probe.config = &cfg;
                probe.who = lwho;
                check_sizes(probe, in, seq.outputs());
            }
        }
        if (!has_input) throw config_error(who + ": no layers and no input");
        return std::static_pointer_cast<graph_model>(seq.ptr());
    }

    // ---- Functional ---------------------------------------------------------------------------------

    std::shared_ptr<graph_model> read_functional(const json& config, const std::string& name, const std::string& who,
                                                 const std::string& inner, std::size_t depth) {
        const json& list = need(config, "layers", who);
        if (!list.is_array()) throw config_error(who + ": field 'layers' must be a list, got " + show(list));

        // The entries: names, classes, configs and calls, before any layer is made.
        std::vector<entry> entries;
        entries.reserve(list.size());
        std::map<std::string, std::size_t, std::less<>> index;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json& e = list[i];
            const std::string where = who + ": layers[" + std::to_string(i) + "]";
            entry en;
            en.class_name = need_string(e, "class_name", where);
            en.config = &need(e, "config", where + " (" + en.class_name + ")");
            en.name = entry_name(e, *en.config, where + " (" + en.class_name + ")", true);
            en.who = layer_who(inner, en.name, en.class_name);
            en.is_input = en.class_name == "InputLayer";
            en.is_model = is_model_class(en.class_name);
            const auto [at, fresh] = index.emplace(en.name, i);
            if (!fresh)
                throw config_error(who + ": the layer name '" + en.name + "' appears twice (layers[" +
                                   std::to_string(at->second) + "] and layers[" + std::to_string(i) + "])");
            const json* nodes = find(e, "inbound_nodes");
            if (!nodes && !en.is_input) throw config_error(en.who + ": has no field 'inbound_nodes'");
            if (nodes && !nodes->is_array())
                throw config_error(en.who + ": field 'inbound_nodes' must be a list, got " + show(*nodes));
            if (nodes && !en.is_input)
                for (std::size_t k = 0; k < nodes->size(); ++k)
                    en.nodes.push_back(read_node((*nodes)[k], en.who + ": inbound_nodes[" + std::to_string(k) + "]"));
            if (en.is_input && nodes && !nodes->empty())
                throw config_error(en.who + ": an InputLayer has no inbound nodes, got " + show(*nodes));
            entries.push_back(std::move(en));
        }
        const std::string in_who = who + ": input_layers";
        const std::string out_who = who + ": output_layers";
        const std::vector<tensor_ref> ins = read_endpoints(need(config, "input_layers", who), in_who);
        const std::vector<tensor_ref> outs = read_endpoints(need(config, "output_layers", who), out_who);
        if (ins.empty()) throw config_error(in_who + ": a model needs at least one input");
        if (outs.empty()) throw config_error(out_who + ": a model needs at least one output");

        // Every reference names a layer of the list, and the node indices of nested models: Keras
        // and TF.js count the nested model's own node, so that its first call is node 1; scion and
        // Keras 3 Sequentials start at 0. A file that uses node 0 of a nested model counts from 0.
        auto lookup = [&](const tensor_ref& r, const std::string& from) -> entry& {
            const auto it = index.find(r.layer);
            if (it == index.end())
                throw config_error(from + ": refers to layer '" + r.layer + "', which is not in the model's layers");
            return entries[it->second];
        };
        std::vector<bool> uses_zero(entries.size(), false);
        auto note = [&](const tensor_ref& r, const std::string& from) {
            const entry& src = lookup(r, from);
            if (r.node == 0) uses_zero[static_cast<std::size_t>(&src - entries.data())] = true;
        };
        for (const entry& e : entries)
            for (std::size_t k = 0; k < e.nodes.size(); ++k)
                for (const tensor_ref& r : e.nodes[k]) note(r, e.who + ": inbound_nodes[" + std::to_string(k) + "]");
        for (std::size_t k = 0; k < outs.size(); ++k) note(outs[k], out_who + "[" + std::to_string(k) + "]");
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (entries[i].is_model && !uses_zero[i]) entries[i].offset = 1;
        auto check_ref = [&](const tensor_ref& r, const std::string& from) {
            const entry& src = lookup(r, from);
            if (src.is_input) {
                if (r.node != 0 || r.tensor != 0)
                    throw config_error(from + ": refers to [" + r.layer + ", " + std::to_string(r.node) + ", " +
                                       std::to_string(r.tensor) + "], but input '" + r.layer +
                                       "' has one node with one tensor ([" + r.layer + ", 0, 0])");
                return;
            }
            if (r.node < src.offset || r.node - src.offset >= src.nodes.size())
                throw config_error(from + ": refers to node " + std::to_string(r.node) + " of layer '" + r.layer +
                                   "', which has " + std::to_string(src.nodes.size()) + " call(s) (node indices " +
                                   std::to_string(src.offset) + " to " +
                                   std::to_string(src.offset + src.nodes.size()) + ", exclusive)");
        };
        for (const entry& e : entries)
            for (std::size_t k = 0; k < e.nodes.size(); ++k)
                for (const tensor_ref& r : e.nodes[k]) check_ref(r, e.who + ": inbound_nodes[" + std::to_string(k) + "]");
        for (std::size_t k = 0; k < outs.size(); ++k) check_ref(outs[k], out_who + "[" + std::to_string(k) + "]");

        // The layers (nested models read recursively; a nested Sequential without an input shape
        // waits for its first call).
        for (entry& e : entries) {
            if (e.is_input) {
                e.input = make_input(*e.config, e.name, e.who);
                continue;
            }
            if (e.class_name == "Sequential" && !sequential_has_input(*e.config)) continue;
            e.layer = make_layer(e.class_name, *e.config, e.name, inner, depth, e.who);
        }

        // The calls, in file order, each deferred until its inputs exist. Every round makes at
        // least one call or stops: what is left then waits on itself (a cycle).
        std::size_t remaining = 0;
        for (const entry& e : entries) remaining += e.nodes.size();
        while (remaining > 0) {
            bool progress = false;
            for (entry& e : entries) {
                while (e.calls.size() < e.nodes.size()) {
                    const std::size_t k = e.calls.size();
                    const std::string from = e.who + ": inbound_nodes[" + std::to_string(k) + "]";
                    std::vector<KerasTensor> xs;
                    bool ready = true;
                    for (const tensor_ref& r : e.nodes[k]) {
                        const entry& src = lookup(r, from);
                        if (src.is_input) {
                            xs.push_back(src.input);
                            continue;
                        }
                        const std::size_t call = r.node - src.offset;
                        if (call >= src.calls.size()) {
                            ready = false;
                            break;
                        }
                        if (r.tensor >= src.calls[call].size())
                            throw config_error(from + ": refers to tensor " + std::to_string(r.tensor) + " of layer '" +
                                               r.layer + "', whose call has " +
                                               std::to_string(src.calls[call].size()) + " output(s)");
                        xs.push_back(src.calls[call][r.tensor]);
                    }
                    if (!ready) break;
                    call_layer(e, xs, inner, depth);
                    --remaining;
                    progress = true;
                }
            }
            if (!progress) {
                for (const entry& e : entries) {
                    if (e.calls.size() == e.nodes.size()) continue;
                    for (const tensor_ref& r : e.nodes[e.calls.size()]) {
                        const entry& src = lookup(r, e.who);
                        if (!src.is_input && r.node - src.offset >= src.calls.size())
                            throw config_error(who + ": the layers form a cycle: " + e.who + " (call " +
                                               std::to_string(e.calls.size()) + ") waits for node " +
                                               std::to_string(r.node) + " of layer '" + r.layer +
                                               "', which never comes");
                    }
                }
                throw config_error(who + ": the layers form a cycle");
            }
        }

        // The model's inputs and outputs.
        std::vector<KerasTensor> inputs, outputs;
        for (std::size_t k = 0; k < ins.size(); ++k) {
            const std::string from = in_who + "[" + std::to_string(k) + "]";
            const entry& src = lookup(ins[k], from);
            if (!src.is_input)
                throw config_error(from + ": names layer '" + src.name + "', which is a " + src.class_name +
                                   ", not an InputLayer");
            check_ref(ins[k], from);
            inputs.push_back(src.input);
        }
        for (std::size_t k = 0; k < outs.size(); ++k) {
            const std::string from = out_who + "[" + std::to_string(k) + "]";
            const entry& src = lookup(outs[k], from);
            if (src.is_input) {
                outputs.push_back(src.input);
                continue;
            }
            const auto& outs_of = src.calls[outs[k].node - src.offset];
            if (outs[k].tensor >= outs_of.size())
                throw config_error(from + ": refers to tensor " + std::to_string(outs[k].tensor) + " of layer '" +
                                   src.name + "', whose call has " + std::to_string(outs_of.size()) + " output(s)");
            outputs.push_back(outs_of[outs[k].tensor]);
        }
        Model m = in_context("", [&] { return Model(std::move(inputs), std::move(outputs), name, unbuilt); });
        return std::static_pointer_cast<graph_model>(m.ptr());
    }

    static bool sequential_has_input(const json& config) {
        const json* list = config.is_array() ? &config : find(config, "layers");
        if (!list || !list->is_array() || list->empty()) return true;  // let read_sequential say what is wrong
        const json& first = (*list)[0];
        const json* cls = find(first, "class_name");
        if (!cls || !cls->is_string() || *cls == "InputLayer" || is_model_class(cls->get<std::string>())) return true;
        const json* cfg = find(first, "config");
        if (!cfg) return true;
        for (const char* key : {"batch_input_shape", "batch_shape"})
            if (const json* s = find(*cfg, key); s && !s->is_null()) return true;
        if (const json* b = find(config, "build_input_shape"); b && !b->is_null()) return true;
        return false;
    }

    /// Calls entry `e`'s layer on `xs`, recording the outputs of its next call.
    void call_layer(entry& e, const std::vector<KerasTensor>& xs, const std::string& inner, std::size_t depth) {
        if (!e.layer) {
            // A nested Sequential without an input shape: it takes its first call's.
            if (xs.size() != 1)
                throw config_error(e.who + ": a Sequential takes one input, its call gives " + std::to_string(xs.size()));
            auto g = read_model("Sequential", *e.config, inner, depth + 1, xs[0].shape());
            if (g->name() != e.name) g->set_name(e.name);
            e.layer = Layer(std::shared_ptr<layer_interface>(std::move(g)));
        }
        std::vector<KerasTensor> ys = in_context(e.who + ": ", [&] { return e.layer.call(xs); });
        std::vector<Shape> in;
        for (const KerasTensor& x : xs) in.push_back(x.shape());
        check_sizes(e, in, ys);
        e.calls.push_back(std::move(ys));
    }
};

/// The {"class_name", "config"} object of a document: the document itself, or a TF.js
/// model.json's "modelTopology" (which may hold it as "model_config").
[[nodiscard]] const json& locate(const json& j, json& parsed) {
    const json* t = &j;
    if (!t->is_object()) throw config_error("Keras JSON: the document must be a JSON object, got " + show(*t));
    if (const json* topo = find(*t, "modelTopology")) {
        if (!topo->is_object())
            throw config_error("Keras JSON: field 'modelTopology' must be a JSON object, got " + show(*topo));
        t = topo;
    }
    if (!find(*t, "class_name"))
        if (const json* mc = find(*t, "model_config")) {
            if (mc->is_string()) {
                // Keras 2's HDF5 attribute holds the config as JSON text.
                const auto& text = mc->get_ref<const std::string&>();
                try {
                    parsed = json::parse(text);
                } catch (const nlohmann::json::parse_error& e) {
                    throw config_error("Keras JSON: field 'model_config' is malformed JSON text at byte " +
                                       std::to_string(e.byte) + ": " + e.what());
                }
                if (deeper_than(parsed, max_json_depth))
                    throw config_error("Keras JSON: field 'model_config' nests deeper than " +
                                       std::to_string(max_json_depth) + " levels");
                mc = &parsed;
            }
            if (!mc->is_object())
                throw config_error("Keras JSON: field 'model_config' must be a JSON object, got " + show(*mc));
            t = mc;
        }
    return *t;
}

} // namespace
} // namespace detail::json_in

Model model_from_config(const json& j, seed s) {
    namespace in = detail::json_in;
    try {
        if (in::deeper_than(j, in::max_json_depth))
            throw config_error("Keras JSON: the document nests deeper than " + std::to_string(in::max_json_depth) +
                               " levels");
        json parsed;
        const json& top = in::locate(j, parsed);
        const std::string cls = in::need_string(top, "class_name", "Keras JSON");
        if (!in::is_model_class(cls))
            throw config_error("Keras JSON: class_name '" + cls +
                               "' is not a model (expected Sequential, Functional or Model)");
        const json& config = in::need(top, "config", "Keras JSON (" + cls + ")");
        in::reader r;
        std::shared_ptr<detail::graph_model> g = r.read_model(cls, config, "", 0);
        in::in_context("", [&] { g->build_all(s, ""); });
        return Model(std::move(g));
    } catch (const nlohmann::json::exception& e) {
        throw config_error(std::string("Keras JSON: ") + e.what());
    }
}

/// Reads a model from Keras JSON text (see model_from_config); malformed text throws
/// config_error giving the byte at which reading stopped.
Model model_from_json(std::string_view text, seed s) {
    json j;
    try {
        j = json::parse(text.data(), text.data() + text.size());
    } catch (const nlohmann::json::parse_error& e) {
        throw config_error("Keras JSON: malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    } catch (const nlohmann::json::exception& e) {
        throw config_error(std::string("Keras JSON: malformed JSON: ") + e.what());
    }
    return model_from_config(j, s);
}

} // namespace scion::dynamic
