// src/core/shape.cpp — Shape's text forms and shape_result's error sentences.
#include <scion/core/shape.hpp>

#include <string>

namespace scion {

std::string Shape::to_string() const {
    std::string s = "(";
    for (std::size_t i = 0; i < rank_; ++i) {
        if (i) s += ", ";
        s += std::to_string(dims_[i]);
    }
    if (rank_ == 1) s += ",";
    return s + ")";
}

std::string Shape::to_batch_string() const {
    std::string s = "(None";
    for (std::size_t i = 0; i < rank_; ++i) s += ", " + std::to_string(dims_[i]);
    return s + ")";
}

void Shape::throw_rank_overflow() {
    throw shape_error("scion::Shape: rank above max_rank (" + std::to_string(max_rank) + ")");
}

std::string shape_result::describe() const {
    switch (errc) {
    case shape_errc::ok: return "ok";
    case shape_errc::rank_mismatch:
        return "expected an input of rank " + std::to_string(expected) + " (batch axis not counted), got rank " +
               std::to_string(actual);
    case shape_errc::rank_too_small:
        return "expected an input of rank at least " + std::to_string(expected) +
               " (batch axis not counted), got rank " + std::to_string(actual);
    case shape_errc::size_mismatch:
        return "expected " + std::to_string(expected) + " elements per sample, got " + std::to_string(actual);
    case shape_errc::not_divisible:
        return "expected a multiple of " + std::to_string(expected) + " elements per sample, got " +
               std::to_string(actual);
    case shape_errc::zero_dimension: return "a dimension or unit count is zero";
    case shape_errc::input_count:
        return "expected " + std::to_string(expected) + " inputs, got " + std::to_string(actual);
    case shape_errc::dim_mismatch:
        return "the inputs' shapes are incompatible: a dimension is " + std::to_string(expected) +
               " on the first input and " + std::to_string(actual) + " on another";
    case shape_errc::shared_weights:
        return "the layer is shared: its weights (" + std::to_string(expected) +
               " scalars, built at its first call) do not fit these inputs, which need " + std::to_string(actual);
    case shape_errc::bad_axis:
        return "axis " + std::to_string(actual) + " is not valid for inputs of rank " + std::to_string(expected) +
               " (batch axis counted; the batch axis itself cannot be used)";
    }
    return "unknown shape error";
}

} // namespace scion
