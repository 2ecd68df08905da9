// swell's one time unit. Controllers and the simulator use integer microseconds, never
// floating-point seconds, so a simulated run is exact and reproducible.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace swell {

using Duration = std::chrono::microseconds;
// Wall-clock (or virtual) time: microseconds since the Unix epoch, UTC.
using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

constexpr Duration Seconds(int64_t s) { return std::chrono::seconds(s); }
constexpr Duration Milliseconds(int64_t ms) { return std::chrono::milliseconds(ms); }
constexpr Duration Minutes(int64_t m) { return std::chrono::minutes(m); }
constexpr Duration Hours(int64_t h) { return std::chrono::hours(h); }

// Formats t as RFC 3339 in UTC, e.g. "2026-11-27T02:00:00Z" (fractional seconds only when
// non-zero, e.g. "...:00.250Z").
std::string FormatRfc3339(TimePoint t);

// Formats a duration the way Go's time.Duration.String() does: "1h30m0s", "250ms", "0s".
std::string FormatGoDuration(Duration d);

}  // namespace swell

namespace swell {
// Parses an RFC 3339 timestamp ("2026-11-27T02:00:00Z", "...+01:00", fractional seconds up to
// microseconds). Returns false on malformed input.
bool ParseRfc3339(std::string_view text, TimePoint* out);
}  // namespace swell
