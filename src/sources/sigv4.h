// AWS Signature Version 4 (the "AWS4-HMAC-SHA256" scheme) with OpenSSL's SHA-256 and HMAC:
// canonical request -> string to sign -> signing key -> signature, as AWS documents it and its
// published test suite (aws-sig-v4-test-suite) checks. Used for SQS (service "sqs") and STS
// ("sts").
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/time.h"

namespace swell::sources {

struct SigV4Request {
  std::string method = "GET";
  std::string path = "/";  // as sent on the wire (already %-encoded)
  std::string query;       // as sent on the wire, without '?'
  // Headers to sign, including Host; a name may repeat (values join with ',' in order).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct SigV4Key {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret; "" = none
};

struct SigV4Scope {
  std::string region;   // e.g. "us-east-1"
  std::string service;  // e.g. "sqs"
  TimePoint time;       // the request time (X-Amz-Date)
};

// The pieces of one signature, exposed so tests can compare each with AWS's vectors.
struct SigV4Result {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // the Authorization header value
  // Headers the request must carry besides its own: X-Amz-Date, X-Amz-Security-Token (when a
  // session token is set), Authorization.
  std::vector<std::pair<std::string, std::string>> add_headers;
};

// Signs `request`. X-Amz-Date (and X-Amz-Security-Token) are added to the signed headers
// unless the request already has them. Never fails.
SigV4Result SignV4(const SigV4Request& request, const SigV4Key& key, const SigV4Scope& scope);

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);
// "20150830T123600Z".
std::string AmzDate(TimePoint t);

}  // namespace swell::sources
