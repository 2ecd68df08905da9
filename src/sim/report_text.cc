// Text forms of a finished run: the timeline (CSV or JSON lines), the event log and the
// terminal summary. All deterministic: they depend only on the run, never on the wall clock.
#include <algorithm>
#include <cstdio>

#include "sim/world.h"

namespace swell::sim {
namespace {

std::string Num(double v) {
  char buf[32];
  if (v == static_cast<double>(static_cast<int64_t>(v))) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof buf, "%.3f", v);
  }
  return buf;
}

std::string Offset(TimePoint start, TimePoint t) {
  auto d = std::chrono::duration_cast<std::chrono::seconds>(t - start).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "+%lldm%02llds", static_cast<long long>(d / 60),
                static_cast<long long>(d % 60));
  return buf;
}

std::string Dur(Duration d) {
  auto s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  char buf[32];
  if (s >= 60) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(s));
  }
  return buf;
}

// The latest of `times` when every one is set, else empty (a step that needs all of them).
std::optional<TimePoint> LatestOfAll(const std::vector<std::optional<TimePoint>>& times) {
  std::optional<TimePoint> at;
  for (const auto& t : times) {
    if (!t) return std::nullopt;
    if (!at || *t > *at) at = t;
  }
  return at;
}

// The milestone section: the article's steps with their offsets from the start and from the
// burst, "—" for the steps this run does not have.
std::string FormatFlow(const Summary& s) {
  std::string out = "flow (the article's steps 01-06)\n";
  for (const Milestone& m : FlowMilestones(s)) {
    std::string line = "  " + m.step + " " + m.name;
    line.resize(std::max<size_t>(line.size() + 1, 30), ' ');
    if (!m.at) {
      out += line + "\u2014\n";
      continue;
    }
    line += Offset(s.start, *m.at);
    if (s.burst_start && m.at != s.burst_start && *m.at >= *s.burst_start) {
      line += "  (burst +" + Dur(*m.at - *s.burst_start) + ")";
    }
    out += line + "\n";
  }
  return out;
}

std::string Money(double usd) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "$%.2f", usd);
  return buf;
}

std::string Hours(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f h", h);
  return buf;
}

std::string Split(const std::map<std::string, CostSplit>& by) {
  std::string out;
  for (const auto& [key, c] : by) {
    out += (out.empty() ? "" : ", ") + key + " " + Hours(c.node_hours) + " " + Money(c.cost);
  }
  return out.empty() ? "-" : out;
}

// The Karpenter half: when nodes came, how many, what they cost, and the invariants.
std::string FormatNodes(const Summary& s) {
  const NodeSummary& n = s.nodes;
  std::string out = "nodes (NodePools)\n";
  auto at = [&](const char* label, const std::optional<TimePoint>& t) {
    out += std::string("  ") + label + (t ? Offset(s.start, *t) : std::string("never")) + "\n";
  };
  at("first pod pending       ", n.first_pod_pending);
  at("first NodeClaim         ", n.first_nodeclaim);
  at("first node ready        ", n.first_node_ready);
  out += "  NodeClaims created      " + std::to_string(n.nodeclaims_created) + " (" +
         std::to_string(n.nodeclaims_launched) + " launched, " +
         std::to_string(n.insufficient_capacity) + " insufficient capacity)\n";
  out += "  peak nodes              " + std::to_string(n.peak_nodes) + "\n";
  out +=
      "  node-hours / cost       " + Hours(n.total.node_hours) + " / " + Money(n.total.cost) + "\n";
  out += "    by capacity type      " + Split(n.by_capacity_type) + "\n";
  out += "    by arch               " + Split(n.by_arch) + "\n";
  out += "  pods evicted by drains  " + std::to_string(n.evictions) + "\n";
  if (n.limit_violations == 0 && n.orphan_violations == 0) {
    out += "  invariants              held (NodePool limits, no instance without a NodeClaim)\n";
  } else {
    out += "  invariants              VIOLATED: " + std::to_string(n.limit_violations) +
           " NodePool limit, " + std::to_string(n.orphan_violations) +
           " orphan instance; first at " + Offset(s.start, *n.first_violation) + ": " +
           n.violation + "\n";
  }
  return out;
}

}  // namespace

std::vector<Milestone> FlowMilestones(const Summary& s) {
  std::optional<TimePoint> drained, at_zero;
  std::vector<std::optional<TimePoint>> drains, zeros;
  for (const auto& q : s.queues) {
    if (q.peak_depth > q.depth_before_burst) drains.push_back(q.drained_at);
  }
  for (const auto& w : s.workloads) {
    if (w.max_desired > 0) zeros.push_back(w.back_to_zero);
  }
  if (!drains.empty()) drained = LatestOfAll(drains);
  if (!zeros.empty()) at_zero = LatestOfAll(zeros);
  const FlowTimes& f = s.flow;
  return {
      {"01", "burst start", s.burst_start},
      {"02", "first scale-up decision", f.first_scale_up},
      {"03", "first pod pending", f.first_pod_pending},
      {"04", "first node launched", f.first_node_launched},
      {"05", "first node ready", f.first_node_ready},
      {"05", "all pods running", f.all_pods_running},
      {"06", "queue drained", drained},
      {"06", "pods at zero", at_zero},
      {"06", "last worker node gone", f.last_worker_node_gone},
  };
}

std::string FormatTimeline(const World& w, bool jsonl) {
  std::string out;
  const TimePoint start = w.summary().start;
  if (!jsonl) {
    out += "time,t_s";
    for (const auto& c : w.columns()) out += "," + c;
    out += "\n";
  }
  for (const Sample& s : w.timeline()) {
    const auto t_s = std::chrono::duration_cast<std::chrono::seconds>(s.time - start).count();
    if (jsonl) {
      out += "{\"time\":\"" + FormatRfc3339(s.time) + "\",\"t_s\":" + std::to_string(t_s);
      for (size_t i = 0; i < s.values.size(); i++) {
        out += ",\"" + w.columns()[i] + "\":" + Num(s.values[i]);
      }
      out += "}\n";
    } else {
      out += FormatRfc3339(s.time) + "," + std::to_string(t_s);
      for (double v : s.values) out += "," + Num(v);
      out += "\n";
    }
  }
  return out;
}

std::string FormatEvents(const World& w) {
  std::string out;
  for (const auto& e : w.events()) {
    out += FormatRfc3339(e.time) + " " + e.type + " " + e.kind + " " + e.ns + "/" + e.name + " " +
           e.reason + ": " + e.message + "\n";
  }
  return out;
}

std::string FormatSummary(const World& w) {
  const Summary& s = w.summary();
  std::string out = "scenario " + w.scenario().metadata.name + ": " + FormatRfc3339(s.start) +
                    " to " + FormatRfc3339(s.end) + " (seed " +
                    std::to_string(w.scenario().spec.seed) + ")\n";
  const TimePoint origin = s.burst_start.value_or(s.start);
  out += FormatFlow(s);
  for (const auto& q : s.queues) {
    out += "queue " + q.name + "\n";
    if (q.peak_depth == 0) {
      out += "  never held a message; dead-lettered into it: see the source queue\n";
      continue;
    }
    out += "  peak depth              " + std::to_string(q.peak_depth) + " messages at " +
           Offset(s.start, q.peak_at) + "\n";
    if (q.drained_at) {
      out += "  drained                 " + Offset(s.start, *q.drained_at) + " (" +
             Dur(*q.drained_at - origin) + " after the " +
             (s.burst_start ? "burst started" : "run started") + ")\n";
    } else {
      out += "  drained                 not within the run (" + std::to_string(q.remaining) +
             " messages left)\n";
    }
    out += "  peak oldest-message age " + Dur(q.peak_oldest_age) + "\n";
    out += "  sent / deleted          " + std::to_string(q.sent) + " / " +
           std::to_string(q.deleted) + "\n";
    out += "  redelivered             " + std::to_string(q.redelivered) + "\n";
    out += "  dead-lettered           " + std::to_string(q.dead_lettered) + "\n";
  }
  for (const auto& wl : s.workloads) {
    out += wl.name + "\n";
    out += "  replicas (max desired / max ready) " + std::to_string(wl.max_desired) + " / " +
           std::to_string(wl.max_ready) + "\n";
    if (wl.first_scale_up) {
      out += "  first scale-up          " + Offset(s.start, *wl.first_scale_up) + "\n";
    }
    if (wl.back_to_zero)
      out += "  back to zero            " + Offset(s.start, *wl.back_to_zero) + "\n";
    out += "  activations / deactivations " + std::to_string(wl.activations) + " / " +
           std::to_string(wl.deactivations) + "\n";
  }
  if (s.nodes.provisioning) out += FormatNodes(s);
  out += "pods created " + std::to_string(s.pods_created) + ", Kubernetes events " +
         std::to_string(s.events) + ", simulation events " + std::to_string(s.sim_events) + "\n";
  return out;
}

}  // namespace swell::sim
