// examples/model_files.cpp — a model saved as TensorFlow.js layers-model files and read back: at
// run time as whatever the file holds, and as a declared type, checked against it.
#include <scion/bridge.hpp>
#include <scion/dynamic.hpp>
#include <scion/scion.hpp>

#include "check.hpp"

#include <filesystem>
#include <iostream>
#include <string>

using namespace scion;
namespace dy = scion::dynamic;

// A small image classifier: (8, 8, 1) -> 10 classes.
using Digits = Sequential<Input<8, 8, 1>,
                          Conv2D<8, kernel_size<3>, padding_same, act::relu>,
                          MaxPooling2D<>,
                          BatchNormalization<>,
                          Flatten,
                          Dense<10, act::softmax>>;
static_assert(param_count_v<Digits> == (3 * 3 * 1 * 8 + 8) + 4 * 8 + (4 * 4 * 8 * 10 + 10));

int main() {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "scion-example-digits";

    // Save: model.json (the Keras topology and the weights manifest) and one weight shard.
    const Digits net{seed{7}};
    save_layers_model(net, dir);
    SCION_CHECK(std::filesystem::exists(dir / "model.json"));
    SCION_CHECK(std::filesystem::exists(dir / "group1-shard1of1.bin"));

    // Load at run time: whatever model the file holds (this is how TF.js's files are read).
    const dy::Model loaded = dy::load_layers_model(dir);
    SCION_CHECK(loaded.count_params() == param_count_v<Digits>);

    // Load as the declared type: the file's topology is checked against it.
    const Digits back = load_layers_model<Digits>(dir);

    Tensor x(Shape{2, 8, 8, 1});
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 9) / 9.0f;
    const Tensor y = net.predict(x);
    SCION_CHECK(loaded.predict({x})[0] == y);  // the same numbers on both paths
    SCION_CHECK(back.predict(x) == y);

    // A file of another architecture is refused, naming the layer that differs.
    using Wider = Sequential<Input<8, 8, 1>, Conv2D<16, kernel_size<3>, padding_same, act::relu>, MaxPooling2D<>,
                             BatchNormalization<>, Flatten, Dense<10, act::softmax>>;
    std::string refused;
    try {
        (void)load_layers_model<Wider>(dir);
    } catch (const config_error& e) {
        refused = e.what();
    }
    SCION_CHECK(refused.find("conv2d") != std::string::npos);

    std::cout << "saved and loaded " << dir.string() << ": " << loaded.count_params() << " parameters\n"
              << "as Digits: the same outputs; as Wider: " << refused << "\n";
    std::filesystem::remove_all(dir);
}
