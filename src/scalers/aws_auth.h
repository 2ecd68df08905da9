// AWS credentials for AWS-backed triggers (aws-sqs-queue; kafka with aws_msk_iam), as KEDA's
// GetAwsAuthorization resolves them (pkg/scalers/aws/aws_common.go; keda.md §5.1
// Authentication).
#pragma once

#include "scalers/scaler.h"
#include "scalers/sources.h"
#include "util/status.h"

namespace swell::scalers {

// Resolves the credentials of `config`:
//   - podIdentity.provider "aws": the default chain (IRSA / EKS Pod Identity), role_arn from
//     authParams awsRoleArn (ScalerConfig does not carry podIdentity.roleArn);
//   - otherwise by metadata identityOwner (read raw, as KEDA does):
//     "operator" or any value but "", "pod": the default chain;
//     "" or "pod": authParams awsRoleArn (the default chain assumes it); else authParams
//     awsAccessKeyID (or awsAccessKeyId) + awsSecretAccessKey (+ awsSessionToken); else
//     metadata awsAccessKeyID or the env var named by awsAccessKeyIDFromEnv, + the env var named
//     by awsSecretAccessKeyFromEnv.
// InvalidArgument "awsAccessKeyID not found" / "awsSecretAccessKey not found"; no message
// carries a credential.
StatusOr<AwsCredentials> ResolveAwsCredentials(const ScalerConfig& config);

}  // namespace swell::scalers
