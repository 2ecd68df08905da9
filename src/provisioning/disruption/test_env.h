// Test helpers for the disruption controllers (header-only; included by *_test.cc only): a
// ClusterState, a recording Actuator that applies its writes to that state the way the API
// server would (generateName, deletionTimestamp, finalizers), and object builders. Time is
// passed explicitly; `now` is what the actuator stamps on its writes.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "api/karpenter/well_known.h"
#include "provisioning/actuator.h"
#include "state/cluster_state.h"

namespace swell::provisioning::disruption::testing {

namespace kp = api::karpenter;

// A fixed start: 2026-11-27T02:00:00Z.
inline TimePoint Start() {
  return TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 27)) + Hours(2);
}

// A launched NodeClaim of `pool`, created at `created`, with the termination finalizer.
inline api::NodeClaim MakeClaim(const std::string& name, const std::string& pool,
                                const std::string& provider_id, TimePoint created = Start()) {
  api::NodeClaim nc;
  nc.api_version = "karpenter.sh/v1";
  nc.kind = "NodeClaim";
  nc.metadata.name = name;
  nc.metadata.creation_timestamp = api::Time{created};
  nc.metadata.labels[std::string(kp::kNodePoolLabelKey)] = pool;
  nc.metadata.finalizers.push_back(std::string(kp::kTerminationFinalizer));
  nc.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
  nc.spec.expire_after = api::NillableDuration::Of(Hours(720));
  nc.status.provider_id = provider_id;
  return nc;
}

// A registered, initialized, Ready Node of `pool`.
inline api::Node MakeNode(const std::string& name, const std::string& provider_id,
                          const std::string& pool) {
  api::Node n;
  n.api_version = "v1";
  n.kind = "Node";
  n.metadata.name = name;
  n.metadata.labels[std::string(kp::kLabelHostname)] = name;
  n.metadata.labels[std::string(kp::kNodePoolLabelKey)] = pool;
  n.metadata.labels[std::string(kp::kNodeRegisteredLabelKey)] = "true";
  n.metadata.labels[std::string(kp::kNodeInitializedLabelKey)] = "true";
  n.spec.provider_id = provider_id;
  api::Condition ready;
  ready.type = "Ready";
  ready.status = "True";
  n.status.conditions.push_back(ready);
  return n;
}

// Records every write and applies it to `cluster`.
class RecordingActuator final : public Actuator {
 public:
  explicit RecordingActuator(state::ClusterState& cluster) : cluster_(cluster) {}

  TimePoint now = Start();  // stamped on creations and deletions

  StatusOr<std::string> CreateNodeClaim(api::NodeClaim claim) override {
    if (claim.metadata.name.empty()) {
      claim.metadata.name = claim.metadata.generate_name + std::to_string(++created_count_);
    }
    if (cluster_.store<api::NodeClaim>().Get("", claim.metadata.name) != nullptr) {
      return Status(StatusCode::kAlreadyExists, claim.metadata.name);
    }
    claim.metadata.creation_timestamp = api::Time{now};
    created.push_back(claim);
    cluster_.store<api::NodeClaim>().Put(claim);
    cluster_.Touch();
    return claim.metadata.name;
  }
  Status UpdateNodeClaim(const api::NodeClaim& claim) override {
    claim_updates.push_back(claim);
    auto& store = cluster_.store<api::NodeClaim>();
    api::NodeClaim* stored = store.GetMutable("", claim.metadata.name);
    if (stored == nullptr) return NotFound(claim.metadata.name);
    std::optional<api::Time> deleting = stored->metadata.deletion_timestamp;
    *stored = claim;
    stored->metadata.deletion_timestamp = deleting;
    if (deleting && stored->metadata.finalizers.empty()) store.Erase("", claim.metadata.name);
    cluster_.Touch();
    return Status();
  }
  Status DeleteNodeClaim(std::string_view name) override {
    deleted_claims.emplace_back(name);
    auto& store = cluster_.store<api::NodeClaim>();
    api::NodeClaim* stored = store.GetMutable("", name);
    if (stored == nullptr) return NotFound(std::string(name));
    if (!stored->metadata.deletion_timestamp) stored->metadata.deletion_timestamp = api::Time{now};
    if (stored->metadata.finalizers.empty()) store.Erase("", name);
    cluster_.Touch();
    return Status();
  }
  Status UpdateNode(const api::Node& node) override {
    node_updates.push_back(node);
    api::Node* stored = cluster_.store<api::Node>().GetMutable("", node.metadata.name);
    if (stored == nullptr) return NotFound(node.metadata.name);
    stored->metadata.labels = node.metadata.labels;
    stored->metadata.annotations = node.metadata.annotations;
    stored->metadata.finalizers = node.metadata.finalizers;
    stored->spec.taints = node.spec.taints;
    stored->spec.unschedulable = node.spec.unschedulable;
    cluster_.Touch();
    return Status();
  }
  Status DeleteNode(std::string_view name) override {
    deleted_nodes.emplace_back(name);
    api::Node* stored = cluster_.store<api::Node>().GetMutable("", name);
    if (stored == nullptr) return NotFound(std::string(name));
    if (!stored->metadata.deletion_timestamp) stored->metadata.deletion_timestamp = api::Time{now};
    cluster_.Touch();
    return Status();
  }
  Status EvictPod(std::string_view ns, std::string_view name) override {
    evictions.push_back(std::string(ns) + "/" + std::string(name));
    return Status();
  }
  Status DeletePod(std::string_view ns, std::string_view name) override {
    deleted_pods.push_back(std::string(ns) + "/" + std::string(name));
    return Status();
  }
  void RecordEvent(state::Event e) override { events.push_back(std::move(e)); }

  // Events with `reason` (about `name`, when given).
  int CountEvents(std::string_view reason, std::string_view name = "") const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
      return e.reason == reason && (name.empty() || e.name == name);
    }));
  }

  std::vector<api::NodeClaim> created, claim_updates;
  std::vector<api::Node> node_updates;
  std::vector<std::string> deleted_claims, deleted_nodes, evictions, deleted_pods;
  std::vector<state::Event> events;

 private:
  state::ClusterState& cluster_;
  int created_count_ = 0;
};

}  // namespace swell::provisioning::disruption::testing
