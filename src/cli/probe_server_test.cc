// swell probe for real: a ScaledObject whose aws-sqs-queue trigger authenticates through a
// TriggerAuthentication and a Secret, against fauxqs; the output has the value, target,
// activity and replicas, and never the Secret's keys. A trigger whose source is down is one
// error line with its cause.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/probe.h"
#include "cli/validate.h"
#include "sources/server_test_util.h"

namespace swell::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kKeyId[] = "AKIDPROBE1234567";
constexpr char kSecret[] = "probe-secret-access-key-0123456789";

std::string CreateQueueWithMessages(int n) {
  sources::CurlHttpClient http;
  auto call = [&](const std::string& action, const std::string& body) {
    scalers::HttpRequest r;
    r.method = "POST";
    r.url = "http://127.0.0.1:14566/";
    r.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                 {"X-Amz-Target", "AmazonSQS." + action}};
    r.body = body;
    auto resp = http.Do(r);
    EXPECT_TRUE(resp.ok() && resp->status == 200);
    return resp.ok() ? resp->body : "";
  };
  std::string name = "probe-" + std::to_string(::getpid());
  std::string reply = call("CreateQueue", R"({"QueueName":")" + name + R"("})");
  size_t a = reply.find("http");
  std::string url = reply.substr(a, reply.find('"', a) - a);
  for (int i = 0; i < n; i++) {
    call("SendMessage", R"({"QueueUrl":")" + url + R"(","MessageBody":"m"})");
  }
  return url;
}

TEST(ProbeServer, SqsThroughTriggerAuthentication) {
  SWELL_REQUIRE_SERVERS();
  const std::string url = CreateQueueWithMessages(12);
  const std::string yaml = std::string(R"(apiVersion: v1
kind: Secret
metadata: {name: aws, namespace: shop}
stringData: {id: )") + kKeyId +
                           ", key: " + kSecret + R"(}
---
apiVersion: keda.sh/v1alpha1
kind: TriggerAuthentication
metadata: {name: aws, namespace: shop}
spec:
  secretTargetRef:
  - {parameter: awsAccessKeyID, name: aws, key: id}
  - {parameter: awsSecretAccessKey, name: aws, key: key}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: orders, namespace: shop}
spec:
  scaleTargetRef: {name: orders}
  maxReplicaCount: 20
  triggers:
  - type: aws-sqs-queue
    authenticationRef: {name: aws}
    metadata: {queueURL: ")" +
                           url + R"(", awsRegion: us-east-1, queueLength: "5",
               awsEndpoint: "http://127.0.0.1:14566"}
  - type: redis
    authenticationRef: {name: aws}
    metadata: {address: "127.0.0.1:1", listName: jobs}
)";
  fs::path file =
      fs::temp_directory_path() / ("swell_probe_server_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(file) << yaml;
  std::ostringstream out, err;
  int code = RunProbe({"-f", file.string(), "--current", "2"}, out, err);
  fs::remove(file);
  EXPECT_EQ(code, kExitErrors) << out.str() << err.str();  // the redis trigger fails
  EXPECT_NE(out.str().find("trigger 0 aws-sqs-queue s0-aws-sqs-" + url.substr(url.rfind('/') + 1) +
                           ": value 12, target 5 (AverageValue), active, HPA proposes 3"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("trigger 1 redis s1-redis-jobs: error: Unavailable: redis 127.0.0.1:1"),
            std::string::npos)
      << out.str();
  for (const char* s : {kKeyId, kSecret}) {
    EXPECT_EQ(out.str().find(s), std::string::npos) << out.str();
    EXPECT_EQ(err.str().find(s), std::string::npos) << err.str();
  }
}

}  // namespace
}  // namespace swell::cli
