#include "scalers/aws_auth.h"

#include <string>

namespace swell::scalers {
namespace {

// map[key], "" when absent (Go's zero value).
std::string Get(const api::StringMap& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

StatusOr<AwsCredentials> ResolveAwsCredentials(const ScalerConfig& config) {
  AwsCredentials c;
  const api::StringMap& meta = config.metadata;
  const api::StringMap& auth = config.auth_params;
  if (config.pod_identity == "aws") {
    c.use_default_chain = true;
    c.role_arn = Get(auth, "awsRoleArn");
    return c;
  }
  std::string owner = Get(meta, "identityOwner");
  if (owner != "" && owner != "pod") {
    c.use_default_chain = true;  // "operator": the operator's own identity
    return c;
  }
  if (!Get(auth, "awsRoleArn").empty()) {
    c.use_default_chain = true;
    c.role_arn = Get(auth, "awsRoleArn");
    return c;
  }
  if (!Get(auth, "awsAccessKeyID").empty() || !Get(auth, "awsAccessKeyId").empty()) {
    c.access_key_id = Get(auth, "awsAccessKeyID");
    if (c.access_key_id.empty()) c.access_key_id = Get(auth, "awsAccessKeyId");
    c.secret_access_key = Get(auth, "awsSecretAccessKey");
    c.session_token = Get(auth, "awsSessionToken");
    if (c.secret_access_key.empty()) return InvalidArgument("awsSecretAccessKey not found");
    return c;
  }
  if (!Get(meta, "awsAccessKeyID").empty()) {
    c.access_key_id = Get(meta, "awsAccessKeyID");
  } else if (!Get(meta, "awsAccessKeyIDFromEnv").empty()) {
    c.access_key_id = Get(config.resolved_env, Get(meta, "awsAccessKeyIDFromEnv"));
  }
  if (c.access_key_id.empty()) return InvalidArgument("awsAccessKeyID not found");
  if (!Get(meta, "awsSecretAccessKeyFromEnv").empty()) {
    c.secret_access_key = Get(config.resolved_env, Get(meta, "awsSecretAccessKeyFromEnv"));
  }
  if (c.secret_access_key.empty()) return InvalidArgument("awsSecretAccessKey not found");
  return c;
}

}  // namespace swell::scalers
