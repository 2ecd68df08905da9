#include "api/cron.h"

#include <array>
#include <bit>
#include <chrono>
#include <optional>
#include <vector>

namespace swell::api {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr std::array<std::string_view, 12> kMonthNames = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {"sun", "mon", "tue", "wed",
                                                           "thu", "fri", "sat"};

// One of the five fields: its name in errors, its bounds, and its value names (if any).
struct FieldSpec {
  std::string_view name;
  uint64_t min;
  uint64_t max;
  const std::string_view* names = nullptr;  // names[i] is min + i
  size_t name_count = 0;
};

constexpr FieldSpec kMinute{"minute", 0, 59};
constexpr FieldSpec kHour{"hour", 0, 23};
constexpr FieldSpec kDayOfMonth{"day-of-month", 1, 31};
constexpr FieldSpec kMonth{"month", 1, 12, kMonthNames.data(), kMonthNames.size()};
constexpr FieldSpec kDayOfWeek{"day-of-week", 0, 6, kWeekdayNames.data(), kWeekdayNames.size()};

// The parsed form of one field.
struct FieldBits {
  uint64_t bits = 0;
  bool star = false;  // some range was * or ? without a step above 1
};

// Numbers at or above this are out of range of every field; parsing saturates here.
constexpr uint64_t kHuge = uint64_t{1} << 40;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Splits on runs of whitespace, dropping empty pieces (Go's strings.Fields).
std::vector<std::string_view> SplitFields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !IsSpace(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// Splits on `sep`, keeping empty pieces (Go's strings.Split).
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

Status FieldError(const FieldSpec& f, std::string_view reason) {
  return InvalidArgument(std::string(f.name) + ": " + std::string(reason));
}

// Digits with an optional sign, like strconv.Atoi; saturates at kHuge. Sets *negative.
std::optional<uint64_t> ParseSigned(std::string_view s, bool* negative) {
  *negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    *negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = std::min(kHuge, v * 10 + static_cast<uint64_t>(c - '0'));
  }
  return v;
}

StatusOr<uint64_t> ParseStep(const FieldSpec& f, std::string_view s) {
  bool negative = false;
  std::optional<uint64_t> v = ParseSigned(s, &negative);
  if (!v) return FieldError(f, "step " + Quote(s) + " is not a number");
  if (negative && *v != 0) return FieldError(f, "step " + Quote(s) + " is negative");
  return *v;
}

// A number or (in the month and day-of-week fields) a case-insensitive name.
StatusOr<uint64_t> ParseValue(const FieldSpec& f, std::string_view s) {
  if (s.size() == 3) {
    for (size_t i = 0; i < f.name_count; ++i) {
      std::string_view name = f.names[i];
      bool same = true;
      for (size_t j = 0; j < 3; ++j) {
        char c = s[j];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        same = same && c == name[j];
      }
      if (same) return f.min + i;
    }
  }
  bool negative = false;  // never set: ranges are split on '-' first
  std::optional<uint64_t> v = ParseSigned(s, &negative);
  if (!v) {
    return FieldError(f, Quote(s) + (f.names ? " is not a number or a name" : " is not a number"));
  }
  return *v;
}

struct Range {
  uint64_t start = 0, end = 0, step = 1;
  std::string_view start_text, end_text;
  bool star = false;
};

// Parses the "N", "N-M", "*" or "?" part of a range.
Status ParseBounds(const FieldSpec& f, std::string_view expr, std::string_view text, Range* r) {
  std::vector<std::string_view> low_high = Split(text, '-');
  if (low_high[0] == "*" || low_high[0] == "?") {
    // Like robfig, anything after "*-" is ignored.
    r->start = f.min;
    r->end = f.max;
    r->star = true;
    return Status::Ok();
  }
  SWELL_ASSIGN_OR_RETURN(r->start, ParseValue(f, low_high[0]));
  r->start_text = r->end_text = low_high[0];
  r->end = r->start;
  if (low_high.size() > 2) return FieldError(f, "too many hyphens in " + Quote(expr));
  if (low_high.size() == 2) {
    SWELL_ASSIGN_OR_RETURN(r->end, ParseValue(f, low_high[1]));
    r->end_text = low_high[1];
  }
  return Status::Ok();
}

// Parses one comma-separated item: number | name | * | ? , optional "-end", optional "/step".
StatusOr<FieldBits> ParseRange(const FieldSpec& f, std::string_view expr) {
  std::vector<std::string_view> range_and_step = Split(expr, '/');
  if (range_and_step.size() > 2) return FieldError(f, "too many slashes in " + Quote(expr));
  Range r;
  SWELL_RETURN_IF_ERROR(ParseBounds(f, expr, range_and_step[0], &r));
  if (range_and_step.size() == 2) {
    SWELL_ASSIGN_OR_RETURN(r.step, ParseStep(f, range_and_step[1]));
    if (Split(range_and_step[0], '-').size() == 1) r.end = f.max;  // "N/step" is "N-max/step"
    if (r.step > 1) r.star = false;
  }
  auto bounds = std::to_string(f.min) + "-" + std::to_string(f.max);
  if (r.start < f.min) {
    return FieldError(f, std::string(r.start_text) + " is out of range " + bounds);
  }
  if (r.end > f.max) {
    return FieldError(f, std::string(r.end_text) + " is out of range " + bounds);
  }
  if (r.start > r.end) return FieldError(f, "range " + Quote(range_and_step[0]) + " is backwards");
  if (r.step == 0) return FieldError(f, "step must be positive in " + Quote(expr));
  FieldBits out;
  out.star = r.star;
  for (uint64_t i = r.start; i <= r.end; i += r.step) {
    out.bits |= uint64_t{1} << i;
    if (r.step > r.end - i) break;
  }
  return out;
}

// A comma-separated list of ranges; empty items are skipped (Go's strings.FieldsFunc).
StatusOr<FieldBits> ParseField(const FieldSpec& f, std::string_view field) {
  FieldBits out;
  for (std::string_view item : Split(field, ',')) {
    if (item.empty()) continue;
    SWELL_ASSIGN_OR_RETURN(FieldBits bits, ParseRange(f, item));
    out.bits |= bits.bits;
    out.star = out.star || bits.star;
  }
  return out;
}

uint64_t AllBits(const FieldSpec& f) {  // max is at most 59
  return ((uint64_t{1} << (f.max + 1)) - 1) & ~((uint64_t{1} << f.min) - 1);
}

// The five fields of a schedule, before they are narrowed into CronSchedule's members.
struct Fields {
  FieldBits minute, hour, dom, month, dow;
};

StatusOr<Fields> ParseMacro(std::string_view spec) {
  FieldBits zero_minute{1, false}, zero_hour{1, false};
  FieldBits first_dom{uint64_t{1} << 1, false}, first_month{uint64_t{1} << 1, false};
  FieldBits all_hours{AllBits(kHour), true}, all_dom{AllBits(kDayOfMonth), true};
  FieldBits all_months{AllBits(kMonth), true}, all_dow{AllBits(kDayOfWeek), true};
  FieldBits sunday{1, false};
  if (spec == "@yearly" || spec == "@annually") {
    return Fields{zero_minute, zero_hour, first_dom, first_month, all_dow};
  }
  if (spec == "@monthly") return Fields{zero_minute, zero_hour, first_dom, all_months, all_dow};
  if (spec == "@weekly") return Fields{zero_minute, zero_hour, all_dom, all_months, sunday};
  if (spec == "@daily" || spec == "@midnight") {
    return Fields{zero_minute, zero_hour, all_dom, all_months, all_dow};
  }
  if (spec == "@hourly") return Fields{zero_minute, all_hours, all_dom, all_months, all_dow};
  if (spec.starts_with("@every ")) return InvalidArgument("@every is not supported");
  return InvalidArgument("unrecognized macro " + Quote(spec));
}

StatusOr<Fields> ParseFiveFields(std::string_view spec) {
  std::vector<std::string_view> parts = SplitFields(spec);
  if (parts.size() != 5) {
    return InvalidArgument(
        "expected 5 fields (minute hour day-of-month month day-of-week), found " +
        std::to_string(parts.size()));
  }
  Fields f;
  SWELL_ASSIGN_OR_RETURN(f.minute, ParseField(kMinute, parts[0]));
  SWELL_ASSIGN_OR_RETURN(f.hour, ParseField(kHour, parts[1]));
  SWELL_ASSIGN_OR_RETURN(f.dom, ParseField(kDayOfMonth, parts[2]));
  SWELL_ASSIGN_OR_RETURN(f.month, ParseField(kMonth, parts[3]));
  SWELL_ASSIGN_OR_RETURN(f.dow, ParseField(kDayOfWeek, parts[4]));
  return f;
}

// Strips a "TZ=<zone> " or "CRON_TZ=<zone> " prefix, accepting UTC only.
StatusOr<std::string_view> StripTimeZone(std::string_view spec) {
  if (!spec.starts_with("TZ=") && !spec.starts_with("CRON_TZ=")) return spec;
  size_t space = spec.find(' ');
  if (space == std::string_view::npos) {
    return InvalidArgument("a time zone prefix must be followed by a space and a schedule");
  }
  size_t eq = spec.find('=');
  std::string_view zone = spec.substr(eq + 1, space - eq - 1);
  if (zone != "UTC" && zone != "Etc/UTC") {
    return InvalidArgument("time zone " + Quote(zone) + ": only UTC is supported");
  }
  return TrimSpace(spec.substr(space));
}

// The first bit set in `bits` at position `from` or later, or -1.
int FirstBitFrom(uint64_t bits, int from) {
  if (from >= 64) return -1;
  uint64_t rest = bits >> from;
  return rest == 0 ? -1 : from + std::countr_zero(rest);
}

}  // namespace

StatusOr<CronSchedule> CronSchedule::Parse(std::string_view text, const CronOptions& options) {
  if (text.empty()) return InvalidArgument("cron schedule is empty");
  SWELL_ASSIGN_OR_RETURN(std::string_view spec, StripTimeZone(text));
  bool macro = spec.starts_with("@");
  if (macro && !options.allow_macros) {
    return InvalidArgument("macros such as @daily are not accepted here");
  }
  StatusOr<Fields> fields = macro ? ParseMacro(spec) : ParseFiveFields(spec);
  if (!fields.ok()) return fields.status();
  CronSchedule s;
  s.text_ = std::string(text);
  s.minutes_ = fields->minute.bits;
  s.hours_ = static_cast<uint32_t>(fields->hour.bits);
  s.dom_ = static_cast<uint32_t>(fields->dom.bits);
  s.months_ = static_cast<uint16_t>(fields->month.bits);
  s.dow_ = static_cast<uint8_t>(fields->dow.bits);
  s.dom_star_ = fields->dom.star;
  s.dow_star_ = fields->dow.star;
  return s;
}

bool CronSchedule::DayMatches(unsigned day_of_month, unsigned weekday) const {
  bool dom = (dom_ >> day_of_month) & 1u;
  bool dow = (dow_ >> weekday) & 1u;
  if (dom_star_ || dow_star_) return dom && dow;
  return dom || dow;
}

int CronSchedule::FirstMinuteOfDay(int minute_of_day) const {
  for (int hour = FirstBitFrom(hours_, minute_of_day / 60); hour >= 0;
       hour = FirstBitFrom(hours_, hour + 1)) {
    int from = hour == minute_of_day / 60 ? minute_of_day % 60 : 0;
    int minute = FirstBitFrom(minutes_, from);
    if (minute >= 0) return hour * 60 + minute;
  }
  return -1;
}

TimePoint CronSchedule::Next(TimePoint t) const {
  using std::chrono::year;
  using std::chrono::year_month_day;
  constexpr sys_days kEarliest = year{-30000} / 1 / 1;
  constexpr sys_days kLatest = year{30000} / 1 / 1;
  auto start = std::chrono::floor<std::chrono::minutes>(t) + std::chrono::minutes(1);
  if (t < kEarliest || start >= kLatest) return TimePoint::max();
  sys_days day = std::chrono::floor<days>(start);
  int minute_of_day = static_cast<int>((start - day).count());
  // robfig searches until the end of the fifth year after the year of the next second.
  auto next_second = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::seconds(1);
  const year last_year =
      year_month_day(std::chrono::floor<days>(next_second)).year() + std::chrono::years(5);
  while (true) {
    year_month_day ymd(day);
    if (ymd.year() > last_year) return TimePoint::max();
    if (((months_ >> static_cast<unsigned>(ymd.month())) & 1u) == 0) {
      day = sys_days((ymd.year() / ymd.month() + std::chrono::months(1)) / 1);
    } else if (DayMatches(static_cast<unsigned>(ymd.day()),
                          std::chrono::weekday(day).c_encoding())) {
      int minute = FirstMinuteOfDay(minute_of_day);
      if (minute >= 0) return TimePoint(day + std::chrono::minutes(minute));
      day += days(1);
    } else {
      day += days(1);
    }
    minute_of_day = 0;
  }
}

}  // namespace swell::api
