// SigV4 against AWS's published signature test suite (aws-sig-v4-test-suite: credentials
// AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, us-east-1, service
// "service", host example.amazonaws.com). Each case asserts the published Authorization.
#include "sources/sigv4.h"

#include <gtest/gtest.h>

namespace swell::sources {
namespace {

const SigV4Key kKey{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

SigV4Scope Scope() {
  TimePoint t;
  EXPECT_TRUE(ParseRfc3339("2015-08-30T12:36:00Z", &t));
  return {"us-east-1", "service", t};
}

struct Vector {
  const char* name;
  std::string method, path, query;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host and X-Amz-Date
  std::string body;
  std::string signed_headers, signature;
};

SigV4Result Sign(const Vector& v, const SigV4Key& key = kKey) {
  SigV4Request r;
  r.method = v.method;
  r.path = v.path;
  r.query = v.query;
  r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  r.headers.insert(r.headers.end(), v.headers.begin(), v.headers.end());
  r.body = v.body;
  return SignV4(r, key, Scope());
}

TEST(SigV4, PublishedTestSuiteVectors) {
  const Vector vectors[] = {
      {"get-vanilla",
       "GET",
       "/",
       "",
       {},
       "",
       "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-unreserved",
       "GET",
       "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
       "",
       {},
       "",
       "host;x-amz-date",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-slashes",
       "GET",
       "//example//",
       "",
       {},
       "",
       "host;x-amz-date",
       "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"},
      {"get-vanilla-query-order-key-case",
       "GET",
       "/",
       "Param2=value2&Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-order-value",
       "GET",
       "/",
       "Param1=value2&Param1=value1",
       {},
       "",
       "host;x-amz-date",
       "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"},
      {"get-vanilla-utf8-query",
       "GET",
       "/",
       "%E1%88%B4=bar",
       {},
       "",
       "host;x-amz-date",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-header-value-order",
       "GET",
       "/",
       "",
       {{"My-Header1", "value4"},
        {"My-Header1", "value1"},
        {"My-Header1", "value3"},
        {"My-Header1", "value2"}},
       "",
       "host;my-header1;x-amz-date",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-key-duplicate",
       "GET",
       "/",
       "",
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}},
       "",
       "host;my-header1;x-amz-date",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-trim",
       "GET",
       "/",
       "",
       {{"My-Header1", " value1"}, {"My-Header2", "\"a   b   c\""}},
       "",
       "host;my-header1;my-header2;x-amz-date",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-x-www-form-urlencoded",
       "POST",
       "/",
       "",
       {{"Content-Type", "application/x-www-form-urlencoded"}},
       "Param1=value1",
       "content-type;host;x-amz-date",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
  };
  for (const Vector& v : vectors) {
    SigV4Result r = Sign(v);
    EXPECT_EQ(r.authorization,
              "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
              "SignedHeaders=" +
                  v.signed_headers + ", Signature=" + v.signature)
        << v.name << "\n"
        << r.canonical_request;
  }
}

TEST(SigV4, GetVanillaCanonicalRequestAndStringToSign) {
  SigV4Result r = Sign({"get-vanilla", "GET", "/", "", {}, "", "", ""});
  EXPECT_EQ(r.canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(r.string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
}

TEST(SigV4, SessionTokenVector) {
  // post-sts-token/post-sts-header-before: the token is signed as X-Amz-Security-Token.
  SigV4Key key = kKey;
  key.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  SigV4Result r = Sign({"get-vanilla", "GET", "/", "", {}, "", "", ""}, key);
  EXPECT_EQ(r.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date;x-amz-security-token, "
            "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
  bool has_token = false;
  for (const auto& [k, v] : r.add_headers) has_token |= k == "X-Amz-Security-Token";
  EXPECT_TRUE(has_token);
}

TEST(SigV4, AddsDateWhenMissingAndNeverPutsTheSecretInHeaders) {
  SigV4Request req;
  req.method = "POST";
  req.headers = {{"Host", "sqs.us-east-1.amazonaws.com"}};
  SigV4Result r = SignV4(req, kKey, Scope());
  ASSERT_FALSE(r.add_headers.empty());
  EXPECT_EQ(r.add_headers[0],
            (std::pair<std::string, std::string>{"X-Amz-Date", "20150830T123600Z"}));
  for (const auto& [k, v] : r.add_headers) {
    EXPECT_EQ(v.find(kKey.secret_access_key), std::string::npos) << k;
  }
}

TEST(SigV4, Helpers) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  TimePoint t;
  ASSERT_TRUE(ParseRfc3339("2026-11-27T02:00:00.250Z", &t));
  EXPECT_EQ(AmzDate(t), "20261127T020000Z");
}

}  // namespace
}  // namespace swell::sources
