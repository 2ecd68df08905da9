// AWS credentials for SQS (and STS) calls, as KEDA's aws_common.go gets them (keda.md §5.1
// Authentication): static keys from the TriggerAuthentication, or, for podIdentity aws and the
// legacy identityOwner/awsRoleArn paths, the default chain of the AWS SDK:
//   1. environment: AWS_ACCESS_KEY_ID (+ AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN);
//   2. IRSA: AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN -> STS AssumeRoleWithWebIdentity;
//   3. EKS Pod Identity / ECS: AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI) with the
//      token of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (or AWS_CONTAINER_AUTHORIZATION_TOKEN);
//   4. instance metadata, IMDSv2 (token PUT, then the role's credentials), unless
//      AWS_EC2_METADATA_DISABLED=true; endpoint AWS_EC2_METADATA_SERVICE_ENDPOINT.
// A role ARN on top (awsRoleArn / podIdentity roleArn) is assumed with STS AssumeRole, signed
// with the credentials above. STS is https://sts.<region>.amazonaws.com unless
// AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL say otherwise. The shared config files
// (~/.aws/credentials) are not read.
// Temporary credentials are cached per (keys, role) and refreshed `refresh_before` their
// expiry. Errors name the step that failed and never a key, token or secret.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "scalers/sources.h"
#include "util/clock.h"
#include "util/status.h"

namespace swell::sources {

struct AwsKeys {
  std::string access_key_id;            // secret (treated as one: never printed)
  std::string secret_access_key;        // secret
  std::string session_token;            // secret
  std::optional<TimePoint> expiration;  // nullopt = does not expire
  std::string provider;  // where they came from: static, environment, web identity, ...
};

// What the chain reads from its process: the environment and files. Defaults read the real
// ones; tests give maps.
struct AwsEnvironment {
  std::function<std::string(const std::string&)> getenv;               // "" = unset
  std::function<StatusOr<std::string>(const std::string&)> read_file;  // a token file
  // The process's environment and files.
  static AwsEnvironment Process();
};

struct AwsCredentialOptions {
  Duration refresh_before = Minutes(5);      // refresh this long before expiry. Default: 5 min
  Duration imds_timeout = Seconds(1);        // per IMDS call. Default: 1 s
  Duration assume_duration = Seconds(3600);  // DurationSeconds asked of STS. Default: 1 h
};

class AwsCredentialProvider {
 public:
  AwsCredentialProvider(scalers::HttpClient& http, const Clock& clock,
                        AwsEnvironment env = AwsEnvironment::Process(),
                        AwsCredentialOptions options = {});

  // The keys to sign a request of `spec` in `region` with (region is also STS's). Cached;
  // thread-safe. Errors: PermissionDenied (STS or a credential endpoint refused), Unavailable
  // (no source in the chain had credentials, or one was unreachable), InvalidArgument (a
  // malformed reply).
  StatusOr<AwsKeys> Get(const scalers::AwsCredentials& spec, const std::string& region);

  // Drops every cached credential (e.g. after a PermissionDenied).
  void Invalidate();

 private:
  StatusOr<AwsKeys> Resolve(const scalers::AwsCredentials& spec, const std::string& region);
  StatusOr<AwsKeys> DefaultChain(const std::string& region);
  StatusOr<AwsKeys> FromWebIdentity(const std::string& region);
  StatusOr<AwsKeys> FromContainer();
  StatusOr<AwsKeys> FromImds();
  StatusOr<AwsKeys> AssumeRole(const AwsKeys& base, const std::string& role_arn,
                               const std::string& region);
  StatusOr<AwsKeys> StsCall(const std::string& region, const std::string& body,
                            const AwsKeys* sign_with, const std::string& action);
  std::string StsEndpoint(const std::string& region) const;
  bool Fresh(const AwsKeys& k) const;

  scalers::HttpClient& http_;
  const Clock& clock_;
  AwsEnvironment env_;
  AwsCredentialOptions options_;
  std::mutex mu_;
  std::map<std::string, AwsKeys> cache_;  // key: spec identity (hashed, no secret in clear)
};

// The fields of an STS <Credentials> element (AssumeRole*, GetSessionToken replies), or the
// <Error> as PermissionDenied / InvalidArgument. Exposed for tests.
StatusOr<AwsKeys> ParseStsCredentials(std::string_view xml, std::string_view action);
// The JSON of a container credential endpoint or IMDS ({"AccessKeyId", "SecretAccessKey",
// "Token", "Expiration"}).
StatusOr<AwsKeys> ParseJsonCredentials(std::string_view json, std::string_view provider);

}  // namespace swell::sources
