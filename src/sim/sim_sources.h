// The event sources of the simulated world, behind the scalers' client interfaces: SQS
// queues (queue.h) and gauges that follow a profile for prometheus queries, redis lists and
// kafka consumer-group lag. Also the simulated metrics server for cpu/memory triggers.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scalers/sources.h"
#include "scaling/scaled_object_controller.h"
#include "sim/consumer.h"
#include "sim/queue.h"
#include "sim/trace.h"

namespace swell::sim {

// A gauge a trigger reads: `source` (prometheus | redis | kafka) and `match` (the query, list
// name or consumer group the trigger's metadata names).
struct Gauge {
  std::string source;
  std::string match;
  GaugeProfile profile;
  int32_t partitions = 1;  // kafka only
};

class SimSources final : public scalers::Sources,
                         public scalers::PrometheusClient,
                         public scalers::RedisClient,
                         public scalers::KafkaClient {
 public:
  SimSources(const Clock& clock, TimePoint start) : clock_(clock), start_(start), sqs_(clock) {}

  const Clock& clock() const override { return clock_; }
  scalers::SqsClient* sqs() override { return &sqs_; }
  scalers::PrometheusClient* prometheus() override { return this; }
  scalers::RedisClient* redis() override { return this; }
  scalers::KafkaClient* kafka() override { return this; }

  SimSqs& sim_sqs() { return sqs_; }
  void AddGauge(Gauge g) { gauges_.push_back(std::move(g)); }

  // PrometheusClient: the gauge whose match equals the query.
  StatusOr<double> Query(const scalers::PrometheusQuery& q) override;
  // RedisClient: the gauge whose match equals the list (or stream) name.
  StatusOr<int64_t> ListLength(const scalers::RedisTarget& t, const std::string& key) override;
  StatusOr<int64_t> StreamCount(const scalers::RedisTarget& t, const std::string& stream,
                                const std::string& group, const std::string& mode) override;
  // KafkaClient: the gauge whose match is the consumer group, as `partitions` partitions that
  // split the lag evenly (committed 0, latest = that partition's lag).
  StatusOr<std::vector<PartitionOffsets>> Offsets(const scalers::KafkaTarget& t) override;

 private:
  const Gauge* Find(std::string_view source, std::string_view match) const;
  double ValueOf(const Gauge& g) const { return g.profile.ValueAt(clock_.Now() - start_); }

  const Clock& clock_;
  TimePoint start_;
  SimSqs sqs_;
  std::vector<Gauge> gauges_;
};

// cpu usage of a consumer pod = busy workers x cpu per worker (+ 5m idle); memory = its
// request. Pods of workloads without a consumer report no sample.
class SimPodMetrics final : public scaling::PodMetrics {
 public:
  struct Binding {
    const ConsumerPool* pool;
    int64_t cpu_per_worker_milli;
  };
  void Bind(const std::string& pod_key, Binding b) { bindings_[pod_key] = b; }
  void Unbind(const std::string& pod_key) { bindings_.erase(pod_key); }
  std::optional<api::ResourceList> Usage(const api::Pod& pod) const override;

 private:
  std::map<std::string, Binding, std::less<>> bindings_;
};

}  // namespace swell::sim
