// src/detail/gemm.cpp — the list of compiled matrix-product kernels and the choice among them.
#include <scion/detail/gemm_kernel.hpp>

#include <array>
#include <cstdlib>
#include <cstring>
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

#if defined(SCION_GEMM_AVX2) || defined(SCION_GEMM_AVX512)
// GCC's and Clang's CPU checks also check that the operating system saves the wider registers.
bool cpu_has_avx2() noexcept { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }
bool cpu_has_avx512() noexcept {
    return cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
}
#endif

const std::span<const gemm_kernel> all() noexcept {
    static const auto kernels = [] {
        return std::array{
            gemm_kernel{"baseline", &baseline::gemm, true},
#ifdef SCION_GEMM_AVX2
            gemm_kernel{"avx2", &avx2::gemm, cpu_has_avx2()},
#endif
#ifdef SCION_GEMM_AVX512
            gemm_kernel{"avx512", &avx512::gemm, cpu_has_avx512()},
#endif
        };
    }();
    return kernels;
}

const gemm_kernel& choose() noexcept {
    const std::span<const gemm_kernel> ks = all();
    const char* cap = std::getenv("SCION_MAX_ISA");
    const gemm_kernel* best = &ks[0];
    for (const gemm_kernel& k : ks) {
        if (!k.supported) continue;
        best = &k;
        if (cap != nullptr && k.isa == std::string_view(cap)) break;
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
