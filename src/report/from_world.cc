#include "report/from_world.h"

#include <cstdio>
#include <map>

namespace swell::report {
namespace {

std::string Since(TimePoint origin, TimePoint t) {
  return FormatSeconds(std::chrono::duration<double>(t - origin).count());
}

// "101,519": counts with thousands separators.
std::string Grouped(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); i++) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

void QueueRows(const sim::Summary& s, std::vector<SummaryRow>& rows) {
  const TimePoint origin = s.burst_start.value_or(s.start);
  for (const sim::QueueSummary& q : s.queues) {
    if (q.peak_depth == 0 && q.sent == 0) continue;  // e.g. an unused dead-letter queue
    const std::string p = q.name + ": ";
    rows.push_back(
        {p + "peak depth", Grouped(q.peak_depth) + " messages at +" + Since(s.start, q.peak_at)});
    rows.push_back({p + "drained", q.drained_at
                                       ? "+" + Since(s.start, *q.drained_at) + " (" +
                                             Since(origin, *q.drained_at) + " after the " +
                                             (s.burst_start ? "burst" : "start") + ")"
                                       : "not within the run (" + Grouped(q.remaining) + " left)"});
    rows.push_back({p + "peak oldest-message age",
                    FormatSeconds(std::chrono::duration<double>(q.peak_oldest_age).count())});
    rows.push_back({p + "sent / deleted", Grouped(q.sent) + " / " + Grouped(q.deleted)});
    rows.push_back({p + "redelivered", Grouped(q.redelivered)});
    rows.push_back({p + "dead-lettered", Grouped(q.dead_lettered)});
  }
}

std::string Money(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.2f", usd);
  return buf;
}

std::string Split(const std::map<std::string, sim::CostSplit>& by) {
  std::string out;
  char buf[64];
  for (const auto& [key, c] : by) {
    std::snprintf(buf, sizeof buf, "%.2f h %s", c.node_hours, Money(c.cost).c_str());
    out += (out.empty() ? "" : ", ") + key + " " + buf;
  }
  return out.empty() ? "-" : out;
}

// The Karpenter half: NodeClaims, node-hours and cost, and the invariants.
void NodeRows(const sim::Summary& s, std::vector<SummaryRow>& rows) {
  const sim::NodeSummary& n = s.nodes;
  if (!n.provisioning) return;
  rows.push_back({"NodeClaims created (launched)",
                  Grouped(n.nodeclaims_created) + " (" + Grouped(n.nodeclaims_launched) + ")"});
  rows.push_back({"peak nodes", Grouped(n.peak_nodes)});
  char hours[32];
  std::snprintf(hours, sizeof hours, "%.2f h", n.total.node_hours);
  rows.push_back({"node-hours / cost", std::string(hours) + " / " + Money(n.total.cost)});
  rows.push_back({"by capacity type", Split(n.by_capacity_type)});
  rows.push_back({"by architecture", Split(n.by_arch)});
  rows.push_back({"invariant violations", Grouped(n.limit_violations + n.orphan_violations) +
                                              (n.violation.empty() ? "" : ": " + n.violation)});
}

}  // namespace

RunData RunFromWorld(const sim::World& world, std::string label) {
  const sim::Summary& s = world.summary();
  RunData run;
  run.label = std::move(label);
  run.columns = world.columns();
  run.samples.reserve(world.timeline().size());
  for (const sim::Sample& x : world.timeline()) run.samples.push_back({x.time - s.start, x.values});
  for (const sim::Milestone& m : sim::FlowMilestones(s)) {
    std::optional<Duration> at;
    if (m.at) at = *m.at - s.start;
    run.milestones.push_back({m.step, m.name, at});
  }
  QueueRows(s, run.summary);
  for (const sim::WorkloadSummary& w : s.workloads) {
    run.summary.push_back({w.name + ": replicas (max desired / max ready)",
                           std::to_string(w.max_desired) + " / " + std::to_string(w.max_ready)});
    run.summary.push_back(
        {w.name + ": activations / deactivations",
         std::to_string(w.activations) + " / " + std::to_string(w.deactivations)});
  }
  NodeRows(s, run.summary);
  run.summary.push_back({"pods created", Grouped(s.pods_created)});
  run.summary.push_back({"Kubernetes events", Grouped(s.events)});
  return run;
}

ReportInput ReportFromWorld(const sim::World& world) {
  const sim::Scenario& sc = world.scenario();
  ReportInput in;
  in.title = "swell simulate: " + sc.metadata.name;
  in.subtitle = FormatRfc3339(world.summary().start) + " to " + FormatRfc3339(world.summary().end) +
                ", seed " + std::to_string(sc.spec.seed);
  in.runs.push_back(RunFromWorld(world, sc.metadata.name));
  return in;
}

}  // namespace swell::report
