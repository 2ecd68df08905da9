#include "sim/arrival.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace swell::sim {
namespace {

__extension__ typedef __int128 Int128;

constexpr Duration kNever = Duration::max();
constexpr Duration kTick{1};  // the smallest time step

double ToSeconds(Duration d) { return static_cast<double>(d.count()) * 1e-6; }

// a * b / c rounded down, for a, b, c >= 0 and c > 0, without overflow.
int64_t MulDiv(int64_t a, int64_t b, int64_t c) {
  return static_cast<int64_t>(static_cast<Int128>(a) * b / c);
}

Duration Scale(Duration d, double factor) {
  return Duration(static_cast<int64_t>(std::llround(static_cast<double>(d.count()) * factor)));
}

int64_t Poisson(double mean, Rng& rng) {
  if (!(mean > 0)) return 0;
  if (mean < 30) {  // Knuth: multiply uniforms until below e^-mean
    const double limit = std::exp(-mean);
    int64_t k = 0;
    for (double p = rng.Uniform01(); p > limit; p *= rng.Uniform01()) k++;
    return k;
  }
  // Large means: the normal approximation, rounded.
  return std::max<int64_t>(0, std::llround(rng.Normal(mean, std::sqrt(mean))));
}

int64_t Binomial(int64_t n, double p, Rng& rng) {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - Binomial(n, 1 - p, rng);
  const double mean = static_cast<double>(n) * p;
  if (mean < 30) {  // count successes by geometric skips between them
    const double log_q = std::log1p(-p);
    int64_t k = 0;
    double pos = 0;
    while (true) {
      pos += std::floor(std::log1p(-rng.Uniform01()) / log_q) + 1;
      if (pos > static_cast<double>(n)) return k;
      k++;
    }
  }
  const double sd = std::sqrt(mean * (1 - p));
  return std::clamp<int64_t>(std::llround(rng.Normal(mean, sd)), 0, n);
}

// The fractional-accumulation split of `units` scaled by `factor`: the scaled count of unit i
// is floor((before + units) * factor) - floor(before * factor).
int64_t ScaledCount(int64_t before, int64_t units, double factor) {
  const double lo = std::floor(static_cast<double>(before) * factor + 1e-9);
  const double hi = std::floor(static_cast<double>(before + units) * factor + 1e-9);
  return static_cast<int64_t>(hi - lo);
}

}  // namespace

// One part of a profile. Windows (t0, t1] passed to Take are consecutive and increasing,
// starting at t0 = -1us.
class ArrivalSource::Part {
 public:
  virtual ~Part() = default;
  // The arrivals in (t0, t1].
  virtual int64_t Take(Duration t0, Duration t1, Rng& rng) = 0;
  // The expected arrivals in (t0, t1] that are spread over time (instantaneous ones are not
  // counted: shorter windows cannot split them).
  virtual double Spread(Duration t0, Duration t1) const = 0;
  // A time a > t such that nothing arrives in (t, a); t + 1us when arrivals may follow at
  // once; kNever when nothing arrives after t.
  virtual Duration NextActivity(Duration t) const = 0;
};

namespace {

using Part = ArrivalSource::Part;

// The rate curve: N(t), the expected arrivals in [0, t], integrates it exactly.
class RatePart final : public Part {
 public:
  RatePart(std::vector<RatePoint> points, bool step, Spacing spacing)
      : points_(std::move(points)), step_(step), spacing_(spacing) {
    cumulative_.push_back(0);
    for (size_t k = 0; k + 1 < points_.size(); k++) {
      cumulative_.push_back(cumulative_.back() + Integral(k, points_[k + 1].at));
    }
  }

  int64_t Take(Duration t0, Duration t1, Rng& rng) override {
    if (spacing_ == Spacing::kPoisson) return Poisson(N(t1) - N(t0), rng);
    const int64_t target = static_cast<int64_t>(std::floor(N(t1) + 1e-6));
    const int64_t out = std::max<int64_t>(0, target - emitted_);
    emitted_ = std::max(emitted_, target);
    return out;
  }

  double Spread(Duration t0, Duration t1) const override { return N(t1) - N(t0); }

  Duration NextActivity(Duration t) const override {
    size_t k = Segment(t);
    if (t < points_.front().at) k = 0;
    for (; k < points_.size(); k++) {
      if (Positive(k)) return std::max(t + kTick, points_[k].at);
    }
    return kNever;
  }

 private:
  // The segment holding t: the last k with points_[k].at <= t (0 if t is before them all).
  size_t Segment(Duration t) const {
    auto it = std::upper_bound(points_.begin(), points_.end(), t,
                               [](Duration x, const RatePoint& p) { return x < p.at; });
    return it == points_.begin() ? 0 : static_cast<size_t>(it - points_.begin()) - 1;
  }

  double EndRate(size_t k) const {
    return step_ || k + 1 == points_.size() ? points_[k].rate : points_[k + 1].rate;
  }

  bool Positive(size_t k) const { return points_[k].rate > 0 || EndRate(k) > 0; }

  // The expected arrivals from points_[k].at to t, t within segment k.
  double Integral(size_t k, Duration t) const {
    const double dt = ToSeconds(t - points_[k].at);
    const double r0 = points_[k].rate, r1 = EndRate(k);
    if (r0 == r1) return r0 * dt;
    const double len = ToSeconds(points_[k + 1].at - points_[k].at);
    return r0 * dt + (r1 - r0) * dt * dt / (2 * len);
  }

  double N(Duration t) const {
    if (t < points_.front().at) return 0;
    const size_t k = Segment(t);
    return cumulative_[k] + Integral(k, t);
  }

  std::vector<RatePoint> points_;
  bool step_;
  Spacing spacing_;
  std::vector<double> cumulative_;  // N at each point
  int64_t emitted_ = 0;
};

// Exact counts over spans (start, start + len] (or all at `start` when len is 0): bursts and
// the bins of a counts trace. Spans are sorted and do not overlap; empty ones are dropped.
struct Span {
  Duration start{0};
  Duration len{0};
  int64_t count = 0;
  Duration end() const { return start + len; }
};

class SpanPart final : public Part {
 public:
  SpanPart(std::vector<Span> spans, Spacing spacing) : spacing_(spacing) {
    for (const Span& s : spans) {
      if (s.count > 0) spans_.push_back(s);
    }
  }

  int64_t Take(Duration t0, Duration t1, Rng& rng) override {
    int64_t total = 0;
    while (next_ < spans_.size() && spans_[next_].start <= t1) {
      const Span& s = spans_[next_];
      const int64_t target = t1 >= s.end() ? s.count : Target(s, t0, t1, rng);
      total += target - emitted_;
      emitted_ = target;
      if (t1 < s.end()) break;
      next_++;
      emitted_ = 0;
    }
    return total;
  }

  double Spread(Duration t0, Duration t1) const override {
    double sum = 0;
    for (size_t i = next_; i < spans_.size() && spans_[i].start < t1; i++) {
      const Span& s = spans_[i];
      if (s.len == Duration(0)) continue;
      const Duration overlap = std::min(t1, s.end()) - std::max(t0, s.start);
      if (overlap > Duration(0)) {
        sum += static_cast<double>(s.count) * static_cast<double>(overlap.count()) /
               static_cast<double>(s.len.count());
      }
    }
    return sum;
  }

  Duration NextActivity(Duration t) const override {
    for (size_t i = next_; i < spans_.size(); i++) {
      const Span& s = spans_[i];
      if (s.start > t) return s.start;
      if (s.end() > t) return t + kTick;
    }
    return kNever;
  }

 private:
  // Arrivals of span s by t1 (start <= t1 < end), given `emitted_` by t0.
  int64_t Target(const Span& s, Duration t0, Duration t1, Rng& rng) const {
    if (spacing_ == Spacing::kEven) return MulDiv(s.count, (t1 - s.start).count(), s.len.count());
    const Duration from = std::max(t0, s.start);
    const double p =
        static_cast<double>((t1 - from).count()) / static_cast<double>((s.end() - from).count());
    return emitted_ + Binomial(s.count - emitted_, p, rng);
  }

  std::vector<Span> spans_;
  Spacing spacing_;
  size_t next_ = 0;      // the first span not fully sent
  int64_t emitted_ = 0;  // sent from spans_[next_]
};

// Arrivals at given instants, each with a multiplicity.
class InstantPart final : public Part {
 public:
  explicit InstantPart(std::vector<std::pair<Duration, int64_t>> instants) {
    for (const auto& i : instants) {
      if (i.second > 0) instants_.push_back(i);
    }
  }

  int64_t Take(Duration, Duration t1, Rng&) override {
    int64_t total = 0;
    for (; next_ < instants_.size() && instants_[next_].first <= t1; next_++) {
      total += instants_[next_].second;
    }
    return total;
  }

  double Spread(Duration, Duration) const override { return 0; }

  Duration NextActivity(Duration t) const override {
    for (size_t i = next_; i < instants_.size(); i++) {
      if (instants_[i].first > t) return instants_[i].first;
    }
    return kNever;
  }

 private:
  std::vector<std::pair<Duration, int64_t>> instants_;
  size_t next_ = 0;
};

bool InSlice(Duration t, const TraceArrivals& ta) {
  return t >= ta.from && (!ta.length || t < ta.from + *ta.length);
}

std::unique_ptr<Part> RequestsPart(const TraceArrivals& ta) {
  std::vector<std::pair<Duration, int64_t>> instants;
  int64_t before = 0;
  for (Duration t : ta.trace.times) {
    if (!InSlice(t, ta)) continue;
    const Duration at = ta.at + Scale(t - ta.from, ta.time_scale);
    instants.emplace_back(at, ScaledCount(before++, 1, ta.volume_scale));
  }
  return std::make_unique<InstantPart>(std::move(instants));
}

std::unique_ptr<Part> CountsPart(const TraceArrivals& ta, Spacing spacing) {
  std::vector<Span> spans;
  int64_t before = 0;
  const Trace& tr = ta.trace;
  for (size_t i = 0; i < tr.counts.size(); i++) {
    const Duration t = tr.bin * static_cast<int64_t>(i);
    if (!InSlice(t, ta)) continue;
    const Duration start = ta.at + Scale(t - ta.from, ta.time_scale);
    const Duration end = ta.at + Scale(t + tr.bin - ta.from, ta.time_scale);
    spans.push_back(Span{start, end - start, ScaledCount(before, tr.counts[i], ta.volume_scale)});
    before += tr.counts[i];
  }
  return std::make_unique<SpanPart>(std::move(spans), spacing);
}

std::vector<std::unique_ptr<Part>> BuildParts(const ArrivalProfile& p) {
  std::vector<std::unique_ptr<Part>> parts;
  if (!p.rate.empty()) parts.push_back(std::make_unique<RatePart>(p.rate, p.rate_step, p.spacing));
  for (const Burst& b : p.bursts) {
    parts.push_back(
        std::make_unique<SpanPart>(std::vector<Span>{{b.at, b.over, b.count}}, p.spacing));
  }
  if (p.trace) {
    if (p.trace->trace.kind == TraceKind::kRequests) {
      parts.push_back(RequestsPart(*p.trace));
    } else {
      parts.push_back(CountsPart(*p.trace, p.spacing));
    }
  }
  return parts;
}

Status ValidateRate(const std::vector<RatePoint>& rate) {
  for (size_t i = 0; i < rate.size(); i++) {
    const std::string where = "arrival rate point " + std::to_string(i);
    if (rate[i].at < Duration(0)) return InvalidArgument(where + ": negative time");
    if (!std::isfinite(rate[i].rate) || rate[i].rate < 0) {
      return InvalidArgument(where + ": rate must be finite and >= 0");
    }
    if (i > 0 && rate[i].at <= rate[i - 1].at) {
      return InvalidArgument(where + ": times must increase strictly");
    }
  }
  return Status::Ok();
}

Status ValidateTrace(const TraceArrivals& t) {
  if (!std::isfinite(t.time_scale) || t.time_scale <= 0) {
    return InvalidArgument("arrival trace: time_scale must be > 0");
  }
  if (!std::isfinite(t.volume_scale) || t.volume_scale < 0) {
    return InvalidArgument("arrival trace: volume_scale must be >= 0");
  }
  if (t.at < Duration(0) || t.from < Duration(0) || (t.length && *t.length < Duration(0))) {
    return InvalidArgument("arrival trace: at, from and length must not be negative");
  }
  if (t.trace.kind == TraceKind::kCounts && t.trace.bin <= Duration(0)) {
    return InvalidArgument("arrival trace: bin must be positive");
  }
  return Status::Ok();
}

}  // namespace

ArrivalProfile ArrivalProfile::Constant(double rate) {
  ArrivalProfile p;
  p.rate = {RatePoint{Duration(0), rate}};
  return p;
}

Status ValidateProfile(const ArrivalProfile& profile) {
  SWELL_RETURN_IF_ERROR(ValidateRate(profile.rate));
  for (size_t i = 0; i < profile.bursts.size(); i++) {
    const Burst& b = profile.bursts[i];
    if (b.at < Duration(0) || b.over < Duration(0) || b.count < 0) {
      return InvalidArgument("arrival burst " + std::to_string(i) +
                             ": at, count and over must not be negative");
    }
  }
  if (profile.trace) SWELL_RETURN_IF_ERROR(ValidateTrace(*profile.trace));
  if (profile.until && *profile.until < Duration(0)) {
    return InvalidArgument("arrival profile: until must not be negative");
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<ArrivalSource>> ArrivalSource::Create(const ArrivalProfile& profile,
                                                               Rng rng, ArrivalSink sink,
                                                               ArrivalOptions options) {
  SWELL_RETURN_IF_ERROR(ValidateProfile(profile));
  if (options.batch_interval <= Duration(0) || options.min_interval <= Duration(0) ||
      options.min_interval > options.batch_interval || options.max_batch < 1) {
    return InvalidArgument(
        "arrival options: need 0 < min_interval <= batch_interval and max_batch >= 1");
  }
  return std::unique_ptr<ArrivalSource>(
      new ArrivalSource(BuildParts(profile), profile.until, rng, std::move(sink), options));
}

ArrivalSource::ArrivalSource(std::vector<std::unique_ptr<Part>> parts,
                             std::optional<Duration> until, Rng rng, ArrivalSink sink,
                             ArrivalOptions options)
    : parts_(std::move(parts)),
      until_(until),
      rng_(rng),
      sink_(std::move(sink)),
      options_(options),
      alive_(std::make_shared<bool>(true)) {}

ArrivalSource::~ArrivalSource() = default;

void ArrivalSource::Start(EventLoop& loop, TimePoint start) {
  loop_ = &loop;
  start_ = start;
  std::weak_ptr<bool> alive = alive_;
  loop.At(start, [this, alive]() {
    if (!alive.expired()) Tick();
  });
}

void ArrivalSource::Stop() {
  alive_ = std::make_shared<bool>(true);  // orphans the scheduled tick
  done_ = true;
}

void ArrivalSource::Tick() {
  events_++;
  const Duration now = loop_->Now() - start_;
  int64_t n = 0;
  for (auto& p : parts_) n += p->Take(last_, now, rng_);
  last_ = now;
  if (n > 0) {
    total_sent_ += n;
    sink_(loop_->Now(), n);
  }
  const std::optional<Duration> end = NextWindowEnd();
  if (!end) {
    done_ = true;
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  loop_->At(start_ + *end, [this, alive]() {
    if (!alive.expired()) Tick();
  });
}

std::optional<Duration> ArrivalSource::NextWindowEnd() const {
  if (until_ && last_ >= *until_) return std::nullopt;
  Duration next = kNever;
  for (const auto& p : parts_) next = std::min(next, p->NextActivity(last_));
  if (next == kNever || (until_ && next > *until_)) return std::nullopt;
  Duration w = options_.batch_interval;
  double spread = 0;
  for (const auto& p : parts_) spread += p->Spread(last_, last_ + w);
  if (spread > static_cast<double>(options_.max_batch)) {
    const double shrink = static_cast<double>(options_.max_batch) / spread;
    w = std::max(options_.min_interval, Scale(w, shrink));
  }
  Duration end = std::max(last_ + w, next);
  if (until_) end = std::min(end, *until_);
  return end;
}

int64_t EvenArrivals(const ArrivalProfile& profile, Duration t0, Duration t1) {
  ArrivalProfile even = profile;
  even.spacing = Spacing::kEven;
  if (even.until) t1 = std::min(t1, *even.until);
  if (!ValidateProfile(even).ok() || t1 <= t0) return 0;
  Rng rng(0, "even");
  int64_t total = 0;
  for (auto& p : BuildParts(even)) {
    if (t0 > Duration(-1)) p->Take(Duration(-1), t0, rng);
    total += p->Take(std::max(t0, Duration(-1)), t1, rng);
  }
  return total;
}

}  // namespace swell::sim
