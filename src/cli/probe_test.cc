// swell probe over fake sources: output per trigger, errors with their cause, exit codes, and
// no Secret or TriggerAuthentication value in anything it prints.
#include "cli/probe.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/validate.h"
#include "scalers/fake_sources.h"

namespace swell::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kPassword[] = "rabbit-Pa55w0rd-XYZ";
constexpr char kApiKey[] = "metrics-api-key-SECRET";

// A Secret (RabbitMQ password and an API key), the TriggerAuthentication that reads it, a
// Deployment, a ScaledObject with a rabbitmq and a metrics-api trigger, and a ScaledJob.
std::string Manifests() {
  return std::string(R"(apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData:
  password: )") +
         kPassword + R"(
  apikey: )" +
         kApiKey + R"(
  conn: "host=db user=u password=)" +
         kPassword + R"("
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: auth, namespace: shop}
spec:
  secretTargetRef:
  - {parameter: username, name: creds, key: password}
  - {parameter: password, name: creds, key: password}
  - {parameter: apiKey, name: creds, key: apikey}
  - {parameter: connection, name: creds, key: conn}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: worker}}
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers:
      - name: w
        image: worker
        env: [{name: METRICS_URL, value: "http://api/metrics"}]
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: worker, namespace: shop}
spec:
  scaleTargetRef: {name: worker}
  maxReplicaCount: 10
  triggers:
  - type: rabbitmq
    metadata: {queueName: jobs, host: "http://rabbit:15672", mode: QueueLength, value: "5"}
    authenticationRef: {name: auth}
  - type: metrics-api
    name: backlog
    metadata: {url: "http://api/metrics", valueLocation: "backlog", targetValue: "4",
               authMode: apiKey}
    authenticationRef: {name: auth}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: batch, namespace: shop}
spec:
  jobTargetRef:
    template:
      spec:
        containers: [{name: b, image: batch}]
        restartPolicy: Never
  triggers:
  - type: postgresql
    metadata: {query: "select count(*) from jobs", targetQueryValue: "2"}
    authenticationRef: {name: auth}
)";
}

struct ProbeRun {
  int code = 0;
  std::string out, err;
};

ProbeRun Probe(scalers::testing::FakeSources& sources, int32_t current = 2,
               const std::string& text = Manifests()) {
  fs::path dir = fs::temp_directory_path() / ("swell_probe_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "m.yaml") << text;
  ProbeOptions o;
  o.paths = {(dir / "m.yaml").string()};
  o.current = current;
  std::ostringstream out, err;
  ProbeRun r;
  r.code = swell::cli::Probe(o, sources, out, err);
  r.out = out.str();
  r.err = err.str();
  fs::remove_all(dir);
  return r;
}

void NoSecrets(const ProbeRun& r) {
  for (const char* s : {kPassword, kApiKey}) {
    EXPECT_EQ(r.out.find(s), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(s), std::string::npos) << r.err;
  }
}

TEST(Probe, EveryTriggerAnswers) {
  scalers::testing::FakeSources s;
  s.http_client.replies["http://rabbit:15672/api/queues/%2F/jobs"] = {200, R"({"messages":23})"};
  s.http_client.replies["http://api/metrics"] = {200, R"({"backlog":6})"};
  s.postgres_client.reply = 5.0;
  ProbeRun r = Probe(s);
  EXPECT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_NE(r.out.find("ScaledObject shop/worker (min 0, max 10, pollingInterval 30s, current 2)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  trigger 0 rabbitmq s0-rabbitmq-jobs: value 23, target 5 (AverageValue), "
                       "active, HPA proposes 5"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  trigger 1 metrics-api (backlog) s1-metric-api-backlog: value 6, target "
                       "4 (AverageValue), active, HPA proposes 2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  => active: KEDA/HPA would ask for 5 replicas"), std::string::npos);
  EXPECT_NE(r.out.find("ScaledJob shop/batch"), std::string::npos);
  EXPECT_NE(r.out.find("s0-postgresql: value 5, target 2 (AverageValue), active, max scale 3 jobs"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(s.http_client.requests.size(), 2u);
  NoSecrets(r);
}

TEST(Probe, ErrorsPerTriggerWithCauseAndNoSecret) {
  scalers::testing::FakeSources s;
  // The rabbitmq queue is missing (the fake answers 404); the metrics API fails with a message
  // that (wrongly) quotes the key: probe scrubs it.
  s.http_client.replies["http://api/metrics"] = {200, R"({"backlog":"x"})"};
  s.postgres_client.reply =
      Status(StatusCode::kUnavailable, std::string("cannot connect with password ") + kPassword);
  ProbeRun r = Probe(s);
  EXPECT_EQ(r.code, kExitErrors);
  EXPECT_NE(r.out.find("trigger 0 rabbitmq s0-rabbitmq-jobs: error: NotFound: error inspecting "
                       "RabbitMQ: RabbitMQ API http://rabbit:15672 queue jobs: HTTP 404"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("s1-metric-api-backlog: error: InvalidArgument"), std::string::npos);
  EXPECT_NE(r.out.find("cannot connect with password <redacted>"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("would ask for"), std::string::npos);  // no verdict with a failed trigger
  NoSecrets(r);
}

TEST(Probe, ScaleToZeroAndActivation) {
  scalers::testing::FakeSources s;
  s.http_client.replies["http://rabbit:15672/api/queues/%2F/jobs"] = {200, R"({"messages":0})"};
  s.http_client.replies["http://api/metrics"] = {200, R"({"backlog":0})"};
  ProbeRun r = Probe(s, 3);
  EXPECT_NE(r.out.find("=> not active: KEDA/HPA would ask for 0 replicas (after cooldownPeriod)"),
            std::string::npos)
      << r.out;
  s.http_client.replies["http://rabbit:15672/api/queues/%2F/jobs"] = {200, R"({"messages":120})"};
  r = Probe(s, 0);
  EXPECT_NE(r.out.find("=> active: KEDA/HPA would ask for 10 replicas"), std::string::npos)
      << r.out;  // 24 by the metric, capped at maxReplicaCount
}

TEST(Probe, WatchRepeatsEveryPollingInterval) {
  scalers::testing::FakeSources s;
  s.http_client.replies["http://rabbit:15672/api/queues/%2F/jobs"] = {200, R"({"messages":1})"};
  s.http_client.replies["http://api/metrics"] = {200, R"({"backlog":1})"};
  s.postgres_client.reply = 1.0;
  std::string text = Manifests();
  text.replace(text.find("  maxReplicaCount: 10"), 21,
               "  maxReplicaCount: 10\n  pollingInterval: 1");
  fs::path dir = fs::temp_directory_path() / ("swell_probe_watch_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "m.yaml") << text;
  ProbeOptions o;
  o.paths = {dir.string()};
  o.watch = true;
  o.max_rounds = 2;
  std::ostringstream out, err;
  EXPECT_EQ(swell::cli::Probe(o, s, out, err), kExitOk) << out.str() << err.str();
  fs::remove_all(dir);
  size_t first = out.str().find("--- "), second = out.str().find("--- ", first + 1);
  EXPECT_NE(second, std::string::npos) << out.str();  // two rounds, each with its time
  EXPECT_EQ(s.postgres_client.queries.size(), 2u);
}

TEST(Probe, BuildErrorsAndArguments) {
  scalers::testing::FakeSources s;
  std::string text = Manifests();
  text.replace(text.find("authenticationRef: {name: auth}"), 31, "authenticationRef: {name: nope}");
  ProbeRun r = Probe(s, 1, text);
  EXPECT_EQ(r.code, kExitErrors);
  EXPECT_NE(r.out.find("trigger 0 rabbitmq: error: NotFound: TriggerAuthentication shop/nope not "
                       "found"),
            std::string::npos)
      << r.out;
  r = Probe(s, 1, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("no ScaledObject or ScaledJob"), std::string::npos);
  std::ostringstream out, err;
  EXPECT_EQ(RunProbe({}, out, err), kExitUsage);
  EXPECT_EQ(RunProbe({"-f", "/no/such/file.yaml"}, out, err), kExitUsage);
  EXPECT_EQ(RunProbe({"-f", "x", "--current", "-1"}, out, err), kExitUsage);
  EXPECT_EQ(RunProbe({"--bogus"}, out, err), kExitUsage);
  EXPECT_EQ(RunProbe({"--help"}, out, err), kExitOk);
}

}  // namespace
}  // namespace swell::cli
