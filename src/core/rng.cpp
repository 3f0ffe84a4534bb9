// src/core/rng.cpp — the global seed sequence, the Philox block fills (scalar, AVX2, AVX-512F,
// chosen at run time) and the fills of random_stream.
//
// The numbers are part of the contract: a seed gives the same weights on every machine, whichever
// fill runs and whatever -march libscion or its user is built with. Two rules keep it so:
// - Every fill computes the same words (tests/runtime/test_core.cpp checks each against the
//   scalar loop and the published known answers) and turns them into floats with the same
//   operations, each rounded as written: `lo + scale * u` is a product rounded to float, then a
//   sum rounded to float.
// - No contraction of a product and a sum into a fused multiply-add, which rounds once and so
//   changes the last bit: g++ contracts across statements by default (-ffp-contract=fast in GNU
//   mode) wherever FMA is enabled (-march=native, a target("fma") function), and clang within an
//   expression. This file is therefore compiled apart from libscion's unity build with
//   -ffp-contract=off (src/meson.build), and no kernel here is compiled for a target with FMA.
#include <scion/core/rng.hpp>
#include "detail/cpu.hpp"

// src/meson.build passes -DSCION_FP_CONTRACT_OFF with -ffp-contract=off: a build that compiles this
// file otherwise where FMA is enabled would give other weights, and is stopped here.
// clang (which does not define __FP_FAST_FMAF) is told so in the file as well.
#if defined(__FP_FAST_FMAF) && !defined(SCION_FP_CONTRACT_OFF)
#error "src/core/rng.cpp must be compiled with -ffp-contract=off -DSCION_FP_CONTRACT_OFF where FMA is enabled"
#endif
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <span>
#include <type_traits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCION_PHILOX_X86 1
#if defined(__GNUC__) && !defined(__clang__)
// g++ 12's AVX-512 intrinsics pass a self-initialised "undefined" vector as the unused operand of
// their masked builtins, which -Wmaybe-uninitialized reports at the intrinsic, in the header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#include <immintrin.h>
#endif
#else
#define SCION_PHILOX_X86 0
#endif

namespace scion {

namespace detail {
std::atomic<std::uint64_t>& seed_base() noexcept {
    static std::atomic<std::uint64_t> base{0x5C10'0000'0000'0000ull};
    return base;
}
std::atomic<std::uint64_t>& seed_counter() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter;
}
} // namespace detail

void set_global_seed(std::uint64_t s) noexcept {
    detail::seed_base().store(s);
    detail::seed_counter().store(0);
}

seed next_seed() noexcept {
    const std::uint64_t n = detail::seed_counter().fetch_add(1);
    return seed{detail::mix64(detail::seed_base().load() ^ detail::mix64(n))};
}

namespace rng_fill {

using detail::philox_m0, detail::philox_m1, detail::philox_w0, detail::philox_w1;

/// One fill: blocks first, first + 1, ... of `stream` under `key`, in sub-stream `sub`; written
/// as words (T = std::uint32_t) or as `lo + scale * to_unit(word)` (T = float).
struct job {
    std::array<std::uint32_t, 2> key;
    std::uint64_t stream;
    std::uint64_t first;
    std::uint32_t sub;
    float lo = 0, scale = 0;
};

/// Block `b`'s counter, as random_stream::block builds it.
constexpr std::array<std::uint32_t, 4> counter(const job& j, std::uint64_t b) noexcept {
    return {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32) ^ j.sub,
            static_cast<std::uint32_t>(j.stream), static_cast<std::uint32_t>(j.stream >> 32)};
}

/// The reference every kernel must equal: one block at a time, each float a product rounded to
/// float, then a sum.
template <class T>
void fill_scalar(T* out, std::size_t n, const job& j) noexcept {
    std::uint64_t b = j.first;
    for (std::size_t i = 0; i < n; i += 4, ++b) {
        const auto w = detail::philox4x32_10(counter(j, b), j.key);
        const std::size_t m = std::min<std::size_t>(4, n - i);
        for (std::size_t k = 0; k < m; ++k) {
            if constexpr (std::is_same_v<T, float>) out[i + k] = j.lo + j.scale * random_stream::to_unit(w[k]);
            else out[i + k] = w[k];
        }
    }
}

#if SCION_PHILOX_X86
// The AVX2 kernel keeps blocks in the 64-bit lanes of four registers x0..x3 (word k of a block in
// the low 32 bits of lane i of xk; the high halves are don't-care): vpmuludq multiplies the low
// halves into the full 64-bit product, whose high half a dword shuffle brings down. A round is two
// multiplies, two shuffles and four xors for 4 blocks. The AVX-512 kernel keeps a block's words
// (c0, c1) in one 64-bit lane of a register and (c2, c3) in the same lane of another: a masked
// three-way xor writes hi(product) ^ c1 ^ key into the high halves while keeping lo(product) in
// the low halves, and one shuffle swaps the halves, ready for the next multiply: two multiplies,
// two xors and two shuffles for 8 blocks. Several groups of blocks per pass hide the multiplies'
// latency; the round keys are broadcast once per fill; at the end a group's lanes are put back in
// block order and stored, as words or as floats (the same operations as fill_scalar's).

constexpr int avx2_groups = 4;    // 4 x 4 blocks per pass (measured best of 2..4 on Zen 5)
constexpr int avx512_groups = 5;  // 5 x 8 blocks per pass (measured on Zen 5: 2 and 4 slower, 6 the same)

// How a vector kernel writes: words, floats, or floats with the 2^-24 of to_unit folded into the
// scale. The product (w >> 8) * (scale * 2^-24) is then the same real number as
// ((w >> 8) * 2^-24) * scale, rounded once as that is: exact when scale * 2^-24 is a normal float
// (multiplying by a power of two only changes the exponent), and used only then.
enum class out_kind { words, floats, floats_folded };

template <out_kind K>
using out_t = std::conditional_t<K == out_kind::words, std::uint32_t, float>;

template <out_kind K>
[[gnu::target("avx2")]] inline void put8_avx2(out_t<K>* dst, __m256i w, __m256 lo, __m256 scale) noexcept {
    if constexpr (K == out_kind::words) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst), w);
    } else {
        __m256 u = _mm256_cvtepi32_ps(_mm256_srli_epi32(w, 8));
        if constexpr (K == out_kind::floats) u = _mm256_mul_ps(u, _mm256_set1_ps(0x1.0p-24f));
        _mm256_storeu_ps(dst, _mm256_add_ps(lo, _mm256_mul_ps(scale, u)));
    }
}

template <out_kind K>
[[gnu::target("avx2")]] void fill_avx2(out_t<K>* out, std::size_t n, const job& j, float scale_used) noexcept {
    using T = out_t<K>;
    constexpr int lanes = 4, per_pass = lanes * avx2_groups;  // blocks
    const __m256i mul0 = _mm256_set1_epi64x(philox_m0), mul1 = _mm256_set1_epi64x(philox_m1);
    __m256i rk0[10], rk1[10];
    for (std::uint32_t r = 0; r < 10; ++r) {
        rk0[r] = _mm256_set1_epi32(static_cast<int>(j.key[0] + r * philox_w0));
        rk1[r] = _mm256_set1_epi32(static_cast<int>(j.key[1] + r * philox_w1));
    }
    const __m256i sub = _mm256_set1_epi32(static_cast<int>(j.sub));
    const __m256i s_lo = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(j.stream)));
    const __m256i s_hi = _mm256_set1_epi32(static_cast<int>(static_cast<std::uint32_t>(j.stream >> 32)));
    const __m256i step = _mm256_set1_epi64x(lanes);
    const __m256 lo = _mm256_set1_ps(j.lo), scale = _mm256_set1_ps(scale_used);
    __m256i b = _mm256_add_epi64(_mm256_set1_epi64x(static_cast<long long>(j.first)), _mm256_setr_epi64x(0, 1, 2, 3));

    alignas(32) T tail[4 * per_pass];
    for (std::size_t i = 0; i < n; i += 4 * per_pass) {
        __m256i x0[avx2_groups], x1[avx2_groups], x2[avx2_groups], x3[avx2_groups];
        for (int g = 0; g < avx2_groups; ++g) {
            x0[g] = b;  // the block number's low half, then its high half ^ sub
            x1[g] = _mm256_xor_si256(_mm256_srli_epi64(b, 32), sub);
            x2[g] = s_lo;
            x3[g] = s_hi;
            b = _mm256_add_epi64(b, step);
        }
        for (int r = 0; r < 10; ++r) {
            for (int g = 0; g < avx2_groups; ++g) {
                const __m256i p0 = _mm256_mul_epu32(x0[g], mul0);
                const __m256i p1 = _mm256_mul_epu32(x2[g], mul1);
                // c1 ^ key is ready before the product: only one xor follows the multiply.
                x0[g] = _mm256_xor_si256(_mm256_shuffle_epi32(p1, 0xB1), _mm256_xor_si256(x1[g], rk0[r]));
                x1[g] = p1;
                x2[g] = _mm256_xor_si256(_mm256_shuffle_epi32(p0, 0xB1), _mm256_xor_si256(x3[g], rk1[r]));
                x3[g] = p0;
            }
        }
        const bool whole = n - i >= 4 * per_pass;
        T* dst = whole ? out + i : tail;
        for (int g = 0; g < avx2_groups; ++g) {
            // (c0, c1) and (c2, c3) of each block side by side, then the blocks in order.
            const __m256i t01 = _mm256_blend_epi32(x0[g], _mm256_slli_epi64(x1[g], 32), 0xAA);
            const __m256i t23 = _mm256_blend_epi32(x2[g], _mm256_slli_epi64(x3[g], 32), 0xAA);
            const __m256i even = _mm256_unpacklo_epi64(t01, t23);  // blocks 0 and 2
            const __m256i odd = _mm256_unpackhi_epi64(t01, t23);   // blocks 1 and 3
            put8_avx2<K>(dst + 16 * g, _mm256_permute2x128_si256(even, odd, 0x20), lo, scale);
            put8_avx2<K>(dst + 16 * g + 8, _mm256_permute2x128_si256(even, odd, 0x31), lo, scale);
        }
        if (!whole) std::memcpy(out + i, tail, (n - i) * sizeof(T));
    }
}

template <out_kind K>
[[gnu::target("avx512f")]] inline void put16_avx512(out_t<K>* dst, __m512i w, __m512 lo, __m512 scale) noexcept {
    if constexpr (K == out_kind::words) {
        _mm512_storeu_si512(dst, w);
    } else {
        __m512 u = _mm512_cvtepi32_ps(_mm512_srli_epi32(w, 8));
        if constexpr (K == out_kind::floats) u = _mm512_mul_ps(u, _mm512_set1_ps(0x1.0p-24f));
        _mm512_storeu_ps(dst, _mm512_add_ps(lo, _mm512_mul_ps(scale, u)));
    }
}

template <out_kind K>
[[gnu::target("avx512f")]] void fill_avx512(out_t<K>* out, std::size_t n, const job& j, float scale_used) noexcept {
    using T = out_t<K>;
    constexpr int lanes = 8, per_pass = lanes * avx512_groups;
    constexpr __mmask16 high_halves = 0xAAAA;
    constexpr int xor3 = 0x96;  // the ternary-logic table of a ^ b ^ c
    const __m512i mul0 = _mm512_set1_epi64(philox_m0), mul1 = _mm512_set1_epi64(philox_m1);
    __m512i rk0[10], rk1[10];
    for (std::uint32_t r = 0; r < 10; ++r) {
        rk0[r] = _mm512_set1_epi32(static_cast<int>(j.key[0] + r * philox_w0));
        rk1[r] = _mm512_set1_epi32(static_cast<int>(j.key[1] + r * philox_w1));
    }
    const __m512i sub = _mm512_set1_epi64(static_cast<long long>(std::uint64_t{j.sub} << 32));
    const __m512i stream = _mm512_set1_epi64(static_cast<long long>(j.stream));  // (c2, c3)
    const __m512i step = _mm512_set1_epi64(lanes);
    const __m512i order0 = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const __m512i order1 = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    const __m512 lo = _mm512_set1_ps(j.lo), scale = _mm512_set1_ps(scale_used);
    __m512i b = _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(j.first)),
                                 _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));

    alignas(64) T tail[4 * per_pass];
    for (std::size_t i = 0; i < n; i += 4 * per_pass) {
        __m512i a[avx512_groups], c[avx512_groups];  // (c0, c1) and (c2, c3) of 8 blocks
        for (int g = 0; g < avx512_groups; ++g) {
            a[g] = _mm512_xor_si512(b, sub);  // (b, b >> 32 ^ sub)
            c[g] = stream;
            b = _mm512_add_epi64(b, step);
        }
        for (int r = 0; r < 10; ++r) {
            for (int g = 0; g < avx512_groups; ++g) {
                const __m512i p0 = _mm512_mul_epu32(a[g], mul0);
                const __m512i p1 = _mm512_mul_epu32(c[g], mul1);
                // (lo p1, hi p1 ^ c1 ^ k0) swapped = (c0', c1'); (lo p0, hi p0 ^ c3 ^ k1) swapped = (c2', c3').
                a[g] = _mm512_shuffle_epi32(_mm512_mask_ternarylogic_epi32(p1, high_halves, a[g], rk0[r], xor3),
                                            _MM_PERM_CDAB);
                c[g] = _mm512_shuffle_epi32(_mm512_mask_ternarylogic_epi32(p0, high_halves, c[g], rk1[r], xor3),
                                            _MM_PERM_CDAB);
            }
        }
        const bool whole = n - i >= 4 * per_pass;
        T* dst = whole ? out + i : tail;
        for (int g = 0; g < avx512_groups; ++g) {
            put16_avx512<K>(dst + 32 * g, _mm512_permutex2var_epi64(a[g], order0, c[g]), lo, scale);
            put16_avx512<K>(dst + 32 * g + 16, _mm512_permutex2var_epi64(a[g], order1, c[g]), lo, scale);
        }
        if (!whole) std::memcpy(out + i, tail, (n - i) * sizeof(T));
    }
}
#endif

// The widest kernel the CPU runs and SCION_MAX_ISA allows (detail::cpu; the AVX-512 kernel uses
// AVX-512F only, the AVX2 kernel AVX2 only, so these ask for less than the matrix product's).
detail::philox_isa detect() noexcept {
#if SCION_PHILOX_X86
    const detail::cpu_features& f = detail::cpu();
    if (f.avx512f && f.cap >= detail::isa_level::avx512) return detail::philox_isa::avx512;
    if (f.avx2 && f.cap >= detail::isa_level::avx2) return detail::philox_isa::avx2;
#endif
    return detail::philox_isa::scalar;
}

detail::philox_isa best() noexcept {
    static const detail::philox_isa isa = detect();
    return isa;
}

std::atomic<detail::philox_isa>& in_use() noexcept {
    static std::atomic<detail::philox_isa> isa{best()};
    return isa;
}

detail::philox_isa clamp(detail::philox_isa isa) noexcept {
    return static_cast<int>(isa) <= static_cast<int>(best()) ? isa : best();
}

#if SCION_PHILOX_X86
/// The vector kernels by name, for fill_by.
struct avx2_kernel {
    template <out_kind K>
    static void fill(out_t<K>* out, std::size_t n, const job& j, float scale) noexcept {
        fill_avx2<K>(out, n, j, scale);
    }
};
struct avx512_kernel {
    template <out_kind K>
    static void fill(out_t<K>* out, std::size_t n, const job& j, float scale) noexcept {
        fill_avx512<K>(out, n, j, scale);
    }
};

/// A vector kernel writing words, or floats with the scale folded where that is exact.
template <class Kernel, class T>
void fill_by(T* out, std::size_t n, const job& j) noexcept {
    if constexpr (std::is_same_v<T, float>) {
        if (const float folded = j.scale * 0x1.0p-24f; std::isnormal(folded))
            return Kernel::template fill<out_kind::floats_folded>(out, n, j, folded);
        return Kernel::template fill<out_kind::floats>(out, n, j, j.scale);
    } else {
        return Kernel::template fill<out_kind::words>(out, n, j, 0.0f);
    }
}
#endif

/// Elements [0, n) of the job into `out`, by the implementation `isa` (clamped to the CPU's).
template <class T>
void fill(T* out, std::size_t n, const job& j, detail::philox_isa isa) noexcept {
    switch (clamp(isa)) {
#if SCION_PHILOX_X86
    case detail::philox_isa::avx512: return fill_by<avx512_kernel>(out, n, j);
    case detail::philox_isa::avx2: return fill_by<avx2_kernel>(out, n, j);
#endif
    default: return fill_scalar(out, n, j);
    }
}

/// normal and truncated_normal draw their words through a buffer of this many (a multiple of 4)
/// on the stack: small enough for L1, large enough that each call does little else.
constexpr std::size_t chunk = 1024;

} // namespace rng_fill

namespace detail {

philox_isa philox_best_isa() noexcept { return rng_fill::best(); }
philox_isa philox_isa_in_use() noexcept { return rng_fill::in_use().load(std::memory_order_relaxed); }
void use_philox_isa(philox_isa isa) noexcept { rng_fill::in_use().store(rng_fill::clamp(isa)); }

void philox_fill(std::span<std::uint32_t> out, std::array<std::uint32_t, 2> key, std::uint64_t stream,
                 std::uint64_t first, std::uint32_t sub, philox_isa isa) noexcept {
    rng_fill::fill(out.data(), out.size(), rng_fill::job{key, stream, first, sub}, isa);
}

} // namespace detail

void random_stream::uniform(std::span<float> out, float lo, float hi) const noexcept {
    rng_fill::fill(out.data(), out.size(), rng_fill::job{key_, stream_, 0, 0, lo, hi - lo}, detail::philox_isa_in_use());
}

void random_stream::normal(std::span<float> out, float mean, float stddev) const noexcept {
    // Words 4b..4b+3 (block b) give elements 4b..4b+3: (w0, w1) the first two, (w2, w3) the others.
    const detail::philox_isa isa = detail::philox_isa_in_use();
    std::uint32_t w[rng_fill::chunk];
    for (std::size_t i = 0; i < out.size(); i += rng_fill::chunk) {
        const std::size_t m = std::min(rng_fill::chunk, out.size() - i);
        rng_fill::fill(w, (m + 1) / 2 * 2, rng_fill::job{key_, stream_, i / 4, 0}, isa);
        for (std::size_t k = 0; k < m; k += 2) {
            float z0 = 0, z1 = 0;
            box_muller(w[k], w[k + 1], z0, z1);
            out[i + k] = mean + stddev * z0;
            if (k + 1 < m) out[i + k + 1] = mean + stddev * z1;
        }
    }
}

void random_stream::truncated_normal(std::span<float> out, float mean, float stddev) const noexcept {
    // Element i's first try is block (i, sub-stream 1), drawn for a chunk of elements at once; a
    // redraw (both values beyond two standard deviations: about one element in 500) takes block (i, 2), (i, 3), ... alone.
    const detail::philox_isa isa = detail::philox_isa_in_use();
    constexpr std::size_t per_chunk = rng_fill::chunk / 4;
    std::uint32_t w[rng_fill::chunk];
    for (std::size_t i0 = 0; i0 < out.size(); i0 += per_chunk) {
        const std::size_t m = std::min(per_chunk, out.size() - i0);
        rng_fill::fill(w, 4 * m, rng_fill::job{key_, stream_, i0, 1}, isa);
        for (std::size_t k = 0; k < m; ++k) {
            const std::size_t i = i0 + k;
            float z0 = 0, z1 = 0;
            box_muller(w[4 * k], w[4 * k + 1], z0, z1);
            for (std::uint32_t attempt = 2;; ++attempt) {
                if (std::fabs(z0) <= 2.0f) { out[i] = mean + stddev * z0; break; }
                if (std::fabs(z1) <= 2.0f) { out[i] = mean + stddev * z1; break; }
                const auto r = block(i, attempt);
                box_muller(r[0], r[1], z0, z1);
            }
        }
    }
}

void random_stream::box_muller(std::uint32_t a, std::uint32_t b, float& z0, float& z1) noexcept {
    // u1 in (0, 1], so the logarithm is finite.
    const double u1 = (static_cast<double>(a >> 8) + 1.0) * 0x1.0p-24;
    const double u2 = static_cast<double>(b >> 8) * 0x1.0p-24;
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double t = 2.0 * std::numbers::pi * u2;
    z0 = static_cast<float>(r * std::cos(t));
    z1 = static_cast<float>(r * std::sin(t));
}

} // namespace scion
