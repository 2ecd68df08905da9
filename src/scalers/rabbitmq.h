// rabbitmq (pkg/scalers/rabbitmq_scaler.go; keda.md §5.5): a queue's length or message rates.
//   http (management API): GET <host minus vhost>/api/queues/<vhost>/<QueryEscape(queueName)>
//        (useRegex: /api/queues/<vhost>?page=1&use_regex=true&pagination=false&name=<re>
//        &page_size=<pageSize>, the matches combined by `operation` sum|avg|max);
//        messages (messages_ready with excludeUnacknowledged), publish and deliver_get rates
//   amqp: QueueDeclarePassive's message count (QueueLength mode only; rates are 0)
//   mode QueueLength:       value = messages, active = messages > activationValue
//        MessageRate:       value = publish rate, active = rate or messages > activationValue
//        DeliverGetRate:    value = deliver rate, active = rate > activationValue
//        PublishedToDeliveredRatio: publish/deliver (activationValue when publishing and
//                           nothing delivered; 0 when nothing is published)
//        ExpectedQueueConsumptionTime: (publish-deliver)/deliver + messages/deliver seconds
//                           (0 without messages; activationValue when nothing is delivered)
//   spec = External "s<i>-rabbitmq-<QueryEscape(queueName)>", GetMetricTargetMili(value)
// Neither mode nor value nor queueLength: QueueLength with value 20; the deprecated
// queueLength alone means mode QueueLength with that value. protocol auto picks amqp for
// amqp(s):// hosts and http for http(s)://. Not supported (Unimplemented): OAuth2 and Azure
// workload identity.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class RabbitMqScaler final : public Scaler {
 public:
  struct Meta {
    std::string queue_name;                   // queueName, required
    std::string mode = "QueueLength";         // after defaulting
    double value = 20;                        // the target after defaulting
    double activation_value = 0;              // activationValue. Default: 0
    std::string host;                         // host (holds credentials: secret)
    std::string protocol = "auto";            // amqp | http after resolving auto
    std::string vhost_name;                   // vhostName
    bool use_regex = false;                   // useRegex (http only)
    bool exclude_unacknowledged = false;      // excludeUnacknowledged (http only)
    int64_t page_size = 100;                  // pageSize. Default: 100
    std::string operation = "sum";            // operation: sum | avg | max. Default: sum
    Duration timeout{0};                      // timeout (http only)
    std::string username, password;           // authParams or FromEnv (password secret)
    bool tls = false;                         // authParams tls: enable | disable. Default: disable
    std::string ca, cert, key, key_password;  // authParams (key secret)
    bool unsafe_ssl = false;                  // unsafeSsl
    std::string connection_name;              // keda-<namespace>-<name>
    std::string metric_name;                  // s<index>-rabbitmq-<queue>
  };

  struct QueueStatus {
    int64_t messages = 0;
    double publish_rate = 0;
    double deliver_get_rate = 0;
  };

  static std::span<const Param> Params();
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  RabbitMqScaler(Meta meta, std::string target_type, Sources& sources)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), sources_(sources) {}

  // Errors, prefixed "error inspecting RabbitMQ: ", never with the host's credentials:
  // the client's, NotFound for a missing queue (HTTP 404 or AMQP 404), a non-200 status,
  // malformed JSON, a regex matching more than one page.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

  // KEDA's per-mode value and activity.
  static MetricsAndActivity Evaluate(const Meta& m, std::string_view metric_name,
                                     const QueueStatus& q);
  // The management API URL for `m` (no credentials inside; exposed for tests).
  static std::string ManagementUrl(const Meta& m);

 private:
  StatusOr<QueueStatus> ViaHttp();
  StatusOr<QueueStatus> ViaAmqp();
  Meta meta_;
  std::string target_type_;
  Sources& sources_;
};

}  // namespace swell::scalers
