#include "sim/trace.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

namespace swell::sim {
namespace {

struct Field {
  std::string_view text;
  int column = 1;  // 1-based byte offset of the field in its line
};

struct Line {
  std::string_view text;
  int number = 0;  // 1-based
};

// Splits a CSV text into lines (LF or CRLF; blank lines skipped) and lines into fields
// (no quoting: neither supported format uses it).
class CsvReader {
 public:
  CsvReader(std::string_view text, std::string_view source) : text_(text), source_(source) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 BOM
  }

  // The next non-blank line; false at the end.
  bool Next(Line* line) {
    while (pos_ < text_.size()) {
      size_t end = text_.find('\n', pos_);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view s = text_.substr(pos_, end - pos_);
      pos_ = end + 1;
      number_++;
      if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
      if (s.empty()) continue;
      *line = Line{s, number_};
      return true;
    }
    return false;
  }

  static std::vector<Field> Split(std::string_view s) {
    std::vector<Field> out;
    size_t start = 0;
    while (true) {
      size_t comma = s.find(',', start);
      size_t end = comma == std::string_view::npos ? s.size() : comma;
      out.push_back(Field{s.substr(start, end - start), static_cast<int>(start) + 1});
      if (comma == std::string_view::npos) return out;
      start = comma + 1;
    }
  }

  Status Error(int line, int column, const std::string& message) const {
    return InvalidArgument(std::string(source_) + ":" + std::to_string(line) + ":" +
                           std::to_string(column) + ": " + message);
  }
  Status Error(const Line& line, const Field& field, const std::string& message) const {
    return Error(line.number, field.column, message);
  }
  Status Error(const std::string& message) const {
    return InvalidArgument(std::string(source_) + ": " + message);
  }

 private:
  std::string_view text_;
  std::string_view source_;
  size_t pos_ = 0;
  int number_ = 0;
};

// Counts above this are rejected, so sums over rows and minutes cannot overflow.
constexpr int64_t kMaxCount = int64_t{1} << 40;

int64_t SaturatingAdd(int64_t a, int64_t b) { return a > INT64_MAX - b ? INT64_MAX : a + b; }

bool ParseCount(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size() && *out >= 0 && *out <= kMaxCount;
}

// Reads exactly `n` decimal digits from `s` at `*pos`.
bool Digits(std::string_view s, size_t* pos, size_t n, int* out) {
  if (*pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos >= s.size() || s[*pos] != c) return false;
  (*pos)++;
  return true;
}

// Parses ".ffff..." at `*pos` into microseconds (digits past the sixth are dropped).
bool Fraction(std::string_view s, size_t* pos, int64_t* us) {
  *us = 0;
  if (*pos >= s.size() || s[*pos] != '.') return true;
  (*pos)++;
  size_t digits = 0;
  int64_t scale = 100000;
  while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') {
    if (digits < 6) *us += (s[*pos] - '0') * scale;
    scale /= 10;
    digits++;
    (*pos)++;
  }
  return digits > 0;
}

// The request-timestamp format: TIMESTAMP plus integer columns.
StatusOr<Trace> ParseRequests(CsvReader& reader, const std::vector<Field>& header,
                              std::string_view source) {
  Trace trace;
  trace.source = std::string(source);
  trace.kind = TraceKind::kRequests;
  std::vector<TimePoint> stamps;
  Line line;
  while (reader.Next(&line)) {
    std::vector<Field> fields = CsvReader::Split(line.text);
    if (fields.size() != header.size()) {
      return reader.Error(line.number, 1,
                          "expected " + std::to_string(header.size()) + " columns, found " +
                              std::to_string(fields.size()));
    }
    TimePoint t;
    if (!ParseTraceTimestamp(fields[0].text, &t)) {
      return reader.Error(line, fields[0],
                          "bad timestamp \"" + std::string(fields[0].text) +
                              "\" (want YYYY-MM-DD HH:MM:SS[.fraction])");
    }
    for (size_t i = 1; i < fields.size(); i++) {
      int64_t v = 0;
      if (!ParseCount(fields[i].text, &v)) {
        return reader.Error(line, fields[i],
                            std::string(header[i].text) + " \"" + std::string(fields[i].text) +
                                "\" is not an integer in [0, 2^40]");
      }
    }
    stamps.push_back(t);
  }
  if (stamps.empty()) return reader.Error("no data rows");
  std::stable_sort(stamps.begin(), stamps.end());
  trace.times.reserve(stamps.size());
  for (TimePoint t : stamps) trace.times.push_back(t - stamps.front());
  return trace;
}

struct CountRow {
  std::string trigger;
  std::vector<int64_t> counts;
  int64_t total = 0;
};

Status CheckCountsHeader(const CsvReader& reader, int line, const std::vector<Field>& header) {
  static constexpr std::string_view kNames[] = {"HashOwner", "HashApp", "HashFunction", "Trigger"};
  if (header.size() < 5) return reader.Error(line, 1, "expected at least one minute column");
  for (size_t i = 0; i < 4; i++) {
    if (header[i].text != kNames[i]) {
      return reader.Error(line, header[i].column,
                          "expected column \"" + std::string(kNames[i]) + "\"");
    }
  }
  for (size_t i = 4; i < header.size(); i++) {
    if (header[i].text != std::to_string(i - 3)) {
      return reader.Error(line, header[i].column,
                          "expected minute column \"" + std::to_string(i - 3) + "\"");
    }
  }
  return Status::Ok();
}

StatusOr<CountRow> ParseCountRow(const CsvReader& reader, const Line& line, size_t columns) {
  std::vector<Field> fields = CsvReader::Split(line.text);
  if (fields.size() != columns) {
    return reader.Error(
        line.number, 1,
        "expected " + std::to_string(columns) + " columns, found " + std::to_string(fields.size()));
  }
  CountRow row;
  row.trigger = std::string(fields[3].text);
  row.counts.reserve(columns - 4);
  for (size_t i = 4; i < fields.size(); i++) {
    int64_t v = 0;
    if (!ParseCount(fields[i].text, &v)) {
      return reader.Error(line, fields[i],
                          "minute " + std::to_string(i - 3) + " count \"" +
                              std::string(fields[i].text) + "\" is not an integer in [0, 2^40]");
    }
    row.counts.push_back(v);
    row.total = SaturatingAdd(row.total, v);
  }
  return row;
}

bool Matches(const CountRow& row, const TraceOptions& o) {
  return o.trigger.empty() || row.trigger == o.trigger;
}

StatusOr<std::vector<int64_t>> SelectCounts(const CsvReader& reader,
                                            const std::vector<CountRow>& rows,
                                            const TraceOptions& o) {
  if (o.row >= 0) {
    if (static_cast<size_t>(o.row) >= rows.size()) {
      return reader.Error("row " + std::to_string(o.row) + " out of range (" +
                          std::to_string(rows.size()) + " data rows)");
    }
    return rows[static_cast<size_t>(o.row)].counts;
  }
  const CountRow* best = nullptr;
  std::vector<int64_t> sum(rows.front().counts.size(), 0);
  for (const CountRow& r : rows) {
    if (!Matches(r, o)) continue;
    if (best == nullptr || r.total > best->total) best = &r;
    for (size_t i = 0; i < sum.size(); i++) sum[i] = SaturatingAdd(sum[i], r.counts[i]);
  }
  if (best == nullptr) return reader.Error("no row with Trigger \"" + o.trigger + "\"");
  if (o.sum_rows) return sum;
  return best->counts;
}

StatusOr<Trace> ParseCounts(CsvReader& reader, const Line& header_line,
                            const std::vector<Field>& header, std::string_view source,
                            const TraceOptions& options) {
  SWELL_RETURN_IF_ERROR(CheckCountsHeader(reader, header_line.number, header));
  std::vector<CountRow> rows;
  Line line;
  while (reader.Next(&line)) {
    SWELL_ASSIGN_OR_RETURN(CountRow row, ParseCountRow(reader, line, header.size()));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return reader.Error("no data rows");
  Trace trace;
  trace.source = std::string(source);
  trace.kind = TraceKind::kCounts;
  trace.bin = Minutes(1);
  SWELL_ASSIGN_OR_RETURN(trace.counts, SelectCounts(reader, rows, options));
  return trace;
}

}  // namespace

int64_t Trace::total() const {
  if (kind == TraceKind::kRequests) return static_cast<int64_t>(times.size());
  int64_t sum = 0;
  for (int64_t c : counts) sum += c;
  return sum;
}

Duration Trace::span() const {
  if (kind == TraceKind::kRequests) return times.empty() ? Duration(0) : times.back();
  return bin * static_cast<int64_t>(counts.size());
}

bool ParseTraceTimestamp(std::string_view s, TimePoint* out) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!Digits(s, &pos, 4, &y) || !Expect(s, &pos, '-') || !Digits(s, &pos, 2, &mo) ||
      !Expect(s, &pos, '-') || !Digits(s, &pos, 2, &d)) {
    return false;
  }
  if (pos >= s.size() || (s[pos] != ' ' && s[pos] != 'T')) return false;
  pos++;
  if (!Digits(s, &pos, 2, &h) || !Expect(s, &pos, ':') || !Digits(s, &pos, 2, &mi) ||
      !Expect(s, &pos, ':') || !Digits(s, &pos, 2, &sec)) {
    return false;
  }
  int64_t us = 0;
  if (!Fraction(s, &pos, &us)) return false;
  if (pos < s.size() && s[pos] == 'Z') pos++;
  if (pos != s.size() || h > 23 || mi > 59 || sec > 59) return false;
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  *out =
      TimePoint(std::chrono::sys_days(ymd)) + Hours(h) + Minutes(mi) + Seconds(sec) + Duration(us);
  return true;
}

StatusOr<Trace> ParseTrace(std::string_view text, std::string_view source,
                           const TraceOptions& options) {
  CsvReader reader(text, source);
  Line header_line;
  if (!reader.Next(&header_line)) return reader.Error("empty file (want a CSV header)");
  std::vector<Field> header = CsvReader::Split(header_line.text);
  if (header[0].text == "TIMESTAMP") return ParseRequests(reader, header, source);
  if (header[0].text == "HashOwner") {
    return ParseCounts(reader, header_line, header, source, options);
  }
  return reader.Error(header_line.number, 1,
                      "unknown trace format: the header must start with TIMESTAMP (request "
                      "timestamps) or HashOwner (per-minute counts)");
}

StatusOr<Trace> LoadTrace(const std::string& path, const TraceOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return NotFound("cannot read trace file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseTrace(ss.str(), path, options);
}

GaugeProfile GaugeProfile::Constant(double value) {
  GaugeProfile g;
  g.points_ = {GaugePoint{Duration(0), value}};
  return g;
}

StatusOr<GaugeProfile> GaugeProfile::Create(std::vector<GaugePoint> points, GaugeShape shape) {
  if (points.empty()) return InvalidArgument("gauge profile: at least one point is required");
  for (size_t i = 0; i < points.size(); i++) {
    const std::string where = "gauge profile point " + std::to_string(i);
    if (points[i].at < Duration(0)) return InvalidArgument(where + ": negative time");
    if (!std::isfinite(points[i].value)) return InvalidArgument(where + ": value not finite");
    if (i > 0 && points[i].at <= points[i - 1].at) {
      return InvalidArgument(where + ": times must increase strictly");
    }
  }
  GaugeProfile g;
  g.points_ = std::move(points);
  g.shape_ = shape;
  return g;
}

StatusOr<GaugeProfile> GaugeProfile::FromCounts(const Trace& trace, double time_scale,
                                                double value_scale) {
  if (trace.kind != TraceKind::kCounts || trace.counts.empty()) {
    return InvalidArgument(trace.source + ": a gauge needs a per-minute counts trace");
  }
  if (!(time_scale > 0) || !std::isfinite(time_scale) || !std::isfinite(value_scale)) {
    return InvalidArgument(trace.source + ": time_scale must be > 0 and scales finite");
  }
  const double bin_s = std::chrono::duration<double>(trace.bin).count() * time_scale;
  std::vector<GaugePoint> points;
  for (size_t i = 0; i < trace.counts.size(); i++) {
    const double at_us = static_cast<double>((trace.bin * static_cast<int64_t>(i)).count());
    points.push_back(GaugePoint{Duration(std::llround(at_us * time_scale)),
                                static_cast<double>(trace.counts[i]) / bin_s * value_scale});
  }
  return Create(std::move(points), GaugeShape::kStep);
}

double GaugeProfile::ValueAt(Duration t) const {
  if (points_.empty()) return 0;
  auto after = std::upper_bound(points_.begin(), points_.end(), t,
                                [](Duration x, const GaugePoint& p) { return x < p.at; });
  if (after == points_.begin()) return points_.front().value;
  if (after == points_.end()) return points_.back().value;
  const GaugePoint& a = *(after - 1);
  if (shape_ == GaugeShape::kStep) return a.value;
  const GaugePoint& b = *after;
  const double f =
      static_cast<double>((t - a.at).count()) / static_cast<double>((b.at - a.at).count());
  return a.value + (b.value - a.value) * f;
}

}  // namespace swell::sim
