// The simulator's engine: discrete events on a virtual clock with integer time. Events at the
// same time run in the order they were scheduled, so a run depends only on its inputs.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "util/clock.h"

namespace swell::sim {

class EventLoop final : public Clock {
 public:
  explicit EventLoop(TimePoint start) : now_(start) {}

  TimePoint Now() const override { return now_; }

  // Runs `fn` at `t`; a time in the past runs at Now() (after what is already due).
  void At(TimePoint t, std::function<void()> fn);
  void After(Duration d, std::function<void()> fn) { At(now_ + d, std::move(fn)); }
  // Runs `fn` at `first`, then every `period` while it returns true.
  void Every(TimePoint first, Duration period, std::function<bool()> fn);

  // Runs every event due at or before `until`, in time order, then sets Now() to `until`.
  // Events scheduled while running are honoured if they fall before `until`.
  void RunUntil(TimePoint until);
  // Runs the next event; false if there is none.
  bool Step();

  bool empty() const { return queue_.empty(); }
  size_t pending() const { return queue_.size(); }
  uint64_t executed() const { return executed_; }
  // The time of the next event (TimePoint::max() if none).
  TimePoint NextTime() const;

 private:
  struct Event {
    TimePoint t;
    uint64_t seq;
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.t != b.t ? a.t > b.t : a.seq > b.seq;
    }
  };

  TimePoint now_;
  uint64_t seq_ = 0;
  uint64_t executed_ = 0;
  std::priority_queue<Event, std::vector<Event>, Later> queue_;
};

}  // namespace swell::sim
