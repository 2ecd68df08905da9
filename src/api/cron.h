// Cron schedules as robfig/cron v3's standard parser reads them (Karpenter budgets, KEDA's cron
// scaler): five fields "minute hour day-of-month month day-of-week", with *, lists, ranges,
// steps, month and weekday names (JAN, MON), `?` as `*`, and the macros @yearly @annually
// @monthly @weekly @daily @midnight @hourly. Evaluated in UTC.
//
// Semantics copied from robfig/cron v3 (parser.go, spec.go); see ../shared/reference/
// karpenter.md §1.1 (budget schedules, "TZ=UTC " prefix) and keda.md §5.8 (cron scaler):
// - Ranges are `N`, `N-M`, `*` or `?`, each optionally followed by `/step`; `N/step` means
//   `N-max/step`. Lists are comma-separated ranges (empty list items are skipped, so a field of
//   only commas selects nothing and the schedule never fires).
// - Bounds: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12 (or JAN-DEC), day-of-week
//   0-6 with Sunday = 0 (or SUN-SAT); 7 is out of range. Names are case-insensitive and allowed
//   only in the month and day-of-week fields, not as steps. Numbers may carry a leading `+`.
// - `?` is accepted in every field and means `*`.
// - Day rule: if the day-of-month or the day-of-week field contains a `*`/`?` range without a
//   step above 1 (robfig's "star bit"), a day must match both fields; otherwise either.
// - A leading "TZ=<zone> " or "CRON_TZ=<zone> " is accepted for UTC only.
// - `@every <duration>` is rejected (Karpenter's CRD pattern and KEDA's parser reject it too).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"
#include "util/time.h"

namespace swell::api {

struct CronOptions {
  // Accept @yearly, @daily, ... . robfig's ParseStandard (Karpenter) does; KEDA's cron scaler
  // builds its parser without cron.Descriptor and rejects them. Default: true
  bool allow_macros = true;
};

class CronSchedule {
 public:
  // Parses a schedule; InvalidArgument names the bad field and why, e.g.
  // "minute: 61 is out of range 0-59".
  static StatusOr<CronSchedule> Parse(std::string_view text, const CronOptions& options = {});

  // The first activation strictly after `t` (seconds and below of `t` are dropped first, as
  // robfig does). Like robfig, the search stops at the end of the fifth year after the year of
  // t + 1s; returns TimePoint::max() if the schedule does not fire by then (e.g. Feb 30; robfig
  // returns Go's zero time), or if `t` lies outside the years -30000..30000.
  TimePoint Next(TimePoint t) const;

  const std::string& text() const { return text_; }

 private:
  bool DayMatches(unsigned day_of_month, unsigned weekday) const;
  // The first minute of the day at or after `minute_of_day` that matches, or -1.
  int FirstMinuteOfDay(int minute_of_day) const;

  std::string text_;
  uint64_t minutes_ = 0;   // bit i set: minute i (0-59)
  uint32_t hours_ = 0;     // 0-23
  uint32_t dom_ = 0;       // 1-31
  uint16_t months_ = 0;    // 1-12
  uint8_t dow_ = 0;        // 0-6, Sunday = 0
  bool dom_star_ = false;  // the day-of-month field had a * or ? range (robfig's star bit)
  bool dow_star_ = false;  // the day-of-week field had a * or ? range
};

}  // namespace swell::api
