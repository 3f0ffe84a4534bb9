// scion/detail/philox.hpp — Philox4x32-10, the counter-based generator behind scion::rng (detail).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace scion::detail {

/// Philox4x32-10's multipliers and key increments (src/core/rng.cpp's vector fills use them too).
inline constexpr std::uint32_t philox_m0 = 0xD2511F53u, philox_m1 = 0xCD9E8D57u;
inline constexpr std::uint32_t philox_w0 = 0x9E3779B9u, philox_w1 = 0xBB67AE85u;

/// Philox4x32 with 10 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// SC'11): a bijection of a 128-bit counter under a 64-bit key. The same (key, counter) always
/// gives the same four words, whatever else was drawn before: that is what makes weights
/// independent of initialisation order.
[[nodiscard]] constexpr std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                                                   std::array<std::uint32_t, 2> k) noexcept {
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = std::uint64_t{philox_m0} * c[0];
        const std::uint64_t p1 = std::uint64_t{philox_m1} * c[2];
        c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
             static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
        k[0] += philox_w0;
        k[1] += philox_w1;
    }
    return c;
}

/// The implementations of `philox_fill`, which give the same words: the portable scalar loop over
/// `philox4x32_10`, and on x86-64 the AVX2 and AVX-512F kernels (several blocks per pass in vector
/// lanes), chosen at run time by what the CPU has, whatever `-march` libscion was built with.
enum class philox_isa : int { scalar = 0, avx2 = 1, avx512 = 2 };

/// The best implementation this CPU runs, capped by the environment variable SCION_MAX_ISA as the
/// matrix product's kernels are (`baseline` gives the scalar loop; decided once, at the first call).
[[nodiscard]] philox_isa philox_best_isa() noexcept;

/// The implementation the fills of `random_stream` use: `philox_best_isa()` unless changed by
/// `use_philox_isa`, which the tests call to compare the paths (a request above the best is
/// clamped to it). Any choice gives the same numbers, so changing it never changes a result.
[[nodiscard]] philox_isa philox_isa_in_use() noexcept;
void use_philox_isa(philox_isa isa) noexcept;

/// The words of consecutive blocks of one stream, as `random_stream::block` numbers them: block
/// `b` is `philox4x32_10({b, b >> 32 ^ sub, stream, stream >> 32}, key)` (32-bit truncations), and
/// word `i` of `out` is word `i % 4` of block `first + i / 4` (the last block may be cut). The
/// block number wraps at 2^64. `isa` above `philox_best_isa()` is clamped to it.
void philox_fill(std::span<std::uint32_t> out, std::array<std::uint32_t, 2> key, std::uint64_t stream,
                 std::uint64_t first, std::uint32_t sub, philox_isa isa) noexcept;

/// The reference: `philox_fill` by the scalar loop (what every other implementation must equal).
inline void philox_fill_scalar(std::span<std::uint32_t> out, std::array<std::uint32_t, 2> key, std::uint64_t stream,
                               std::uint64_t first, std::uint32_t sub) noexcept {
    philox_fill(out, key, stream, first, sub, philox_isa::scalar);
}

/// SplitMix64's finaliser: spreads the bits of a 64-bit value.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// FNV-1a over a string, then mixed: the stream id of a named weight.
[[nodiscard]] constexpr std::uint64_t hash_name(std::string_view s, std::uint64_t h = 0xCBF29CE484222325ull) noexcept {
    for (char ch : s) {
        h ^= static_cast<unsigned char>(ch);
        h *= 0x100000001B3ull;
    }
    return h;
}

} // namespace scion::detail
