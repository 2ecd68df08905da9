// A disruption decision (core pkg/controllers/disruption/types.go Command; karpenter.md §3.4,
// §3.6): the candidates to take and the NodeClaims to launch first. A command outlives the
// reconcile that computed it (it waits out validation and replacement initialization), so it
// keeps names, not pointers into the cluster view; the replacements' instance types stay valid
// through the instance-type lists it keeps alive.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "provisioning/disruption/candidate.h"

namespace swell::provisioning::disruption {

enum class Decision { kNoOp, kDelete, kReplace };
std::string_view DecisionName(Decision d);  // "no-op" | "delete" | "replace"

// What a command remembers of one candidate.
struct CommandCandidate {
  std::string provider_id;
  std::string node;       // Node name
  std::string nodeclaim;  // NodeClaim name
  std::string nodepool;
  double price = 0;
  int64_t reschedulable_pods = 0;
};

struct Replacement {
  NewNodeClaim plan;  // from the scheduling simulation (pods indices are stale)
  std::string name;   // the created NodeClaim's name, once created
  bool initialized = false;
};

struct Command {
  std::string reason;  // Empty | Drifted | Underutilized
  std::string method;  // emptiness | drift | multi-node | single-node
  std::vector<CommandCandidate> candidates;
  std::vector<Replacement> replacements;
  // ProviderIDs of existing nodes the simulation placed pods on (nominated on start).
  std::vector<std::string> destinations;
  std::vector<cloud::InstanceTypes> keep_alive;  // what replacements' pointers point into
  TimePoint created{};

  Decision decision() const {
    if (candidates.empty()) return Decision::kNoOp;
    return replacements.empty() ? Decision::kDelete : Decision::kReplace;
  }
  // Σ candidate prices minus the replacements' cheapest available compatible offerings.
  double EstimatedSavings() const;
  // "delete: [a, b]" / "replace: [a] -> [1 replacement]" with the reason, as Karpenter logs.
  std::string String() const;
};

// The value copy of a candidate.
CommandCandidate ToCommandCandidate(const Candidate& c);

}  // namespace swell::provisioning::disruption
