#include "provisioning/disruption/command.h"

#include <cstdio>

#include "api/karpenter/well_known.h"

namespace swell::provisioning::disruption {

std::string_view DecisionName(Decision d) {
  switch (d) {
    case Decision::kNoOp:
      return "no-op";
    case Decision::kDelete:
      return "delete";
    case Decision::kReplace:
      return "replace";
  }
  return "no-op";
}

CommandCandidate ToCommandCandidate(const Candidate& c) {
  CommandCandidate out;
  out.provider_id = c.provider_id();
  out.node = c.state->node != nullptr ? c.state->node->metadata.name : "";
  out.nodeclaim = c.nodeclaim().metadata.name;
  out.nodepool = c.nodepool_name();
  out.price = c.price;
  out.reschedulable_pods = static_cast<int64_t>(c.reschedulable_pods.size());
  return out;
}

double Command::EstimatedSavings() const {
  double savings = 0;
  for (const CommandCandidate& c : candidates) savings += c.price;
  namespace kp = api::karpenter;
  for (const Replacement& r : replacements) {
    if (r.plan.instance_types.empty()) continue;
    const api::Requirement* zone = r.plan.requirements.Find(kp::kLabelTopologyZone);
    const api::Requirement* ct = r.plan.requirements.Find(kp::kCapacityTypeLabelKey);
    double cheapest = -1;
    for (const cloud::Offering& o : r.plan.instance_types.front()->offerings) {
      if (!o.available || (zone && !zone->Has(o.zone)) || (ct && !ct->Has(o.capacity_type))) {
        continue;
      }
      if (cheapest < 0 || o.price_per_hour < cheapest) cheapest = o.price_per_hour;
    }
    if (cheapest > 0) savings -= cheapest;
  }
  return savings;
}

std::string Command::String() const {
  std::string sources;
  for (const CommandCandidate& c : candidates) {
    sources += (sources.empty() ? "" : ", ") + (c.node.empty() ? c.nodeclaim : c.node);
  }
  std::string out = reason + ": " + std::string(DecisionName(decision())) + ": [" + sources + "]";
  if (!replacements.empty()) {
    out += " -> [" + std::to_string(replacements.size()) +
           (replacements.size() == 1 ? " replacement]" : " replacements]");
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), " (savings: $%.2f)", EstimatedSavings());
  return out + buf;
}

}  // namespace swell::provisioning::disruption
