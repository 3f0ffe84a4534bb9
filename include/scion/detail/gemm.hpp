// scion/detail/gemm.hpp — matrix products that never allocate (implementation detail).
#pragma once

#include <scion/detail/gemm_kernel.hpp>

#include <cstddef>
#include <type_traits>

namespace scion::detail {

/// y = x · w (or y += x · w) for Eigen matrices, maps and blocks of floats: y and x row-major,
/// w row-major or the transpose of a row-major matrix, each with unit inner stride. The product
/// runs in libscion's kernel for the widest instruction set the CPU has (gemm_kernel.hpp), in
/// tiles whose packed operands fit on the stack: it allocates nothing.
template <class Y, class X, class W>
void gemm(Y&& y, const X& x, const W& w, bool accumulate = false) {
    using YT = std::remove_cvref_t<Y>;
    static_assert(YT::IsRowMajor && X::IsRowMajor, "detail::gemm: y and x must be row-major");
    static_assert(YT::InnerStrideAtCompileTime == 1 && X::InnerStrideAtCompileTime == 1 &&
                      W::InnerStrideAtCompileTime == 1,
                  "detail::gemm: operands with unit inner stride only");
    gemm_args a;
    a.y = y.data();
    a.ldy = y.outerStride();
    a.x = x.data();
    a.ldx = x.outerStride();
    a.w = w.data();
    a.ldw = w.outerStride();
    a.w_col_major = !W::IsRowMajor;
    a.rows = x.rows();
    a.depth = x.cols();
    a.cols = w.cols();
    a.accumulate = accumulate;
    gemm_f32(a);
}

} // namespace scion::detail
