// scion/bridge/files.hpp — static models from and to TensorFlow.js layers-model files: the
// file's topology is checked against the model type, and the weights go in by layer name.
#pragma once

#include <scion/bridge/model_cast.hpp>
#include <scion/bridge/to_dynamic.hpp>
#include <scion/dynamic/io.hpp>

#include <filesystem>

namespace scion {

/// Reads a TF.js layers model (its model.json or folder) as static model `M`: the file is read
/// as a dynamic model (dynamic::load_layers_model: weights matched by layer and weight name),
/// then checked against `M` by model_cast — kind, inputs, every layer's class, name and config,
/// the wiring and the outputs — and its weights copied in. A file of another architecture
/// throws config_error naming the first layer that differs; the file's own errors are those of
/// dynamic::load_layers_model.
///
///     using Net = Sequential<Input<28, 28, 1>, Conv2D<8, kernel_size<3>>, Flatten, Dense<10>>;
///     Net net = scion::load_layers_model<Net>("models/net");
template <StaticModel M>
[[nodiscard]] M load_layers_model(const std::filesystem::path& path) {
    return model_cast<M>(dynamic::load_layers_model(path));
}

/// Saves static model `m` as a TF.js layers model in folder `dir`: the same files its dynamic
/// twin (to_dynamic) writes, all or nothing (see dynamic::save_layers_model).
template <StaticModel M>
void save_layers_model(const M& m, const std::filesystem::path& dir, const io::write_options& opt = {}) {
    dynamic::save_layers_model(to_dynamic(m), dir, opt);
}

} // namespace scion
