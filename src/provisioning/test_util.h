// Helpers for the provisioning controllers' tests (header-only; included by *_test.cc only):
// object builders and a recording Actuator that also applies its writes to a ClusterState the
// way the API server would (generateName, deletionTimestamp, finalizers), so a test can run
// several reconciles in a row.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/karpenter/well_known.h"
#include "cloud/instance_types.h"
#include "provisioning/actuator.h"
#include "state/cluster_state.h"
#include "util/clock.h"

namespace swell::provisioning::testing {

namespace kp = api::karpenter;

// Dereferences a pointer a test knows is set (aborts otherwise; keeps -Wnull-dereference quiet).
template <class T>
T& Must(T* p) {
  if (p == nullptr) std::abort();
  return *p;
}

// A fixed start: 2026-11-27T02:00:00Z.
inline TimePoint T0() {
  return TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 27)) + Hours(2);
}

inline api::ResourceList Res(const std::string& cpu, const std::string& memory,
                             const std::string& pods = "") {
  api::ResourceList r{{"cpu", api::Quantity::MustParse(cpu)},
                      {"memory", api::Quantity::MustParse(memory)}};
  if (!pods.empty()) r["pods"] = api::Quantity::MustParse(pods);
  return r;
}

inline api::Pod MakePod(const std::string& name, const std::string& cpu = "1",
                        const std::string& memory = "1Gi", const std::string& ns = "default") {
  api::Pod p;
  p.metadata.name = name;
  p.metadata.namespace_ = ns;
  p.metadata.uid = ns + "/" + name;
  p.metadata.creation_timestamp = api::Time{T0()};
  api::Container c;
  c.name = "main";
  c.resources.requests["cpu"] = api::Quantity::MustParse(cpu);
  c.resources.requests["memory"] = api::Quantity::MustParse(memory);
  p.spec.containers.push_back(c);
  p.status.phase = "Pending";
  return p;
}

inline void Own(api::Pod& p, const std::string& kind, const std::string& name) {
  api::OwnerReference o;
  o.api_version = kind == "Node" ? "v1" : "apps/v1";
  o.kind = kind;
  o.name = name;
  o.uid = name;
  o.controller = true;
  p.metadata.owner_references.push_back(o);
}

inline void MarkUnschedulable(api::Pod& p) {
  api::Condition c;
  c.type = "PodScheduled";
  c.status = "False";
  c.reason = "Unschedulable";
  c.message = "0/0 nodes are available.";
  p.status.conditions.push_back(c);
}

inline void Bind(api::Pod& p, const std::string& node) {
  p.spec.node_name = node;
  p.status.phase = "Running";
}

inline api::NodePool MakeNodePool(const std::string& name) {
  api::NodePool np;
  np.api_version = "karpenter.sh/v1";
  np.kind = "NodePool";
  np.metadata.name = name;
  np.spec.template_.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
  np.spec.template_.spec.expire_after = api::NillableDuration::Of(Hours(720));
  return np;
}

// A launched NodeClaim of `pool` (providerID set, capacity = allocatable = `res`).
inline api::NodeClaim MakeNodeClaim(const std::string& name, const std::string& pool,
                                    const std::string& provider_id, const api::ResourceList& res) {
  api::NodeClaim nc;
  nc.api_version = "karpenter.sh/v1";
  nc.kind = "NodeClaim";
  nc.metadata.name = name;
  nc.metadata.creation_timestamp = api::Time{T0()};
  nc.metadata.labels[std::string(kp::kNodePoolLabelKey)] = pool;
  nc.metadata.finalizers.push_back(std::string(kp::kTerminationFinalizer));
  nc.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
  nc.status.provider_id = provider_id;
  nc.status.capacity = res;
  nc.status.allocatable = res;
  return nc;
}

// A Node; `pool` non-empty labels it as Karpenter's (registered + initialized).
inline api::Node MakeNode(const std::string& name, const std::string& provider_id,
                          const api::ResourceList& res, const std::string& pool = "") {
  api::Node n;
  n.api_version = "v1";
  n.kind = "Node";
  n.metadata.name = name;
  n.metadata.creation_timestamp = api::Time{T0()};
  n.metadata.labels[std::string(kp::kLabelHostname)] = name;
  if (!pool.empty()) {
    n.metadata.labels[std::string(kp::kNodePoolLabelKey)] = pool;
    n.metadata.labels[std::string(kp::kNodeRegisteredLabelKey)] = "true";
    n.metadata.labels[std::string(kp::kNodeInitializedLabelKey)] = "true";
  }
  n.spec.provider_id = provider_id;
  n.status.capacity = res;
  n.status.allocatable = res;
  api::Condition ready;
  ready.type = "Ready";
  ready.status = "True";
  n.status.conditions.push_back(ready);
  return n;
}

// Records every write and applies it to `cluster` (when not null) as the API server would.
class RecordingActuator final : public Actuator {
 public:
  RecordingActuator(state::ClusterState* cluster, const Clock& clock)
      : cluster_(cluster), clock_(clock) {}

  StatusOr<std::string> CreateNodeClaim(api::NodeClaim claim) override {
    if (claim.metadata.name.empty()) {
      claim.metadata.name = claim.metadata.generate_name + std::to_string(++created_);
    }
    claim.metadata.creation_timestamp = api::Time{clock_.Now()};
    if (cluster_ != nullptr) {
      if (cluster_->store<api::NodeClaim>().Get("", claim.metadata.name) != nullptr) {
        return Status(StatusCode::kAlreadyExists, claim.metadata.name);
      }
      cluster_->store<api::NodeClaim>().Put(claim);
    }
    created.push_back(claim);
    return claim.metadata.name;
  }
  Status UpdateNodeClaim(const api::NodeClaim& claim) override {
    claim_updates.push_back(claim);
    if (cluster_ == nullptr) return Status();
    auto& store = cluster_->store<api::NodeClaim>();
    api::NodeClaim* stored = store.GetMutable("", claim.metadata.name);
    if (stored == nullptr) return NotFound(claim.metadata.name);
    std::optional<api::Time> deleting = stored->metadata.deletion_timestamp;
    *stored = claim;
    stored->metadata.deletion_timestamp = deleting;
    if (deleting && stored->metadata.finalizers.empty()) store.Erase("", claim.metadata.name);
    return Status();
  }
  Status DeleteNodeClaim(std::string_view name) override {
    deleted_claims.emplace_back(name);
    if (cluster_ == nullptr) return Status();
    auto& store = cluster_->store<api::NodeClaim>();
    api::NodeClaim* stored = store.GetMutable("", name);
    if (stored == nullptr) return NotFound(std::string(name));
    if (!stored->metadata.deletion_timestamp) {
      stored->metadata.deletion_timestamp = api::Time{clock_.Now()};
    }
    if (stored->metadata.finalizers.empty()) store.Erase("", name);
    return Status();
  }
  Status UpdateNode(const api::Node& node) override {
    node_updates.push_back(node);
    if (cluster_ == nullptr) return Status();
    auto& store = cluster_->store<api::Node>();
    api::Node* stored = store.GetMutable("", node.metadata.name);
    if (stored == nullptr) return NotFound(node.metadata.name);
    std::optional<api::Time> deleting = stored->metadata.deletion_timestamp;
    stored->metadata.labels = node.metadata.labels;
    stored->metadata.annotations = node.metadata.annotations;
    stored->metadata.finalizers = node.metadata.finalizers;
    stored->spec.taints = node.spec.taints;
    stored->spec.unschedulable = node.spec.unschedulable;
    if (deleting && stored->metadata.finalizers.empty()) store.Erase("", node.metadata.name);
    return Status();
  }
  Status DeleteNode(std::string_view name) override {
    deleted_nodes.emplace_back(name);
    if (cluster_ == nullptr) return Status();
    auto& store = cluster_->store<api::Node>();
    api::Node* stored = store.GetMutable("", name);
    if (stored == nullptr) return NotFound(std::string(name));
    if (!stored->metadata.deletion_timestamp) {
      stored->metadata.deletion_timestamp = api::Time{clock_.Now()};
    }
    if (stored->metadata.finalizers.empty()) store.Erase("", name);
    return Status();
  }
  // Evictions fail with kUnavailable for the pods in `blocked` (a PDB at zero); others mark
  // the pod terminating.
  Status EvictPod(std::string_view ns, std::string_view name) override {
    std::string key = std::string(ns) + "/" + std::string(name);
    evictions.push_back(key);
    if (std::find(blocked.begin(), blocked.end(), key) != blocked.end()) {
      return Unavailable("Cannot evict pod as it would violate the pod's disruption budget.");
    }
    return Terminate(ns, name);
  }
  Status DeletePod(std::string_view ns, std::string_view name) override {
    deleted_pods.push_back(std::string(ns) + "/" + std::string(name));
    return Terminate(ns, name);
  }
  void RecordEvent(state::Event e) override { events.push_back(std::move(e)); }

  // Events with `reason`.
  int CountEvents(std::string_view reason) const {
    return static_cast<int>(std::count_if(
        events.begin(), events.end(), [&](const state::Event& e) { return e.reason == reason; }));
  }

  std::vector<api::NodeClaim> created, claim_updates;
  std::vector<std::string> deleted_claims, deleted_nodes, evictions, deleted_pods, blocked;
  std::vector<api::Node> node_updates;
  std::vector<state::Event> events;

 private:
  Status Terminate(std::string_view ns, std::string_view name) {
    if (cluster_ == nullptr) return Status();
    api::Pod* p = cluster_->pods().GetMutable(ns, name);
    if (p == nullptr) return NotFound(std::string(name));
    if (!p->metadata.deletion_timestamp) p->metadata.deletion_timestamp = api::Time{clock_.Now()};
    return Status();
  }

  state::ClusterState* cluster_;
  const Clock& clock_;
  int created_ = 0;
};

}  // namespace swell::provisioning::testing
