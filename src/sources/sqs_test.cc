// The SQS client against a local stand-in that checks the AWS JSON 1.0 request and verifies
// its SigV4 signature: replies, a bad signature (403), a missing queue, a malformed reply, a
// source that is down or hangs (keda.md §5.1 Wire protocol).
#include "sources/sqs.h"

#include <gtest/gtest.h>

#include "sources/http.h"
#include "sources/sigv4.h"
#include "sources/test_server.h"
#include "util/json.h"

namespace swell::sources {
namespace {

using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

constexpr char kSecret[] = "wJalrXUtnFEMI-K7MDENG-real-secret";

// A stand-in SQS: verifies the signature with kSecret, then answers per queue name.
TestReply FakeSqs(const TestRequest& r) {
  if (r.target != "/" || r.method != "POST" ||
      r.headers["x-amz-target"] != "AmazonSQS.GetQueueAttributes" ||
      r.headers["content-type"] != "application/x-amz-json-1.0") {
    return TestReply{400, R"({"__type":"com.amazonaws.sqs#InvalidAction","message":"bad"})"};
  }
  SigV4Request s;
  s.method = "POST";
  s.headers = {{"Host", r.headers["host"]},
               {"Content-Type", r.headers["content-type"]},
               {"X-Amz-Target", r.headers["x-amz-target"]},
               {"X-Amz-Date", r.headers["x-amz-date"]}};
  if (r.headers.count("x-amz-security-token")) {
    s.headers.emplace_back("X-Amz-Security-Token", r.headers["x-amz-security-token"]);
  }
  s.body = r.body;
  TimePoint t;
  std::string d = r.headers["x-amz-date"];  // 20261127T020000Z
  std::string rfc = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + "T" +
                    d.substr(9, 2) + ":" + d.substr(11, 2) + ":" + d.substr(13, 2) + "Z";
  if (!ParseRfc3339(rfc, &t)) return TestReply{400, "{}"};
  SigV4Result want = SignV4(s, {"AKIDTEST", kSecret, ""}, {"eu-west-1", "sqs", t});
  if (r.headers["authorization"] != want.authorization) {
    return TestReply{403, R"({"__type":"com.amazonaws.sqs#SignatureDoesNotMatch","message":"The )"
                          R"(request signature we calculated does not match the signature you )"
                          R"(provided."})"};
  }
  StatusOr<json::Value> body = json::Parse(r.body);
  std::string url = body.ok() ? (*body)["QueueUrl"].text() : "";
  if (url.ends_with("/missing")) {
    return TestReply{400, R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The )"
                          R"(specified queue does not exist."})"};
  }
  if (url.ends_with("/garbled")) return TestReply{200, "{\"Attributes\": [1,2"};
  if (url.ends_with("/unexpected")) return TestReply{200, R"({"Attributes": 5})"};
  std::string out = R"({"Attributes":{)";
  const json::Value& names = (*body)["AttributeNames"];
  for (size_t i = 0; i < names.size(); i++) {
    out += (i ? "," : "") + std::string("\"") + names.item(i).text() + "\":\"" +
           std::to_string(10 * (i + 1)) + "\"";
  }
  return TestReply{200, out + "}}"};
}

scalers::SqsRequest Request(const std::string& endpoint, const std::string& queue,
                            const std::string& secret = kSecret) {
  scalers::SqsRequest r;
  r.queue_url = "https://sqs.eu-west-1.amazonaws.com/123/" + queue;
  r.region = "eu-west-1";
  r.endpoint = endpoint;
  r.attribute_names = {"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"};
  r.credentials.access_key_id = "AKIDTEST";
  r.credentials.secret_access_key = secret;
  return r;
}

struct Fixture {
  CallOptions options = [] {
    CallOptions o;
    o.default_timeout = Milliseconds(500);
    o.initial_backoff = Milliseconds(10);
    return o;
  }();
  CurlHttpClient http{options};
  FakeClock clock{[] {
    TimePoint t;
    ParseRfc3339("2026-11-27T02:00:00Z", &t);
    return t;
  }()};
  AwsCredentialProvider creds{http, clock, AwsEnvironment{}};
  SqsHttpClient sqs{http, creds, clock};
};

TEST(SqsClient, SignedJsonRequestAndReply) {
  TestServer server(FakeSqs);
  Fixture f;
  auto attrs = f.sqs.GetQueueAttributes(Request(server.url(), "orders"));
  ASSERT_TRUE(attrs.ok()) << attrs.status().ToString();
  EXPECT_EQ(attrs->at("ApproximateNumberOfMessages"), "10");
  EXPECT_EQ(attrs->at("ApproximateNumberOfMessagesNotVisible"), "20");
  TestRequest sent = server.requests().at(0);
  EXPECT_EQ(sent.body,
            R"({"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123/orders","AttributeNames":)"
            R"(["ApproximateNumberOfMessages","ApproximateNumberOfMessagesNotVisible"]})");
  EXPECT_EQ(sent.headers["x-amz-date"], "20261127T020000Z");
}

TEST(SqsClient, BadSignatureIsPermissionDeniedWithoutTheSecret) {
  TestServer server(FakeSqs);
  Fixture f;
  auto attrs = f.sqs.GetQueueAttributes(Request(server.url(), "orders", "wrong-secret-value"));
  EXPECT_EQ(attrs.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(attrs.status().message().find("HTTP 403 SignatureDoesNotMatch"), std::string::npos)
      << attrs.status().message();
  EXPECT_EQ(attrs.status().message().find("wrong-secret-value"), std::string::npos);
  EXPECT_EQ(attrs.status().message().find("AKIDTEST"), std::string::npos);
}

TEST(SqsClient, MissingQueueMalformedDownAndHanging) {
  TestServer server(FakeSqs);
  Fixture f;
  auto r = f.sqs.GetQueueAttributes(Request(server.url(), "missing"));
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("QueueDoesNotExist"), std::string::npos);
  for (const char* q : {"garbled", "unexpected"}) {
    r = f.sqs.GetQueueAttributes(Request(server.url(), q));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
    EXPECT_NE(r.status().message().find("malformed SQS reply"), std::string::npos) << q;
  }
  int port = 0;
  {
    TestServer gone(FakeSqs);
    port = gone.port();
  }
  r = f.sqs.GetQueueAttributes(Request("http://127.0.0.1:" + std::to_string(port), "orders"));
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  TestServer hang([](const TestRequest&) {
    TestReply t;
    t.hang = true;
    return t;
  });
  r = f.sqs.GetQueueAttributes(Request(hang.url(), "orders"));
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

TEST(SqsClient, RegionAndEndpoint) {
  EXPECT_EQ(RegionFromQueueUrl("https://sqs.eu-west-1.amazonaws.com/1/q"), "eu-west-1");
  EXPECT_EQ(RegionFromQueueUrl("https://us-east-2.queue.amazonaws.com/1/q"), "us-east-2");
  EXPECT_EQ(RegionFromQueueUrl("http://localhost:4566/1/q"), "");
  scalers::SqsRequest r;
  EXPECT_EQ(SqsEndpoint(r, "eu-west-1"), "https://sqs.eu-west-1.amazonaws.com/");
  EXPECT_EQ(SqsEndpoint(r, "cn-north-1"), "https://sqs.cn-north-1.amazonaws.com.cn/");
  r.endpoint = "http://127.0.0.1:4566/";
  EXPECT_EQ(SqsEndpoint(r, "eu-west-1"), "http://127.0.0.1:4566/");
}

}  // namespace
}  // namespace swell::sources
