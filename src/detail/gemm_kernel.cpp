// src/detail/gemm_kernel.cpp — the tiled matrix product of detail::gemm, compiled once per
// instruction set (src/meson.build: one static library per set, each with its own -m flags).
//
// Eigen picks its vector width when it is compiled (from __AVX2__, __AVX512F__, ...), not when it
// runs. So that a libscion built without -march still multiplies with AVX2 or AVX-512 where the
// CPU has them, this file is compiled several times, and each copy renames Eigen's namespace
// (SCION_EIGEN_NAMESPACE, e.g. scion_eigen_avx2): the copies' Eigen functions are then distinct
// symbols, and the linker can never merge an AVX-512 instantiation with the baseline one that the
// rest of libscion uses (the one-definition rule holds). Nothing here may include a header that
// includes Eigen under its own name.
#ifndef SCION_GEMM_ISA
#error "compile with -DSCION_GEMM_ISA=<name> -DSCION_EIGEN_NAMESPACE=<namespace>"
#endif
#define Eigen SCION_EIGEN_NAMESPACE
#include <Eigen/Core>

#include <scion/detail/gemm_kernel.hpp>

#include <algorithm>

namespace scion::detail::SCION_GEMM_ISA {

namespace {

using Eigen::Index;
using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using YMap = Eigen::Map<RowMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;
using XMap = Eigen::Map<const RowMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;
template <class WMatrix>
using WMap = Eigen::Map<const WMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;

// The floats a packed operand may take on the stack (three quarters of Eigen's limit).
constexpr Index budget = Index(EIGEN_STACK_ALLOCATION_LIMIT) * 3 / 4 / Index(sizeof(float));

// A matrix-vector product calls Eigen's matrix-vector kernel directly, as Eigen's own product
// does after inspecting its operands at run time (generic_product_impl::scaleAndAddTo, then
// gemv_dense_selector): the same kernel with the same arguments, so the same numbers, without
// the expression objects around it, which cost about as much as the kernel itself at small
// sizes. Only the cases Eigen sends to that kernel as they are: not the products it computes
// coefficient by coefficient (sizes summing under EIGEN_GEMM_TO_COEFFBASED_THRESHOLD), not a
// vector operand that Eigen would first copy (strided). A 1 x 1 result is Eigen's dot product,
// written here as Eigen writes it (the same expression types, so the same order of sums).
template <class WMatrix>
void dot(const gemm_args& a) {
    const XMap x(a.x, 1, a.depth, Eigen::OuterStride<>(a.ldx));
    const WMap<WMatrix> w(a.w, a.depth, 1, Eigen::OuterStride<>(a.ldw));
    const float d = x.row(0).dot(w.col(0).col(0));
    a.y[0] = (a.accumulate ? a.y[0] : 0.0f) + 1.0f * d;
}

bool direct_gemv(const gemm_args& a) {
    using namespace Eigen::internal;
    // Deeper products are split in depth by tiled (below), which sums in another order.
    if (a.depth <= 0 || a.depth > budget || a.depth + a.rows + a.cols < EIGEN_GEMM_TO_COEFFBASED_THRESHOLD) return false;
    if (a.rows == 1 && a.cols == 1) {
        if (a.w_col_major) dot<ColMatrix>(a);
        else dot<RowMatrix>(a);
        return true;
    }
    if (a.rows == 1) {
        // y (1 x cols) = x w, computed as y^T = w^T x^T.
        if (!a.accumulate) std::fill_n(a.y, a.cols, 0.0f);
        if (!a.w_col_major) {  // w^T is column-major, columns ldw apart
            using L = const_blas_data_mapper<float, Index, Eigen::ColMajor>;
            using R = const_blas_data_mapper<float, Index, Eigen::RowMajor>;
            general_matrix_vector_product<Index, float, L, Eigen::ColMajor, false, float, R, false>::run(
                a.cols, a.depth, L(a.w, a.ldw), R(a.x, 1), a.y, 1, 1.0f);
        } else {  // w^T is row-major, rows ldw apart
            using L = const_blas_data_mapper<float, Index, Eigen::RowMajor>;
            using R = const_blas_data_mapper<float, Index, Eigen::ColMajor>;
            general_matrix_vector_product<Index, float, L, Eigen::RowMajor, false, float, R, false>::run(
                a.cols, a.depth, L(a.w, a.ldw), R(a.x, 1), a.y, 1, 1.0f);
        }
        return true;
    }
    if (a.cols == 1 && a.rows > 1 && (a.w_col_major || a.ldw == 1)) {
        // y (rows x 1) = x w: x row-major, w a contiguous column, y's column ldy apart.
        if (!a.accumulate)
            for (Index i = 0; i < a.rows; ++i) a.y[i * a.ldy] = 0.0f;
        using L = const_blas_data_mapper<float, Index, Eigen::RowMajor>;
        using R = const_blas_data_mapper<float, Index, Eigen::ColMajor>;
        general_matrix_vector_product<Index, float, L, Eigen::RowMajor, false, float, R, false>::run(
            a.rows, a.depth, L(a.x, a.ldx), R(a.w, 1), a.y, a.ldy, 1.0f);
        return true;
    }
    return false;
}

// y = x · w (or y += x · w), computed in tiles small enough that Eigen packs every operand on
// the stack. Eigen's GEMM packs blocks of its operands into buffers it puts on the heap when
// they exceed EIGEN_STACK_ALLOCATION_LIMIT (a 64 x 728 batch through a 728 x 32 kernel packs
// 186 KB): tiling keeps each packed block under three quarters of that limit, so a forward pass
// allocates nothing. A product that fits, or a matrix-vector product (batch 1), is done in one
// call; larger ones are split in depth (at most 512 at a time) and then in rows and columns,
// in tiles of balanced sizes.
//
// The maps are made here, from the arguments, in the function that uses them: passed down as
// objects they went through the stack in pieces of different widths, and the loads that read
// them back stalled on store forwarding (measured: a quarter of the cost of a small product).
template <class WMatrix>
void tiled(const gemm_args& a) {
    YMap y(a.y, a.rows, a.cols, Eigen::OuterStride<>(a.ldy));
    const XMap x(a.x, a.rows, a.depth, Eigen::OuterStride<>(a.ldx));
    const WMap<WMatrix> w(a.w, a.depth, a.cols, Eigen::OuterStride<>(a.ldw));
    const bool accumulate = a.accumulate;
    const Index rows = a.rows, depth = a.depth, cols = a.cols;
    const Index nk = std::max<Index>(1, (depth + 511) / 512);
    const Index kd = (depth + nk - 1) / nk;
    const Index step = std::max<Index>(1, budget / std::max<Index>(1, kd));
    // A matrix-vector product (Eigen packs nothing for it) or a product that fits: one call.
    if (((rows == 1 || cols == 1) && depth <= budget) || (nk == 1 && rows <= step && cols <= step)) {
        if (accumulate) y.noalias() += x * w;
        else y.noalias() = x * w;
        return;
    }
    const Index nr = (rows + step - 1) / step, rs = (rows + nr - 1) / nr;
    const Index nc = (cols + step - 1) / step, cs = (cols + nc - 1) / nc;
    for (Index i = 0; i < rows; i += rs) {
        const Index r = std::min(rs, rows - i);
        for (Index j = 0; j < cols; j += cs) {
            const Index c = std::min(cs, cols - j);
            auto tile = y.block(i, j, r, c);
            for (Index k = 0; k < depth; k += kd) {
                const Index d = std::min(kd, depth - k);
                if (k == 0 && !accumulate) tile.noalias() = x.block(i, k, r, d) * w.block(k, j, d, c);
                else tile.noalias() += x.block(i, k, r, d) * w.block(k, j, d, c);
            }
        }
    }
}

} // namespace

void gemm(const gemm_args& a) {
    if (a.rows == 0 || a.cols == 0) return;
    if (direct_gemv(a)) return;
    if (a.w_col_major) tiled<ColMatrix>(a);
    else tiled<RowMatrix>(a);
}

} // namespace scion::detail::SCION_GEMM_ISA
