// aws-sqs-queue against keda.md §5.1 and KEDA's aws_sqs_queue_scaler_test.go.
#include "scalers/aws_sqs_queue.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

constexpr char kUrl[] = "https://sqs.eu-west-1.amazonaws.com/account_id/DeleteArtifactQ";
const api::StringMap kKeys = {{"awsAccessKeyId", "AKIDEXAMPLE"},
                              {"awsSecretAccessKey", "wJalrXUtnFEMI-secret"}};

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"queueURL", kUrl}, {"awsRegion", "eu-west-1"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(AwsSqsQueue, ParseValidAndDefaults) {
  StatusOr<AwsSqsQueueScaler::Meta> m =
      AwsSqsQueueScaler::ParseMetadata(Config("aws-sqs-queue", Meta(), kKeys));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->queue_length, 5);
  EXPECT_EQ(m->activation_queue_length, 0);
  EXPECT_EQ(m->queue_name, "DeleteArtifactQ");
  EXPECT_EQ(m->aws_region, "eu-west-1");
  EXPECT_TRUE(m->scale_on_in_flight);
  EXPECT_FALSE(m->scale_on_delayed);
  EXPECT_EQ(m->attribute_names,
            (std::vector<std::string>{"ApproximateNumberOfMessages",
                                      "ApproximateNumberOfMessagesNotVisible"}));
  EXPECT_EQ(m->credentials.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(m->metric_name, "s0-aws-sqs-DeleteArtifactQ");
}

TEST(AwsSqsQueue, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    api::StringMap env;
    bool ok;
    std::string queue_name = "";
  };
  const Case cases[] = {
      {"properly formed", Meta(), kKeys, {}, true, "DeleteArtifactQ"},
      {"queueURL without queue name",
       {{"queueURL", "https://sqs.eu-west-1.amazonaws.com/account_id"}, {"awsRegion", "r"}},
       kKeys,
       {},
       false},
      {"queueURL without account",
       {{"queueURL", "https://sqs.eu-west-1.amazonaws.com"}, {"awsRegion", "r"}},
       kKeys,
       {},
       false},
      {"trailing slash",
       {{"queueURL", std::string(kUrl) + "/"}, {"awsRegion", "r"}},
       kKeys,
       {},
       false},
      {"simple queue name",
       {{"queueURL", "my-queue"}, {"awsRegion", "r"}},
       kKeys,
       {},
       true,
       "my-queue"},
      {"opaque URI has no path",
       {{"queueURL", "arn:aws:sqs:eu-west-1:1:q"}, {"awsRegion", "r"}},
       kKeys,
       {},
       false},
      {"absolute path", {{"queueURL", "/123/q1"}, {"awsRegion", "r"}}, kKeys, {}, true, "q1"},
      {"query dropped",
       {{"queueURL", "http://localhost:4566/000000000000/q?x=1"}, {"awsRegion", "r"}},
       kKeys,
       {},
       true,
       "q"},
      {"bad escape: not a URL, the whole string is the name",
       {{"queueURL", "http://h/1/q%zz"}, {"awsRegion", "r"}},
       kKeys,
       {},
       true,
       "http://h/1/q%zz"},
      {"percent-decoded name",
       {{"queueURL", "http://h/1/q%41"}, {"awsRegion", "r"}},
       kKeys,
       {},
       true,
       "qA"},
      {"missing queueURL", {{"awsRegion", "r"}}, kKeys, {}, false},
      {"missing awsRegion", {{"queueURL", kUrl}}, kKeys, {}, false},
      {"awsRegion from authParams",
       {{"queueURL", kUrl}},
       {{"awsRegion", "r"}, {"awsRoleArn", "arn:aws:iam::1:role/x"}},
       {},
       true,
       "DeleteArtifactQ"},
      {"queueURLFromEnv",
       {{"queueURLFromEnv", "QUEUE_URL"}, {"awsRegion", "r"}},
       kKeys,
       {{"QUEUE_URL", kUrl}},
       true,
       "DeleteArtifactQ"},
      {"queueURL wins over FromEnv",
       {{"queueURL", "direct"}, {"queueURLFromEnv", "QUEUE_URL"}, {"awsRegion", "r"}},
       kKeys,
       {{"QUEUE_URL", kUrl}},
       true,
       "direct"},
      {"FromEnv names a missing variable",
       {{"queueURLFromEnv", "MISSING"}, {"awsRegion", "r"}},
       kKeys,
       {},
       false},
      {"FromEnv names an empty variable",
       {{"queueURLFromEnv", "EMPTY"}, {"awsRegion", "r"}},
       kKeys,
       {{"EMPTY", ""}},
       false},
      {"bad queueLength", Meta({{"queueLength", "a"}}), kKeys, {}, false},
      {"float queueLength", Meta({{"queueLength", "1.5"}}), kKeys, {}, false},
      {"bad activationQueueLength", Meta({{"activationQueueLength", "a"}}), kKeys, {}, false},
      {"bad scaleOnInFlight", Meta({{"scaleOnInFlight", "yes"}}), kKeys, {}, false},
      {"no credentials", Meta(), {}, {}, false},
      {"key without secret", Meta(), {{"awsAccessKeyID", "AK"}}, {}, false},
      {"keys from env",
       Meta({{"awsAccessKeyIDFromEnv", "AK"}, {"awsSecretAccessKeyFromEnv", "SK"}}),
       {},
       {{"AK", "a"}, {"SK", "s"}},
       true,
       "DeleteArtifactQ"},
      {"identityOwner operator",
       Meta({{"identityOwner", "operator"}}),
       {},
       {},
       true,
       "DeleteArtifactQ"},
  };
  for (const Case& c : cases) {
    StatusOr<AwsSqsQueueScaler::Meta> m =
        AwsSqsQueueScaler::ParseMetadata(Config("aws-sqs-queue", c.meta, c.auth, c.env));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
    if (m.ok()) {
      EXPECT_EQ(m->queue_name, c.queue_name) << c.name;
    } else {
      EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument) << c.name;
    }
  }
}

TEST(AwsSqsQueue, ErrorMessages) {
  auto msg = [](api::StringMap meta, api::StringMap auth = kKeys) {
    return AwsSqsQueueScaler::ParseMetadata(Config("aws-sqs-queue", meta, auth)).status().message();
  };
  EXPECT_EQ(msg({{"awsRegion", "r"}}),
            "error parsing aws-sqs-queue metadata: missing required parameter \"queueURL\" in "
            "[triggerMetadata resolvedEnv]");
  EXPECT_EQ(msg({{"queueURL", "https://h/q"}, {"awsRegion", "r"}}),
            "error parsing aws-sqs-queue metadata: cannot get queueName from queueURL");
  EXPECT_EQ(msg(Meta(), {}), "error parsing aws-sqs-queue metadata: awsAccessKeyID not found");
  EXPECT_EQ(msg(Meta(), {{"awsAccessKeyId", "AK"}}),
            "error parsing aws-sqs-queue metadata: awsSecretAccessKey not found");
}

TEST(AwsSqsQueue, Credentials) {
  // podIdentity aws: the default chain, role from authParams.
  ScalerConfig c = Config("aws-sqs-queue", Meta(), {{"awsRoleArn", "arn:role"}});
  c.pod_identity = "aws";
  StatusOr<AwsSqsQueueScaler::Meta> m = AwsSqsQueueScaler::ParseMetadata(c);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->credentials.use_default_chain);
  EXPECT_EQ(m->credentials.role_arn, "arn:role");
  // Static keys with a session token.
  m = AwsSqsQueueScaler::ParseMetadata(
      Config("aws-sqs-queue", Meta(),
             {{"awsAccessKeyID", "AK"}, {"awsSecretAccessKey", "SK"}, {"awsSessionToken", "T"}}));
  ASSERT_TRUE(m.ok());
  EXPECT_FALSE(m->credentials.use_default_chain);
  EXPECT_EQ(m->credentials.secret_access_key, "SK");
  EXPECT_EQ(m->credentials.session_token, "T");
}

TEST(AwsSqsQueue, MetricSpecs) {
  FakeSources s;
  ScalerConfig c = Config("aws-sqs-queue", Meta({{"queueLength", "10"}}), kKeys);
  c.trigger_index = 3;
  auto scaler = AwsSqsQueueScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  std::vector<MetricSpec> specs = (*scaler)->GetMetricSpecs();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].source, MetricSpec::Source::kExternal);
  EXPECT_EQ(specs[0].name, "s3-aws-sqs-DeleteArtifactQ");
  EXPECT_EQ(specs[0].target_type, "AverageValue");
  EXPECT_EQ(specs[0].target_milli, 10000);

  c.metric_type = "Value";
  scaler = AwsSqsQueueScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].target_type, "Value");
  c.metric_type = "Utilization";
  EXPECT_EQ(AwsSqsQueueScaler::Create(c, s).status().code(), StatusCode::kInvalidArgument);
  // Name normalization: '.' becomes '-'. ("my.queue:1" would parse as an opaque URI with
  // scheme "my.queue", which has no queue name, as in Go.)
  c.metric_type = "";
  c.metadata["queueURL"] = "my.queue";
  scaler = AwsSqsQueueScaler::Create(c, s);
  ASSERT_TRUE(scaler.ok());
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].name, "s3-aws-sqs-my-queue");
  EXPECT_EQ((*scaler)->GetMetricSpecs()[0].target_type, "AverageValue");
}

TEST(AwsSqsQueue, ValuesAndActivity) {
  struct Case {
    const char* name;
    api::StringMap extra;
    int64_t want;
    size_t attributes;
  };
  const Case cases[] = {
      {"visible + in flight (default)", {}, 300, 2},
      {"visible only", {{"scaleOnInFlight", "false"}}, 200, 1},
      {"visible + in flight + delayed", {{"scaleOnDelayed", "true"}}, 350, 3},
      {"visible + delayed", {{"scaleOnInFlight", "false"}, {"scaleOnDelayed", "true"}}, 250, 2},
  };
  for (const Case& c : cases) {
    FakeSources s;
    s.sqs_client.attributes = {{"ApproximateNumberOfMessages", "200"},
                               {"ApproximateNumberOfMessagesNotVisible", "100"},
                               {"ApproximateNumberOfMessagesDelayed", "50"}};
    auto scaler = AwsSqsQueueScaler::Create(Config("aws-sqs-queue", Meta(c.extra), kKeys), s);
    ASSERT_TRUE(scaler.ok()) << c.name;
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-aws-sqs-DeleteArtifactQ");
    ASSERT_TRUE(r.ok()) << c.name << r.status().ToString();
    ASSERT_EQ(r->values.size(), 1u);
    EXPECT_EQ(r->values[0].name, "s0-aws-sqs-DeleteArtifactQ");
    EXPECT_EQ(r->values[0].milli, c.want * 1000) << c.name;
    EXPECT_TRUE(r->active);
    ASSERT_EQ(s.sqs_client.requests.size(), 1u);
    const SqsRequest& req = s.sqs_client.requests[0];
    EXPECT_EQ(req.queue_url, kUrl);
    EXPECT_EQ(req.region, "eu-west-1");
    EXPECT_EQ(req.attribute_names.size(), c.attributes) << c.name;
    EXPECT_EQ(req.credentials.access_key_id, "AKIDEXAMPLE");
  }
}

TEST(AwsSqsQueue, ActivationIsStrictlyGreater) {
  FakeSources s;
  auto scaler = AwsSqsQueueScaler::Create(Config("aws-sqs-queue",
                                                 Meta({{"activationQueueLength", "5"},
                                                       {"scaleOnInFlight", "false"},
                                                       {"awsEndpoint", "http://localstack:4566"}}),
                                                 kKeys),
                                          s);
  ASSERT_TRUE(scaler.ok());
  for (auto [visible, active] : {std::pair{"4", false}, {"5", false}, {"6", true}, {"0", false}}) {
    s.sqs_client.attributes = {{"ApproximateNumberOfMessages", visible}};
    StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->active, active) << visible;
  }
  EXPECT_EQ(s.sqs_client.requests.back().endpoint, "http://localstack:4566");
}

TEST(AwsSqsQueue, BadRepliesAndErrors) {
  FakeSources s;
  auto scaler = AwsSqsQueueScaler::Create(Config("aws-sqs-queue", Meta(), kKeys), s);
  ASSERT_TRUE(scaler.ok());
  // A missing attribute.
  s.sqs_client.attributes = {{"ApproximateNumberOfMessages", "1"}};
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("ApproximateNumberOfMessagesNotVisible"), std::string::npos);
  // Not an integer.
  s.sqs_client.attributes = {{"ApproximateNumberOfMessages", "1"},
                             {"ApproximateNumberOfMessagesNotVisible", "x"}};
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kInvalidArgument);
  // The client's error passes through.
  s.sqs_client.error = Status(StatusCode::kPermissionDenied, "signature does not match");
  EXPECT_EQ((*scaler)->GetMetricsAndActivity("m").status().code(), StatusCode::kPermissionDenied);
}

TEST(AwsSqsQueue, NoSqsInThisWorld) {
  FakeSources s;
  s.has_sqs = false;
  StatusOr<std::unique_ptr<Scaler>> r =
      AwsSqsQueueScaler::Create(Config("aws-sqs-queue", Meta(), kKeys), s);
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_EQ(r.status().message(), "this world has no SQS");
  // Bad metadata is reported before the missing client.
  r = AwsSqsQueueScaler::Create(Config("aws-sqs-queue", {}, kKeys), s);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(AwsSqsQueue, NoErrorMessageContainsACredential) {
  const std::string secret = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY";
  const std::vector<ScalerConfig> configs = {
      Config("aws-sqs-queue", {{"queueURL", kUrl}}, {{"awsAccessKeyID", secret}}),
      Config("aws-sqs-queue", Meta({{"queueLength", "x"}}),
             {{"awsAccessKeyID", secret}, {"awsSecretAccessKey", secret}}),
      Config("aws-sqs-queue", {{"queueURLFromEnv", "Q"}, {"awsRegion", "r"}},
             {{"awsSessionToken", secret}}, {{"Q", "https://h/" + secret}}),
      Config("aws-sqs-queue", {{"queueURL", kUrl}, {"awsAccessKeyIDFromEnv", "AK"}},
             {{"awsRegion", secret}}, {{"AK", secret}}),
  };
  for (const ScalerConfig& c : configs) {
    FakeSources s;
    StatusOr<std::unique_ptr<Scaler>> r = AwsSqsQueueScaler::Create(c, s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message().find(secret), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace swell::scalers
