// A simulation scenario: the manifests (unchanged KEDA/Karpenter/Kubernetes YAML), the cluster
// they run on, the workload that drives them, the duration and the seed. Written as YAML:
//
//   apiVersion: swell.dev/v1alpha1
//   kind: Scenario
//   metadata: {name: order-burst}
//   spec:
//     seed: 42
//     duration: 1h
//     manifests: [manifests.yaml]          # relative to the scenario file
//     cluster:
//       nodes: [{instanceType: m5.2xlarge, count: 4}]   # static nodes; NodePools launch more
//     cloud: {launchLatency: "uniform(5s, 10s)"}        # the simulated EC2 for NodePools
//     queues:
//     - name: orders
//       url: https://sqs.us-east-1.amazonaws.com/123456/orders
//       initialMessages: 200
//       arrivals:
//       - {burst: 200000, at: 2m, over: 3m}
//     consumers:
//     - {deployment: order-processor, namespace: order-processing, queue: orders,
//        workersPerPod: 10, processingTime: "lognormal(200ms, 0.3)"}
//
// Every field, its default and its meaning: docs/scenario.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/codec.h"
#include "api/core/meta.h"
#include "api/diagnostics.h"
#include "sim/sim_cloud_options.h"

namespace swell::sim {

struct NodeGroupSpec {
  std::string instance_type;  // a type of the EC2 catalog, e.g. m5.2xlarge
  int32_t count = 1;
  std::string zone = "us-east-1a";
  std::string capacity_type = "on-demand";
  api::Labels labels;
  std::string name_prefix;  // default: the instance type with '.' -> '-'
  friend bool operator==(const NodeGroupSpec&, const NodeGroupSpec&) = default;
};
template <class V>
void Fields(V& v, NodeGroupSpec& n) {
  v("instanceType", n.instance_type, api::kRequired);
  v("count", n.count);
  v("zone", n.zone);
  v("capacityType", n.capacity_type);
  v("labels", n.labels);
  v("namePrefix", n.name_prefix);
}

struct ClusterSpec {
  std::vector<NodeGroupSpec> nodes;
  friend bool operator==(const ClusterSpec&, const ClusterSpec&) = default;
};
template <class V>
void Fields(V& v, ClusterSpec& c) {
  v("nodes", c.nodes);
}

// One piece of an arrival profile; exactly one of rate / burst / trace is set.
struct ArrivalSpec {
  std::string at = "0s";          // when this piece starts
  std::optional<double> rate;     // messages per second from `at` (until the next rate piece)
  std::optional<double> ramp_to;  // with rate: rise linearly to this rate over `over`
  std::optional<int64_t> burst;   // this many messages spread evenly over `over`
  std::string over = "0s";
  std::string trace;         // a trace file (path relative to the scenario)
  std::string trace_format;  // timestamps | per-minute (default: by file content)
  double time_scale = 1;     // trace: compress (<1) or stretch (>1) time
  double volume_scale = 1;   // trace: multiply message counts
  int32_t trace_row = -1;    // per-minute traces: which row (-1: the busiest)
  friend bool operator==(const ArrivalSpec&, const ArrivalSpec&) = default;
};
template <class V>
void Fields(V& v, ArrivalSpec& a) {
  v("at", a.at);
  v("rate", a.rate);
  v("rampTo", a.ramp_to);
  v("burst", a.burst);
  v("over", a.over);
  v("trace", a.trace);
  v("traceFormat", a.trace_format);
  v("timeScale", a.time_scale);
  v("volumeScale", a.volume_scale);
  v("traceRow", a.trace_row);
}

struct QueueSpec {
  std::string name;
  std::string url;  // the queueURL triggers use; default
                    // https://sqs.us-east-1.amazonaws.com/000000000000/<name>
  std::string visibility_timeout = "30s";
  int32_t max_receive_count = 0;  // 0: no dead-letter queue
  std::string dead_letter_queue;  // name of another queue in this scenario
  int64_t initial_messages = 0;
  std::vector<ArrivalSpec> arrivals;
  friend bool operator==(const QueueSpec&, const QueueSpec&) = default;
};
template <class V>
void Fields(V& v, QueueSpec& q) {
  v("name", q.name, api::kRequired);
  v("url", q.url);
  v("visibilityTimeout", q.visibility_timeout);
  v("maxReceiveCount", q.max_receive_count);
  v("deadLetterQueue", q.dead_letter_queue);
  v("initialMessages", q.initial_messages);
  v("arrivals", q.arrivals);
}

// The processes of a workload: what each Ready pod does.
struct ConsumerSpec {
  std::string deployment;  // or statefulSet / scaledJob
  std::string stateful_set;
  std::string scaled_job;
  std::string namespace_ = "default";
  std::string queue;
  int32_t workers_per_pod = 1;
  std::string processing_time = "100ms";  // a duration distribution (sim/rng.h)
  double failure_rate = 0;                // probability a message fails
  std::string cpu_per_worker = "100m";    // cpu used by a busy worker (cpu triggers)
  int32_t messages_per_job = 1;           // scaledJob: messages a job pod takes, then exits
  friend bool operator==(const ConsumerSpec&, const ConsumerSpec&) = default;
};
template <class V>
void Fields(V& v, ConsumerSpec& c) {
  v("deployment", c.deployment);
  v("statefulSet", c.stateful_set);
  v("scaledJob", c.scaled_job);
  v("namespace", c.namespace_);
  v("queue", c.queue, api::kRequired);
  v("workersPerPod", c.workers_per_pod);
  v("processingTime", c.processing_time);
  v("failureRate", c.failure_rate);
  v("cpuPerWorker", c.cpu_per_worker);
  v("messagesPerJob", c.messages_per_job);
}

// A gauge for the non-queue triggers: the value a prometheus query, a redis list or a kafka
// consumer group reports over time (piecewise linear between points).
struct GaugePointSpec {
  std::string at;
  double value = 0;
  friend bool operator==(const GaugePointSpec&, const GaugePointSpec&) = default;
};
template <class V>
void Fields(V& v, GaugePointSpec& p) {
  v("at", p.at, api::kRequired);
  v("value", p.value, api::kRequired);
}

struct GaugeSpec {
  std::string source;  // prometheus | redis | kafka
  std::string match;   // query / list name / consumer group the trigger names
  std::vector<GaugePointSpec> points;
  int32_t partitions = 1;  // kafka: the topic's partitions, the lag split evenly across them
  friend bool operator==(const GaugeSpec&, const GaugeSpec&) = default;
};
template <class V>
void Fields(V& v, GaugeSpec& g) {
  v("source", g.source, api::kRequired);
  v("match", g.match, api::kRequired);
  v("points", g.points);
  v("partitions", g.partitions);
}

struct KubeletSpec {
  std::string image_pull = "2s";
  std::string container_start = "1s";
  std::string readiness = "2s";
  // A new node's kubelet and CNI start-up: registered -> Ready.
  std::string node_ready = "uniform(5s, 10s)";
  friend bool operator==(const KubeletSpec&, const KubeletSpec&) = default;
};
template <class V>
void Fields(V& v, KubeletSpec& k) {
  v("imagePull", k.image_pull);
  v("containerStart", k.container_start);
  v("readiness", k.readiness);
  v("nodeReady", k.node_ready);
}

struct ScenarioSpec {
  int64_t seed = 1;
  std::string start = "2026-01-01T02:00:00Z";
  std::string duration = "1h";
  std::string sample_interval = "10s";
  std::vector<std::string> manifests;
  // The namespace for namespaced objects that set none, as `kubectl apply -n <ns>` does.
  std::string namespace_ = "default";
  ClusterSpec cluster;
  std::vector<QueueSpec> queues;
  std::vector<ConsumerSpec> consumers;
  std::vector<GaugeSpec> gauges;
  KubeletSpec kubelet;
  // The simulated cloud that launches nodes for the manifests' NodePools (sim_cloud_options.h).
  SimCloudOptions cloud;
  friend bool operator==(const ScenarioSpec&, const ScenarioSpec&) = default;
};
template <class V>
void Fields(V& v, ScenarioSpec& s) {
  v("seed", s.seed);
  v("start", s.start);
  v("duration", s.duration);
  v("sampleInterval", s.sample_interval);
  v("manifests", s.manifests, api::kRequired);
  v("namespace", s.namespace_);
  v("cluster", s.cluster);
  v("queues", s.queues);
  v("consumers", s.consumers);
  v("gauges", s.gauges);
  v("kubelet", s.kubelet);
  v("cloud", s.cloud);
}

struct Scenario {
  std::string api_version;
  std::string kind;
  api::ObjectMeta metadata;
  ScenarioSpec spec;
  std::string path;  // the file it came from (for relative paths and messages)
  friend bool operator==(const Scenario&, const Scenario&) = default;
};
template <class V>
void Fields(V& v, Scenario& s) {
  v("apiVersion", s.api_version, api::kRequired);
  v("kind", s.kind, api::kRequired);
  v("metadata", s.metadata);
  v("spec", s.spec, api::kRequired);
}

// Reads and decodes a scenario file strictly. Problems (YAML, unknown fields, wrong types,
// bad durations, negative rates ...) are returned as InvalidArgument with one line per problem:
// "scenario.yaml:12:7: spec.queues[0].arrivals[1].rate: must be >= 0".
StatusOr<Scenario> LoadScenario(const std::string& path);
// The same from text (path used in messages and for relative paths).
StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& path);

}  // namespace swell::sim
