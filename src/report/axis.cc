#include "report/axis.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace swell::report {
namespace {

constexpr double kMinute = 60, kHour = 3600, kDay = 86400;

// Durations a time or seconds axis steps by, in seconds; beyond the last, whole days.
constexpr std::array<double, 18> kSecondSteps = {
    1,       2,           5,           10,           15,           30,
    kMinute, 2 * kMinute, 5 * kMinute, 10 * kMinute, 15 * kMinute, 30 * kMinute,
    kHour,   2 * kHour,   3 * kHour,   6 * kHour,    12 * kHour,   kDay};

// The smallest of 1, 2, 2.5, 5 x 10^k that is >= raw (raw > 0); with `whole`, only whole numbers.
double NiceDecimalStep(double raw, bool whole = false) {
  double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    const double step = m * p;
    if (whole && std::fabs(step - std::round(step)) > 1e-9) continue;
    if (step >= raw * (1 - 1e-12)) return step;
  }
  return 10 * p;
}

// The smallest step of kSecondSteps (then whole days, 1-2-5 spaced) that is >= raw.
double NiceSecondsStep(double raw) {
  for (double s : kSecondSteps) {
    if (s >= raw) return s;
  }
  return kDay * NiceDecimalStep(raw / kDay);
}

double NiceStep(double raw, ValueFormat format) {
  switch (format) {
    case ValueFormat::kSeconds:
      return NiceSecondsStep(raw);
    case ValueFormat::kCount:
      return NiceDecimalStep(std::max(1.0, raw), /*whole=*/true);
    case ValueFormat::kDollars:
      break;
  }
  return NiceDecimalStep(raw);
}

std::string Printf(const char* fmt, double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

bool IsWhole(double v) { return std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 9e15; }

// Rounds to `digits` significant digits.
double RoundSignificant(double v, int digits) {
  if (v == 0) return 0;
  double p = std::pow(10.0, digits - 1 - std::floor(std::log10(std::fabs(v))));
  return std::round(v * p) / p;
}

}  // namespace

std::vector<double> ValueTicks(double lo, double hi, ValueFormat format, int max_ticks) {
  lo = std::min(lo, 0.0);
  if (!(hi > lo)) hi = lo + 1;
  max_ticks = std::max(max_ticks, 2);
  const double step = NiceStep((hi - lo) / (max_ticks - 1), format);
  // Fractional steps are m / 10^k with m in {1, 2, 2.5, 5}: tick i is (i * m) / 10^k, so 0.6
  // comes out as 0.6 rather than 3 * 0.2.
  const double exp10 = std::floor(std::log10(step));
  const double divisor = exp10 < 0 ? std::pow(10.0, -exp10) : 1;
  const double m = std::round(step * divisor * 10) / 10;
  std::vector<double> ticks;
  const double first = std::floor(lo / step + 1e-9);
  for (int i = 0;; i++) {
    double t = (first + i) * m / divisor;
    if (t == 0) t = 0;  // no "-0"
    ticks.push_back(t);
    if (t >= hi * (1 - 1e-12) || i > 1000) break;
  }
  return ticks;
}

std::vector<Duration> TimeTicks(Duration span, int max_ticks) {
  const double span_s = std::max(1.0, std::chrono::duration<double>(span).count());
  max_ticks = std::max(max_ticks, 2);
  const double step = NiceSecondsStep(span_s / (max_ticks - 1));
  const Duration step_d = Seconds(static_cast<int64_t>(step));
  std::vector<Duration> ticks;
  for (Duration t{0}; t <= span; t += step_d) ticks.push_back(t);
  return ticks;
}

std::string FormatClock(Duration t, Duration span) {
  const bool negative = t < Duration(0);
  const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(negative ? -t : t).count();
  char buf[48];
  if (span < Hours(1)) {
    std::snprintf(buf, sizeof buf, "%s%02lld:%02lld", negative ? "-" : "",
                  static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%s%lld:%02lld", negative ? "-" : "",
                  static_cast<long long>(s / 3600), static_cast<long long>(s / 60 % 60));
  }
  return buf;
}

std::string FormatSi(double v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  if (v < 0) return "-" + FormatSi(-v);
  if (v < 1000 && IsWhole(v)) return Printf("%.0f", v);
  static constexpr std::array<const char*, 5> kSuffix = {"", "k", "M", "G", "T"};
  size_t k = 0;
  double x = v;
  while (k + 1 < kSuffix.size() && RoundSignificant(x, 3) >= 1000) {
    x /= 1000;
    k++;
  }
  return Printf("%.3g", RoundSignificant(x, 3)) + kSuffix[k];
}

std::string FormatSeconds(double seconds) {
  if (!std::isfinite(seconds)) return FormatSi(seconds);
  if (seconds < 0) return "-" + FormatSeconds(-seconds);
  if (seconds < 1 && seconds > 0) return Printf("%.3g", RoundSignificant(seconds, 3)) + "s";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[48];
  auto two = [&](long long big, const char* big_unit, long long small, const char* fmt) {
    if (small == 0) {
      std::snprintf(buf, sizeof buf, "%lld%s", big, big_unit);
    } else {
      std::snprintf(buf, sizeof buf, fmt, big, small);
    }
  };
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    two(s / 60, "m", s % 60, "%lldm%02llds");
  } else if (s < 86400) {
    two(s / 3600, "h", s / 60 % 60, "%lldh%02lldm");
  } else {
    two(s / 86400, "d", s / 3600 % 24, "%lldd%lldh");
  }
  return buf;
}

std::string FormatValue(double v, ValueFormat format) {
  switch (format) {
    case ValueFormat::kCount:
      return FormatSi(v);
    case ValueFormat::kSeconds:
      return FormatSeconds(v);
    case ValueFormat::kDollars:
      break;
  }
  if (v < 0) return "-" + FormatValue(-v, format);
  if (IsWhole(v) && v < 1000) return "$" + Printf("%.0f", v);
  if (v < 100) return "$" + Printf("%.2f", v);
  return "$" + FormatSi(v);
}

}  // namespace swell::report
