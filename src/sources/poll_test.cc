// A slow or dead source never blocks the other triggers: one poll of N aws-sqs-queue triggers,
// one of whose endpoints hangs, finishes within the healthy sources' time plus one timeout;
// the hung trigger gets one DeadlineExceeded, counted by fallback like any scaler error
// (keda.md §2.10), and the others answer.
#include "sources/poll.h"

#include <gtest/gtest.h>

#include <chrono>

#include "scalers/registry.h"
#include "scaling/fallback.h"
#include "sources/real_sources.h"
#include "sources/test_server.h"

namespace swell::sources {
namespace {

using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

scalers::ScalerConfig SqsTrigger(const std::string& endpoint, int index) {
  scalers::ScalerConfig c;
  c.type = "aws-sqs-queue";
  c.trigger_index = index;
  c.metadata = {{"queueURL", "https://sqs.eu-west-1.amazonaws.com/1/q" + std::to_string(index)},
                {"awsRegion", "eu-west-1"},
                {"awsEndpoint", endpoint}};
  c.auth_params = {{"awsAccessKeyID", "AKID"}, {"awsSecretAccessKey", "SK"}};
  return c;
}

TEST(Poll, OneHangingSourceDoesNotBlockTheOthers) {
  TestServer healthy([](const TestRequest&) {
    return TestReply{200, R"({"Attributes":{"ApproximateNumberOfMessages":"4",)"
                          R"("ApproximateNumberOfMessagesNotVisible":"1"}})"};
  });
  TestServer hung([](const TestRequest&) {
    TestReply r;
    r.hang = true;
    return r;
  });
  RealSourcesOptions options;
  options.call.default_timeout = Milliseconds(400);
  RealSources sources(options);
  constexpr int kTriggers = 12;
  std::vector<std::unique_ptr<scalers::Scaler>> scalers;
  for (int i = 0; i < kTriggers; i++) {
    auto s = scalers::BuildScaler(SqsTrigger(i == 3 ? hung.url() : healthy.url(), i), sources);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scalers.push_back(std::move(s).value());
  }
  std::vector<StatusOr<scalers::MetricsAndActivity>> results(kTriggers, Internal("not run"));
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < kTriggers; i++) {
    tasks.emplace_back([&, i] {
      results[static_cast<size_t>(i)] = scalers[static_cast<size_t>(i)]->GetMetricsAndActivity(
          scalers[static_cast<size_t>(i)]->GetMetricSpecs()[0].name);
    });
  }
  auto start = std::chrono::steady_clock::now();
  RunConcurrently(tasks, 4);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::milliseconds(400 + 1500));  // one timeout, not one per trigger
  for (int i = 0; i < kTriggers; i++) {
    const auto& r = results[static_cast<size_t>(i)];
    if (i == 3) {
      EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().ToString();
      continue;
    }
    ASSERT_TRUE(r.ok()) << i << ": " << r.status().ToString();
    EXPECT_EQ(r->values[0].milli, 5000);
  }

  // The failure is counted for fallback: status.health[metric].numberOfFailures.
  api::ScaledObject so;
  so.spec.fallback = api::Fallback{1, 7, std::nullopt};
  std::map<std::string, api::HealthStatus, std::less<>> health;
  const scalers::MetricSpec spec = scalers[3]->GetMetricSpecs()[0];
  scaling::FallbackOutcome o = scaling::ApplyFallback(so, spec, results[3], 2, 2, &health);
  EXPECT_FALSE(o.fallback_used);
  EXPECT_EQ(health[spec.name].number_of_failures, 1);
  o = scaling::ApplyFallback(so, spec, results[3], 2, 2, &health);
  EXPECT_TRUE(o.fallback_used);  // past failureThreshold 1: the fallback value
  EXPECT_EQ(health[spec.name].status, "Failing");
}

TEST(Poll, RunConcurrentlyRunsEveryTaskOnce) {
  std::vector<int> hits(100, 0);
  std::vector<std::function<void()>> tasks;
  for (size_t i = 0; i < hits.size(); i++) tasks.emplace_back([&hits, i] { hits[i]++; });
  RunConcurrently(tasks, 7);
  for (int h : hits) EXPECT_EQ(h, 1);
  RunConcurrently({}, 3);  // no tasks: returns
}

}  // namespace
}  // namespace swell::sources
