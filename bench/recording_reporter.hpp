// bench/recording_reporter.hpp — the console reporter of every benchmark program in bench/, which
// also keeps each benchmark's figures for the summary or table the program prints at the end.
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace scion_bench {

/// A ConsoleReporter that also records, for each benchmark, its real and CPU time per iteration
/// (seconds) and its counters: the median aggregate when repetitions are run, otherwise the last
/// run's.
class recording_reporter : public benchmark::ConsoleReporter {
public:
    using benchmark::ConsoleReporter::ConsoleReporter;

    struct figures {
        double seconds = -1.0;      ///< real time; negative when the benchmark did not run
        double cpu_seconds = -1.0;  ///< CPU time of the benchmark's thread
        std::map<std::string, double> counters;
    };

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& r : runs) {
            if (r.error_occurred) continue;
            const double unit = benchmark::GetTimeUnitMultiplier(r.time_unit);
            figures f{r.GetAdjustedRealTime() / unit, r.GetAdjustedCPUTime() / unit, {}};
            for (const auto& [k, c] : r.counters) f.counters[k] = c.value;
            const std::string name = r.run_name.str();
            if (r.run_type == Run::RT_Aggregate) {
                if (r.aggregate_name == "median" && r.aggregate_unit == benchmark::kTime) medians_[name] = f;
            } else {
                last_[name] = f;
            }
        }
        benchmark::ConsoleReporter::ReportRuns(runs);
    }

    /// The figures of benchmark `name` (the median if known).
    [[nodiscard]] figures get(const std::string& name) const {
        if (const auto it = medians_.find(name); it != medians_.end()) return it->second;
        if (const auto it = last_.find(name); it != last_.end()) return it->second;
        return {};
    }
    /// Seconds per iteration of benchmark `name` by the chosen clock (`cpu_clock`), or a negative
    /// value when it did not run.
    [[nodiscard]] double time(const std::string& name) const {
        const figures f = get(name);
        return cpu_clock ? f.cpu_seconds : f.seconds;
    }
    /// The largest real time / CPU time over the benchmarks (1 on an idle machine when each runs
    /// on one thread; more when the process waited for a core).
    [[nodiscard]] double worst_wait() const {
        double w = 1.0;
        for (const auto& [name, f] : used_medians() ? medians_ : last_)
            if (f.cpu_seconds > 0) w = std::max(w, f.seconds / f.cpu_seconds);
        return w;
    }
    [[nodiscard]] bool used_medians() const noexcept { return !medians_.empty(); }

    /// Whether time() reports CPU time instead of real time.
    bool cpu_clock = false;

private:
    std::map<std::string, figures> medians_, last_;
};

} // namespace scion_bench
