// The clock seam. Controllers read time only through a Clock; the simulator's event loop is
// one (virtual, deterministic time), the real runtime's steady clock another.
#pragma once

#include "util/time.h"

namespace swell {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time. Never decreases.
  virtual TimePoint Now() const = 0;
};

// A clock that only moves when told to: for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint{}) : now_(start) {}
  TimePoint Now() const override { return now_; }
  void Advance(Duration d) { now_ += d; }
  void Set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

}  // namespace swell
