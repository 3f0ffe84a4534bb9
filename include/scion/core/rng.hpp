// scion/core/rng.hpp — seeds and the counter-based random streams that initialise weights.
#pragma once

#include <scion/detail/philox.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <string_view>

namespace scion {

/// A seed for weight initialisation. `Model m{scion::seed{7}}` gives the same weights on every
/// run, on every platform, on the static and the dynamic path.
struct seed {
    std::uint64_t value = 0;
    constexpr explicit seed(std::uint64_t v) noexcept : value(v) {}
    friend constexpr bool operator==(seed, seed) = default;
};

namespace detail {
inline std::atomic<std::uint64_t>& seed_base() noexcept {
    static std::atomic<std::uint64_t> base{0x5C10'0000'0000'0000ull};
    return base;
}
inline std::atomic<std::uint64_t>& seed_counter() noexcept {
    static std::atomic<std::uint64_t> counter{0};
    return counter;
}
} // namespace detail

/// Restarts the sequence of seeds that unseeded models and clones draw from (the analogue of
/// `keras.utils.set_random_seed`). Without it the sequence still starts at a fixed point, so a
/// program that constructs its models in the same order gets the same weights on every run.
inline void set_global_seed(std::uint64_t s) noexcept {
    detail::seed_base().store(s);
    detail::seed_counter().store(0);
}

/// The next seed of the global sequence: each unseeded model or clone takes one, so two unseeded
/// models get different weights. Thread-safe.
[[nodiscard]] inline seed next_seed() noexcept {
    const std::uint64_t n = detail::seed_counter().fetch_add(1);
    return seed{detail::mix64(detail::seed_base().load() ^ detail::mix64(n))};
}

/// A stream of random numbers identified by (seed, name): element `i` of the stream depends only
/// on the seed, the name and `i`. A layer draws each weight from the stream named
/// "<layer path>/<weight name>", so weights never depend on the order of initialisation.
class random_stream {
public:
    constexpr random_stream(seed s, std::string_view name) noexcept
        : key_{static_cast<std::uint32_t>(detail::mix64(s.value)),
               static_cast<std::uint32_t>(detail::mix64(s.value) >> 32)},
          stream_(detail::mix64(detail::hash_name(name))) {}

    /// Four random words for block `block` (and sub-stream `sub`, used for redraws).
    [[nodiscard]] constexpr std::array<std::uint32_t, 4> block(std::uint64_t block,
                                                               std::uint32_t sub = 0) const noexcept {
        return detail::philox4x32_10({static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32) ^ sub,
                                      static_cast<std::uint32_t>(stream_), static_cast<std::uint32_t>(stream_ >> 32)},
                                     key_);
    }

    /// A word as a float uniform in [0, 1) with 24 random bits.
    [[nodiscard]] static constexpr float to_unit(std::uint32_t w) noexcept {
        return static_cast<float>(w >> 8) * 0x1.0p-24f;
    }

    /// Fills `out` with values uniform in [lo, hi).
    void uniform(std::span<float> out, float lo, float hi) const noexcept {
        const float scale = hi - lo;
        const std::size_t n = out.size();
        std::size_t i = 0;
        for (std::uint64_t b = 0; i < n; ++b) {
            const auto w = block(b);
            for (int j = 0; j < 4 && i < n; ++j, ++i) out[i] = lo + scale * to_unit(w[static_cast<std::size_t>(j)]);
        }
    }

    /// Fills `out` with normal values (Box–Muller, two values per block of four words).
    void normal(std::span<float> out, float mean, float stddev) const noexcept {
        const std::size_t n = out.size();
        std::size_t i = 0;
        for (std::uint64_t b = 0; i < n; ++b) {
            const auto w = block(b);
            float z[4];
            box_muller(w[0], w[1], z[0], z[1]);
            box_muller(w[2], w[3], z[2], z[3]);
            for (int j = 0; j < 4 && i < n; ++j, ++i) out[i] = mean + stddev * z[j];
        }
    }

    /// Fills `out` with normal values redrawn until within two standard deviations of the mean
    /// (Keras's TruncatedNormal). Element `i` is redrawn from its own sub-streams.
    void truncated_normal(std::span<float> out, float mean, float stddev) const noexcept {
        for (std::size_t i = 0; i < out.size(); ++i) {
            for (std::uint32_t attempt = 1;; ++attempt) {
                const auto w = block(i, attempt);
                float z0 = 0, z1 = 0;
                box_muller(w[0], w[1], z0, z1);
                if (std::fabs(z0) <= 2.0f) { out[i] = mean + stddev * z0; break; }
                if (std::fabs(z1) <= 2.0f) { out[i] = mean + stddev * z1; break; }
            }
        }
    }

private:
    static void box_muller(std::uint32_t a, std::uint32_t b, float& z0, float& z1) noexcept {
        // u1 in (0, 1], so the logarithm is finite.
        const double u1 = (static_cast<double>(a >> 8) + 1.0) * 0x1.0p-24;
        const double u2 = static_cast<double>(b >> 8) * 0x1.0p-24;
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double t = 2.0 * std::numbers::pi * u2;
        z0 = static_cast<float>(r * std::cos(t));
        z1 = static_cast<float>(r * std::sin(t));
    }

    std::array<std::uint32_t, 2> key_;
    std::uint64_t stream_;
};

} // namespace scion
