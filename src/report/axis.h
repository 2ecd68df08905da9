// Axes of the report's charts: "nice" tick positions and the text of values and times. Every
// function is pure and locale-independent, so the same input always gives the same bytes.
#pragma once

#include <string>
#include <vector>

#include "util/time.h"

namespace swell::report {

// How a chart's values read.
enum class ValueFormat {
  kCount,    // 950, 1.5k, 200k, 1.2M; ticks at whole numbers (messages, pods, nodes)
  kSeconds,  // 45s, 4m, 1m30s, 2h (ages, durations given in seconds)
  kDollars,  // $0.50, $12, $1.2k (cost)
};

// Tick positions from 0 (or the tick below `lo` when it is negative) up to the first tick >= `hi`,
// at most `max_ticks` of them (one more when lo < 0). Steps are 1, 2, 2.5 or 5 times a power of ten
// (kCount: at least 1); kSeconds steps are 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3,
// 6, 12 h, then whole days. With hi <= lo the axis spans one unit above lo.
std::vector<double> ValueTicks(double lo, double hi, ValueFormat format, int max_ticks);

// Tick positions on a time axis spanning [0, span]: multiples of the smallest step among 1, 2,
// 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1 day and whole days that gives
// at most `max_ticks` ticks.
std::vector<Duration> TimeTicks(Duration span, int max_ticks);

// Time since the run's start as "mm:ss" when the axis spans under an hour, else "h:mm"
// (seconds truncated). Negative times get a leading "-".
std::string FormatClock(Duration t, Duration span);

// Up to three significant digits with an SI suffix (k, M, G, T): 0, 0.25, 950, 1.5k, 200k, 1.2M.
// Integers below 1000 print as integers.
std::string FormatSi(double v);

// Seconds as the largest two units that matter: 0s, 45s, 1m30s, 4m, 2h05m, 3d2h.
std::string FormatSeconds(double seconds);

// A value in `format`.
std::string FormatValue(double v, ValueFormat format);

}  // namespace swell::report
