#include "sim/rng.h"

#include <cmath>

#include "api/duration.h"

namespace swell::sim {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

Rng::Rng(uint64_t seed, std::string_view name) {
  uint64_t x = seed ^ Fnv1a(name);
  for (auto& w : s_) w = SplitMix64(x);
}

uint64_t Rng::Next() {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

int64_t Rng::UniformInt(int64_t lo, int64_t hi) {
  if (hi <= lo) return lo;
  uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  return lo + static_cast<int64_t>(Next() % span);
}

bool Rng::Bernoulli(double p) { return Uniform01() < p; }

double Rng::Exponential(double mean) { return -mean * std::log1p(-Uniform01()); }

double Rng::Normal(double mean, double stddev) {
  // Box-Muller; one value per call keeps the stream simple to reason about.
  double u1 = Uniform01(), u2 = Uniform01();
  if (u1 < 1e-300) u1 = 1e-300;
  return mean + stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

DurationDist DurationDist::Constant(Duration d) {
  DurationDist x;
  x.a_ = d;
  return x;
}

StatusOr<DurationDist> DurationDist::Parse(std::string_view text) {
  text = Trim(text);
  auto bad = [&](const std::string& why) {
    return InvalidArgument("duration distribution \"" + std::string(text) + "\": " + why +
                           " (forms: 2s, uniform(1s, 3s), exponential(250ms), "
                           "normal(500ms, 100ms), lognormal(500ms, 0.4))");
  };
  size_t open = text.find('(');
  if (open == std::string_view::npos) {
    auto d = api::ParseGoDuration(text);
    if (!d.ok()) return bad(d.status().message());
    if (*d < Duration(0)) return bad("must not be negative");
    return Constant(*d);
  }
  if (text.back() != ')') return bad("missing ')'");
  std::string_view name = Trim(text.substr(0, open));
  std::string_view args = text.substr(open + 1, text.size() - open - 2);
  std::string_view first = Trim(args.substr(0, args.find(',')));
  std::string_view second =
      args.find(',') == std::string_view::npos ? "" : Trim(args.substr(args.find(',') + 1));
  DurationDist x;
  auto a = api::ParseGoDuration(first);
  if (!a.ok() || *a < Duration(0)) return bad("first argument must be a non-negative duration");
  x.a_ = *a;
  if (name == "exponential") {
    if (!second.empty()) return bad("exponential takes one argument");
    x.kind_ = Kind::kExponential;
    return x;
  }
  if (second.empty()) return bad(std::string(name) + " takes two arguments");
  if (name == "lognormal") {
    char* end = nullptr;
    std::string s(second);
    x.sigma_ = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || *end != '\0' || !(x.sigma_ >= 0)) return bad("sigma must be >= 0");
    x.kind_ = Kind::kLogNormal;
    return x;
  }
  auto b = api::ParseGoDuration(second);
  if (!b.ok() || *b < Duration(0)) return bad("second argument must be a non-negative duration");
  x.b_ = *b;
  if (name == "uniform") {
    if (x.b_ < x.a_) return bad("uniform needs min <= max");
    x.kind_ = Kind::kUniform;
  } else if (name == "normal") {
    x.kind_ = Kind::kNormal;
  } else {
    return bad("unknown distribution \"" + std::string(name) + "\"");
  }
  return x;
}

Duration DurationDist::Sample(Rng& rng) const {
  double us = 0;
  switch (kind_) {
    case Kind::kConstant:
      return a_;
    case Kind::kUniform:
      return Duration(rng.UniformInt(a_.count(), b_.count()));
    case Kind::kExponential:
      us = rng.Exponential(static_cast<double>(a_.count()));
      break;
    case Kind::kNormal:
      us = rng.Normal(static_cast<double>(a_.count()), static_cast<double>(b_.count()));
      break;
    case Kind::kLogNormal:
      us = static_cast<double>(a_.count()) * std::exp(sigma_ * rng.Normal(0, 1));
      break;
  }
  if (!(us > 0)) return Duration(0);
  if (us > 1e15) us = 1e15;
  return Duration(static_cast<int64_t>(std::llround(us)));
}

Duration DurationDist::Mean() const {
  switch (kind_) {
    case Kind::kConstant:
    case Kind::kExponential:
      return a_;
    case Kind::kUniform:
      return (a_ + b_) / 2;
    case Kind::kNormal:
      return a_;
    case Kind::kLogNormal:
      return Duration(static_cast<int64_t>(
          std::llround(static_cast<double>(a_.count()) * std::exp(sigma_ * sigma_ / 2))));
  }
  return a_;
}

std::string DurationDist::ToString() const {
  switch (kind_) {
    case Kind::kConstant:
      return FormatGoDuration(a_);
    case Kind::kUniform:
      return "uniform(" + FormatGoDuration(a_) + ", " + FormatGoDuration(b_) + ")";
    case Kind::kExponential:
      return "exponential(" + FormatGoDuration(a_) + ")";
    case Kind::kNormal:
      return "normal(" + FormatGoDuration(a_) + ", " + FormatGoDuration(b_) + ")";
    case Kind::kLogNormal:
      return "lognormal(" + FormatGoDuration(a_) + ", " + std::to_string(sigma_) + ")";
  }
  return "";
}

}  // namespace swell::sim
