// src/io/layers_model.cpp — the TensorFlow.js layers-model format on disk: reading and writing
// model.json and its weight shards.
#include <scion/io/layers_model.hpp>

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace scion::io {

namespace detail {
namespace {

[[nodiscard]] std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw file_error("cannot open " + quoted(p) + ": " + (std::filesystem::exists(p) ? "not readable" : "no such file"));
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw file_error("cannot read " + quoted(p));
    return s.str();
}

/// IEEE half to float.
[[nodiscard]] float half_to_float(std::uint16_t h) noexcept {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    std::uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu, bits;
    if (exp == 0) {
        if (mant == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            exp = 127 - 15 + 1;
            while (!(mant & 0x400u)) {
                mant <<= 1;
                --exp;
            }
            bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(bits);
}

/// How one manifest entry is stored.
struct weight_spec {
    std::string name;
    Shape shape;
    std::string dtype;       ///< the stored type: float32, int32, uint8, uint16 or float16
    bool quantized = false;  ///< affine (uint8/uint16 with scale and min) or float16
    double scale = 1, min = 0;
    std::uint64_t bytes = 0;
};

[[nodiscard]] std::uint64_t dtype_size(std::string_view dtype) {
    if (dtype == "float32" || dtype == "int32") return 4;
    if (dtype == "uint16" || dtype == "float16") return 2;
    if (dtype == "uint8" || dtype == "bool") return 1;
    return 0;
}

weight_spec read_spec(const json& w, const std::string& where) {
    if (!w.is_object()) throw file_error(where + ": a weight entry must be a JSON object");
    weight_spec s;
    const auto name = w.find("name");
    if (name == w.end() || !name->is_string()) throw file_error(where + ": a weight entry has no string 'name'");
    s.name = name->get<std::string>();
    const std::string who = where + ": weight '" + s.name + "'";
    const auto shape = w.find("shape");
    if (shape == w.end() || !shape->is_array()) throw file_error(who + " has no 'shape' list");
    if (shape->size() > max_rank) throw file_error(who + " has rank " + std::to_string(shape->size()) + ", scion handles at most " + std::to_string(max_rank));
    std::uint64_t n = 1;
    for (const json& d : *shape) {
        if (!d.is_number_unsigned()) throw file_error(who + ": shape entries must be non-negative integers, got " + d.dump());
        const auto v = d.get<std::uint64_t>();
        if (v > (std::uint64_t{1} << 40)) throw file_error(who + ": shape entry " + std::to_string(v) + " is too large");
        n = v == 0 ? 0 : (n > (std::uint64_t{1} << 40) / v ? (std::uint64_t{1} << 41) : n * v);
        s.shape.push_back(static_cast<std::size_t>(v));
    }
    const auto dt = w.find("dtype");
    s.dtype = dt != w.end() && dt->is_string() ? dt->get<std::string>() : "float32";
    if (s.dtype != "float32" && s.dtype != "int32")
        throw file_error(who + " has dtype '" + s.dtype + "'; scion reads float32 and int32 weights");
    if (const auto q = w.find("quantization"); q != w.end() && !q->is_null()) {
        if (!q->is_object() || !q->contains("dtype") || !(*q)["dtype"].is_string())
            throw file_error(who + ": 'quantization' must be an object with a string 'dtype'");
        s.dtype = (*q)["dtype"].get<std::string>();
        s.quantized = true;
        if (s.dtype == "uint8" || s.dtype == "uint16") {
            for (const char* k : {"scale", "min"})
                if (!q->contains(k) || !(*q)[k].is_number())
                    throw file_error(who + ": " + s.dtype + " quantization needs a numeric '" + k + "'");
            s.scale = (*q)["scale"].get<double>();
            s.min = (*q)["min"].get<double>();
        } else if (s.dtype != "float16") {
            throw file_error(who + " is quantized as '" + s.dtype + "'; scion reads uint8, uint16 and float16 quantization");
        }
    }
    s.bytes = n * dtype_size(s.dtype);
    return s;
}

void decode(const weight_spec& s, const unsigned char* p, Tensor& t) {
    float* out = t.data();
    const std::size_t n = t.size();
    if (s.dtype == "float32") {
        std::memcpy(out, p, n * 4);
    } else if (s.dtype == "int32") {
        for (std::size_t i = 0; i < n; ++i) {
            std::int32_t v;
            std::memcpy(&v, p + 4 * i, 4);
            out[i] = static_cast<float>(v);
        }
    } else if (s.dtype == "uint8") {
        for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(p[i] * s.scale + s.min);
    } else if (s.dtype == "uint16") {
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t v;
            std::memcpy(&v, p + 2 * i, 2);
            out[i] = static_cast<float>(v * s.scale + s.min);
        }
    } else {  // float16
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t v;
            std::memcpy(&v, p + 2 * i, 2);
            out[i] = half_to_float(v);
        }
    }
}

/// A shard path of the manifest, which must stay inside the model's folder.
[[nodiscard]] std::filesystem::path shard_path(const std::filesystem::path& dir, const json& p, const std::string& where) {
    if (!p.is_string()) throw file_error(where + ": shard paths must be strings, got " + p.dump());
    const std::filesystem::path rel(p.get<std::string>());
    if (rel.empty() || rel.is_absolute())
        throw file_error(where + ": shard path '" + rel.string() + "' must be a relative file name");
    for (const auto& part : rel)
        if (part == "..") throw file_error(where + ": shard path '" + rel.string() + "' leaves the model's folder");
    return dir / rel;
}

void write_file(const std::filesystem::path& p, const void* data, std::size_t n) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (!out) throw file_error("cannot create " + quoted(p));
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
    out.flush();
    if (!out) throw file_error("cannot write " + quoted(p) + " (disk full or file too large?)");
}

/// A sibling of `target` that does not exist yet.
[[nodiscard]] std::filesystem::path fresh_sibling(const std::filesystem::path& target, std::string_view tag) {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        auto p = target;
        p += "." + std::string(tag) + "-" + std::to_string(rd());
        if (!std::filesystem::exists(p)) return p;
    }
    throw file_error("cannot find a free temporary name next to " + quoted(target));
}

/// The first entry of a folder that is not part of a layers model (model.json, .bin shards), or
/// "" when there is none: what replacing the folder would lose.
[[nodiscard]] std::string other_than_model_files(const std::filesystem::path& dir) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const auto name = e.path().filename().string();
        if (!e.is_regular_file() || !(name == "model.json" || e.path().extension() == ".bin")) return name;
    }
    return {};
}

} // namespace
} // namespace detail

layers_model_files read_layers_model(const std::filesystem::path& path, const read_limits& limits) {
    namespace fs = std::filesystem;
    layers_model_files r;
    r.model_json = fs::is_directory(path) ? path / "model.json" : path;
    const std::string file = detail::quoted(r.model_json);
    const std::string text = detail::read_text(r.model_json);
    try {
        r.document = json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw file_error(file + " is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    }
    if (!r.document.is_object()) throw file_error(file + " must hold a JSON object");
    if (const auto f = r.document.find("format"); f != r.document.end() && f->is_string() && *f != "layers-model")
        throw file_error(file + " has format '" + f->get<std::string>() +
                         "'; scion reads TF.js layers models (format 'layers-model'), not graph models");
    const auto topo = r.document.find("modelTopology");
    if (topo == r.document.end() || !topo->is_object())
        throw file_error(file + " is not a TF.js layers model: it has no 'modelTopology' object");

    const auto manifest = r.document.find("weightsManifest");
    if (manifest == r.document.end() || manifest->is_null()) return r;
    if (!manifest->is_array()) throw file_error(file + ": 'weightsManifest' must be a list of groups");
    const fs::path dir = r.model_json.parent_path();
    std::set<std::string, std::less<>> seen;
    std::uint64_t total = 0;
    for (std::size_t g = 0; g < manifest->size(); ++g) {
        const json& group = (*manifest)[g];
        const std::string where = file + " weightsManifest group " + std::to_string(g + 1);
        if (!group.is_object() || !group.contains("paths") || !group["paths"].is_array() || !group.contains("weights") ||
            !group["weights"].is_array())
            throw file_error(where + ": a group must hold a 'paths' list and a 'weights' list");
        std::vector<detail::weight_spec> specs;
        std::uint64_t need = 0;
        for (const json& w : group["weights"]) {
            specs.push_back(detail::read_spec(w, where));
            if (!seen.insert(specs.back().name).second)
                throw file_error(where + ": weight '" + specs.back().name + "' is listed twice");
            need += specs.back().bytes;
            total += specs.back().bytes;
            if (total > limits.max_total_bytes)
                throw file_error(where + ": the weights need more than " + std::to_string(limits.max_total_bytes) +
                                 " bytes (read_limits::max_total_bytes)");
        }
        // The group's shards, concatenated, hold its weights back to back.
        std::vector<unsigned char> data;
        data.reserve(static_cast<std::size_t>(need));
        std::vector<std::pair<fs::path, std::uint64_t>> shard_ends;
        for (const json& p : group["paths"]) {
            const fs::path shard = detail::shard_path(dir, p, where);
            std::ifstream in(shard, std::ios::binary);
            if (!in)
                throw file_error("weight file " + detail::quoted(shard) + " (named by " + file + ") " +
                                 (fs::exists(shard) ? "cannot be read" : "is missing"));
            data.insert(data.end(), std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
            if (data.size() > need) break;
            shard_ends.emplace_back(shard, data.size());
        }
        if (data.size() > need)
            throw file_error(where + ": the weight files hold more bytes than its " + std::to_string(specs.size()) +
                             " weights need (" + std::to_string(need) + "); the files do not match the manifest");
        std::uint64_t at = 0;
        for (const auto& s : specs) {
            if (at + s.bytes > data.size()) {
                const fs::path last = shard_ends.empty() ? fs::path(dir) : shard_ends.back().first;
                throw file_error("weight file " + detail::quoted(last) + " is short: weight '" + s.name + "' needs bytes " +
                                 std::to_string(at) + " to " + std::to_string(at + s.bytes) + " of group " +
                                 std::to_string(g + 1) + ", whose files hold " + std::to_string(data.size()));
            }
            Tensor t(s.shape);
            detail::decode(s, data.data() + at, t);
            at += s.bytes;
            r.weights.push_back({s.name, std::move(t)});
        }
    }
    return r;
}

void write_layers_model(const std::filesystem::path& dir, const json& topology,
                        std::span<const named_weight> weights, const write_options& opt) {
    namespace fs = std::filesystem;
    const fs::path target = dir.has_filename() ? dir : dir.parent_path();
    std::error_code ec;
    if (fs::exists(target, ec)) {
        if (!fs::is_directory(target)) throw file_error("cannot save a model to " + detail::quoted(target) + ": it is a file, not a folder");
        if (const std::string other = detail::other_than_model_files(target); !other.empty())
            throw file_error("cannot save a model to " + detail::quoted(target) + ": the folder holds '" + other +
                             "', and files other than model.json and .bin shards would be lost by replacing it");
    }
    {
        std::set<std::string_view> names;
        for (const auto& w : weights)
            if (!names.insert(w.name).second)
                throw file_error("cannot save a model to " + detail::quoted(target) + ": two weights are named '" + w.name + "'");
    }
    const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    if (!fs::is_directory(parent, ec))
        throw file_error("cannot save a model to " + detail::quoted(target) + ": folder " + detail::quoted(parent) + " does not exist");

    const fs::path tmp = detail::fresh_sibling(target, "saving");
    try {
        if (!fs::create_directory(tmp, ec)) throw file_error("cannot create folder " + detail::quoted(tmp) + ": " + ec.message());
        std::uint64_t total = 0;
        for (const auto& w : weights) total += 4 * static_cast<std::uint64_t>(w.value.size());
        const std::uint64_t shard = opt.shard_bytes == 0 ? 1 : opt.shard_bytes;
        const std::uint64_t count = total == 0 ? 0 : (total + shard - 1) / shard;
        json paths = json::array();
        for (std::uint64_t i = 0; i < count; ++i)
            paths.push_back("group1-shard" + std::to_string(i + 1) + "of" + std::to_string(count) + ".bin");
        json specs = json::array();
        std::vector<unsigned char> data;
        data.reserve(static_cast<std::size_t>(total));
        for (const auto& w : weights) {
            json shape = json::array();
            for (std::size_t d = 0; d < w.value.shape().rank(); ++d) shape.push_back(w.value.shape()[d]);
            specs.push_back(json{{"name", w.name}, {"shape", shape}, {"dtype", "float32"}});
            const auto* p = reinterpret_cast<const unsigned char*>(w.value.data());
            data.insert(data.end(), p, p + 4 * w.value.size());
        }
        for (std::uint64_t i = 0; i < count; ++i) {
            const auto begin = static_cast<std::size_t>(i * shard);
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(shard, total - i * shard));
            detail::write_file(tmp / paths[i].get<std::string>(), data.data() + begin, n);
        }
        json doc{{"format", "layers-model"},
                 {"generatedBy", opt.generated_by},
                 {"convertedBy", nullptr},
                 {"modelTopology", topology},
                 {"weightsManifest", json::array({json{{"paths", paths}, {"weights", specs}}})}};
        const std::string text = doc.dump();
        detail::write_file(tmp / "model.json", text.data(), text.size());

        // Swap the new folder in.
        if (fs::exists(target)) {
            const fs::path old = detail::fresh_sibling(target, "replaced");
            fs::rename(target, old, ec);
            if (ec) throw file_error("cannot replace " + detail::quoted(target) + ": " + ec.message());
            fs::rename(tmp, target, ec);
            if (ec) {
                std::error_code ignored;
                fs::rename(old, target, ignored);
                throw file_error("cannot replace " + detail::quoted(target) + ": " + ec.message());
            }
            fs::remove_all(old, ec);
        } else {
            fs::rename(tmp, target, ec);
            if (ec) throw file_error("cannot create " + detail::quoted(target) + ": " + ec.message());
        }
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(tmp, ignored);
        throw;
    }
}

} // namespace scion::io
