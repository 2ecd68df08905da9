#include "provisioning/disruption/simulate.h"

#include <algorithm>
#include <limits>
#include <set>

#include "provisioning/pods.h"

namespace swell::provisioning::disruption {
namespace {

// NodePools provisioning may use: not deleting, not static, not NotReady (as the provisioner).
bool Provisionable(const api::NodePool& np) {
  if (np.metadata.deletion_timestamp || np.spec.replicas) return false;
  const api::Condition* ready = api::FindCondition(np.status.conditions, "Ready");
  return ready == nullptr || ready->status != "False";
}

}  // namespace

bool Simulation::AllNonPendingPodsScheduled() const {
  for (const std::string& e : pod_errors) {
    if (!e.empty()) return false;
  }
  return true;
}

std::string Simulation::NonPendingPodSchedulingErrors() const {
  std::string msg;
  int named = 0, total = 0;
  for (size_t i = 0; i < pod_errors.size(); ++i) {
    if (pod_errors[i].empty()) continue;
    total++;
    if (named < 5) {
      msg += PodKey(*snapshot.pods[i]) + " => " + pod_errors[i] + " ";
      named++;
    }
  }
  if (total == 0) return "No Pod Scheduling Errors";
  if (total > named) msg += " and " + std::to_string(total - named) + " other(s)";
  return "not all pods would schedule, " + msg;
}

std::vector<std::string> Simulation::Destinations() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < results.existing_node_pods.size(); ++i) {
    if (!results.existing_node_pods[i].empty()) out.push_back(node_provider_ids[i]);
  }
  return out;
}

namespace {

// The lowest price among a type's offerings (any zone or capacity type): no launch of it costs
// less, so a type at or above a price can never pass filterByPrice.
double CheapestOffering(const cloud::InstanceType& t) {
  double best = std::numeric_limits<double>::infinity();
  for (const cloud::Offering& o : t.offerings) best = std::min(best, o.price_per_hour);
  return best;
}

}  // namespace

StatusOr<Simulation> SimulateScheduling(const Context& ctx,
                                        const std::vector<const Candidate*>& candidates,
                                        std::optional<double> cheaper_than) {
  std::set<std::string, std::less<>> names;
  for (const Candidate* c : candidates) {
    if (c->state->marked_for_deletion) {
      return FailedPrecondition("candidate " + c->name() + " is deleting");
    }
    names.insert(c->provider_id());
  }
  PdbLimits pdbs(ctx.cluster);
  Simulation sim;
  Snapshot& snap = sim.snapshot;
  std::set<const api::Pod*> from_deleting;
  // Pending pods (GetPendingPods): a pod nominated to a state node is counted there already.
  for (const auto& [key, pod] : ctx.cluster.pods()) {
    if (!IsProvisionable(pod) || IsTerminating(pod)) continue;
    std::optional<std::string> nominated = ctx.marks.NominatedNodeOf(key, ctx.now);
    if (nominated && ctx.view.FindByProviderID(*nominated) != nullptr) continue;
    snap.pods.push_back(&pod);
  }
  const bool only_candidates_move = snap.pods.empty();
  for (const Candidate* c : candidates) {
    for (const api::Pod* p : c->reschedulable_pods) {
      if (pdbs.IsCurrentlyReschedulable(*p, ctx.now)) snap.pods.push_back(p);
    }
  }
  for (const StateNode& n : ctx.view.nodes()) {
    if (!n.marked_for_deletion) continue;
    for (const api::Pod* p : n.pods) {
      if (!pdbs.IsCurrentlyReschedulable(*p, ctx.now)) continue;
      snap.pods.push_back(p);
      from_deleting.insert(p);
    }
  }
  for (const StateNode& n : ctx.view.nodes()) {
    if (n.marked_for_deletion || names.count(n.provider_id) > 0) continue;
    snap.nodes.push_back(ClusterView::ToExistingNode(n));
    sim.node_provider_ids.push_back(n.provider_id);
  }
  sim.prefiltered = cheaper_than.has_value() && only_candidates_move && from_deleting.empty();
  for (const auto& [name, entry] : ctx.nodepools) {
    if (!Provisionable(*entry.nodepool) || entry.types == nullptr || entry.types->empty()) {
      continue;
    }
    NodePoolInput in;
    in.nodepool = entry.nodepool;
    for (const cloud::InstanceType& t : *entry.types) {
      if (sim.prefiltered && !(CheapestOffering(t) < *cheaper_than)) continue;
      in.instance_types.push_back(&t);
    }
    in.usage = ctx.view.NodePoolUsage(name);
    sim.keep_alive.push_back(entry.types);
    snap.nodepools.push_back(std::move(in));
  }
  for (const auto& [key, ds] : ctx.cluster.store<api::DaemonSet>()) snap.daemonsets.push_back(&ds);
  SWELL_ASSIGN_OR_RETURN(sim.results, Solve(snap, ctx.options.scheduling));

  sim.pod_errors.assign(snap.pods.size(), "");
  for (size_t i = 0; i < snap.pods.size(); ++i) {
    const PodResult& r = sim.results.pods[i];
    if (IsProvisionable(*snap.pods[i])) continue;  // pending pods may stay pending
    if (r.where == PodResult::Where::kUnschedulable) {
      sim.pod_errors[i] = r.error.empty() ? "no placement" : r.error;
    } else if (r.where == PodResult::Where::kExistingNode && !snap.nodes[r.index].initialized &&
               from_deleting.count(snap.pods[i]) == 0) {
      sim.pod_errors[i] = "would schedule against uninitialized node/" + snap.nodes[r.index].name;
    }
  }
  return sim;
}

}  // namespace swell::provisioning::disruption
