// aws-sqs-queue (pkg/scalers/aws_sqs_queue_scaler.go; keda.md §5.1): the approximate number of
// messages of one SQS queue.
//   value  = ApproximateNumberOfMessages
//          + ApproximateNumberOfMessagesNotVisible  if scaleOnInFlight (default true)
//          + ApproximateNumberOfMessagesDelayed     if scaleOnDelayed (default false)
//   active = value > activationQueueLength (default 0)
//   spec   = External "s<i>-aws-sqs-<queueName>", GetMetricTarget(queueLength, default 5)
// queueName: if Go's url.ParseRequestURI(queueURL) succeeds its path must be "/<account>/<name>"
// ("cannot get queueName from queueURL" otherwise); else the whole queueURL is the name. The
// request always carries queueURL as written.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class AwsSqsQueueScaler final : public Scaler {
 public:
  struct Meta {
    int64_t queue_length = 5;                  // queueLength. Default: 5
    int64_t activation_queue_length = 0;       // activationQueueLength. Default: 0
    std::string queue_url;                     // queueURL (or queueURLFromEnv), required
    std::string queue_name;                    // derived from queue_url (see above)
    std::string aws_region;                    // awsRegion (metadata or authParams), required
    std::string aws_endpoint;                  // awsEndpoint, "" = the regional endpoint
    bool scale_on_in_flight = true;            // scaleOnInFlight. Default: true
    bool scale_on_delayed = false;             // scaleOnDelayed. Default: false
    std::string identity_owner;                // identityOwner (deprecated since KEDA 2.13)
    std::vector<std::string> attribute_names;  // what GetQueueAttributes asks for
    AwsCredentials credentials;                // ResolveAwsCredentials (aws_auth.h)
    std::string metric_name;                   // s<index>-aws-sqs-<queueName>
  };

  // KEDA's struct tags for awsSqsQueueMetadata.
  static std::span<const Param> Params();
  // Parses and validates the trigger; no I/O. InvalidArgument names the bad key.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory: metric type, metadata, then sources.sqs() (Unimplemented "this
  // world has no SQS" when the world lacks it).
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  AwsSqsQueueScaler(Meta meta, std::string target_type, SqsClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors: the client's (NotFound, PermissionDenied, Unavailable), or InvalidArgument when an
  // attribute is missing from the reply or not an integer.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  SqsClient& client_;
};

}  // namespace swell::scalers
