// Helpers for the tests against real servers (servers_test, label "servers"). tools/servers.sh
// starts the servers on fixed loopback ports and tools/test.sh sets SWELL_TEST_SERVERS=1;
// without it each test skips with a message saying how to run it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "scalers/registry.h"
#include "sources/real_sources.h"

namespace swell::sources::testing {

inline constexpr int kRedisPort = 16379;
inline constexpr int kSentinelPort = 16380;
inline constexpr int kPrometheusPort = 19090;
inline constexpr int kPostgresPort = 15432;
inline constexpr int kNatsPort = 14222;
inline constexpr int kNatsMonitorPort = 18222;
inline constexpr int kAmqpPort = 35672;
inline constexpr int kRabbitHttpPort = 35673;
inline constexpr int kFauxqsPort = 14566;

inline bool ServersUp() {
  const char* v = std::getenv("SWELL_TEST_SERVERS");
  return v != nullptr && std::string(v) == "1";
}

#define SWELL_REQUIRE_SERVERS()                                                    \
  if (!::swell::sources::testing::ServersUp())                                     \
  GTEST_SKIP() << "needs the test servers: tools/servers.sh start, then run with " \
                  "SWELL_TEST_SERVERS=1 (tools/test.sh does both)"

inline std::string Local(int port) { return "127.0.0.1:" + std::to_string(port); }

// RealSources with a short timeout, so failure tests stay fast.
inline RealSourcesOptions FastOptions() {
  RealSourcesOptions o;
  o.call.default_timeout = Milliseconds(1500);
  o.call.initial_backoff = Milliseconds(20);
  return o;
}

// A scaler of `type` built through the registry against `sources` (asserts it builds).
inline std::unique_ptr<scalers::Scaler> MustBuild(scalers::Sources& sources, std::string type,
                                                  api::StringMap metadata,
                                                  api::StringMap auth = {}) {
  scalers::ScalerConfig c;
  c.type = std::move(type);
  c.metadata = std::move(metadata);
  c.auth_params = std::move(auth);
  auto s = scalers::BuildScaler(c, sources);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

// One poll of the scaler's first metric.
inline StatusOr<scalers::MetricsAndActivity> Poll(scalers::Scaler& s) {
  return s.GetMetricsAndActivity(s.GetMetricSpecs()[0].name);
}

}  // namespace swell::sources::testing
