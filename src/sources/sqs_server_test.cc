// aws-sqs-queue end to end against the SQS emulator fauxqs@1.9.2 (keda.md §5.1): N messages
// sent, K received (in flight), D delayed; the scaler reports what KEDA would with
// scaleOnInFlight and scaleOnDelayed on and off. Requests go to the QueueUrl fauxqs returned,
// through awsEndpoint, signed with the TriggerAuthentication's keys or the default chain.
#include <gtest/gtest.h>
#include <unistd.h>

#include "sources/server_test_util.h"
#include "util/json.h"

namespace swell::sources {
namespace {

using testing::kFauxqsPort;
using testing::Local;
using testing::MustBuild;
using testing::Poll;

const std::string kEndpoint = "http://" + Local(kFauxqsPort);
const api::StringMap kKeys = {{"awsAccessKeyID", "AKIDFAUXQS"},
                              {"awsSecretAccessKey", "fauxqs-secret-value"}};

// One SQS JSON call to fauxqs (which does not check signatures).
json::Value Sqs(CurlHttpClient& http, const std::string& action, const std::string& body) {
  scalers::HttpRequest r;
  r.method = "POST";
  r.url = kEndpoint + "/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "AmazonSQS." + action}};
  r.body = body;
  StatusOr<scalers::HttpResponse> resp = http.Do(r);
  EXPECT_TRUE(resp.ok() && resp->status == 200)
      << action << ": " << (resp.ok() ? resp->body : resp.status().ToString());
  StatusOr<json::Value> v = json::Parse(resp.ok() ? resp->body : "{}");
  return v.ok() ? *v : json::Value();
}

// A fresh queue with n messages of which `received` are in flight and `delayed` are delayed.
std::string MakeQueue(int n, int received, int delayed) {
  static int counter = 0;
  CurlHttpClient http;
  std::string name = "swell-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
  std::string url =
      Sqs(http, "CreateQueue", R"({"QueueName":")" + name + R"("})")["QueueUrl"].text();
  EXPECT_FALSE(url.empty());
  for (int i = 0; i < n; i++) {
    std::string delay = i < delayed ? R"(,"DelaySeconds":600)" : "";
    Sqs(http, "SendMessage",
        R"({"QueueUrl":")" + url + R"(","MessageBody":"m)" + std::to_string(i) + "\"" + delay +
            "}");
  }
  int got = 0;
  while (got < received) {
    int batch = std::min(10, received - got);
    json::Value r = Sqs(http, "ReceiveMessage",
                        R"({"QueueUrl":")" + url + R"(","MaxNumberOfMessages":)" +
                            std::to_string(batch) + R"(,"VisibilityTimeout":600})");
    EXPECT_GT(r["Messages"].size(), 0u);
    if (r["Messages"].size() == 0) break;
    got += static_cast<int>(r["Messages"].size());
  }
  return url;
}

api::StringMap Trigger(const std::string& url, api::StringMap extra = {}) {
  api::StringMap m = {{"queueURL", url},
                      {"awsRegion", "us-east-1"},
                      {"awsEndpoint", kEndpoint},
                      {"queueLength", "5"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(SqsServer, InFlightAndDelayedAsKedaCountsThem) {
  SWELL_REQUIRE_SERVERS();
  constexpr int kSent = 25, kReceived = 7, kDelayed = 4;
  const std::string url = MakeQueue(kSent, kReceived, kDelayed);
  const int visible = kSent - kReceived - kDelayed;  // 14
  struct Case {
    const char* in_flight;
    const char* delayed;
    int want;
  };
  const Case cases[] = {
      {"true", "false", visible + kReceived},            // KEDA's default: 21
      {"false", "false", visible},                       // 14
      {"true", "true", visible + kReceived + kDelayed},  // 25
      {"false", "true", visible + kDelayed},             // 18
  };
  RealSources sources(testing::FastOptions());
  for (const Case& c : cases) {
    auto scaler = MustBuild(
        sources, "aws-sqs-queue",
        Trigger(url, {{"scaleOnInFlight", c.in_flight}, {"scaleOnDelayed", c.delayed}}), kKeys);
    ASSERT_NE(scaler, nullptr);
    StatusOr<scalers::MetricsAndActivity> r = Poll(*scaler);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->values[0].milli, c.want * 1000)
        << "scaleOnInFlight=" << c.in_flight << " scaleOnDelayed=" << c.delayed;
    EXPECT_TRUE(r->active);
  }
}

TEST(SqsServer, ActivationAndEmptyQueue) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(testing::FastOptions());
  const std::string four = MakeQueue(4, 0, 0);
  auto s =
      MustBuild(sources, "aws-sqs-queue", Trigger(four, {{"activationQueueLength", "4"}}), kKeys);
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 4000);
  EXPECT_FALSE(r->active);  // 4 > 4 is false (keda.md §5.1)
  const std::string empty = MakeQueue(0, 0, 0);
  s = MustBuild(sources, "aws-sqs-queue", Trigger(empty), kKeys);
  r = Poll(*s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 0);
  EXPECT_FALSE(r->active);
}

TEST(SqsServer, PodIdentityDefaultChainFromTheEnvironment) {
  SWELL_REQUIRE_SERVERS();
  const std::string url = MakeQueue(3, 1, 0);
  RealSourcesOptions o = testing::FastOptions();
  o.aws_env.getenv = [](const std::string& k) -> std::string {
    if (k == "AWS_ACCESS_KEY_ID") return "AKIDCHAIN";
    if (k == "AWS_SECRET_ACCESS_KEY") return "chain-secret";
    if (k == "AWS_EC2_METADATA_DISABLED") return "true";
    return "";
  };
  RealSources sources(o);
  scalers::ScalerConfig c;
  c.type = "aws-sqs-queue";
  c.metadata = Trigger(url);
  c.pod_identity = "aws";
  auto s = scalers::BuildScaler(c, sources);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  StatusOr<scalers::MetricsAndActivity> r = Poll(**s);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->values[0].milli, 3000);
}

TEST(SqsServer, MissingQueueIsOneClearError) {
  SWELL_REQUIRE_SERVERS();
  RealSources sources(testing::FastOptions());
  auto s =
      MustBuild(sources, "aws-sqs-queue",
                Trigger("http://sqs.us-east-1.localhost:14566/000000000000/no-such-queue"), kKeys);
  StatusOr<scalers::MetricsAndActivity> r = Poll(*s);
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("QueueDoesNotExist"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("fauxqs-secret-value"), std::string::npos);
}

}  // namespace
}  // namespace swell::sources
