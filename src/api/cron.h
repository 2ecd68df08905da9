// Cron schedules as robfig/cron's standard parser reads them (Karpenter budgets, KEDA's cron
// scaler): five fields "minute hour day-of-month month day-of-week", with *, lists, ranges,
// steps, month and weekday names (JAN, MON), `?` as `*` in the day fields, and the macros
// @yearly @annually @monthly @weekly @daily @midnight @hourly. Evaluated in UTC.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"
#include "util/time.h"

namespace swell::api {

class CronSchedule {
 public:
  // Parses a schedule; InvalidArgument names the bad field and why.
  static StatusOr<CronSchedule> Parse(std::string_view text);

  // The first activation strictly after `t` (seconds and below of `t` are dropped first, as
  // robfig does). Returns TimePoint::max() if the schedule never fires (e.g. Feb 30).
  TimePoint Next(TimePoint t) const;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  uint64_t minutes_ = 0;   // bit i set: minute i (0-59)
  uint32_t hours_ = 0;     // 0-23
  uint32_t dom_ = 0;       // 1-31
  uint16_t months_ = 0;    // 1-12
  uint8_t dow_ = 0;        // 0-6, Sunday = 0
  bool dom_star_ = false;  // the day-of-month field was * or ?
  bool dow_star_ = false;  // the day-of-week field was * or ?
};

}  // namespace swell::api
