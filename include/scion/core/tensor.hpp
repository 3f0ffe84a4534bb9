// scion/core/tensor.hpp — Tensor (owning, float32, row-major, batch first) and its views.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/shape.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <new>
#include <ostream>
#include <span>
#include <utility>
#include <vector>

namespace scion {

namespace detail {
/// The alignment of every buffer of floats scion allocates (tensors, weights, workspaces): a
/// cache line, and the width of the widest vector registers (AVX-512). Eigen's kernels load their
/// operands with unaligned loads, but a load that straddles two cache lines costs twice: measured
/// on an AVX-512 machine (g++ -O3 -march=native), the matrix-vector product of a 728 x 32 Dense at
/// batch 1 took 25 to 30 % longer on malloc's 16-byte-aligned buffers than on 64-byte-aligned ones.
inline constexpr std::size_t buffer_alignment = 64;

/// An allocator of `buffer_alignment`-aligned memory, for std::vector.
template <class T>
struct aligned_allocator {
    using value_type = T;
    aligned_allocator() noexcept = default;
    template <class U>
    aligned_allocator(const aligned_allocator<U>&) noexcept {} // NOLINT: rebinding converts
    [[nodiscard]] T* allocate(std::size_t n) {
        return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t{buffer_alignment}));
    }
    // The unsized form: clang declares the sized ones only with -fsized-deallocation.
    void deallocate(T* p, std::size_t /*n*/) noexcept {
        ::operator delete(p, std::align_val_t{buffer_alignment});
    }
    template <class U>
    friend bool operator==(const aligned_allocator&, const aligned_allocator<U>&) noexcept {
        return true;
    }
};

/// A growable buffer of floats aligned to `buffer_alignment`: a Tensor's storage, a workspace.
using float_buffer = std::vector<float, aligned_allocator<float>>;
} // namespace detail

/// Row-major float matrix: the Eigen type every layer computes with.
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrix>;
using ConstMatrixMap = Eigen::Map<const RowMatrix>;

/// A non-owning view of a tensor's data with its full shape (batch axis first).
struct TensorView {
    float* data = nullptr;
    Shape shape{};
    [[nodiscard]] std::size_t size() const noexcept { return shape.elements(); }
};
/// A non-owning read-only view of a tensor's data with its full shape (batch axis first).
struct ConstTensorView {
    const float* data = nullptr;
    Shape shape{};
    ConstTensorView() = default;
    ConstTensorView(const float* d, Shape s) : data(d), shape(s) {}
    ConstTensorView(TensorView v) : data(v.data), shape(v.shape) {} // NOLINT: views convert
    [[nodiscard]] std::size_t size() const noexcept { return shape.elements(); }
};

/// An owning float32 tensor, row-major, batch axis first.
///
/// Copying a Tensor copies its data; a Tensor never aliases another's buffer.
class Tensor {
public:
    Tensor() = default;
    /// A zero-filled tensor of the given shape.
    explicit Tensor(Shape shape) : shape_(shape), data_(shape.elements(), 0.0f) {}
    /// A tensor holding `values` (row-major); throws shape_error if the sizes differ. The values
    /// are copied into the tensor's own aligned storage (`detail::buffer_alignment`).
    Tensor(Shape shape, const std::vector<float>& values);

    [[nodiscard]] const Shape& shape() const noexcept { return shape_; }
    [[nodiscard]] std::size_t rank() const noexcept { return shape_.rank(); }
    [[nodiscard]] std::size_t size() const noexcept { return data_.size(); }
    [[nodiscard]] float* data() noexcept { return data_.data(); }
    [[nodiscard]] const float* data() const noexcept { return data_.data(); }
    [[nodiscard]] std::span<float> values() noexcept { return data_; }
    [[nodiscard]] std::span<const float> values() const noexcept { return data_; }
    [[nodiscard]] float& operator[](std::size_t i) noexcept { return data_[i]; }
    [[nodiscard]] float operator[](std::size_t i) const noexcept { return data_[i]; }

    /// Gives the tensor a new shape; keeps the allocation when it is large enough, so a tensor
    /// reused for outputs of the same size is never reallocated.
    void resize(Shape shape) {
        shape_ = shape;
        data_.resize(shape.elements());
    }

    /// The tensor as a (batch, features) matrix, without copying: rows are the first axis,
    /// columns everything else. A rank-0 tensor is a 1x1 matrix.
    [[nodiscard]] MatrixMap matrix() noexcept { return {data_.data(), rows(), cols()}; }
    [[nodiscard]] ConstMatrixMap matrix() const noexcept { return {data_.data(), rows(), cols()}; }

    [[nodiscard]] TensorView view() noexcept { return {data_.data(), shape_}; }
    [[nodiscard]] ConstTensorView view() const noexcept { return {data_.data(), shape_}; }

    friend bool operator==(const Tensor& a, const Tensor& b) { return a.shape_ == b.shape_ && a.data_ == b.data_; }

private:
    [[nodiscard]] Eigen::Index rows() const noexcept {
        return shape_.rank() == 0 ? 1 : static_cast<Eigen::Index>(shape_[0]);
    }
    [[nodiscard]] Eigen::Index cols() const noexcept {
        const auto r = rows();
        return r == 0 ? 0 : static_cast<Eigen::Index>(data_.size()) / r;
    }

    Shape shape_{};
    detail::float_buffer data_;
};

/// Prints "(2, 3)".
std::ostream& operator<<(std::ostream& os, const Shape& s);

/// Prints "Tensor(shape=(2, 3), values=[1, 2, 3, 4, 5, 6])", eliding values after the eighth.
std::ostream& operator<<(std::ostream& os, const Tensor& t);

namespace detail {
/// The room a node output takes in a model's activation arena: its floats rounded up to 16 (64
/// bytes), so that every output starts as aligned as the arena itself. Both paths lay out their
/// arenas so: Eigen's vectorised kernels then see the same alignment on both, and give the same
/// bits (an unaligned start changes how a reduction such as softmax's row sum is split).
[[nodiscard]] constexpr std::size_t arena_floats(std::size_t n) noexcept { return (n + 15) / 16 * 16; }
} // namespace detail

} // namespace scion
