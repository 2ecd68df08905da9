// Deterministic randomness. Each simulated component draws from its own stream, seeded from
// the scenario seed and the component's name, so adding a component never changes another's
// draws. Generator: xoshiro256** seeded through SplitMix64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

class Rng {
 public:
  // The stream of component `name` under scenario seed `seed`.
  Rng(uint64_t seed, std::string_view name);

  uint64_t Next();
  // Uniform in [0, 1).
  double Uniform01();
  // Uniform integer in [lo, hi] (inclusive).
  int64_t UniformInt(int64_t lo, int64_t hi);
  // True with probability p.
  bool Bernoulli(double p);
  double Exponential(double mean);
  double Normal(double mean, double stddev);

 private:
  uint64_t s_[4];
};

// A distribution of durations, written in scenarios as:
//   "2s"                        constant
//   "uniform(1s, 3s)"           uniform between
//   "exponential(250ms)"        exponential with that mean
//   "normal(500ms, 100ms)"      normal, truncated at 0
//   "lognormal(500ms, 0.4)"     lognormal with that median and sigma (of the log)
class DurationDist {
 public:
  DurationDist() = default;
  static DurationDist Constant(Duration d);
  // InvalidArgument names the form expected.
  static StatusOr<DurationDist> Parse(std::string_view text);
  Duration Sample(Rng& rng) const;
  // The mean (exact for every form; lognormal: median * exp(sigma^2 / 2)).
  Duration Mean() const;
  std::string ToString() const;

 private:
  enum class Kind : uint8_t { kConstant, kUniform, kExponential, kNormal, kLogNormal };
  Kind kind_ = Kind::kConstant;
  Duration a_{0};
  Duration b_{0};
  double sigma_ = 0;
};

}  // namespace swell::sim
