// src/detail/gemm.cpp — the list of compiled matrix-product kernels and the choice among them.
#include <scion/detail/gemm_kernel.hpp>

#include "detail/cpu.hpp"

#include <array>
#include <span>
#include <string_view>

// Each kernel is a copy of src/detail/gemm_kernel.cpp compiled for one instruction set; meson
// defines SCION_GEMM_AVX2 and SCION_GEMM_AVX512 when it builds those copies (x86-64, -O2 or more).
namespace scion::detail {
namespace baseline { void gemm(const gemm_args&); }
#ifdef SCION_GEMM_AVX2
namespace avx2 { void gemm(const gemm_args&); }
#endif
#ifdef SCION_GEMM_AVX512
namespace avx512 { void gemm(const gemm_args&); }
#endif

namespace gemm_dispatch {

const std::span<const gemm_kernel> all() noexcept {
    static const auto kernels = [] {
        [[maybe_unused]] const cpu_features& f = cpu();
        return std::array{
            gemm_kernel{"baseline", &baseline::gemm, true},
#ifdef SCION_GEMM_AVX2
            gemm_kernel{"avx2", &avx2::gemm, f.runs(isa_level::avx2)},
#endif
#ifdef SCION_GEMM_AVX512
            gemm_kernel{"avx512", &avx512::gemm, f.runs(isa_level::avx512)},
#endif
        };
    }();
    return kernels;
}

// The widest kernel the CPU runs and SCION_MAX_ISA allows (detail::cpu).
const gemm_kernel& choose() noexcept {
    const std::span<const gemm_kernel> ks = all();
    const gemm_kernel* best = &ks[0];
    for (const gemm_kernel& k : ks) {
        const isa_level l = k.isa == "avx512" ? isa_level::avx512 : k.isa == "avx2" ? isa_level::avx2 : isa_level::baseline;
        if (cpu().allows(l)) best = &k;
    }
    return *best;
}

} // namespace gemm_dispatch

std::span<const gemm_kernel> gemm_kernels() noexcept { return gemm_dispatch::all(); }

const gemm_kernel& active_gemm_kernel() noexcept {
    static const gemm_kernel& k = gemm_dispatch::choose();
    return k;
}

void gemm_f32(const gemm_args& a) {
    static const auto run = active_gemm_kernel().run;
    run(a);
}

} // namespace scion::detail
