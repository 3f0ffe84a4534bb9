// scion/detail/philox.hpp — Philox4x32-10, the counter-based generator behind scion::rng (detail).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace scion::detail {

/// Philox4x32 with 10 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// SC'11): a bijection of a 128-bit counter under a 64-bit key. The same (key, counter) always
/// gives the same four words, whatever else was drawn before: that is what makes weights
/// independent of initialisation order.
[[nodiscard]] constexpr std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> c,
                                                                   std::array<std::uint32_t, 2> k) noexcept {
    constexpr std::uint64_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
    constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = m0 * c[0];
        const std::uint64_t p1 = m1 * c[2];
        c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
             static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
        k[0] += w0;
        k[1] += w1;
    }
    return c;
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
