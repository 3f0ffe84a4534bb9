// scion/io/layers_model.hpp — the TensorFlow.js layers-model format on disk: model.json (the
// Keras topology plus a weights manifest) and its binary weight shards. This file knows the
// format only — named weight arrays in, named weight arrays out; what a model does with them is
// dynamic/io.hpp's business.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/json.hpp>
#include <scion/core/shape.hpp>
#include <scion/core/tensor.hpp>

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
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

static_assert(std::endian::native == std::endian::little,
              "scion::io reads and writes TF.js weight shards, which are little-endian, by copying bytes");

/// A weight array and the name a manifest gives it ("dense/kernel").
struct named_weight {
    std::string name;
    Tensor value;
};

/// What a layers-model folder holds: the whole model.json document and the weights of its
/// manifest, decoded to float32, in manifest order.
struct layers_model_files {
    std::filesystem::path model_json;  ///< the model.json read
    json document;                     ///< its content ("modelTopology", "weightsManifest", ...)
    std::vector<named_weight> weights;
};

/// Limits on what a manifest may ask for, checked before anything is allocated.
struct read_limits {
    std::uint64_t max_total_bytes = std::uint64_t{4} << 30;  ///< all weights together
};

/// How save_layers_model writes the weights.
struct write_options {
    std::uint64_t shard_bytes = std::uint64_t{4} << 20;  ///< at most this many bytes per .bin file (TF.js: 4 MiB)
    std::string generated_by = "scion";                  ///< model.json's "generatedBy"
};

namespace detail {

[[nodiscard]] inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

} // namespace detail

/// Reads a TF.js layers model: `path` is its model.json or the folder holding it. The topology
/// stays JSON (see dynamic::load_layers_model); every weight of the manifest is read from its
/// shards and decoded to float32 (float32 and int32 weights; uint8/uint16 affine and float16
/// quantization). A missing or unreadable file, a malformed model.json, a manifest entry scion
/// cannot read, shards shorter or longer than the manifest says, or a name given twice throws
/// file_error naming the file and, where one is concerned, the weight.
[[nodiscard]] layers_model_files read_layers_model(const std::filesystem::path& path, const read_limits& limits = {});

/// Writes a TF.js layers model into folder `dir`: model.json ({"format": "layers-model",
/// "generatedBy", "convertedBy": null, "modelTopology": topology, "weightsManifest"}) and the
/// weights as float32 shards group1-shard<i>of<n>.bin of at most `shard_bytes` each.
///
/// The save is all or nothing: everything is written into a new folder next to `dir`, which then
/// takes `dir`'s place; on any failure the new folder is removed and `dir` is as it was. An
/// existing `dir` is replaced only if it holds nothing but model.json and .bin files (otherwise
/// file_error, and nothing is touched).
void write_layers_model(const std::filesystem::path& dir, const json& topology,
                        std::span<const named_weight> weights, const write_options& opt = {});

} // namespace scion::io
