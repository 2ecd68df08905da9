// Arrival profiles: how many messages a producer sends, and when.
//
// A profile is the sum of its parts, all timed from the source's start:
//   - a rate curve in messages per second: points [{at: 0s, rate: 1}, {at: 2m, rate: 2000},
//     {at: 5m, rate: 0}], linear between points (or held, `rate_step`), 0 before the first
//     point, the last rate after the last point; one point is a constant rate;
//   - bursts: {at: 2m, count: 200000, over: 3m} sends exactly `count` messages spread over
//     (at, at + over], or all at `at` when `over` is 0;
//   - a trace (trace.h) with `time_scale` (2 = twice as slow, 0.5 = twice as fast) and
//     `volume_scale` (messages per traced arrival; fractions accumulate, so 0.5 sends every
//     other one).
// Arrivals within a part are evenly spaced (deterministic) or a Poisson process (random
// counts for rates; bursts and trace bins keep their exact totals, placed at random).
//
// An ArrivalSource turns a profile into events on an EventLoop: one event per window of at
// most `batch_interval`, shortened when the rate would put more than `max_batch` messages in
// one window, and skipped when nothing arrives. 200,000 messages over 3 minutes are ~2,000
// events. A window's messages are handed to the sink at the window's end, so an arrival at
// exactly t is sent at t.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "sim/event_loop.h"
#include "sim/rng.h"
#include "sim/trace.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

struct RatePoint {
  Duration at{0};
  double rate = 0;  // messages per second, >= 0
};

struct Burst {
  Duration at{0};
  int64_t count = 0;  // >= 0
  Duration over{0};   // 0 = all at `at`
};

struct TraceArrivals {
  Trace trace{};
  Duration at{0};  // where the trace's time 0 falls. Default: 0s
  // The slice of the trace used: trace times in [from, from + length); a counts trace keeps
  // the bins that start there.
  Duration from{0};                  // skip the trace before this trace time. Default: 0s
  std::optional<Duration> length{};  // use only this much trace time after `from`. Default: all
  double time_scale = 1;             // > 0; multiplies trace time. Default: 1
  double volume_scale = 1;           // >= 0; messages per traced arrival. Default: 1
};

enum class Spacing : uint8_t {
  kEven,     // deterministic: the k-th arrival when the expected count reaches k
  kPoisson,  // random: Poisson counts for rates; exact totals placed at random for bursts
};
// (Poisson and binomial draws are exact for means below 30 and normal approximations above.)

struct ArrivalProfile {
  std::vector<RatePoint> rate;  // empty = no rate part
  bool rate_step = false;       // hold each rate until the next point. Default: false (linear)
  std::vector<Burst> bursts;
  std::optional<TraceArrivals> trace;
  Spacing spacing = Spacing::kEven;  // Default: even
  std::optional<Duration> until;     // no arrivals after this. Default: none

  // A constant `rate` messages per second from time 0.
  static ArrivalProfile Constant(double rate);
};

// InvalidArgument naming the offending part (unsorted or negative times, negative or
// non-finite rates, counts or scales).
Status ValidateProfile(const ArrivalProfile& profile);

struct ArrivalOptions {
  Duration batch_interval = Milliseconds(100);  // the longest window per event. Default: 100ms
  int64_t max_batch = 1000;                     // target messages per event. Default: 1000
  Duration min_interval = Milliseconds(1);      // the shortest window. Default: 1ms
};

// Receives `count` (> 0) messages arriving at `now`.
using ArrivalSink = std::function<void(TimePoint now, int64_t count)>;

class ArrivalSource {
 public:
  // InvalidArgument for a bad profile or options. `rng` is this source's own stream.
  static StatusOr<std::unique_ptr<ArrivalSource>> Create(const ArrivalProfile& profile, Rng rng,
                                                         ArrivalSink sink,
                                                         ArrivalOptions options = {});
  ~ArrivalSource();
  ArrivalSource(const ArrivalSource&) = delete;
  ArrivalSource& operator=(const ArrivalSource&) = delete;

  // Schedules the arrivals on `loop`, profile time 0 at `start`. Call once. Destroying the
  // source or calling Stop() cancels what is still to come. The sink must not destroy the
  // source.
  void Start(EventLoop& loop, TimePoint start);
  void Stop();

  // Messages handed to the sink so far.
  int64_t total_sent() const { return total_sent_; }
  // Events this source has run (windows, including empty ones).
  int64_t events() const { return events_; }
  // True once every part of the profile is exhausted (or Stop was called).
  bool done() const { return done_; }

  // One part of a profile (a rate curve, a burst, a trace); defined in arrival.cc.
  class Part;

 private:
  ArrivalSource(std::vector<std::unique_ptr<Part>> parts, std::optional<Duration> until, Rng rng,
                ArrivalSink sink, ArrivalOptions options);
  void Tick();
  // The end of the next window after `last_`, or nullopt when nothing is left.
  std::optional<Duration> NextWindowEnd() const;

  std::vector<std::unique_ptr<Part>> parts_;
  std::optional<Duration> until_;
  Rng rng_;
  ArrivalSink sink_;
  ArrivalOptions options_;
  EventLoop* loop_ = nullptr;
  TimePoint start_;
  Duration last_{-1};  // arrivals at or before this profile time were sent
  int64_t total_sent_ = 0;
  int64_t events_ = 0;
  bool done_ = false;
  std::shared_ptr<bool> alive_;
};

// Messages a profile sends in (t0, t1] of profile time under even spacing, without running
// a loop (for tests and reports). t0 = -1us counts from the very start.
int64_t EvenArrivals(const ArrivalProfile& profile, Duration t0, Duration t1);

}  // namespace swell::sim
