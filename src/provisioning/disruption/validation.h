// Command validation (core pkg/controllers/disruption/validation.go; karpenter.md §3.4): a
// consolidation command is computed, then re-checked validation_delay (15 s) later against the
// cluster as it is then, and dropped if it no longer holds: pods arrived (the node is no longer
// empty or no longer Consolidatable), a candidate was nominated, deleted or blocked, the
// budgets closed, or the simulation now asks for something else.
#pragma once

#include <optional>
#include <string>

#include "provisioning/disruption/methods.h"

namespace swell::provisioning::disruption {

struct Validation {
  std::optional<Command> command;  // what to execute; nullopt: abandon
  std::string failure;             // churn | budget | scheduling when abandoned
  std::string message;
};

// EmptinessValidator: keeps the command's candidates that are still candidates for `method`
// (graceful class) and that the Empty budgets still admit, in order; abandons the command
// when none is left.
Validation ValidateEmptiness(const Context& ctx, Method& method, const Command& cmd);

// ConsolidationValidator (multi- and single-node): every candidate must still be one and the
// Underutilized budgets must admit all of them; a fresh simulation must again need no new
// NodeClaim for a delete, or exactly one whose instance types include all of the command's for
// a replace.
Validation ValidateConsolidation(const Context& ctx, Method& method, const Command& cmd);

}  // namespace swell::provisioning::disruption
