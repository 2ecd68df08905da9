#include "sim/consumer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "sim/arrival.h"
#include "sim/test_util.h"

namespace swell::sim {
namespace {

using testing::T0;

ConsumerOptions Fixed(Duration d, double failure = 0) {
  return ConsumerOptions{.processing_time = DurationDist::Constant(d),
                         .failure_probability = failure};
}

std::string PodName(int i) { return "worker-" + std::to_string(i); }

TEST(ConsumerPoolTest, TenPodsOfFiveWorkersAt200msDrain250PerSecond) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Milliseconds(200)));
  q.Send(T0(), 100000);
  for (int i = 0; i < 10; i++) ASSERT_TRUE(pool.AddPod(PodName(i), 5).ok());
  loop.RunUntil(T0() + Minutes(1));
  EXPECT_EQ(pool.counters().processed, 250 * 60);
  EXPECT_EQ(pool.workers(), 50);
  EXPECT_EQ(pool.busy(), 50);
  EXPECT_EQ(q.in_flight(), 50);
  EXPECT_EQ(q.counters().deleted, 250 * 60);
}

TEST(ConsumerPoolTest, IdleWorkersLongPollWithoutEvents) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Milliseconds(100)));
  ASSERT_TRUE(pool.AddPod("a", 4).ok());
  loop.RunUntil(T0() + Hours(1));
  EXPECT_LE(loop.executed(), 2u);  // no polling while the queue is empty
  loop.At(loop.Now() + Seconds(10), [&]() { q.Send(loop.Now(), 3); });
  loop.RunUntil(loop.Now() + Seconds(10));
  EXPECT_EQ(pool.busy(), 3);
  loop.RunUntil(loop.Now() + Milliseconds(100));
  EXPECT_EQ(pool.counters().processed, 3);
  EXPECT_EQ(pool.busy(), 0);
}

TEST(ConsumerPoolTest, DelayedMessagesWakeIdleWorkersOnTime) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Milliseconds(100)));
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  q.Send(T0(), 1, Seconds(5));
  loop.RunUntil(T0() + Seconds(5));
  EXPECT_EQ(pool.busy(), 1);
  EXPECT_EQ(q.in_flight(), 1);
}

// keda.md §5.1 note and the article: failures go to the DLQ after maxReceiveCount receives.
TEST(ConsumerPoolTest, FailedMessagesReturnAfterTheVisibilityTimeoutThenDeadLetter) {
  EventLoop loop(T0());
  Queue dlq("orders-dlq");
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  ASSERT_TRUE(q.SetDeadLetterQueue(&dlq, 3).ok());
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(1), 1.0));
  ASSERT_TRUE(pool.AddPod("a", 2).ok());
  q.Send(T0(), 1);
  loop.RunUntil(T0() + Seconds(29));
  EXPECT_EQ(pool.counters().failed, 1);
  EXPECT_EQ(q.in_flight(), 1);  // not deleted: invisible until the timeout
  loop.RunUntil(T0() + Seconds(30));
  EXPECT_EQ(q.counters().redelivered, 1);
  loop.RunUntil(T0() + Minutes(5));
  EXPECT_EQ(pool.counters().failed, 3);
  EXPECT_EQ(q.counters().dead_lettered, 1);
  EXPECT_EQ(dlq.visible(), 1);
  EXPECT_EQ(pool.counters().processed, 0);
}

// keda.md §5.1 note / the article: "configure visibility timeout ... carefully". A worker
// slower than the timeout never gets to delete: each receipt has expired when it finishes.
TEST(ConsumerPoolTest, SlowerThanTheVisibilityTimeoutNeverDeletes) {
  EventLoop loop(T0());
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(40)));
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  q.Send(T0(), 1);
  loop.RunUntil(T0() + Minutes(2));
  EXPECT_EQ(pool.counters().late, 3);  // finished at 40s, 80s, 120s
  EXPECT_EQ(pool.counters().processed, 0);
  EXPECT_EQ(q.counters().redelivered, 3);
  EXPECT_EQ(q.counters().timed_out, 3);
  EXPECT_EQ(q.in_flight(), 1);
}

TEST(ConsumerPoolTest, ExtendingTheVisibilityTimeoutFixesASlowWorker) {
  EventLoop loop(T0());
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(60)});
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(40)));
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  q.Send(T0(), 1);
  loop.RunUntil(T0() + Minutes(2));
  EXPECT_EQ(pool.counters().late, 0);
  EXPECT_EQ(pool.counters().processed, 1);
  EXPECT_EQ(q.counters().delete_latency_max, Seconds(40));
}

TEST(ConsumerPoolTest, GracefulStopFinishesWithinTheGracePeriod) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(10)));
  std::vector<std::pair<std::string, TimePoint>> exits;
  pool.SetOnPodExit([&](const std::string& pod) { exits.emplace_back(pod, loop.Now()); });
  q.Send(T0(), 5);
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  loop.RunUntil(T0() + Seconds(2));
  ASSERT_TRUE(pool.StopPod("a", Seconds(30)).ok());
  EXPECT_EQ(pool.workers(), 0);
  EXPECT_EQ(pool.StopPod("a", Seconds(30)).code(), StatusCode::kFailedPrecondition);
  loop.RunUntil(T0() + Minutes(1));
  EXPECT_EQ(pool.counters().processed, 1);  // the one in progress; no new receive
  EXPECT_EQ(pool.counters().abandoned, 0);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0].first, "a");
  EXPECT_EQ(exits[0].second, T0() + Seconds(10));  // exits when done, before the grace ends
  EXPECT_EQ(q.visible(), 4);
  EXPECT_EQ(pool.pods(), 0u);
}

TEST(ConsumerPoolTest, StopPastTheGracePeriodAbandonsAndTheMessageReturns) {
  EventLoop loop(T0());
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(10)));
  std::vector<TimePoint> exits;
  pool.SetOnPodExit([&](const std::string&) { exits.push_back(loop.Now()); });
  q.Send(T0(), 1);
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  loop.RunUntil(T0() + Seconds(2));
  ASSERT_TRUE(pool.StopPod("a", Seconds(5)).ok());
  loop.RunUntil(T0() + Seconds(7));
  EXPECT_EQ(pool.counters().abandoned, 1);
  EXPECT_EQ(pool.counters().processed, 0);
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0], T0() + Seconds(7));
  EXPECT_EQ(q.in_flight(), 1);  // left in flight until the visibility timeout
  ASSERT_TRUE(pool.AddPod("b", 1).ok());
  loop.RunUntil(T0() + Seconds(29));
  EXPECT_EQ(pool.busy(), 0);
  loop.RunUntil(T0() + Seconds(30));  // the idle worker is woken by the timeout
  EXPECT_EQ(pool.busy(), 1);
  EXPECT_EQ(q.counters().redelivered, 1);
  loop.RunUntil(T0() + Seconds(40));
  EXPECT_EQ(pool.counters().processed, 1);
}

TEST(ConsumerPoolTest, StopWithNothingInProgressExitsAtOnce) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"));
  int exits = 0;
  pool.SetOnPodExit([&](const std::string&) { exits++; });
  ASSERT_TRUE(pool.AddPod("a", 3).ok());
  ASSERT_TRUE(pool.StopPod("a", Seconds(30)).ok());
  loop.RunUntil(T0());
  EXPECT_EQ(exits, 1);
  q.Send(T0() + Seconds(1), 5);
  loop.RunUntil(T0() + Seconds(5));
  EXPECT_EQ(q.visible(), 5);  // nobody left to receive
}

TEST(ConsumerPoolTest, RemovePodAbandonsAtOnce) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(10)));
  int exits = 0;
  pool.SetOnPodExit([&](const std::string&) { exits++; });
  q.Send(T0(), 10);
  ASSERT_TRUE(pool.AddPod("a", 3).ok());
  ASSERT_TRUE(pool.AddPod("b", 2).ok());
  loop.RunUntil(T0() + Seconds(1));
  ASSERT_TRUE(pool.RemovePod("a").ok());
  EXPECT_EQ(pool.counters().abandoned, 3);
  EXPECT_EQ(pool.workers(), 2);
  EXPECT_EQ(pool.busy(), 2);
  EXPECT_EQ(pool.RemovePod("a").code(), StatusCode::kNotFound);
  loop.RunUntil(T0() + Seconds(20));
  EXPECT_EQ(exits, 0);                      // a kill is not an exit
  EXPECT_EQ(pool.counters().processed, 4);  // b's two workers, twice
  EXPECT_EQ(q.in_flight(), 5);              // a's three abandoned, b's next two
  ASSERT_TRUE(pool.AddPod("a", 1).ok());    // the name can be reused
}

TEST(ConsumerPoolTest, PodErrors) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"));
  ASSERT_TRUE(pool.AddPod("a", 1).ok());
  EXPECT_EQ(pool.AddPod("a", 1).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(pool.AddPod("b", -1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(pool.StopPod("zzz", Seconds(1)).code(), StatusCode::kNotFound);
  EXPECT_FALSE(pool.Usage("zzz").has_value());
}

TEST(ConsumerPoolTest, UsageTracksBusyTime) {
  EventLoop loop(T0());
  Queue q("orders");
  ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(10)));
  ASSERT_TRUE(pool.AddPod("a", 4).ok());
  q.Send(T0(), 1);
  loop.RunUntil(T0() + Seconds(5));
  std::optional<PodUsage> u = pool.Usage("a");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->workers, 4);
  EXPECT_EQ(u->busy, 1);
  EXPECT_DOUBLE_EQ(u->busy_fraction(), 0.25);
  EXPECT_EQ(u->busy_time, Seconds(5));
  q.Send(loop.Now(), 3);
  loop.RunUntil(T0() + Seconds(20));
  u = pool.Usage("a");
  EXPECT_EQ(u->busy, 0);
  EXPECT_EQ(u->busy_time, Seconds(40));  // four messages of 10 s
}

TEST(ConsumerPoolTest, DestroyingThePoolCancelsItsEvents) {
  EventLoop loop(T0());
  Queue q("orders");
  {
    ConsumerPool pool(loop, q, Rng(1, "pool"), Fixed(Seconds(1)));
    ASSERT_TRUE(pool.AddPod("a", 2).ok());
    q.Send(T0(), 10);
    loop.RunUntil(T0() + Milliseconds(1500));
  }
  q.Send(loop.Now(), 1);  // no listener left
  loop.RunUntil(T0() + Seconds(10));
  EXPECT_EQ(q.counters().deleted, 2);
  EXPECT_EQ(q.in_flight(), 2);
}

struct WorldCounters {
  QueueCounters queue;
  QueueCounters dlq;
  ConsumerCounters consumers;
  int64_t sent = 0;
  uint64_t events = 0;
  friend bool operator==(const WorldCounters&, const WorldCounters&) = default;
};

// A burst with Poisson arrivals, random processing times, failures, a DLQ, pods stopped and
// killed mid-way.
WorldCounters RunWorld(uint64_t seed) {
  EventLoop loop(T0());
  Queue dlq("orders-dlq");
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(20)});
  EXPECT_TRUE(q.SetDeadLetterQueue(&dlq, 2).ok());
  ArrivalProfile profile = ArrivalProfile::Constant(20);
  profile.bursts = {Burst{Seconds(30), 20000, Minutes(1)}};
  profile.spacing = Spacing::kPoisson;
  profile.until = Minutes(3);
  auto source = ArrivalSource::Create(profile, Rng(seed, "arrivals"),
                                      [&q](TimePoint now, int64_t n) { q.Send(now, n); });
  ConsumerPool pool(
      loop, q, Rng(seed, "consumers"),
      ConsumerOptions{.processing_time = *DurationDist::Parse("lognormal(300ms, 0.8)"),
                      .failure_probability = 0.05});
  (*source)->Start(loop, T0());
  for (int i = 0; i < 30; i++) EXPECT_TRUE(pool.AddPod(PodName(i), 4).ok());
  loop.At(T0() + Minutes(2), [&]() {
    for (int i = 0; i < 10; i++) EXPECT_TRUE(pool.StopPod(PodName(i), Seconds(1)).ok());
    EXPECT_TRUE(pool.RemovePod(PodName(29)).ok());
  });
  loop.RunUntil(T0() + Minutes(10));
  q.Expire(loop.Now());
  return WorldCounters{q.counters(), dlq.counters(), pool.counters(), (*source)->total_sent(),
                       loop.executed()};
}

TEST(ConsumerPoolTest, SameSeedSameCounters) {
  WorldCounters a = RunWorld(42), b = RunWorld(42), c = RunWorld(43);
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == c);
  EXPECT_GT(a.consumers.failed, 0);
  EXPECT_GT(a.consumers.abandoned, 0);
  EXPECT_GT(a.queue.dead_lettered, 0);
  // No message lost: everything sent was deleted or dead-lettered (the run drains fully).
  EXPECT_EQ(a.queue.sent, a.sent);
  EXPECT_EQ(a.queue.deleted + a.queue.dead_lettered, a.sent);
}

// The article's burst, drained by 100 pods. Prints the wall time; asserts only the outcome.
TEST(ConsumerPoolTest, BurstOf200000DrainedBy100Pods) {
  const auto wall_start = std::chrono::steady_clock::now();
  EventLoop loop(T0());
  Queue q("orders", QueueOptions{.visibility_timeout = Seconds(30)});
  ArrivalProfile profile;
  profile.bursts = {Burst{Seconds(0), 200000, Minutes(3)}};
  auto source = ArrivalSource::Create(profile, Rng(1, "arrivals"),
                                      [&q](TimePoint now, int64_t n) { q.Send(now, n); });
  ConsumerPool pool(loop, q, Rng(1, "consumers"),
                    ConsumerOptions{.processing_time = *DurationDist::Parse("exponential(200ms)")});
  (*source)->Start(loop, T0());
  for (int i = 0; i < 100; i++) ASSERT_TRUE(pool.AddPod(PodName(i), 5).ok());
  TimePoint drained = TimePoint::max();
  loop.Every(T0() + Seconds(1), Seconds(1), [&]() {
    if (pool.counters().processed < 200000) return true;
    drained = loop.Now();
    return false;
  });
  loop.RunUntil(T0() + Minutes(10));
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start)
          .count();
  EXPECT_EQ(pool.counters().processed, 200000);
  EXPECT_EQ(q.visible() + q.in_flight(), 0);
  EXPECT_LE(drained, T0() + Minutes(3) + Seconds(5));  // 2,500/s of capacity vs 1,111/s in
  std::printf(
      "[ perf     ] 200,000 messages, 100 pods x 5 workers: %llu events, drained at "
      "%s, %.1f ms wall\n",
      static_cast<unsigned long long>(loop.executed()), FormatGoDuration(drained - T0()).c_str(),
      wall_ms);
}

}  // namespace
}  // namespace swell::sim
