// Workload traces and gauge curves for simulated scenarios.
//
// Two public trace formats are read (both CSV with a header row, LF or CRLF line ends):
//   - request timestamps, the Azure LLM inference 2023 trace:
//       TIMESTAMP,ContextTokens,GeneratedTokens
//       2023-11-16 18:17:03.9799600,4808,10
//     one arrival per row; times are taken relative to the earliest row (the first one in the
//     published files, which are sorted);
//   - per-minute counts, the Azure Functions 2019 trace (and its vHive invitro samples):
//       HashOwner,HashApp,HashFunction,Trigger,1,2,...,1440
//     one function per row, column "k" the invocations in minute k of the day.
// Malformed input is an InvalidArgument naming "<file>:<line>:<column>"; nothing crashes.
//
// A GaugeProfile is a time -> value curve for the triggers that read a level rather than a
// queue (a Prometheus query value, a Redis list length, a Kafka lag, CPU utilisation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

enum class TraceKind : uint8_t {
  kRequests,  // one arrival per entry of `times`
  kCounts,    // counts[i] arrivals spread over bin i
};

struct Trace {
  std::string source;  // the file (or name) it was read from, for messages
  TraceKind kind = TraceKind::kRequests;
  // kRequests: arrival times relative to the earliest, sorted ascending; times[0] == 0.
  std::vector<Duration> times;
  // kCounts: counts[i] arrivals in [i * bin, (i + 1) * bin).
  Duration bin = Minutes(1);
  std::vector<int64_t> counts;

  // The number of arrivals in the trace.
  int64_t total() const;
  // The time the trace covers: the last arrival time (kRequests) or bins * bin (kCounts).
  Duration span() const;
};

// Which row(s) of a per-minute counts file become the trace. Ignored for request traces.
struct TraceOptions {
  // The data row to use, 0-based (the header is not counted). Default: -1 = the row with the
  // most invocations among those whose Trigger is `trigger` (ties: the first such row).
  int32_t row = -1;
  bool sum_rows = false;          // sum every row whose Trigger is `trigger`. Default: false
  std::string trigger = "queue";  // the trigger filter; "" = every row. Default: "queue"
};

// Parses a trace from `text`; `source` names it in errors ("<source>:<line>:<col>: ...").
// The format is chosen by the header's first field (TIMESTAMP or HashOwner). InvalidArgument
// for a malformed file, an empty trace, a row index out of range or no row matching `trigger`.
StatusOr<Trace> ParseTrace(std::string_view text, std::string_view source,
                           const TraceOptions& options = {});

// Reads and parses the trace at `path`. NotFound if the file cannot be read.
StatusOr<Trace> LoadTrace(const std::string& path, const TraceOptions& options = {});

// Parses "YYYY-MM-DD HH:MM:SS[.fraction]" (a 'T' may replace the space; a trailing 'Z' is
// allowed) as a UTC time. Fraction digits beyond microseconds are truncated. False if
// malformed.
bool ParseTraceTimestamp(std::string_view text, TimePoint* out);

// A time -> value curve. Points are (offset from the scenario start, value); between points
// the value is interpolated linearly or held (step); before the first point it is the first
// value, after the last the last value.
struct GaugePoint {
  Duration at{0};
  double value = 0;
  friend bool operator==(const GaugePoint&, const GaugePoint&) = default;
};

enum class GaugeShape : uint8_t { kLinear, kStep };

class GaugeProfile {
 public:
  // A profile that is `value` at every time.
  static GaugeProfile Constant(double value);
  // InvalidArgument if `points` is empty, not sorted by strictly increasing `at`, has a
  // negative `at`, or holds a non-finite value.
  static StatusOr<GaugeProfile> Create(std::vector<GaugePoint> points,
                                       GaugeShape shape = GaugeShape::kLinear);
  // The per-bin rate of a counts trace (arrivals per second in each bin) as a step curve,
  // with the trace's time multiplied by `time_scale` (> 0) and values by `value_scale`.
  // InvalidArgument for a request trace or bad scales.
  static StatusOr<GaugeProfile> FromCounts(const Trace& trace, double time_scale = 1,
                                           double value_scale = 1);

  // The value at `t` after the scenario start.
  double ValueAt(Duration t) const;
  const std::vector<GaugePoint>& points() const { return points_; }
  GaugeShape shape() const { return shape_; }

 private:
  std::vector<GaugePoint> points_;
  GaugeShape shape_ = GaugeShape::kLinear;
};

}  // namespace swell::sim
