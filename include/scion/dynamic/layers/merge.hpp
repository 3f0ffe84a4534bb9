// scion/dynamic/layers/merge.hpp — the dynamic path's merge layers: Add, Subtract, Multiply,
// Average, Maximum, Minimum, Concatenate.
#pragma once

#include <scion/dynamic/registry.hpp>
#include <scion/layers/merge.hpp>

#include <string>

namespace scion::dynamic {

// ---- options: Keras's constructor arguments, with Keras's defaults ----------------------------------

struct merge_options {
    std::string name{};
    bool trainable = true;
};
struct concatenate_options {
    int axis = -1;
    std::string name{};
    bool trainable = true;
};

// ---- factories --------------------------------------------------------------------------------------

[[nodiscard]] Layer Add(const merge_options& o = {});
[[nodiscard]] Layer Subtract(const merge_options& o = {});
[[nodiscard]] Layer Multiply(const merge_options& o = {});
[[nodiscard]] Layer Average(const merge_options& o = {});
[[nodiscard]] Layer Maximum(const merge_options& o = {});
[[nodiscard]] Layer Minimum(const merge_options& o = {});
[[nodiscard]] Layer Concatenate(const concatenate_options& o = {});

namespace detail {
/// Registers the family's engine classes (called once, by the registry).
void register_merge_layers(registry& r);
} // namespace detail

// The dynamic faces of the family's engine classes are compiled once, in src/dynamic/layers/merge.cpp.
extern template class engine_layer<layers::Add>;
extern template class engine_layer<layers::Subtract>;
extern template class engine_layer<layers::Multiply>;
extern template class engine_layer<layers::Average>;
extern template class engine_layer<layers::Maximum>;
extern template class engine_layer<layers::Minimum>;
extern template class engine_layer<layers::Concatenate>;

} // namespace scion::dynamic
