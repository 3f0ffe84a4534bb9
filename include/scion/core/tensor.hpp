// scion/core/tensor.hpp — Tensor (owning, float32, row-major, batch first) and its views.
#pragma once

#include <scion/core/error.hpp>
#include <scion/core/shape.hpp>

#include <Eigen/Core>

#include <cstddef>
#include <cstdint>
#include <new>
#include <ostream>
#include <span>
#include <type_traits>
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
///
/// It takes one plain `operator new` of `buffer_alignment` more bytes and aligns within it by hand,
/// keeping the distance in the byte before the aligned block: the aligned `operator new` (glibc's
/// memalign) cost four times as much per allocation (measured: 55 ns against 15 ns per new and
/// delete at 4 to 4096 bytes), which a fresh clone pays for every weight and `predict` for its
/// result. Elements that a vector makes without a value (`resize`, `vector(n)`) are left as
/// they are (default-initialised), so that storage about to be written is not zeroed first; a
/// value given (`vector(n, 0.0f)`) is written as usual.
template <class T>
struct aligned_allocator {
    using value_type = T;
    aligned_allocator() noexcept = default;
    template <class U>
    aligned_allocator(const aligned_allocator<U>&) noexcept {} // NOLINT: rebinding converts
    [[nodiscard]] T* allocate(std::size_t n) {
        static_assert(buffer_alignment <= 128 && alignof(T) <= buffer_alignment);
        if (n > (static_cast<std::size_t>(-1) - buffer_alignment) / sizeof(T)) throw std::bad_array_new_length();
        auto* raw = static_cast<unsigned char*>(::operator new(n * sizeof(T) + buffer_alignment));
        const std::size_t shift = buffer_alignment - reinterpret_cast<std::uintptr_t>(raw) % buffer_alignment;
        unsigned char* aligned = raw + shift;  // shift is 1 .. buffer_alignment: room for the byte
        aligned[-1] = static_cast<unsigned char>(shift);
        return reinterpret_cast<T*>(aligned);
    }
    // The unsized form: clang declares the sized ones only with -fsized-deallocation.
    void deallocate(T* p, std::size_t /*n*/) noexcept {
        auto* aligned = reinterpret_cast<unsigned char*>(p);
        ::operator delete(aligned - aligned[-1]);
    }
    /// Default-initialises (for floats: leaves the memory as it is).
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
    template <class U>
    friend bool operator==(const aligned_allocator&, const aligned_allocator<U>&) noexcept {
        return true;
    }
};

/// Asks for storage whose values are not set (Tensor's constructor).
struct uninitialized_t {
    explicit uninitialized_t() = default;
};
inline constexpr uninitialized_t uninitialized{};

/// A growable buffer of floats aligned to `buffer_alignment`: a Tensor's storage, a workspace.
/// Growing it leaves the new floats unset (see aligned_allocator).
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
    /// A tensor of the given shape whose values are not set: for code that writes every value
    /// next (a weight's initializer), so that it is not zeroed first.
    Tensor(Shape shape, detail::uninitialized_t) : shape_(shape), data_(shape.elements()) {}
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
    /// Values kept are kept; new ones are zero.
    void resize(Shape shape) {
        shape_ = shape;
        data_.resize(shape.elements(), 0.0f);
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
