// scion/dynamic/io.hpp — dynamic models from and to TensorFlow.js layers-model files
// (model.json + weight shards), the format `tf.loadLayersModel` reads and `model.save` writes.
#pragma once

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

/// Reads a TF.js layers model (`path`: its model.json, or the folder holding it): the topology
/// through model_from_config, then every weight of the manifest into the layer it belongs to.
///
/// Weights are matched by name, as TF.js does: layer `L`'s weight `w` is the manifest entry
/// "L/w" (a ":0" suffix, as converted Keras files write, is ignored). A wrapper's inner layers
/// may carry other names in the file (TF.js names a Bidirectional's halves "forward_gru_GRU1");
/// then the entries under "L/" are taken in order by their last part ("kernel", "bias").
/// A weight the model needs and the file lacks, an entry of the file no layer takes, or an
/// array of the wrong shape throws weights_error naming the file, the weight and the layer;
/// unreadable files throw file_error (see io::read_layers_model); the topology's errors are
/// config_errors prefixed with the file.
[[nodiscard]] Model load_layers_model(const std::filesystem::path& path);

/// The weights of `m` as a layers-model manifest names them ("<layer>/<weight>"; a nested
/// model's layers by their own names), in layer order.
[[nodiscard]] std::vector<io::named_weight> named_weights(const Model& m);

/// Saves `m` as a TF.js layers model in folder `dir` (created, or replaced if it holds only a
/// model's files): model.json with the Keras topology `to_json_value()` writes and the weights
/// in float32 shards, which `tf.loadLayersModel` and load_layers_model read. All or nothing:
/// on failure `dir` is as it was (see io::write_layers_model).
void save_layers_model(const Model& m, const std::filesystem::path& dir, const io::write_options& opt = {});

} // namespace scion::dynamic
