// src/detail/cpu.hpp — what this CPU runs, asked once, for every part of libscion that picks an
// implementation at run time (the matrix-product kernels, src/detail/gemm.cpp; the random fills,
// src/core/rng.cpp). Internal to libscion: not installed.
#pragma once

namespace scion::detail {

/// The instruction-set levels libscion has kernels for, narrowest first.
enum class isa_level : int { baseline = 0, avx2 = 1, avx512 = 2 };

/// The CPU's features (each also checked to be saved by the operating system, as the compiler's
/// CPU check does; all false off x86-64) and the cap the environment variable SCION_MAX_ISA puts
/// on every choice (`baseline`, `avx2` or `avx512`; unset or any other value: no cap).
struct cpu_features {
    bool avx2 = false, fma = false;
    bool avx512f = false, avx512dq = false, avx512vl = false, avx512bw = false;
    isa_level cap = isa_level::avx512;

    /// Whether the CPU runs a kernel compiled for `level`: AVX2 with FMA; AVX-512 F, DQ, VL and
    /// BW (what Eigen's AVX-512 code and the compiler's -mavx512* flags of the kernels use).
    [[nodiscard]] bool runs(isa_level level) const noexcept;
    /// Whether such a kernel may be chosen: the CPU runs it and SCION_MAX_ISA allows it.
    [[nodiscard]] bool allows(isa_level level) const noexcept {
        return static_cast<int>(level) <= static_cast<int>(cap) && runs(level);
    }
};

/// This CPU's features, read on first use (thread-safe) and kept.
[[nodiscard]] const cpu_features& cpu() noexcept;

} // namespace scion::detail
