// The disruption methods, tried in Karpenter's order (core pkg/controllers/disruption
// controller.go NewMethods, since v1.5.0; karpenter.md §3.1, §3.4): Emptiness, Drift,
// multi-node consolidation, single-node consolidation. One file each. (StaticDrift, for static
// NodePools, is not implemented: swell's provisioner does not run static pools.)
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "provisioning/disruption/budgets.h"
#include "provisioning/disruption/consolidation.h"

namespace swell::provisioning::disruption {

class Method {
 public:
  virtual ~Method() = default;
  virtual std::string_view Name() const = 0;    // kMethod*
  virtual std::string_view Reason() const = 0;  // Empty | Drifted | Underutilized
  virtual DisruptionClass Class() const = 0;
  // Whether a command waits options.validation_delay and is re-validated before it starts
  // (the consolidation methods); Drift starts at once.
  virtual bool NeedsValidation() const = 0;
  // The method's candidate filter (Method.ShouldDisrupt).
  virtual bool ShouldDisrupt(const Context& ctx, const Candidate& c) = 0;
  // The commands to start, given `candidates` (filtered by ShouldDisrupt) and `budgets` for
  // Reason() (decremented for every candidate taken). Empty: nothing to do.
  virtual StatusOr<std::vector<Command>> ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                         std::vector<Candidate>& candidates) = 0;
};

// Emptiness (emptiness.go): every empty, Consolidatable candidate the Empty budgets admit, in
// one delete command. Runs for every consolidation policy; consolidateAfter "Never" disables
// it.
class Emptiness : public Method {
 public:
  std::string_view Name() const override { return kMethodEmptiness; }
  std::string_view Reason() const override { return api::kReasonEmpty; }
  DisruptionClass Class() const override { return DisruptionClass::kGraceful; }
  bool NeedsValidation() const override { return true; }
  bool ShouldDisrupt(const Context& ctx, const Candidate& c) override;
  StatusOr<std::vector<Command>> ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                 std::vector<Candidate>& candidates) override;

 private:
  ConsolidationMemo memo_;
};

// Drift (drift.go): the Drifted candidates, oldest drift first and empty nodes before the
// others; the first whose pool's Drifted budget is open and whose pods all fit elsewhere (with
// any number of replacements) becomes a one-node command. Eventual class: pods blocked by PDBs
// or do-not-disrupt do not stop a NodeClaim that has a terminationGracePeriod.
class Drift : public Method {
 public:
  std::string_view Name() const override { return kMethodDrift; }
  std::string_view Reason() const override { return api::kReasonDrifted; }
  DisruptionClass Class() const override { return DisruptionClass::kEventual; }
  bool NeedsValidation() const override { return false; }
  bool ShouldDisrupt(const Context& ctx, const Candidate& c) override;
  StatusOr<std::vector<Command>> ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                 std::vector<Candidate>& candidates) override;
};

// Multi-node consolidation (multinodeconsolidation.go): candidates by ascending disruption
// cost, those over budget dropped, at most multi_node_max_candidates; binary search for the
// longest prefix (>= 2 nodes) that can be deleted or replaced by one cheaper node, a replacement
// also having to be cheaper than every candidate of the same instance type
// (filterOutSameInstanceType). Stops at multi_node_timeout with the best found.
class MultiNodeConsolidation : public Method {
 public:
  std::string_view Name() const override { return kMethodMultiNode; }
  std::string_view Reason() const override { return api::kReasonUnderutilized; }
  DisruptionClass Class() const override { return DisruptionClass::kGraceful; }
  bool NeedsValidation() const override { return true; }
  bool ShouldDisrupt(const Context& ctx, const Candidate& c) override;
  StatusOr<std::vector<Command>> ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                 std::vector<Candidate>& candidates) override;
  int64_t timeouts() const { return timeouts_; }

 private:
  StatusOr<Command> FirstN(const Context& ctx, const std::vector<const Candidate*>& candidates,
                           size_t max);
  ConsolidationMemo memo_;
  int64_t timeouts_ = 0;
};

// Single-node consolidation (singlenodeconsolidation.go): candidates by ascending disruption
// cost, interleaved round-robin across NodePools (pools a timeout kept from being seen go
// first); the first that can be deleted or replaced by a cheaper node. Stops at
// single_node_timeout.
class SingleNodeConsolidation : public Method {
 public:
  std::string_view Name() const override { return kMethodSingleNode; }
  std::string_view Reason() const override { return api::kReasonUnderutilized; }
  DisruptionClass Class() const override { return DisruptionClass::kGraceful; }
  bool NeedsValidation() const override { return true; }
  bool ShouldDisrupt(const Context& ctx, const Candidate& c) override;
  StatusOr<std::vector<Command>> ComputeCommands(const Context& ctx, BudgetMapping& budgets,
                                                 std::vector<Candidate>& candidates) override;
  int64_t timeouts() const { return timeouts_; }

  // Sorted by disruption cost, then one per NodePool in turn; `unseen` pools lead the turn.
  static std::vector<const Candidate*> Interleave(std::vector<Candidate>& candidates,
                                                  const std::set<std::string>& unseen);

 private:
  ConsolidationMemo memo_;
  std::set<std::string> previously_unseen_;
  int64_t timeouts_ = 0;
};

// The four methods in Karpenter's order.
std::vector<std::unique_ptr<Method>> DefaultMethods();

}  // namespace swell::provisioning::disruption
