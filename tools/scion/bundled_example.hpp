// tools/scion/bundled_example.hpp — the model `scion` shows when it is given none: a small
// image classifier with a residual block, built in code with the dynamic API (seed 2024), and
// an input for it.
#pragma once

#include <scion/dynamic.hpp>

#include <string_view>
#include <vector>

namespace scion::cli {

inline constexpr std::string_view example_description =
    "'tiny_digits', an 8x8 image classifier with a residual block (seed 2024)";

/// Input(8, 8, 1) -> Conv2D(8, 3x3, same, relu) -> MaxPooling2D -> [Conv2D(8, 3x3, same, relu)
/// -> BatchNormalization] + skip -> GlobalAveragePooling2D -> Dropout -> Dense(10, softmax).
[[nodiscard]] inline dynamic::Model example_model() {
    namespace dy = scion::dynamic;
    const dy::KerasTensor image = dy::Input({8, 8, 1}, "image");
    auto x = dy::Conv2D({.filters = 8, .kernel_size = {3, 3}, .padding = "same", .activation = "relu", .name = "stem"})(image);
    x = dy::MaxPooling2D({.name = "pool"})(x);
    auto r = dy::Conv2D({.filters = 8, .kernel_size = {3, 3}, .padding = "same", .activation = "relu", .name = "block_conv"})(x);
    r = dy::BatchNormalization({.name = "block_norm"})(r);
    x = dy::Add({.name = "residual"})({x, r});
    x = dy::GlobalAveragePooling2D({.name = "gap"})(x);
    x = dy::Dropout({.rate = 0.25f, .name = "dropout"})(x);
    const auto y = dy::Dense({.units = 10, .activation = "softmax", .name = "digit"})(x);
    return dy::Model({image}, {y}, "tiny_digits", seed{2024});
}

/// Two 8x8 images: a vertical bar and a diagonal.
[[nodiscard]] inline std::vector<Tensor> example_inputs() {
    Tensor x(Shape{2, 8, 8, 1});
    for (std::size_t i = 0; i < 8; ++i) {
        x.data()[i * 8 + 3] = 1.0f;
        x.data()[64 + i * 8 + i] = 1.0f;
    }
    return {x};
}

} // namespace scion::cli
