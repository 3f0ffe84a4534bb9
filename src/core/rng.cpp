// src/core/rng.cpp — the global seed sequence and the fills of random_stream.
#include <scion/core/rng.hpp>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>

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

void random_stream::uniform(std::span<float> out, float lo, float hi) const noexcept {
    const float scale = hi - lo;
    const std::size_t n = out.size();
    std::size_t i = 0;
    for (std::uint64_t b = 0; i < n; ++b) {
        const auto w = block(b);
        for (int j = 0; j < 4 && i < n; ++j, ++i) out[i] = lo + scale * to_unit(w[static_cast<std::size_t>(j)]);
    }
}

void random_stream::normal(std::span<float> out, float mean, float stddev) const noexcept {
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

void random_stream::truncated_normal(std::span<float> out, float mean, float stddev) const noexcept {
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
