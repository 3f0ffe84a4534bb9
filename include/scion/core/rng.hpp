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
std::atomic<std::uint64_t>& seed_base() noexcept;
std::atomic<std::uint64_t>& seed_counter() noexcept;
} // namespace detail

/// Restarts the sequence of seeds that unseeded models and clones draw from (the analogue of
/// `keras.utils.set_random_seed`). Without it the sequence still starts at a fixed point, so a
/// program that constructs its models in the same order gets the same weights on every run.
void set_global_seed(std::uint64_t s) noexcept;

/// The next seed of the global sequence: each unseeded model or clone takes one, so two unseeded
/// models get different weights. Thread-safe.
[[nodiscard]] seed next_seed() noexcept;

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
    void uniform(std::span<float> out, float lo, float hi) const noexcept;

    /// Fills `out` with normal values (Box–Muller, two values per block of four words).
    void normal(std::span<float> out, float mean, float stddev) const noexcept;

    /// Fills `out` with normal values redrawn until within two standard deviations of the mean
    /// (Keras's TruncatedNormal). Element `i` is redrawn from its own sub-streams.
    void truncated_normal(std::span<float> out, float mean, float stddev) const noexcept;

private:
    static void box_muller(std::uint32_t a, std::uint32_t b, float& z0, float& z1) noexcept;

    std::array<std::uint32_t, 2> key_;
    std::uint64_t stream_;
};

} // namespace scion
