#include "sim/sim_sources.h"

#include <cmath>

#include "state/cluster_state.h"

namespace swell::sim {

const Gauge* SimSources::Find(std::string_view source, std::string_view match) const {
  for (const auto& g : gauges_) {
    if (g.source == source && g.match == match) return &g;
  }
  return nullptr;
}

StatusOr<double> SimSources::Query(const scalers::PrometheusQuery& q) {
  const Gauge* g = Find("prometheus", q.query);
  if (g == nullptr)
    return NotFound("no simulated prometheus series for the query \"" + q.query + "\"");
  return ValueOf(*g);
}

StatusOr<int64_t> SimSources::ListLength(const scalers::RedisTarget& /*t*/,
                                         const std::string& key) {
  const Gauge* g = Find("redis", key);
  if (g == nullptr) return int64_t{0};  // a missing list has length 0, as LLEN
  return static_cast<int64_t>(std::llround(std::max(0.0, ValueOf(*g))));
}

StatusOr<int64_t> SimSources::StreamCount(const scalers::RedisTarget& t, const std::string& stream,
                                          const std::string& /*group*/,
                                          const std::string& /*mode*/) {
  return ListLength(t, stream);
}

StatusOr<std::vector<scalers::KafkaClient::PartitionOffsets>> SimSources::Offsets(
    const scalers::KafkaTarget& t) {
  std::vector<PartitionOffsets> out;
  const Gauge* g = Find("kafka", t.group);
  if (g == nullptr) return NotFound("no simulated kafka consumer group \"" + t.group + "\"");
  const int64_t total = static_cast<int64_t>(std::llround(std::max(0.0, ValueOf(*g))));
  const int32_t n = std::max(1, g->partitions);
  for (int32_t i = 0; i < n; i++) {
    PartitionOffsets p;
    p.topic = t.topic.empty() ? "topic" : t.topic;
    p.partition = i;
    p.committed = 0;
    p.latest = total / n + (i < total % n ? 1 : 0);
    out.push_back(p);
  }
  return out;
}

std::optional<api::ResourceList> SimPodMetrics::Usage(const api::Pod& pod) const {
  auto it = bindings_.find(state::Key(pod.metadata.namespace_, pod.metadata.name));
  if (it == bindings_.end()) return std::nullopt;
  auto u = it->second.pool->Usage(pod.metadata.namespace_ + "/" + pod.metadata.name);
  if (!u) return std::nullopt;
  api::ResourceList out;
  out["cpu"] = api::Quantity::FromMilli(5 + u->busy * it->second.cpu_per_worker_milli);
  api::ResourceList req = api::PodRequests(pod.spec);
  if (auto m = req.find("memory"); m != req.end()) out["memory"] = m->second;
  return out;
}

}  // namespace swell::sim
