#include "sim/scenario.h"

#include <fstream>
#include <set>
#include <sstream>

#include "api/duration.h"
#include "api/quantity.h"
#include "sim/rng.h"

namespace swell::sim {
namespace {

class Checker {
 public:
  explicit Checker(api::Diagnostics& d) : d_(d) {}

  void Duration(const std::string& path, const std::string& v, bool allow_zero = true) {
    auto d = api::ParseGoDuration(v);
    if (!d.ok()) {
      d_.Error(path, "\"" + v + "\" is not a duration (e.g. 30s, 5m, 1h30m)", "scenario/duration");
    } else if (*d < swell::Duration(0) || (!allow_zero && *d == swell::Duration(0))) {
      d_.Error(path, "must be " + std::string(allow_zero ? ">= 0" : "> 0"), "scenario/duration");
    }
  }
  void Dist(const std::string& path, const std::string& v) {
    auto d = DurationDist::Parse(v);
    if (!d.ok()) d_.Error(path, d.status().message(), "scenario/distribution");
  }
  void NonNegative(const std::string& path, double v) {
    if (!(v >= 0)) d_.Error(path, "must be >= 0", "scenario/range");
  }
  void Positive(const std::string& path, double v) {
    if (!(v > 0)) d_.Error(path, "must be > 0", "scenario/range");
  }
  api::Diagnostics& d() { return d_; }

 private:
  api::Diagnostics& d_;
};

void CheckArrival(Checker& c, const std::string& p, const ArrivalSpec& a) {
  c.Duration(p + ".at", a.at);
  c.Duration(p + ".over", a.over);
  int forms = (a.rate ? 1 : 0) + (a.burst ? 1 : 0) + (a.trace.empty() ? 0 : 1);
  if (forms != 1) {
    c.d().Error(p, "set exactly one of rate, burst or trace", "scenario/arrival");
  }
  if (a.rate) c.NonNegative(p + ".rate", *a.rate);
  if (a.ramp_to) {
    c.NonNegative(p + ".rampTo", *a.ramp_to);
    if (!a.rate) c.d().Error(p + ".rampTo", "needs rate (the starting rate)", "scenario/arrival");
  }
  if (a.burst) c.NonNegative(p + ".burst", static_cast<double>(*a.burst));
  c.Positive(p + ".timeScale", a.time_scale);
  c.NonNegative(p + ".volumeScale", a.volume_scale);
  if (!a.trace_format.empty() && a.trace_format != "timestamps" && a.trace_format != "per-minute") {
    c.d().Error(p + ".traceFormat", "must be timestamps or per-minute", "scenario/arrival");
  }
}

void Check(const Scenario& s, api::Diagnostics& diags) {
  Checker c(diags);
  if (s.api_version != "swell.dev/v1alpha1" || s.kind != "Scenario") {
    diags.Error("kind", "expected apiVersion swell.dev/v1alpha1, kind Scenario", "scenario/kind");
  }
  const ScenarioSpec& sp = s.spec;
  c.Duration("spec.duration", sp.duration, false);
  c.Duration("spec.sampleInterval", sp.sample_interval, false);
  TimePoint start;
  if (!ParseRfc3339(sp.start, &start)) {
    diags.Error("spec.start", "\"" + sp.start + "\" is not an RFC 3339 time", "scenario/time");
  }
  if (sp.manifests.empty())
    diags.Error("spec.manifests", "name at least one file", "scenario/manifests");
  for (size_t i = 0; i < sp.cluster.nodes.size(); i++) {
    if (sp.cluster.nodes[i].count < 0) {
      diags.Error("spec.cluster.nodes[" + std::to_string(i) + "].count", "must be >= 0",
                  "scenario/range");
    }
  }
  std::set<std::string> queues;
  for (size_t i = 0; i < sp.queues.size(); i++) {
    const QueueSpec& q = sp.queues[i];
    std::string p = "spec.queues[" + std::to_string(i) + "]";
    if (!queues.insert(q.name).second)
      diags.Error(p + ".name", "duplicate queue", "scenario/queue");
    c.Duration(p + ".visibilityTimeout", q.visibility_timeout);
    c.NonNegative(p + ".maxReceiveCount", q.max_receive_count);
    c.NonNegative(p + ".initialMessages", static_cast<double>(q.initial_messages));
    for (size_t j = 0; j < q.arrivals.size(); j++) {
      CheckArrival(c, p + ".arrivals[" + std::to_string(j) + "]", q.arrivals[j]);
    }
  }
  for (size_t i = 0; i < sp.queues.size(); i++) {
    const QueueSpec& q = sp.queues[i];
    if (!q.dead_letter_queue.empty() && !queues.count(q.dead_letter_queue)) {
      diags.Error("spec.queues[" + std::to_string(i) + "].deadLetterQueue",
                  "no queue named \"" + q.dead_letter_queue + "\" in this scenario",
                  "scenario/queue");
    }
  }
  for (size_t i = 0; i < sp.consumers.size(); i++) {
    const ConsumerSpec& cs = sp.consumers[i];
    std::string p = "spec.consumers[" + std::to_string(i) + "]";
    int targets = !cs.deployment.empty() + !cs.stateful_set.empty() + !cs.scaled_job.empty();
    if (targets != 1) {
      diags.Error(p, "set exactly one of deployment, statefulSet or scaledJob",
                  "scenario/consumer");
    }
    if (!queues.count(cs.queue)) {
      diags.Error(p + ".queue", "no queue named \"" + cs.queue + "\" in this scenario",
                  "scenario/consumer");
    }
    c.Positive(p + ".workersPerPod", cs.workers_per_pod);
    c.Dist(p + ".processingTime", cs.processing_time);
    if (!(cs.failure_rate >= 0 && cs.failure_rate <= 1)) {
      diags.Error(p + ".failureRate", "must be between 0 and 1", "scenario/range");
    }
    if (!api::Quantity::Parse(cs.cpu_per_worker).ok()) {
      diags.Error(p + ".cpuPerWorker", "not a quantity (e.g. 250m)", "scenario/range");
    }
    c.Positive(p + ".messagesPerJob", cs.messages_per_job);
  }
  for (size_t i = 0; i < sp.gauges.size(); i++) {
    const GaugeSpec& g = sp.gauges[i];
    std::string p = "spec.gauges[" + std::to_string(i) + "]";
    if (g.source != "prometheus" && g.source != "redis" && g.source != "kafka") {
      diags.Error(p + ".source", "must be prometheus, redis or kafka", "scenario/gauge");
    }
    for (size_t j = 0; j < g.points.size(); j++) {
      c.Duration(p + ".points[" + std::to_string(j) + "].at", g.points[j].at);
    }
    c.Positive(p + ".partitions", g.partitions);
  }
  c.Dist("spec.kubelet.imagePull", sp.kubelet.image_pull);
  c.Dist("spec.kubelet.containerStart", sp.kubelet.container_start);
  c.Dist("spec.kubelet.readiness", sp.kubelet.readiness);
  c.Dist("spec.kubelet.nodeReady", sp.kubelet.node_ready);
}

}  // namespace

StatusOr<Scenario> ParseScenario(std::string_view text, const std::string& path) {
  yaml::ParseResult parsed = yaml::Parse(text);
  if (parsed.error) {
    return InvalidArgument(path + ":" + std::to_string(parsed.error->mark.line) + ":" +
                           std::to_string(parsed.error->mark.column) +
                           ": YAML syntax error: " + parsed.error->message);
  }
  const yaml::Document* doc = nullptr;
  for (const auto& d : parsed.documents) {
    if (!d.empty) {
      doc = &d;
      break;
    }
  }
  if (doc == nullptr) return InvalidArgument(path + ": the file holds no scenario");
  Scenario s;
  api::Diagnostics diags;
  api::Decoder dec(&diags);
  api::DecodeValue(doc->root, s, dec);
  if (!diags.has_errors()) Check(s, diags);
  if (diags.has_errors()) {
    std::string msg;
    for (const auto& d : diags.items()) {
      if (d.severity != api::Severity::kError) continue;
      yaml::Mark m = d.mark;
      if (m.line == 0) {
        if (const yaml::Node* at = api::FindByPath(doc->root, d.path)) m = at->mark();
      }
      if (!msg.empty()) msg += "\n";
      msg += path + ":" + std::to_string(m.line) + ":" + std::to_string(m.column) + ": " + d.path +
             ": " + d.message;
    }
    return InvalidArgument(msg);
  }
  s.path = path;
  return s;
}

StatusOr<Scenario> LoadScenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot read the scenario file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return ParseScenario(buf.str(), path);
}

}  // namespace swell::sim
