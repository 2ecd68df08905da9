// SQS GetQueueAttributes over HTTPS with the AWS JSON 1.0 protocol, as KEDA's SDK
// (aws-sdk-go-v2/service/sqs >= 1.28) sends it (keda.md §5.1 Wire protocol):
//   POST / on the endpoint (awsEndpoint, else https://sqs.<region>.amazonaws.com)
//   Content-Type: application/x-amz-json-1.0
//   X-Amz-Target: AmazonSQS.GetQueueAttributes
//   {"QueueUrl": "<queueURL>", "AttributeNames": [...]}   signed with SigV4, service "sqs"
// Reply {"Attributes": {"ApproximateNumberOfMessages": "12", ...}}.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "scalers/sources.h"
#include "sources/aws_credentials.h"
#include "util/clock.h"

namespace swell::sources {

class SqsHttpClient final : public scalers::SqsClient {
 public:
  // `http`, `credentials` and `clock` (SigV4 dates) must outlive the client.
  SqsHttpClient(scalers::HttpClient& http, AwsCredentialProvider& credentials, const Clock& clock)
      : http_(http), credentials_(credentials), clock_(clock) {}

  // Errors: NotFound (QueueDoesNotExist), PermissionDenied (HTTP 403, a rejected signature or
  // token; cached credentials are dropped), Unavailable (down, 5xx), DeadlineExceeded,
  // InvalidArgument (another 4xx, or a reply that is not the expected JSON). The server's
  // message is kept, with any credential in it masked. Thread-safe.
  StatusOr<std::map<std::string, std::string>> GetQueueAttributes(
      const scalers::SqsRequest& r) override;

 private:
  scalers::HttpClient& http_;
  AwsCredentialProvider& credentials_;
  const Clock& clock_;
};

// The region of a queue URL: "sqs.<region>.amazonaws.com[.cn]" or "<region>.queue.amazonaws.com";
// "" otherwise.
std::string RegionFromQueueUrl(std::string_view url);

// The endpoint a request goes to: r.endpoint (trailing '/' dropped) or the regional one.
std::string SqsEndpoint(const scalers::SqsRequest& r, const std::string& region);

}  // namespace swell::sources
