// The AWS credential chain (keda.md §5.1 Authentication) against local stand-ins: a container
// credentials endpoint (EKS Pod Identity), STS (AssumeRoleWithWebIdentity for IRSA, AssumeRole)
// and instance metadata (IMDSv2). Nothing here leaves 127.0.0.1: every endpoint is overridden.
#include "sources/aws_credentials.h"

#include <gtest/gtest.h>

#include "sources/http.h"
#include "sources/test_server.h"

namespace swell::sources {
namespace {

using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

TimePoint At(const char* s) {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339(s, &t));
  return t;
}

AwsEnvironment Env(std::map<std::string, std::string> vars,
                   std::map<std::string, std::string> files = {}) {
  AwsEnvironment e;
  e.getenv = [vars](const std::string& k) {
    auto it = vars.find(k);
    return it == vars.end() ? std::string() : it->second;
  };
  e.read_file = [files](const std::string& p) -> StatusOr<std::string> {
    auto it = files.find(p);
    if (it == files.end()) return NotFound("no file " + p);
    return it->second;
  };
  return e;
}

std::string JsonCreds(const std::string& id, const std::string& exp) {
  return R"({"AccessKeyId":")" + id + R"(","SecretAccessKey":"SECRET-)" + id +
         R"(","Token":"TOKEN-)" + id + R"(","Expiration":")" + exp + R"("})";
}

std::string StsXml(const std::string& action, const std::string& id, const std::string& exp) {
  return "<" + action + "Response><" + action + "Result><Credentials><AccessKeyId>" + id +
         "</AccessKeyId><SecretAccessKey>SECRET-" + id + "</SecretAccessKey><SessionToken>TOKEN-" +
         id + "</SessionToken><Expiration>" + exp + "</Expiration></Credentials></" + action +
         "Result></" + action + "Response>";
}

scalers::AwsCredentials Chain(std::string role = "") {
  scalers::AwsCredentials c;
  c.use_default_chain = true;
  c.role_arn = std::move(role);
  return c;
}

CallOptions Fast() {
  CallOptions o;
  o.default_timeout = Seconds(2);
  o.initial_backoff = Milliseconds(10);
  return o;
}

TEST(AwsCredentials, StaticKeysPassThrough) {
  CurlHttpClient http(Fast());
  FakeClock clock;
  AwsCredentialProvider p(http, clock, Env({}));
  scalers::AwsCredentials c;
  c.access_key_id = "AKID";
  c.secret_access_key = "SK";
  StatusOr<AwsKeys> k = p.Get(c, "eu-west-1");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->access_key_id, "AKID");
  EXPECT_EQ(k->provider, "static");
}

TEST(AwsCredentials, EnvironmentFirst) {
  CurlHttpClient http(Fast());
  FakeClock clock;
  AwsCredentialProvider p(http, clock,
                          Env({{"AWS_ACCESS_KEY_ID", "AKENV"},
                               {"AWS_SECRET_ACCESS_KEY", "SKENV"},
                               {"AWS_SESSION_TOKEN", "TKENV"},
                               {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://x"}}));
  StatusOr<AwsKeys> k = p.Get(Chain(), "us-east-1");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->provider, "environment");
  EXPECT_EQ(k->session_token, "TKENV");
}

TEST(AwsCredentials, EksPodIdentityWithTokenFileCachedAndRefreshedBeforeExpiry) {
  TestServer endpoint([](const TestRequest& r) {
    if (r.headers.count("authorization") == 0 || r.headers.at("authorization") != "pod-token") {
      return TestReply{401, "{}"};
    }
    static int n = 0;
    n++;
    return TestReply{200, JsonCreds("AKPOD" + std::to_string(n), "2026-11-27T02:10:00Z")};
  });
  CurlHttpClient http(Fast());
  FakeClock clock(At("2026-11-27T02:00:00Z"));
  AwsCredentialProvider p(http, clock,
                          Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url() + "/creds"},
                               {"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/token"}},
                              {{"/var/run/token", "pod-token\n"}}));
  StatusOr<AwsKeys> k = p.Get(Chain(), "us-east-1");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->provider, "container");
  EXPECT_EQ(k->access_key_id, "AKPOD1");
  EXPECT_EQ(k->session_token, "TOKEN-AKPOD1");
  clock.Advance(Minutes(4));  // 6 min left: still fresh (refresh 5 min before expiry)
  EXPECT_EQ(p.Get(Chain(), "us-east-1")->access_key_id, "AKPOD1");
  EXPECT_EQ(endpoint.requests().size(), 1u);
  clock.Advance(Minutes(2));  // 4 min left: refreshed
  EXPECT_NE(p.Get(Chain(), "us-east-1")->access_key_id, "AKPOD1");
  EXPECT_EQ(endpoint.requests().size(), 2u);
  EXPECT_EQ(endpoint.requests()[0].target, "/creds");
}

TEST(AwsCredentials, IrsaAssumeRoleWithWebIdentity) {
  TestServer sts([](const TestRequest& r) {
    if (r.body.find("Action=AssumeRoleWithWebIdentity") == std::string::npos ||
        r.body.find("WebIdentityToken=jwt-token") == std::string::npos ||
        r.body.find("RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Firsa") == std::string::npos) {
      return TestReply{
          400, "<ErrorResponse><Error><Code>ValidationError</Code></Error></ErrorResponse>"};
    }
    return TestReply{200, StsXml("AssumeRoleWithWebIdentity", "AKIRSA", "2026-11-27T03:00:00Z"),
                     "text/xml"};
  });
  CurlHttpClient http(Fast());
  FakeClock clock(At("2026-11-27T02:00:00Z"));
  AwsCredentialProvider p(http, clock,
                          Env({{"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"},
                               {"AWS_ROLE_ARN", "arn:aws:iam::1:role/irsa"},
                               {"AWS_ENDPOINT_URL_STS", sts.url()}},
                              {{"/t", "jwt-token"}}));
  StatusOr<AwsKeys> k = p.Get(Chain(), "eu-west-1");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->provider, "web identity");
  EXPECT_EQ(k->access_key_id, "AKIRSA");
  ASSERT_TRUE(k->expiration.has_value());
  EXPECT_EQ(*k->expiration, At("2026-11-27T03:00:00Z"));
  EXPECT_EQ(sts.requests()[0].headers.count("authorization"), 0u);  // unsigned call
}

TEST(AwsCredentials, AssumeRoleSignedWithTheChainsKeys) {
  TestServer sts([](const TestRequest& r) {
    bool ok =
        r.body.find("Action=AssumeRole&") != std::string::npos &&
        r.headers.count("authorization") &&
        r.headers.at("authorization").find("Credential=AKENV/") != std::string::npos &&
        r.headers.at("authorization").find("/eu-west-1/sts/aws4_request") != std::string::npos;
    if (!ok)
      return TestReply{403,
                       "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not "
                       "allowed</Message></Error></ErrorResponse>"};
    return TestReply{200, StsXml("AssumeRole", "AKROLE", "2026-11-27T03:00:00Z"), "text/xml"};
  });
  CurlHttpClient http(Fast());
  FakeClock clock(At("2026-11-27T02:00:00Z"));
  AwsCredentialProvider p(http, clock,
                          Env({{"AWS_ACCESS_KEY_ID", "AKENV"},
                               {"AWS_SECRET_ACCESS_KEY", "SKENV"},
                               {"AWS_ENDPOINT_URL", sts.url()}}));
  StatusOr<AwsKeys> k = p.Get(Chain("arn:aws:iam::1:role/reader"), "eu-west-1");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->access_key_id, "AKROLE");
  // A refusal is PermissionDenied with STS's code, and no key in the message.
  AwsCredentialProvider refused(http, clock,
                                Env({{"AWS_ACCESS_KEY_ID", "AKOTHER"},
                                     {"AWS_SECRET_ACCESS_KEY", "SKOTHER"},
                                     {"AWS_ENDPOINT_URL", sts.url()}}));
  k = refused.Get(Chain("arn:aws:iam::1:role/reader"), "eu-west-1");
  EXPECT_EQ(k.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(k.status().message(), "STS AssumeRole: AccessDenied: not allowed");
}

TEST(AwsCredentials, InstanceMetadataV2) {
  TestServer imds([](const TestRequest& r) {
    if (r.method == "PUT" && r.target == "/latest/api/token" &&
        r.headers.count("x-aws-ec2-metadata-token-ttl-seconds")) {
      return TestReply{200, "imds-token", "text/plain"};
    }
    if (!r.headers.count("x-aws-ec2-metadata-token") ||
        r.headers.at("x-aws-ec2-metadata-token") != "imds-token") {
      return TestReply{401, ""};
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/") {
      return TestReply{200, "node-role\n", "text/plain"};
    }
    if (r.target == "/latest/meta-data/iam/security-credentials/node-role") {
      return TestReply{
          200, R"({"Code":"Success",)" + JsonCreds("AKIMDS", "2026-11-27T08:00:00Z").substr(1)};
    }
    return TestReply{404, ""};
  });
  CurlHttpClient http(Fast());
  FakeClock clock(At("2026-11-27T02:00:00Z"));
  AwsCredentialProvider p(http, clock, Env({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url()}}));
  StatusOr<AwsKeys> k = p.Get(Chain(), "us-east-1");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->provider, "instance metadata");
  EXPECT_EQ(k->access_key_id, "AKIMDS");
}

TEST(AwsCredentials, NothingConfigured) {
  CurlHttpClient http(Fast());
  FakeClock clock;
  AwsCredentialProvider p(http, clock, Env({{"AWS_EC2_METADATA_DISABLED", "true"}}));
  StatusOr<AwsKeys> k = p.Get(Chain(), "us-east-1");
  EXPECT_EQ(k.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(k.status().message().find("no AWS credentials"), std::string::npos);
}

TEST(AwsCredentials, MalformedRepliesAndNoSecretsInErrors) {
  EXPECT_EQ(ParseJsonCredentials("{}", "container").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseJsonCredentials("<html>", "container").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseStsCredentials("<x/>", "AssumeRole").status().code(),
            StatusCode::kInvalidArgument);
  StatusOr<AwsKeys> k = ParseStsCredentials(StsXml("AssumeRole", "A&amp;B", "x"), "AssumeRole");
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->access_key_id, "A&B");
  EXPECT_FALSE(k->expiration.has_value());
  // A container endpoint that refuses: the token is never in the message.
  TestServer endpoint([](const TestRequest&) { return TestReply{403, "{}"}; });
  CurlHttpClient http(Fast());
  FakeClock clock;
  AwsCredentialProvider p(http, clock,
                          Env({{"AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.url()},
                               {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "sekrit-token"}}));
  k = p.Get(Chain(), "us-east-1");
  EXPECT_EQ(k.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(k.status().message().find("sekrit"), std::string::npos);
}

}  // namespace
}  // namespace swell::sources
