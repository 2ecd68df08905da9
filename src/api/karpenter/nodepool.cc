// NodePool and NodeClaim defaults and validation (karpenter.md §1.1, §1.2, §3.5).
#include <regex>
#include <set>
#include <string>

#include "api/cron.h"
#include "api/karpenter/template_validation.h"
#include "api/karpenter/types.h"
#include "api/karpenter/validation_util.h"

namespace swell::api {
namespace {

using karpenter::MatchesPattern;
using karpenter::OneOf;
using karpenter::Owner;
using karpenter::Quoted;
using karpenter::ReportValue;

constexpr size_t kMaxBudgets = 50;        // CRD maxItems of disruption.budgets
constexpr size_t kMaxBudgetReasons = 50;  // CRD maxItems of budgets[].reasons
constexpr std::string_view kDefaultBudgetNodes = "10%";

NillableDuration DefaultExpireAfter() { return NillableDuration{"720h", Hours(720)}; }

// budgets[].nodes: ^((100|[0-9]{1,2})%|[0-9]+)$
void ValidateBudgetNodes(const Budget& b, const std::string& p, Diagnostics& diags) {
  if (b.nodes.empty() || karpenter::MatchesBudgetNodesPattern(b.nodes)) return;
  ReportValue(diags, p + ".nodes", b.nodes,
              "budget nodes " + Quoted(b.nodes) +
                  " must be a percentage from 0% to 100% or a whole number of nodes",
              "karpenter/budget-nodes");
}

// budgets[].schedule: the CRD pattern, then robfig/cron's standard parser (Budget.IsActive
// parses "TZ=UTC " + schedule; a schedule that fails there blocks all disruption of the pool).
void ValidateBudgetSchedule(const Budget& b, const std::string& p, Diagnostics& diags) {
  if (!b.schedule) return;
  const std::string& s = *b.schedule;
  if (!karpenter::MatchesBudgetSchedulePattern(s)) {
    ReportValue(diags, p + ".schedule", s,
                "budget schedule " + Quoted(s) +
                    " must be a five-field cron expression (minute hour day month weekday) or "
                    "@yearly, @monthly, @weekly, @daily or @hourly",
                "karpenter/budget-schedule");
    return;
  }
  if (auto cron = CronSchedule::Parse(s); !cron.ok()) {
    ReportValue(diags, p + ".schedule", s,
                "budget schedule " + Quoted(s) + " is not a valid cron schedule (" +
                    cron.status().message() +
                    "); Karpenter then allows no disruption at all for this NodePool",
                "karpenter/budget-schedule");
  }
}

// CEL on budgets: self.all(x, has(x.schedule) == has(x.duration)); and the duration pattern
// ^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$.
void ValidateBudgetWindow(const Budget& b, const std::string& p, Diagnostics& diags) {
  if (b.schedule.has_value() != b.duration.has_value()) {
    diags.Error(p,
                b.schedule ? "budget has a schedule but no duration; set both or neither"
                           : "budget has a duration but no schedule; set both or neither",
                "karpenter/budget-schedule-duration");
  }
  if (b.duration && !karpenter::MatchesBudgetDurationPattern(b.duration->raw)) {
    ReportValue(diags, p + ".duration", b.duration->raw,
                "budget duration " + Quoted(b.duration->raw) +
                    " must be whole hours and/or minutes (e.g. 8h, 30m, 1h30m)",
                "karpenter/budget-duration");
  }
}

// budgets[].reasons: a set (no duplicates) of Underutilized, Empty, Drifted; maxItems 50.
void ValidateBudgetReasons(const Budget& b, const std::string& p, Diagnostics& diags) {
  if (b.reasons.size() > kMaxBudgetReasons) {
    diags.Error(p + ".reasons", "at most 50 reasons allowed", "karpenter/budget-reasons");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < b.reasons.size(); i++) {
    const std::string& r = b.reasons[i];
    std::string rp = PathIndex(p + ".reasons", i);
    if (!OneOf(r, {kReasonUnderutilized, kReasonEmpty, kReasonDrifted})) {
      diags.Error(rp, "disruption reason " + Quoted(r) + " is not Underutilized, Empty or Drifted",
                  "karpenter/budget-reasons");
    } else if (!seen.insert(r).second) {
      diags.Error(rp, "disruption reason " + r + " is listed twice", "karpenter/budget-reasons");
    }
  }
}

void ValidateBudgets(const std::vector<Budget>& budgets, const std::string& path,
                     Diagnostics& diags) {
  if (budgets.size() > kMaxBudgets) {
    diags.Error(path, "has " + std::to_string(budgets.size()) + " budgets; at most 50 allowed",
                "karpenter/budgets-max");
  }
  for (size_t i = 0; i < budgets.size(); i++) {
    std::string p = PathIndex(path, i);
    ValidateBudgetNodes(budgets[i], p, diags);
    ValidateBudgetSchedule(budgets[i], p, diags);
    ValidateBudgetWindow(budgets[i], p, diags);
    ValidateBudgetReasons(budgets[i], p, diags);
  }
}

// spec.disruption: consolidateAfter pattern, consolidationPolicy enum, budgets.
void ValidateDisruption(const Disruption& d, Diagnostics& diags) {
  const std::string path = "spec.disruption";
  const std::string& ca = d.consolidate_after.raw;
  if (!ca.empty() && !karpenter::MatchesDurationPattern(ca, /*allow_never=*/true)) {
    ReportValue(diags, path + ".consolidateAfter", ca,
                "consolidateAfter " + Quoted(ca) +
                    " must be whole hours, minutes and seconds (e.g. 30s, 5m) or Never",
                "karpenter/consolidate-after");
  }
  const std::string& cp = d.consolidation_policy;
  if (!cp.empty() && !OneOf(cp, {kConsolidationWhenEmpty, kConsolidationWhenEmptyOrUnderutilized,
                                 kConsolidationBalanced})) {
    std::string hint = cp == "WhenUnderutilized"
                           ? " (WhenUnderutilized is the v1beta1 name; v1 calls it "
                             "WhenEmptyOrUnderutilized)"
                           : "";
    diags.Error(path + ".consolidationPolicy",
                "consolidationPolicy " + Quoted(cp) +
                    " is not WhenEmpty, WhenEmptyOrUnderutilized or Balanced" + hint,
                "karpenter/consolidation-policy");
  }
  if (d.budgets) ValidateBudgets(*d.budgets, path + ".budgets", diags);
}

// weight 1..100, replicas >= 0, and the static-NodePool CEL rules (replicas set: limits may
// only hold "nodes"; no weight). The update-only rule "cannot switch between static and
// dynamic" needs the old object and is not checked.
void ValidateWeightAndReplicas(const NodePoolSpec& s, Diagnostics& diags) {
  if (s.weight && (*s.weight < 1 || *s.weight > 100)) {
    diags.Error("spec.weight", "weight " + std::to_string(*s.weight) + " must be from 1 to 100",
                "karpenter/weight");
  }
  if (!s.replicas) return;
  if (*s.replicas < 0) {
    diags.Error("spec.replicas", "replicas " + std::to_string(*s.replicas) + " must be >= 0",
                "karpenter/replicas");
  }
  bool only_nodes = s.limits.empty() || (s.limits.size() == 1 && s.limits.count("nodes") == 1);
  if (!only_nodes) {
    diags.Error("spec.limits",
                "a static NodePool (replicas set) supports only limits.nodes; remove the other "
                "limits",
                "karpenter/static-nodepool-limits");
  }
  if (s.weight) {
    diags.Error("spec.weight", "weight is not supported on a static NodePool (replicas set)",
                "karpenter/static-nodepool-weight");
  }
}

}  // namespace

void ApplyDefaults(NodePool& o) {
  NodeClaimTemplateSpec& t = o.spec.template_.spec;
  karpenter::StripGroupVersion(t.node_class_ref);
  if (t.expire_after.raw.empty()) t.expire_after = DefaultExpireAfter();
  Disruption& d = o.spec.disruption;
  if (d.consolidate_after.raw.empty()) d.consolidate_after = NillableDuration{"0s", Duration(0)};
  if (d.consolidation_policy.empty()) {
    d.consolidation_policy = std::string(kConsolidationWhenEmptyOrUnderutilized);
  }
  if (!d.budgets) d.budgets.emplace(1);
  for (Budget& b : *d.budgets) {
    if (b.nodes.empty()) b.nodes = std::string(kDefaultBudgetNodes);
  }
}

void ApplyDefaults(NodeClaim& o) {
  karpenter::StripGroupVersion(o.spec.node_class_ref);
  if (o.spec.expire_after.raw.empty()) o.spec.expire_after = DefaultExpireAfter();
}

void Validate(const NodePool& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, /*namespaced=*/false, diags);
  const NodeClaimTemplate& t = o.spec.template_;
  karpenter::ValidateTemplateLabels(t.metadata.labels, "spec.template.metadata.labels", diags);
  const std::string sp = "spec.template.spec";
  karpenter::ValidateRequirements(t.spec.requirements, sp + ".requirements", Owner::kNodePool,
                                  diags);
  karpenter::ValidateTaintLists(t.spec.taints, t.spec.startup_taints, sp, diags);
  karpenter::ValidateNodeClassRef(t.spec.node_class_ref, sp + ".nodeClassRef", diags);
  karpenter::ValidateLifetimes(t.spec.expire_after, t.spec.termination_grace_period, sp, diags);
  ValidateDisruption(o.spec.disruption, diags);
  ValidateWeightAndReplicas(o.spec, diags);
}

void Validate(const NodeClaim& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, /*namespaced=*/false, diags);
  karpenter::ValidateRequirements(o.spec.requirements, "spec.requirements", Owner::kNodeClaim,
                                  diags);
  karpenter::ValidateTaintLists(o.spec.taints, o.spec.startup_taints, "spec", diags);
  karpenter::ValidateNodeClassRef(o.spec.node_class_ref, "spec.nodeClassRef", diags);
  karpenter::ValidateLifetimes(o.spec.expire_after, o.spec.termination_grace_period, "spec", diags);
}

}  // namespace swell::api
