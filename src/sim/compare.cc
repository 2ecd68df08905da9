// The two modes side by side (swell simulate --compare): the article's milestones after the
// burst, the queue's experience, the nodes and their cost, and a plain verdict.
#include <cmath>
#include <cstdio>

#include "sim/world.h"

namespace swell::sim {
namespace {

std::string Secs(std::optional<Duration> d) {
  if (!d) return "\u2014";
  auto s = std::chrono::duration_cast<std::chrono::seconds>(*d).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60),
                static_cast<long long>(s % 60));
  return buf;
}

std::string Fixed(double v, const char* fmt) {
  char buf[48];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// Milestone `name` as an offset from the burst (or the start when there is none).
std::optional<Duration> AfterBurst(const Summary& s, const std::string& name) {
  const TimePoint origin = s.burst_start.value_or(s.start);
  for (const Milestone& m : FlowMilestones(s)) {
    if (m.name == name && m.at) return *m.at - origin;
  }
  return std::nullopt;
}

struct QueueTotals {
  int64_t peak_depth = 0;
  Duration peak_age{0};
  int64_t redelivered = 0;
  int64_t dead_lettered = 0;
};

QueueTotals Totals(const Summary& s) {
  QueueTotals t;
  for (const QueueSummary& q : s.queues) {
    t.peak_depth = std::max(t.peak_depth, q.peak_depth);
    t.peak_age = std::max(t.peak_age, q.peak_oldest_age);
    t.redelivered += q.redelivered;
    t.dead_lettered += q.dead_lettered;
  }
  return t;
}

}  // namespace

std::vector<CompareRow> CompareRows(const World& a, const World& b) {
  std::vector<CompareRow> rows;
  const Summary& sa = a.summary();
  const Summary& sb = b.summary();
  for (const char* name :
       {"first scale-up decision", "first pod pending", "first node launched", "first node ready",
        "all pods running", "queue drained", "pods at zero", "last worker node gone"}) {
    rows.push_back({std::string(name) + " (after the burst)", Secs(AfterBurst(sa, name)),
                    Secs(AfterBurst(sb, name))});
  }
  const QueueTotals qa = Totals(sa), qb = Totals(sb);
  rows.push_back(
      {"peak queue depth", std::to_string(qa.peak_depth), std::to_string(qb.peak_depth)});
  rows.push_back({"peak oldest-message age", Secs(qa.peak_age), Secs(qb.peak_age)});
  rows.push_back({"redelivered / dead-lettered",
                  std::to_string(qa.redelivered) + " / " + std::to_string(qa.dead_lettered),
                  std::to_string(qb.redelivered) + " / " + std::to_string(qb.dead_lettered)});
  const NodeSummary& na = sa.nodes;
  const NodeSummary& nb = sb.nodes;
  rows.push_back({"NodeClaims created", std::to_string(na.nodeclaims_created),
                  std::to_string(nb.nodeclaims_created)});
  rows.push_back({"peak nodes", std::to_string(na.peak_nodes), std::to_string(nb.peak_nodes)});
  rows.push_back(
      {"node-hours", Fixed(na.total.node_hours, "%.2f"), Fixed(nb.total.node_hours, "%.2f")});
  rows.push_back({"cost", Fixed(na.total.cost, "$%.3f"), Fixed(nb.total.cost, "$%.3f")});
  rows.push_back({"invariant violations", std::to_string(InvariantViolations(na)),
                  std::to_string(InvariantViolations(nb))});
  return rows;
}

std::string CompareVerdict(const World& a, const World& b) {
  const auto da = AfterBurst(a.summary(), "queue drained");
  const auto db = AfterBurst(b.summary(), "queue drained");
  const std::string na(ModeName(a.mode())), nb(ModeName(b.mode()));
  std::string out;
  if (da && db) {
    const double sa = std::chrono::duration<double>(*da).count();
    const double sb = std::chrono::duration<double>(*db).count();
    if (sb < sa) {
      out += nb + " drains the queue " + Secs(*da - *db) + " sooner (" +
             Fixed(100.0 * (sa - sb) / sa, "%.0f") + " %)";
    } else if (sb > sa) {
      out += nb + " drains the queue " + Secs(*db - *da) + " later than " + na;
    } else {
      out += "both drain the queue at the same time";
    }
  } else {
    out += std::string("the queue does not drain within the run in ") + (da ? nb : na);
  }
  const double ca = a.summary().nodes.total.cost, cb = b.summary().nodes.total.cost;
  if (std::fabs(cb - ca) < 0.0005) {
    out += ", at the same cost";
  } else if (cb > ca) {
    out += ", and costs " + Fixed(cb - ca, "$%.3f") + " more (" +
           Fixed(ca > 0 ? 100.0 * (cb - ca) / ca : 100.0, "+%.0f") + " %) than " + na;
  } else {
    out += ", and costs " + Fixed(ca - cb, "$%.3f") + " less (" +
           Fixed(ca > 0 ? 100.0 * (ca - cb) / ca : 0.0, "-%.0f") + " %)";
  }
  return out + ".\n";
}

std::string FormatCompare(const World& a, const World& b) {
  const std::string na(ModeName(a.mode())), nb(ModeName(b.mode()));
  size_t w0 = 0, w1 = na.size();
  const std::vector<CompareRow> rows = CompareRows(a, b);
  for (const CompareRow& r : rows) {
    w0 = std::max(w0, r.label.size());
    w1 = std::max(w1, r.a.size());
  }
  auto pad = [](std::string s, size_t w) {
    // Pad by display width: the em dash is one column but three bytes.
    size_t cols = 0;
    for (char c : s) cols += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (cols < w) s.append(w - cols, ' ');
    return s;
  };
  std::string out = "scenario " + a.scenario().metadata.name + " (seed " +
                    std::to_string(a.scenario().spec.seed) + "), both modes\n";
  out += "  " + pad("", w0) + "  " + pad(na, w1) + "  " + nb + "\n";
  for (const CompareRow& r : rows) {
    out += "  " + pad(r.label, w0) + "  " + pad(r.a, w1) + "  " + r.b + "\n";
  }
  return out + CompareVerdict(a, b);
}

}  // namespace swell::sim
