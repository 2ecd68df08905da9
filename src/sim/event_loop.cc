#include "sim/event_loop.h"

#include <memory>

namespace swell::sim {

void EventLoop::At(TimePoint t, std::function<void()> fn) {
  if (t < now_) t = now_;
  queue_.push(Event{t, seq_++, std::move(fn)});
}

namespace {

struct Periodic {
  EventLoop* loop;
  Duration period;
  std::function<bool()> fn;
};

void RunPeriodic(const std::shared_ptr<Periodic>& p) {
  if (!p->fn()) return;
  p->loop->After(p->period, [p]() { RunPeriodic(p); });
}

}  // namespace

void EventLoop::Every(TimePoint first, Duration period, std::function<bool()> fn) {
  auto p = std::make_shared<Periodic>(Periodic{this, period, std::move(fn)});
  At(first, [p]() { RunPeriodic(p); });
}

TimePoint EventLoop::NextTime() const { return queue_.empty() ? TimePoint::max() : queue_.top().t; }

bool EventLoop::Step() {
  if (queue_.empty()) return false;
  // Moving out of the top requires a const_cast: priority_queue only exposes const access.
  Event e = std::move(const_cast<Event&>(queue_.top()));
  queue_.pop();
  now_ = e.t;
  executed_++;
  e.fn();
  return true;
}

void EventLoop::RunUntil(TimePoint until) {
  while (!queue_.empty() && queue_.top().t <= until) Step();
  if (now_ < until) now_ = until;
}

}  // namespace swell::sim
