#include "sim/arrival.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/queue.h"
#include "sim/test_util.h"

namespace swell::sim {
namespace {

using testing::T0;

double F(int64_t v) { return static_cast<double>(v); }

struct Batch {
  TimePoint at;
  int64_t count;
};

// Runs `profile` from T0() until `until` and returns the batches the sink saw.
struct Recorded {
  std::vector<Batch> batches;
  int64_t total = 0;
  int64_t events = 0;
  bool done = false;

  // Messages handed over in (from, to] after T0().
  int64_t Between(Duration from, Duration to) const {
    int64_t n = 0;
    for (const Batch& b : batches) {
      if (b.at > T0() + from && b.at <= T0() + to) n += b.count;
    }
    return n;
  }
  int64_t Largest() const {
    int64_t m = 0;
    for (const Batch& b : batches) m = std::max(m, b.count);
    return m;
  }
};

Recorded RunProfile(const ArrivalProfile& profile, Duration until, uint64_t seed = 1,
                    ArrivalOptions options = {}) {
  Recorded run;
  EventLoop loop(T0());
  auto source = ArrivalSource::Create(
      profile, Rng(seed, "arrivals"),
      [&run](TimePoint now, int64_t n) {
        run.batches.push_back(Batch{now, n});
      },
      options);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return run;
  (*source)->Start(loop, T0());
  loop.RunUntil(T0() + until);
  run.total = (*source)->total_sent();
  run.events = (*source)->events();
  run.done = (*source)->done();
  return run;
}

ArrivalProfile ArticleBurst(Spacing spacing) {
  ArrivalProfile p;
  p.bursts = {Burst{Minutes(2), 200000, Minutes(3)}};
  p.spacing = spacing;
  return p;
}

// The article: "Your SQS order queue skyrockets from 200 to 200,000 messages in minutes."
TEST(ArrivalTest, BurstDeliversExactlyItsCountOverItsSpan) {
  Recorded run = RunProfile(ArticleBurst(Spacing::kEven), Minutes(10));
  EXPECT_EQ(run.total, 200000);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.Between(Duration(0), Minutes(2)), 0);
  EXPECT_EQ(run.Between(Minutes(5), Minutes(10)), 0);
  for (int i = 0; i < 6; i++) {  // 33,333.3 per 30 s
    const Duration from = Minutes(2) + Seconds(30 * i);
    EXPECT_NEAR(F(run.Between(from, from + Seconds(30))), 33333, 1) << "bucket " << i;
  }
  EXPECT_LE(run.Largest(), 1000);
  EXPECT_LT(run.events, 2500);  // ~1,800 windows of 100 ms, not 200,000 events
}

TEST(ArrivalTest, PoissonBurstKeepsItsExactCount) {
  Recorded run = RunProfile(ArticleBurst(Spacing::kPoisson), Minutes(10));
  EXPECT_EQ(run.total, 200000);
  EXPECT_EQ(run.Between(Duration(0), Minutes(2)), 0);
  for (int i = 0; i < 6; i++) {
    const Duration from = Minutes(2) + Seconds(30 * i);
    EXPECT_NEAR(F(run.Between(from, from + Seconds(30))), 33333, 1000) << "bucket " << i;
  }
}

TEST(ArrivalTest, InstantBurstIsOneEventAtItsTime) {
  ArrivalProfile p;
  p.bursts = {Burst{Minutes(2), 200000, Duration(0)}};
  Recorded run = RunProfile(p, Minutes(5));
  ASSERT_EQ(run.batches.size(), 1u);
  EXPECT_EQ(run.batches[0].at, T0() + Minutes(2));
  EXPECT_EQ(run.batches[0].count, 200000);
  EXPECT_LE(run.events, 3);  // start, the jump to 2m; idle time costs nothing
}

TEST(ArrivalTest, ConstantRate) {
  ArrivalProfile p = ArrivalProfile::Constant(10);
  p.until = Minutes(1);
  Recorded run = RunProfile(p, Minutes(2));
  EXPECT_EQ(run.total, 600);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.Between(Duration(0), Seconds(30)), 300);
  EXPECT_EQ(run.batches.front().at, T0() + Milliseconds(100));
  EXPECT_EQ(EvenArrivals(p, Duration(-1), Hours(1)), 600);
}

TEST(ArrivalTest, PiecewiseLinearRate) {
  ArrivalProfile p;
  p.rate = {{Seconds(0), 1}, {Minutes(2), 2000}, {Minutes(5), 0}};
  Recorded run = RunProfile(p, Minutes(10));
  // The ramp up: (1 + 2000) / 2 * 120 s; the ramp down: 2000 / 2 * 180 s.
  const int64_t want = 120060 + 180000;
  EXPECT_NEAR(F(run.total), want, 1);
  EXPECT_TRUE(run.done);  // the rate stays 0 after the last point
  EXPECT_NEAR(F(run.Between(Duration(0), Minutes(1))), (1 + 1000.5) / 2 * 60, 1);
  EXPECT_NEAR(F(run.Between(Minutes(2), Minutes(3))), (2000 + 2000.0 * 2 / 3) / 2 * 60, 1);
  EXPECT_LE(run.Largest(), 1000);
  EXPECT_EQ(EvenArrivals(p, Duration(-1), Minutes(10)), run.total);
}

TEST(ArrivalTest, StepRateHoldsEachValue) {
  ArrivalProfile p;
  p.rate = {{Seconds(0), 10}, {Seconds(10), 0}, {Seconds(20), 5}};
  p.rate_step = true;
  p.until = Seconds(30);
  Recorded run = RunProfile(p, Minutes(1));
  EXPECT_EQ(run.total, 150);
  EXPECT_EQ(run.Between(Seconds(10), Seconds(20)), 0);
}

TEST(ArrivalTest, PoissonRateIsRandomButDeterministic) {
  ArrivalProfile p = ArrivalProfile::Constant(100);
  p.spacing = Spacing::kPoisson;
  p.until = Seconds(100);
  Recorded a = RunProfile(p, Minutes(2), 7);
  Recorded b = RunProfile(p, Minutes(2), 7);
  Recorded c = RunProfile(p, Minutes(2), 8);
  EXPECT_NEAR(F(a.total), 10000, 500);  // 5 standard deviations
  EXPECT_EQ(a.total, b.total);
  ASSERT_EQ(a.batches.size(), b.batches.size());
  for (size_t i = 0; i < a.batches.size(); i++) EXPECT_EQ(a.batches[i].count, b.batches[i].count);
  EXPECT_NE(a.total, c.total);
}

TEST(ArrivalTest, PoissonAtHighRates) {
  ArrivalProfile p = ArrivalProfile::Constant(2000);  // 200 per window: the normal branch
  p.spacing = Spacing::kPoisson;
  p.until = Seconds(10);
  Recorded run = RunProfile(p, Seconds(20));
  EXPECT_NEAR(F(run.total), 20000, 710);  // 5 standard deviations
  EXPECT_GT(run.batches.size(), 90u);
}

TEST(ArrivalTest, HighRatesUseShorterWindows) {
  ArrivalProfile p = ArrivalProfile::Constant(100000);
  p.until = Seconds(1);
  Recorded run = RunProfile(p, Seconds(2));
  EXPECT_EQ(run.total, 100000);
  EXPECT_LE(run.Largest(), 1000);
  EXPECT_GE(run.events, 100);
}

TEST(ArrivalTest, PartsAddUp) {
  ArrivalProfile p = ArrivalProfile::Constant(1);  // the article's background of ~200
  p.bursts = {Burst{Minutes(2), 200000, Minutes(3)}, Burst{Minutes(4), 500, Duration(0)}};
  p.until = Minutes(10);
  Recorded run = RunProfile(p, Minutes(20));
  EXPECT_EQ(run.total, 600 + 200000 + 500);
}

TEST(ArrivalTest, RequestTraceWithScales) {
  Trace t;
  t.times = {Seconds(0), Seconds(10), Seconds(10) + Milliseconds(20), Seconds(30)};
  ArrivalProfile p;
  p.trace = TraceArrivals{.trace = t, .at = Seconds(5), .time_scale = 0.5, .volume_scale = 3};
  Recorded run = RunProfile(p, Minutes(1));
  EXPECT_EQ(run.total, 12);
  // Scaled arrivals at 5s, 10s, 10.01s, 20s, three messages each. Sparse arrivals land on
  // their times; one that follows within a window waits for the window's end.
  ASSERT_EQ(run.batches.size(), 4u);
  EXPECT_EQ(run.batches[0].at, T0() + Seconds(5));
  EXPECT_EQ(run.batches[1].at, T0() + Seconds(10));
  EXPECT_EQ(run.batches[2].at, T0() + Seconds(10) + Milliseconds(100));
  EXPECT_EQ(run.batches[2].count, 3);
  EXPECT_EQ(run.batches[3].at, T0() + Seconds(20));
  EXPECT_TRUE(run.done);
}

TEST(ArrivalTest, FractionalVolumeScaleAccumulates) {
  Trace t;
  for (int i = 0; i < 10; i++) t.times.push_back(Seconds(i));
  ArrivalProfile p;
  p.trace = TraceArrivals{.trace = t, .volume_scale = 0.5};
  EXPECT_EQ(RunProfile(p, Minutes(1)).total, 5);
}

TEST(ArrivalTest, CountsTraceKeepsPerBinTotals) {
  Trace t;
  t.kind = TraceKind::kCounts;
  t.counts = {60, 0, 120, 30};
  ArrivalProfile p;
  p.trace = TraceArrivals{.trace = t, .from = Minutes(1), .time_scale = 0.5};
  for (Spacing s : {Spacing::kEven, Spacing::kPoisson}) {
    p.spacing = s;
    Recorded run = RunProfile(p, Minutes(5));
    EXPECT_EQ(run.total, 150);
    EXPECT_EQ(run.Between(Duration(-1), Seconds(30)), 0);  // the empty bin
    EXPECT_EQ(run.Between(Seconds(30), Seconds(60)), 120);
  }
}

// The real per-minute trace, a day compressed into 24 minutes.
TEST(ArrivalTest, AzureFunctionsTraceCompressed) {
  StatusOr<Trace> t = LoadTrace(testing::TracePath("azure-functions-2019-sample-invocations.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ArrivalProfile p;
  p.trace = TraceArrivals{.trace = *t, .time_scale = 1.0 / 60, .volume_scale = 100};
  Recorded run = RunProfile(p, Minutes(30));
  EXPECT_EQ(run.total, 115000);
  EXPECT_TRUE(run.done);
  EXPECT_EQ(run.Between(Minutes(24), Minutes(30)), 0);
}

TEST(ArrivalTest, AzureLlmTraceDeliversEveryRequest) {
  StatusOr<Trace> t = LoadTrace(testing::TracePath("azure-llm-2023-code.csv"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ArrivalProfile p;
  p.trace = TraceArrivals{.trace = *t, .length = Minutes(30)};
  Recorded run = RunProfile(p, Hours(1));
  int64_t want = 0;
  for (Duration d : t->times) want += d < Minutes(30) ? 1 : 0;
  EXPECT_EQ(run.total, want);
  EXPECT_LE(run.events, want + 1);
}

TEST(ArrivalTest, StopAndDestroyCancel) {
  EventLoop loop(T0());
  int64_t seen = 0;
  auto sink = [&seen](TimePoint, int64_t n) { seen += n; };
  auto a = ArrivalSource::Create(ArrivalProfile::Constant(10), Rng(1, "a"), sink);
  auto b = ArrivalSource::Create(ArrivalProfile::Constant(10), Rng(1, "b"), sink);
  ASSERT_TRUE(a.ok() && b.ok());
  (*a)->Start(loop, T0());
  (*b)->Start(loop, T0());
  loop.RunUntil(T0() + Seconds(1));
  EXPECT_EQ(seen, 20);
  (*a)->Stop();
  b->reset();
  loop.RunUntil(T0() + Seconds(10));
  EXPECT_EQ(seen, 20);
  EXPECT_TRUE((*a)->done());
  EXPECT_TRUE(loop.empty());
}

TEST(ArrivalTest, FeedsAQueue) {
  EventLoop loop(T0());
  Queue q("orders");
  auto source = ArrivalSource::Create(ArticleBurst(Spacing::kEven), Rng(1, "orders"),
                                      [&q](TimePoint now, int64_t n) { q.Send(now, n); });
  ASSERT_TRUE(source.ok());
  (*source)->Start(loop, T0());
  loop.RunUntil(T0() + Minutes(3) + Seconds(30));
  EXPECT_NEAR(F(q.visible()), 100000, 1);
  EXPECT_EQ(q.OldestAge(loop.Now()), Seconds(90) - Milliseconds(100));
}

TEST(ArrivalTest, RejectsBadProfiles) {
  struct Case {
    const char* name;
    ArrivalProfile p;
  };
  std::vector<Case> cases;
  cases.push_back({"negative rate", ArrivalProfile::Constant(-1)});
  cases.push_back({"nan rate", ArrivalProfile::Constant(std::nan(""))});
  ArrivalProfile unsorted;
  unsorted.rate = {{Seconds(10), 1}, {Seconds(5), 1}};
  cases.push_back({"unsorted", unsorted});
  ArrivalProfile burst;
  burst.bursts = {Burst{Seconds(0), -5, Seconds(1)}};
  cases.push_back({"negative count", burst});
  ArrivalProfile scale;
  scale.trace = TraceArrivals{.time_scale = 0};
  cases.push_back({"zero time scale", scale});
  for (const Case& c : cases) {
    Status s = ValidateProfile(c.p);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_FALSE(ArrivalSource::Create(c.p, Rng(1, "x"), [](TimePoint, int64_t) {}).ok());
  }
  EXPECT_FALSE(ArrivalSource::Create(
                   ArrivalProfile::Constant(1), Rng(1, "x"), [](TimePoint, int64_t) {},
                   ArrivalOptions{.batch_interval = Duration(0)})
                   .ok());
}

}  // namespace
}  // namespace swell::sim
