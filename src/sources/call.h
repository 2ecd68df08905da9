// Bounded calls: every request to a real source has one deadline (its timeout, default
// KEDA_HTTP_DEFAULT_TIMEOUT = 3 s; keda.md §6.4) that covers all its attempts. Fast failures
// (Unavailable: connection refused, reset, a 5xx) are retried with exponential backoff while
// time remains; a timeout is never retried, so a dead source costs one timeout, not several.
#pragma once

#include <algorithm>
#include <chrono>
#include <thread>

#include "util/status.h"
#include "util/time.h"

namespace swell::sources {

struct CallOptions {
  Duration default_timeout = Seconds(3);        // KEDA_HTTP_DEFAULT_TIMEOUT. Default: 3 s
  int max_attempts = 3;                         // attempts per call. Default: 3
  Duration initial_backoff = Milliseconds(50);  // before the 2nd attempt. Default: 50 ms
  Duration max_backoff = Milliseconds(500);     // backoff cap. Default: 500 ms
};

using SteadyTime = std::chrono::steady_clock::time_point;

// The deadline of a call with `timeout` (0 = options.default_timeout), from now.
inline SteadyTime DeadlineFor(Duration timeout, const CallOptions& options) {
  Duration t = timeout > Duration::zero() ? timeout : options.default_timeout;
  return std::chrono::steady_clock::now() + t;
}

// Time left until `deadline`, at least zero.
inline Duration Remaining(SteadyTime deadline) {
  auto left = std::chrono::duration_cast<Duration>(deadline - std::chrono::steady_clock::now());
  return std::max(left, Duration::zero());
}

// Runs `attempt(deadline)` (returning a StatusOr<T> or a Status) up to options.max_attempts
// times while it fails with Unavailable and the backoff fits before the deadline. Returns the
// last result; DeadlineExceeded when the deadline passed between attempts.
template <class F>
auto WithRetries(Duration timeout, const CallOptions& options, F attempt)
    -> decltype(attempt(SteadyTime{})) {
  const SteadyTime deadline = DeadlineFor(timeout, options);
  Duration backoff = options.initial_backoff;
  for (int i = 1;; i++) {
    auto result = attempt(deadline);
    Status s = result.status();
    if (s.ok() || s.code() != StatusCode::kUnavailable || i >= options.max_attempts) {
      return result;
    }
    if (Remaining(deadline) <= backoff) return result;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, options.max_backoff);
  }
}

}  // namespace swell::sources
