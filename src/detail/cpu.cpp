// src/detail/cpu.cpp — detail::cpu(): the CPU's features and SCION_MAX_ISA, read once.
#include "detail/cpu.hpp"

#include <cstdlib>
#include <string_view>

namespace scion::detail {

namespace {

isa_level read_isa_cap() noexcept {
    const char* v = std::getenv("SCION_MAX_ISA");
    if (v == nullptr) return isa_level::avx512;
    const std::string_view s(v);
    if (s == "baseline") return isa_level::baseline;
    if (s == "avx2") return isa_level::avx2;
    return isa_level::avx512;
}

cpu_features read_cpu() noexcept {
    cpu_features f;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    f.avx2 = __builtin_cpu_supports("avx2");
    f.fma = __builtin_cpu_supports("fma");
    f.avx512f = __builtin_cpu_supports("avx512f");
    f.avx512dq = __builtin_cpu_supports("avx512dq");
    f.avx512vl = __builtin_cpu_supports("avx512vl");
    f.avx512bw = __builtin_cpu_supports("avx512bw");
#endif
    f.cap = read_isa_cap();
    return f;
}

} // namespace

bool cpu_features::runs(isa_level level) const noexcept {
    switch (level) {
    case isa_level::baseline: return true;
    case isa_level::avx2: return avx2 && fma;
    case isa_level::avx512: return avx2 && fma && avx512f && avx512dq && avx512vl && avx512bw;
    }
    return false;
}

const cpu_features& cpu() noexcept {
    static const cpu_features f = read_cpu();
    return f;
}

} // namespace scion::detail
