// The Karpenter half's Actuator in the simulated world: writes go into the ClusterState with
// the API server's rules (generateName, creationTimestamp, deletionTimestamp, finalizers: a
// deleting object goes once its finalizers are empty), pod writes go through KubeSim (the
// Eviction API and its PodDisruptionBudgets), events join the KEDA half's log. An object leaves
// the store on the next event rather than inside the write, so a controller's pointers stay
// valid for the rest of its reconcile. Every write calls the world's change hook, which wakes the
// controllers that watch NodeClaims and Nodes.
#pragma once

#include <functional>
#include <string>

#include "provisioning/actuator.h"
#include "sim/event_loop.h"
#include "sim/kube.h"
#include "sim/sim_actuator.h"

namespace swell::sim {

class SimNodeActuator final : public provisioning::Actuator {
 public:
  // Events are appended to `events`' log (the world's single event log).
  SimNodeActuator(EventLoop& loop, state::ClusterState& cluster, KubeSim& kube, SimActuator& events)
      : loop_(loop), cluster_(cluster), kube_(kube), events_(events) {}

  StatusOr<std::string> CreateNodeClaim(api::NodeClaim claim) override;
  Status UpdateNodeClaim(const api::NodeClaim& claim) override;
  Status DeleteNodeClaim(std::string_view name) override;
  Status UpdateNode(const api::Node& node) override;
  Status DeleteNode(std::string_view name) override;
  Status EvictPod(std::string_view ns, std::string_view name) override;
  Status DeletePod(std::string_view ns, std::string_view name) override;
  void RecordEvent(state::Event e) override { events_.RecordEvent(std::move(e)); }

  // Called after every NodeClaim or Node write (the controllers' watch).
  void set_on_change(std::function<void()> fn) { on_change_ = std::move(fn); }
  // Called with each NodeClaim created (for the run's counters).
  void set_on_created(std::function<void(const api::NodeClaim&)> fn) {
    on_created_ = std::move(fn);
  }

 private:
  void Changed();
  void EraseClaimLater(const std::string& name);
  void RemoveNodeLater(const std::string& name);

  EventLoop& loop_;
  state::ClusterState& cluster_;
  KubeSim& kube_;
  SimActuator& events_;
  std::function<void()> on_change_;
  std::function<void(const api::NodeClaim&)> on_created_;
  int64_t created_ = 0;
};

}  // namespace swell::sim
