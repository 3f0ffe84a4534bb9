// src/core/tensor.cpp — Tensor's checked constructor and the stream output of Shape and Tensor.
#include <scion/core/tensor.hpp>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace scion {

Tensor::Tensor(Shape shape, const std::vector<float>& values) : shape_(shape), data_(values.begin(), values.end()) {
    if (data_.size() != shape_.elements())
        throw shape_error("scion::Tensor: shape " + shape_.to_string() + " holds " +
                          std::to_string(shape_.elements()) + " values, got " +
                          std::to_string(data_.size()));
}

std::ostream& operator<<(std::ostream& os, const Shape& s) { return os << s.to_string(); }

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
    os << "Tensor(shape=" << t.shape().to_string() << ", values=[";
    for (std::size_t i = 0; i < t.size() && i < 8; ++i) os << (i ? ", " : "") << t[i];
    if (t.size() > 8) os << ", ...";
    return os << "])";
}

} // namespace scion
