#include "provisioning/disruption/validation.h"

#include <set>

namespace swell::provisioning::disruption {
namespace {

// mapCandidates: the current candidates among the command's, in the command's order.
std::vector<const Candidate*> Current(const std::vector<Candidate>& now, const Command& cmd) {
  std::vector<const Candidate*> out;
  for (const CommandCandidate& want : cmd.candidates) {
    for (const Candidate& c : now) {
      if (c.provider_id() == want.provider_id) out.push_back(&c);
    }
  }
  return out;
}

Validation Fail(std::string failure, std::string message) {
  return Validation{std::nullopt, std::move(failure), std::move(message)};
}

bool IsSubset(const std::vector<const cloud::InstanceType*>& lhs,
              const std::vector<const cloud::InstanceType*>& rhs) {
  std::set<std::string> names;
  for (const cloud::InstanceType* t : rhs) names.insert(t->name);
  for (const cloud::InstanceType* t : lhs) {
    if (names.count(t->name) == 0) return false;
  }
  return true;
}

}  // namespace

Validation ValidateEmptiness(const Context& ctx, Method& method, const Command& cmd) {
  std::vector<Candidate> now =
      GetCandidates(ctx, DisruptionClass::kGraceful,
                    [&](const Candidate& c) { return method.ShouldDisrupt(ctx, c); });
  std::vector<const Candidate*> current = Current(now, cmd);
  if (current.empty()) {
    return Fail("churn", std::to_string(cmd.candidates.size()) + " candidates are no longer valid");
  }
  BudgetMapping budgets = BuildBudgetMapping(ctx.cluster, ctx.view, method.Reason(), ctx.now);
  Command out = cmd;
  out.candidates.clear();
  for (const Candidate* c : current) {
    int64_t& budget = budgets[c->nodepool_name()];
    if (c->state->nominated || budget <= 0) continue;
    budget--;
    out.candidates.push_back(ToCommandCandidate(*c));
  }
  if (out.candidates.empty()) {
    return Fail("budget", std::to_string(cmd.candidates.size()) +
                              " candidates failed validation because they were nominated for a "
                              "pod or would violate disruption budgets");
  }
  return Validation{std::move(out), "", ""};
}

Validation ValidateConsolidation(const Context& ctx, Method& method, const Command& cmd) {
  std::vector<Candidate> now =
      GetCandidates(ctx, DisruptionClass::kGraceful,
                    [&](const Candidate& c) { return method.ShouldDisrupt(ctx, c); });
  std::vector<const Candidate*> current = Current(now, cmd);
  if (current.size() != cmd.candidates.size()) {
    return Fail("churn", std::to_string(cmd.candidates.size() - current.size()) +
                             " candidates are no longer valid");
  }
  BudgetMapping budgets = BuildBudgetMapping(ctx.cluster, ctx.view, method.Reason(), ctx.now);
  for (const Candidate* c : current) {
    if (c->state->nominated) return Fail("budget", "a candidate was nominated during validation");
    int64_t& budget = budgets[c->nodepool_name()];
    if (budget <= 0) {
      return Fail("budget", "a candidate can no longer be disrupted without violating budgets");
    }
    budget--;
  }
  StatusOr<Simulation> sim = SimulateScheduling(ctx, current);
  if (!sim.ok()) return Fail("scheduling", sim.status().message());
  if (!sim->AllNonPendingPodsScheduled()) {
    return Fail("scheduling", sim->NonPendingPodSchedulingErrors());
  }
  const auto& claims = sim->results.new_node_claims;
  const bool same = claims.empty() ? cmd.replacements.empty()
                                   : claims.size() == 1 && cmd.replacements.size() == 1 &&
                                         IsSubset(cmd.replacements[0].plan.instance_types,
                                                  claims[0].instance_types);
  if (!same) return Fail("scheduling", "scheduling simulation produced new results");
  return Validation{cmd, "", ""};
}

}  // namespace swell::provisioning::disruption
