// scion/graph/workspace.hpp — workspace: reusable scratch memory for allocation-free predict.
#pragma once

#include <scion/core/tensor.hpp>

#include <cstddef>
#include <span>
#include <vector>

namespace scion {

namespace detail {
/// The scratch a call of `predict` that returns its result takes from the stack before it needs a
/// workspace: 2048 floats (8 KB). A small model (the seed model needs 32 floats at batch 1) then
/// predicts with one heap allocation, its result.
inline constexpr std::size_t stack_scratch_floats = 2048;
} // namespace detail

/// Scratch memory for a model's intermediate activations. It only grows: after the first call
/// at a given batch size, predicting into a caller-provided tensor allocates nothing. One
/// workspace serves one thread at a time; give each thread its own.
class workspace {
public:
    workspace() = default;
    // A copy starts empty: scratch holds no state worth copying.
    workspace(const workspace&) noexcept {}
    workspace& operator=(const workspace&) noexcept { return *this; }
    workspace(workspace&&) noexcept = default;
    workspace& operator=(workspace&&) noexcept = default;
    ~workspace() = default;

    /// `n` floats of scratch (aligned to `detail::buffer_alignment`), valid until the next call.
    [[nodiscard]] std::span<float> get(std::size_t n) {
        if (buffer_.size() < n) buffer_.resize(n);
        return {buffer_.data(), n};
    }
    [[nodiscard]] std::size_t capacity() const noexcept { return buffer_.size(); }

private:
    detail::float_buffer buffer_;
};

} // namespace scion
