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

// y = x · w (or y += x · w), computed in tiles small enough that Eigen packs every operand on
// the stack. Eigen's GEMM packs blocks of its operands into buffers it puts on the heap when
// they exceed EIGEN_STACK_ALLOCATION_LIMIT (a 64 x 728 batch through a 728 x 32 kernel packs
// 186 KB): tiling keeps each packed block under three quarters of that limit, so a forward pass
// allocates nothing. A product that fits, or a matrix-vector product (batch 1), is done in one
// call; larger ones are split in depth (at most 512 at a time) and then in rows and columns,
// in tiles of balanced sizes.
template <class W>
void tiled(YMap y, const XMap& x, const W& w, bool accumulate) {
    const Index rows = x.rows(), depth = x.cols(), cols = w.cols();
    constexpr Index budget = Index(EIGEN_STACK_ALLOCATION_LIMIT) * 3 / 4 / Index(sizeof(float));
    // One row or one column is a matrix-vector product: Eigen does not pack its operands for
    // it, only copies the vector when it is strided, on the stack up to the same limit. Decided
    // before any of the divisions below: at batch 1 they are a measurable part of a small layer.
    if ((rows == 1 || cols == 1) && depth <= budget) {
        if (accumulate) y.noalias() += x * w;
        else y.noalias() = x * w;
        return;
    }
    const Index nk = std::max<Index>(1, (depth + 511) / 512);
    const Index kd = (depth + nk - 1) / nk;
    const Index step = std::max<Index>(1, budget / std::max<Index>(1, kd));
    if (nk == 1 && rows <= step && cols <= step) {
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
    const YMap y(a.y, a.rows, a.cols, Eigen::OuterStride<>(a.ldy));
    const XMap x(a.x, a.rows, a.depth, Eigen::OuterStride<>(a.ldx));
    if (a.w_col_major)
        tiled(y, x, Eigen::Map<const ColMatrix, Eigen::Unaligned, Eigen::OuterStride<>>(a.w, a.depth, a.cols,
                                                                                       Eigen::OuterStride<>(a.ldw)),
              a.accumulate);
    else
        tiled(y, x, Eigen::Map<const RowMatrix, Eigen::Unaligned, Eigen::OuterStride<>>(a.w, a.depth, a.cols,
                                                                                       Eigen::OuterStride<>(a.ldw)),
              a.accumulate);
}

} // namespace scion::detail::SCION_GEMM_ISA
