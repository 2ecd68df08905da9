// The libcurl transport: deadlines, retries, error codes, and URLs in messages.
#include "sources/http.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include "sources/test_server.h"

namespace swell::sources {
namespace {

using scalers::HttpRequest;
using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

CallOptions Fast() {
  CallOptions o;
  o.default_timeout = Milliseconds(400);
  o.initial_backoff = Milliseconds(10);
  return o;
}

TEST(Http, GetAndPost) {
  TestServer server([](const TestRequest& r) {
    return TestReply{200, r.method + " " + r.target + " " + r.body + " " + r.headers["x-a"]};
  });
  CurlHttpClient http(Fast());
  HttpRequest get;
  get.url = server.url() + "/p?q=1";
  get.headers["X-A"] = "b";
  StatusOr<scalers::HttpResponse> r = http.Do(get);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "GET /p?q=1  b");
  HttpRequest post = get;
  post.method = "POST";
  post.body = "{}";
  EXPECT_EQ(http.Do(post)->body, "POST /p?q=1 {} b");
}

TEST(Http, RetriesFiveHundredsThenAnswers) {
  std::atomic<int> calls{0};
  TestServer server([&](const TestRequest&) {
    return calls++ < 2 ? TestReply{503, "busy"} : TestReply{200, "ok"};
  });
  CurlHttpClient http(Fast());
  HttpRequest get;
  get.url = server.url() + "/";
  StatusOr<scalers::HttpResponse> r = http.Do(get);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(calls.load(), 3);
  // Attempts are bounded: always 503 -> three tries, then the 503 reply.
  calls = -100;
  EXPECT_EQ(http.Do(get)->status, 503);
}

TEST(Http, SourceDownIsUnavailable) {
  int port = 0;
  {
    TestServer closed([](const TestRequest&) { return TestReply{}; });
    port = closed.port();
  }
  CurlHttpClient http(Fast());
  HttpRequest get;
  get.url = "http://user:pw@127.0.0.1:" + std::to_string(port) + "/x?token=abc";
  StatusOr<scalers::HttpResponse> r = http.Do(get);
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("GET http://127.0.0.1:" + std::to_string(port) + "/x"),
            std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("pw"), std::string::npos);
  EXPECT_EQ(r.status().message().find("abc"), std::string::npos);
}

TEST(Http, HangingSourceCostsOneTimeout) {
  TestServer server([](const TestRequest&) {
    TestReply r;
    r.hang = true;
    return r;
  });
  CurlHttpClient http(Fast());
  HttpRequest get;
  get.url = server.url() + "/";
  get.timeout = Milliseconds(300);
  auto start = std::chrono::steady_clock::now();
  StatusOr<scalers::HttpResponse> r = http.Do(get);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().ToString();
  EXPECT_NE(r.status().message().find("no answer within"), std::string::npos);
  EXPECT_LT(took, std::chrono::milliseconds(1500));  // not one timeout per retry
}

TEST(Http, GarbageIsUnavailable) {
  TestServer server([](const TestRequest&) {
    TestReply r;
    r.garbage = true;
    return r;
  });
  CurlHttpClient http(Fast());
  HttpRequest get;
  get.url = server.url() + "/";
  EXPECT_EQ(http.Do(get).status().code(), StatusCode::kUnavailable);
}

TEST(Http, UrlHelpers) {
  EXPECT_EQ(RedactUrl("http://u:p@h:1/a/b?x=1#f"), "http://h:1/a/b");
  EXPECT_EQ(RedactUrl("h:1"), "h:1");
  EXPECT_EQ(HostHeaderOf("https://sqs.eu-west-1.amazonaws.com:443/"),
            "sqs.eu-west-1.amazonaws.com");
  EXPECT_EQ(HostHeaderOf("http://u:p@127.0.0.1:4566/"), "127.0.0.1:4566");
  EXPECT_EQ(UriEncode("a b/c~", false), "a%20b%2Fc~");
  EXPECT_EQ(UriEncode("a b/c", true), "a%20b/c");
}

}  // namespace
}  // namespace swell::sources
