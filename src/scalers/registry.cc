#include "scalers/registry.h"

#include <algorithm>
#include <array>

#include "scalers/aws_sqs_queue.h"
#include "scalers/cpu_memory.h"
#include "scalers/cron.h"
#include "scalers/kafka.h"
#include "scalers/metrics_api.h"
#include "scalers/nats_jetstream.h"
#include "scalers/postgresql.h"
#include "scalers/prometheus.h"
#include "scalers/rabbitmq.h"
#include "scalers/redis.h"
#include "scalers/redis_streams.h"

namespace swell::scalers {
namespace {

struct Entry {
  std::string_view type;
  ScalerFactory factory;
};

// One row per trigger type (KEDA's pkg/scaling/scalers_builder.go), sorted by type so lookups
// are binary searches and a duplicate cannot hide: the static_assert below and
// tools/sort_scalers.sh check the order between the markers.
// SCALERS-START
constexpr Entry kScalers[] = {
    {"apache-kafka", &KafkaScaler::Create},
    {"aws-sqs-queue", &AwsSqsQueueScaler::Create},
    {"cpu", &CpuMemoryScaler::Create},
    {"cron", &CronScaler::Create},
    {"kafka", &KafkaScaler::Create},
    {"memory", &CpuMemoryScaler::Create},
    {"metrics-api", &MetricsApiScaler::Create},
    {"nats-jetstream", &NatsJetStreamScaler::Create},
    {"postgresql", &PostgresqlScaler::Create},
    {"prometheus", &PrometheusScaler::Create},
    {"rabbitmq", &RabbitMqScaler::Create},
    {"redis", &RedisScaler::Create},
    {"redis-cluster", &RedisScaler::Create},
    {"redis-cluster-streams", &RedisStreamsScaler::Create},
    {"redis-sentinel", &RedisScaler::Create},
    {"redis-sentinel-streams", &RedisStreamsScaler::Create},
    {"redis-streams", &RedisStreamsScaler::Create},
};
// SCALERS-END

constexpr bool StrictlySorted() {
  for (size_t i = 1; i < std::size(kScalers); i++) {
    if (!(kScalers[i - 1].type < kScalers[i].type)) return false;
  }
  return true;
}
static_assert(StrictlySorted(), "kScalers must be sorted by type without duplicates");

}  // namespace

ScalerFactory FindScaler(std::string_view type) {
  const Entry* end = std::end(kScalers);
  const Entry* it = std::lower_bound(std::begin(kScalers), end, type,
                                     [](const Entry& e, std::string_view t) { return e.type < t; });
  return (it != end && it->type == type) ? it->factory : nullptr;
}

std::vector<std::string_view> ScalerTypes() {
  std::vector<std::string_view> out;
  for (const Entry& e : kScalers) out.push_back(e.type);
  return out;
}

StatusOr<std::unique_ptr<Scaler>> BuildScaler(const ScalerConfig& config, Sources& sources) {
  ScalerFactory f = FindScaler(config.type);
  if (f == nullptr) {
    return Unimplemented("trigger type \"" + config.type + "\": swell has no such scaler");
  }
  return f(config, sources);
}

}  // namespace swell::scalers
