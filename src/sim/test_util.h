// Helpers for the simulator tests (header-only; included by *_test.cc only).
#pragma once

#include <cstdlib>
#include <string>

#include "util/time.h"

namespace swell::sim::testing {

// ../shared (or $SWELL_SHARED_DIR, which ctest sets).
inline std::string SharedDir() {
  const char* env = std::getenv("SWELL_SHARED_DIR");
  return env != nullptr ? std::string(env) : std::string("../shared");
}

inline std::string TracePath(const std::string& file) {
  return SharedDir() + "/data/traces/" + file;
}

// A fixed scenario start: 2026-11-27T02:00:00Z, the article's 2 a.m.
inline TimePoint T0() {
  return TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 27)) + Hours(2);
}

}  // namespace swell::sim::testing
