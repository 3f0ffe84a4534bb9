// scion/detail/gemm_kernel.hpp — the matrix product behind detail::gemm, compiled once per
// instruction set and chosen at run time (implementation detail; no Eigen here).
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace scion::detail {

/// One product y = x · w (or y += x · w, `accumulate`), every operand given by its first element
/// and the distance between its rows (or columns):
/// - y: rows x cols, row-major, rows `ldy` floats apart;
/// - x: rows x depth, row-major, rows `ldx` floats apart;
/// - w: depth x cols, row-major with rows `ldw` apart, or (`w_col_major`) column-major with
///   columns `ldw` apart (the transpose of a row-major matrix).
struct gemm_args {
    float* y = nullptr;
    std::ptrdiff_t ldy = 0;
    const float* x = nullptr;
    std::ptrdiff_t ldx = 0;
    const float* w = nullptr;
    std::ptrdiff_t ldw = 0;
    bool w_col_major = false;
    std::ptrdiff_t rows = 0, depth = 0, cols = 0;
    bool accumulate = false;
};

/// One compiled implementation of the product: Eigen's kernels built for one instruction set.
struct gemm_kernel {
    std::string_view isa;                  ///< "baseline", "avx2" (AVX2 + FMA), "avx512" (F, DQ, VL, BW)
    void (*run)(const gemm_args&) = nullptr;
    bool supported = false;                ///< whether this CPU (and its operating system) runs it
};

/// Every kernel compiled into this build of libscion, narrowest first. A build for x86-64 at
/// -O2 or more holds three; other builds hold the baseline only (compiled with the build's flags,
/// so `-march=native` makes it the native one).
[[nodiscard]] std::span<const gemm_kernel> gemm_kernels() noexcept;

/// The kernel every product uses: the widest one this CPU supports, capped by the environment
/// variable SCION_MAX_ISA (`baseline`, `avx2`, `avx512`) when it is set. Chosen on first use.
[[nodiscard]] const gemm_kernel& active_gemm_kernel() noexcept;

/// Runs the product with the active kernel. Allocates nothing: the product is computed in tiles
/// whose packed operands fit on the stack (detail::gemm).
void gemm_f32(const gemm_args& a);

} // namespace scion::detail
