// tools/scion/main.cpp — the `scion` command: summary, predict, clone and dot over model files
// (TF.js layers models, or Keras JSON topologies), on the dynamic path.
//
// Exit status: 0 success, 1 the model or an input could not be used (the message says why),
// 2 the command line is wrong.
#include <scion/dynamic.hpp>

#include "bundled_example.hpp"

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace fs = std::filesystem;
namespace dy = scion::dynamic;
using scion::json;
using scion::Shape;
using scion::Tensor;

namespace {

constexpr int exit_ok = 0, exit_failed = 1, exit_usage = 2;

/// A wrong command line: reported with the command's usage, exit status 2.
struct usage_error {
    std::string message;
};

constexpr std::string_view main_help = R"(usage: scion <command> [options]

Commands (MODEL is a TF.js layers model -- its folder or model.json -- or a Keras JSON
topology such as dynamic::Model::to_json() writes; run without MODEL, each command uses a
small bundled example model):
  summary [MODEL]                 print the model's layers, shapes and parameter counts
  predict [MODEL INPUT]           run the model on INPUT and print the outputs as JSON
  clone MODEL OUT [options]       save a clone with fresh weights as a TF.js layers model
  dot [MODEL]                     print the model's graph in Graphviz's DOT language

Run `scion <command> --help` for a command's options. `scion --version` prints the version.
Exit status: 0 success, 1 the model or an input could not be used, 2 a wrong command line.
)";

constexpr std::string_view summary_help = R"(usage: scion summary [MODEL]

Prints the model's summary as Keras prints it: every layer with its output shape and parameter
count, and the totals. Without MODEL: the bundled example.
)";

constexpr std::string_view predict_help = R"(usage: scion predict [MODEL INPUT] [--output FILE]

Runs MODEL on the tensors in INPUT (a JSON file, or - for standard input) and prints
{"outputs": [{"shape": [...], "values": [...]}, ...]}. INPUT is one of
  {"inputs": [{"shape": [batch, ...], "values": [...]}, ...]}   one tensor per model input
  {"shape": [...], "values": [...]}                              a model of one input
  [[...], [...]]                                                 nested lists: a batch, or one sample
Without MODEL and INPUT: the bundled example on its bundled input.
  --output FILE   write the JSON to FILE instead of standard output
)";

constexpr std::string_view clone_help = R"(usage: scion clone MODEL OUT [--seed N] [--input-shape D1,D2,...]... [--name NAME]

Clones MODEL as Keras's clone_model does -- the same layers and configs, fresh weights -- and
saves the clone as a TF.js layers model in folder OUT (created, or replaced if it holds only a
model's files).
  --seed N               the seed of the fresh weights (the same seed gives the same weights)
  --input-shape D1,...   build the clone on a new per-sample input shape (no batch axis);
                         give it once per model input, in order
  --name NAME            the clone's name (default: the model's)
)";

constexpr std::string_view dot_help = R"(usage: scion dot [MODEL] [--output FILE]

Prints the model's graph in Graphviz's DOT language: one box per layer with its class and output
shape, an arrow per connection. Render it with `dot -Tsvg graph.dot -o graph.svg`.
Without MODEL: the bundled example.
  --output FILE   write the graph to FILE instead of standard output
)";

[[nodiscard]] std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw scion::file_error("cannot open '" + p.string() + "': " + (fs::exists(p) ? "not readable" : "no such file"));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A model from a TF.js layers model (folder or model.json with weights) or a Keras JSON file
/// (a topology: its weights are drawn from `seed`, and a note says so).
[[nodiscard]] dy::Model load_model(const std::string& arg, std::uint64_t seed) {
    const fs::path p(arg);
    if (fs::is_directory(p)) return dy::load_layers_model(p);
    const std::string text = read_file(p);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw scion::file_error("'" + arg + "' is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
    if (j.is_object() && j.contains("modelTopology") && j.contains("weightsManifest")) return dy::load_layers_model(p);
    std::cerr << "scion: '" << arg << "' holds a topology without weights: weights drawn from seed " << seed << "\n";
    return dy::model_from_config(j, scion::seed{seed});
}

[[nodiscard]] json tensor_json(const Tensor& t) {
    json shape = json::array();
    for (std::size_t i = 0; i < t.shape().rank(); ++i) shape.push_back(t.shape()[i]);
    return json{{"shape", shape}, {"values", std::vector<float>(t.values().begin(), t.values().end())}};
}

[[nodiscard]] Tensor tensor_from_json(const json& j, const std::string& where) {
    if (!j.is_object() || !j.contains("shape") || !j.contains("values"))
        throw scion::config_error(where + ": a tensor is {\"shape\": [...], \"values\": [...]}");
    Shape s;
    for (const json& d : j["shape"]) {
        if (!d.is_number_unsigned()) throw scion::config_error(where + ": shape entries must be non-negative integers");
        s.push_back(d.get<std::size_t>());
    }
    const json& v = j["values"];
    if (!v.is_array() || v.size() != s.elements())
        throw scion::config_error(where + ": shape " + s.to_string() + " holds " + std::to_string(s.elements()) +
                                  " values, 'values' has " + std::to_string(v.is_array() ? v.size() : 0));
    std::vector<float> values;
    values.reserve(v.size());
    for (const json& x : v) {
        if (!x.is_number()) throw scion::config_error(where + ": values must be numbers, got " + x.dump());
        values.push_back(x.get<float>());
    }
    return Tensor(s, std::move(values));
}

/// Nested lists as a tensor: their shape and their numbers in row-major order.
void flatten_lists(const json& j, std::size_t depth, Shape& shape, std::vector<float>& out, const std::string& where) {
    if (j.is_number()) {
        if (depth != shape.rank()) throw scion::config_error(where + ": the nested lists are ragged");
        out.push_back(j.get<float>());
        return;
    }
    if (!j.is_array() || j.empty()) throw scion::config_error(where + ": expected a number or a non-empty list");
    if (depth == shape.rank()) shape.push_back(j.size());
    else if (shape[depth] != j.size()) throw scion::config_error(where + ": the nested lists are ragged");
    for (const json& e : j) flatten_lists(e, depth + 1, shape, out, where);
}

[[nodiscard]] std::vector<Tensor> read_inputs(const std::string& arg, const dy::Model& m) {
    const std::string where = arg == "-" ? "standard input" : "'" + arg + "'";
    std::string text;
    if (arg == "-") {
        std::ostringstream s;
        s << std::cin.rdbuf();
        text = s.str();
    } else {
        text = read_file(arg);
    }
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw scion::config_error(where + " is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
    std::vector<Tensor> xs;
    if (j.is_object() && j.contains("inputs")) {
        for (const json& t : j["inputs"]) xs.push_back(tensor_from_json(t, where));
    } else if (j.is_object()) {
        xs.push_back(tensor_from_json(j, where));
    } else {
        Shape s;
        std::vector<float> v;
        flatten_lists(j, 0, s, v, where);
        if (m.inputs().size() == 1 && s == m.inputs()[0].shape()) s = s.prepend(1);  // one sample
        xs.emplace_back(s, std::move(v));
    }
    if (xs.size() != m.inputs().size())
        throw scion::shape_error(where + " holds " + std::to_string(xs.size()) + " input tensors, model '" + m.name() +
                                 "' takes " + std::to_string(m.inputs().size()));
    return xs;
}

void write_output(const std::string& text, const std::optional<std::string>& file) {
    if (!file) {
        std::cout << text;
        return;
    }
    std::ofstream out(*file, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw scion::file_error("cannot write '" + *file + "'");
}

[[nodiscard]] Shape parse_shape(std::string_view s) {
    Shape r;
    while (!s.empty()) {
        const auto comma = s.find(',');
        const std::string_view part = s.substr(0, comma);
        std::size_t v = 0;
        const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (ec != std::errc() || p != part.data() + part.size() || v == 0 || r.rank() == scion::max_rank - 1)
            throw usage_error{"--input-shape takes positive integers separated by commas, such as 28,28,1; got '" +
                              std::string(s) + "'"};
        r.push_back(v);
        s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    }
    if (r.rank() == 0) throw usage_error{"--input-shape needs at least one dimension, such as 28,28,1"};
    return r;
}

[[nodiscard]] std::uint64_t parse_seed(std::string_view s) {
    std::uint64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty())
        throw usage_error{"--seed takes a non-negative integer, got '" + std::string(s) + "'"};
    return v;
}

/// The arguments after the command: positionals and options (`--name value` or `--name=value`).
struct arguments {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    bool help = false;
};

[[nodiscard]] arguments parse(const std::vector<std::string>& args, std::initializer_list<std::string_view> known) {
    arguments a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& s = args[i];
        if (s == "--help" || s == "-h") {
            a.help = true;
        } else if (s.size() > 2 && s.starts_with("--")) {
            std::string key = s, value;
            const bool inline_value = s.find('=') != std::string::npos;
            if (inline_value) {
                key = s.substr(0, s.find('='));
                value = s.substr(s.find('=') + 1);
            }
            bool ok = false;
            for (auto k : known) ok = ok || key == k;
            if (!ok) throw usage_error{"unknown option '" + key + "'"};
            if (!inline_value) {
                if (i + 1 >= args.size()) throw usage_error{"option '" + key + "' needs a value"};
                value = args[++i];
            }
            a.options.emplace_back(key, value);
        } else if (s.size() > 1 && s[0] == '-' && s != "-") {
            throw usage_error{"unknown option '" + s + "'"};
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

[[nodiscard]] std::optional<std::string> option(const arguments& a, std::string_view key) {
    std::optional<std::string> r;
    for (const auto& [k, v] : a.options)
        if (k == key) {
            if (r) throw usage_error{"option '" + std::string(key) + "' is given twice"};
            r = v;
        }
    return r;
}

void expect_positionals(const arguments& a, std::size_t lo, std::size_t hi, std::string_view what) {
    if (a.positional.size() < lo || a.positional.size() > hi)
        throw usage_error{"expected " + std::string(what) + ", got " + std::to_string(a.positional.size()) + " arguments"};
}

/// The bundled example, announced on standard error so that the output stays clean.
[[nodiscard]] dy::Model example_model() {
    std::cerr << "scion: no MODEL given: using the bundled example, " << scion::cli::example_description << "\n";
    return scion::cli::example_model();
}

int cmd_summary(const arguments& a) {
    expect_positionals(a, 0, 1, "at most MODEL");
    const dy::Model m = a.positional.empty() ? example_model() : load_model(a.positional[0], 0);
    std::cout << m.summary();
    return exit_ok;
}

int cmd_predict(const arguments& a) {
    if (a.positional.size() == 1) throw usage_error{"expected MODEL and INPUT (or neither, for the bundled example)"};
    expect_positionals(a, 0, 2, "MODEL and INPUT");
    const bool example = a.positional.empty();
    const dy::Model m = example ? example_model() : load_model(a.positional[0], 0);
    const std::vector<Tensor> xs = example ? scion::cli::example_inputs() : read_inputs(a.positional[1], m);
    json out{{"outputs", json::array()}};
    for (const Tensor& y : m.predict(xs)) out["outputs"].push_back(tensor_json(y));
    write_output(out.dump() + "\n", option(a, "--output"));
    return exit_ok;
}

int cmd_clone(const arguments& a) {
    expect_positionals(a, 2, 2, "MODEL and OUT");
    const auto seed_text = option(a, "--seed");
    const std::uint64_t seed = seed_text ? parse_seed(*seed_text) : 0;
    const dy::Model m = load_model(a.positional[0], seed);
    scion::dynamic::clone_options o;
    if (seed_text) o.seed = scion::seed{seed};
    if (auto n = option(a, "--name")) o.name = *n;
    std::vector<dy::KerasTensor> inputs;
    for (const auto& [k, v] : a.options)
        if (k == "--input-shape") inputs.push_back(dy::Input(parse_shape(v)));
    if (!inputs.empty()) {
        if (inputs.size() != m.inputs().size())
            throw usage_error{"model '" + m.name() + "' has " + std::to_string(m.inputs().size()) +
                              " inputs: give --input-shape once per input (got " + std::to_string(inputs.size()) + ")"};
        o.input_tensors = inputs;
    }
    const dy::Model c = scion::clone_model(m, o);
    dy::save_layers_model(c, a.positional[1]);
    std::cout << "cloned model '" << m.name() << "' to " << a.positional[1] << ": " << c.count_params()
              << " parameters, fresh weights";
    if (seed_text) std::cout << " from seed " << seed;
    if (!inputs.empty()) {
        std::cout << ", input shape";
        for (const auto& t : c.inputs()) std::cout << " " << t.shape().to_batch_string();
    }
    std::cout << "\n";
    return exit_ok;
}

[[nodiscard]] std::string dot_escape(std::string_view s) {
    std::string r;
    for (char c : s) {
        if (c == '"' || c == '\\') r += '\\';
        r += c;
    }
    return r;
}

/// The DOT of a model, from its Keras config (the wiring) and its layers (the shapes).
[[nodiscard]] std::string to_dot(const dy::Model& m) {
    const json top = m.to_json_value();
    const json& cfg = top.at("config");
    std::ostringstream d;
    d << "digraph \"" << dot_escape(m.name()) << "\" {\n"
      << "  graph [rankdir=TB, fontname=\"Helvetica\", label=\"" << dot_escape(m.name()) << " ("
      << top.at("class_name").get<std::string>() << ", " << m.count_params() << " parameters)\", labelloc=t];\n"
      << "  node [shape=record, style=\"rounded,filled\", fillcolor=\"#eef3fb\", fontname=\"Helvetica\", fontsize=11];\n"
      << "  edge [color=\"#44546a\"];\n";
    const auto shape_of = [&](const std::string& layer, const json& c) -> std::string {
        if (c.contains("batch_input_shape")) {
            std::string s = "(None";
            for (std::size_t i = 1; i < c["batch_input_shape"].size(); ++i) s += ", " + c["batch_input_shape"][i].dump();
            return s + ")";
        }
        const dy::Layer l = m.get_layer(layer);
        const auto in = l.impl().built_shapes();
        std::string r;
        for (std::size_t k = 0; k < l.output_count(); ++k)
            r += (k ? " | " : "") + l.impl().output_shape(in, k).to_batch_string();
        return r;
    };
    const auto node = [&](const std::string& name, const std::string& cls, const std::string& shape, bool input) {
        d << "  \"" << dot_escape(name) << "\" [label=\"{" << dot_escape(name) << " : " << dot_escape(cls) << "|"
          << dot_escape(shape) << "}\"" << (input ? ", fillcolor=\"#fdf1dc\"" : "") << "];\n";
    };
    const json& layers = cfg.at("layers");
    if (m.is_sequential()) {
        std::string prev;
        for (const json& e : layers) {
            const json& c = e.at("config");
            const std::string name = c.value("name", std::string());
            const std::string cls = e.at("class_name").get<std::string>();
            node(name, cls, shape_of(name, c), cls == "InputLayer");
            if (!prev.empty()) d << "  \"" << dot_escape(prev) << "\" -> \"" << dot_escape(name) << "\";\n";
            prev = name;
        }
    } else {
        for (const json& e : layers) {
            const std::string name = e.at("name").get<std::string>();
            const std::string cls = e.at("class_name").get<std::string>();
            node(name, cls, shape_of(name, e.at("config")), cls == "InputLayer");
            for (const json& call : e.at("inbound_nodes"))
                for (const json& ref : call) {
                    const std::string from = ref.at(0).get<std::string>();
                    const std::size_t tensor = ref.at(2).get<std::size_t>();
                    d << "  \"" << dot_escape(from) << "\" -> \"" << dot_escape(name) << "\"";
                    if (tensor > 0) d << " [label=\"[" << tensor << "]\", fontsize=9]";
                    d << ";\n";
                }
        }
        std::size_t k = 0;
        for (const json& ref : cfg.at("output_layers")) {
            const std::string out = "output " + std::to_string(k++);
            d << "  \"" << out << "\" [shape=plaintext, style=\"\", label=\"" << out << "\"];\n";
            d << "  \"" << dot_escape(ref.at(0).get<std::string>()) << "\" -> \"" << out << "\"";
            if (ref.at(2).get<std::size_t>() > 0) d << " [label=\"[" << ref.at(2).get<std::size_t>() << "]\", fontsize=9]";
            d << ";\n";
        }
    }
    d << "}\n";
    return d.str();
}

int cmd_dot(const arguments& a) {
    expect_positionals(a, 0, 1, "at most MODEL");
    const dy::Model m = a.positional.empty() ? example_model() : load_model(a.positional[0], 0);
    write_output(to_dot(m), option(a, "--output"));
    return exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << main_help;
        return args.empty() ? exit_usage : exit_ok;
    }
    if (args[0] == "--version") {
        std::cout << "scion " << SCION_VERSION << "\n";
        return exit_ok;
    }
    const std::string cmd = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    std::string_view help;
    try {
        if (cmd == "summary") {
            help = summary_help;
            const auto a = parse(rest, {});
            if (a.help) return std::cout << summary_help, exit_ok;
            return cmd_summary(a);
        }
        if (cmd == "predict") {
            help = predict_help;
            const auto a = parse(rest, {"--output"});
            if (a.help) return std::cout << predict_help, exit_ok;
            return cmd_predict(a);
        }
        if (cmd == "clone") {
            help = clone_help;
            const auto a = parse(rest, {"--seed", "--input-shape", "--name"});
            if (a.help) return std::cout << clone_help, exit_ok;
            return cmd_clone(a);
        }
        if (cmd == "dot") {
            help = dot_help;
            const auto a = parse(rest, {"--output"});
            if (a.help) return std::cout << dot_help, exit_ok;
            return cmd_dot(a);
        }
        std::cerr << "scion: unknown command '" << cmd << "'\n\n" << main_help;
        return exit_usage;
    } catch (const usage_error& e) {
        std::cerr << "scion " << cmd << ": " << e.message << "\n\n" << help;
        return exit_usage;
    } catch (const scion::error& e) {
        std::cerr << "scion " << cmd << ": " << e.what() << "\n";
        return exit_failed;
    } catch (const std::exception& e) {
        std::cerr << "scion " << cmd << ": " << e.what() << "\n";
        return exit_failed;
    }
}
