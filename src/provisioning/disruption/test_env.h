// Test helpers for the disruption controllers (header-only; included by *_test.cc only): a
// ClusterState, a recording Actuator that applies its writes to that state the way the API
// server would (generateName, deletionTimestamp, finalizers), and object builders. Time is
// passed explicitly; `now` is what the actuator stamps on its writes.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/karpenter/well_known.h"
#include "cloud/fake_cloud_provider.h"
#include "provisioning/actuator.h"
#include "provisioning/cluster_view.h"
#include "provisioning/conditions.h"
#include "provisioning/disruption/context.h"
#include "provisioning/disruption/controller.h"
#include "provisioning/nodepool_hash.h"
#include "provisioning/scheduling/test_world.h"
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

// The instance types every test uses (no overhead; offerings in zone-a/zone-b, on-demand and
// spot at 0.7x): small 2 CPU / 4 GiB $0.10, medium 4 / 8 $0.20, large 8 / 16 $0.40.
inline std::vector<cloud::InstanceType> DefaultTypes() {
  using provisioning::testing::MakeType;
  std::vector<std::string> zones = {"zone-a", "zone-b"};
  return {MakeType({"small", 2, 4, 0.10, "amd64", zones}),
          MakeType({"medium", 4, 8, 0.20, "amd64", zones}),
          MakeType({"large", 8, 16, 0.40, "amd64", zones})};
}

// A cluster with Karpenter-managed nodes, pods and NodePools, the fake cloud and a recording
// actuator; `now` moves only when a test moves it.
class Env {
 public:
  explicit Env(std::vector<cloud::InstanceType> types = DefaultTypes())
      : cloud(types), types_(std::move(types)) {}

  state::ClusterState cluster;
  cloud::FakeCloudProvider cloud;
  RecordingActuator act{cluster};
  ClusterMarks marks;
  TimePoint now = Start();

  void Advance(Duration d) {
    now += d;
    act.now = now;
  }

  // A NodePool with the CRD defaults (consolidateAfter 0s, WhenEmptyOrUnderutilized, budget
  // 10%) unless changed through the returned reference.
  api::NodePool& AddPool(const std::string& name) {
    api::NodePool np;
    np.api_version = "karpenter.sh/v1";
    np.kind = "NodePool";
    np.metadata.name = name;
    np.spec.template_.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
    api::ApplyDefaults(np);
    return cluster.store<api::NodePool>().Put(np);
  }
  api::NodePool& Pool(const std::string& name) {
    return Must(cluster.store<api::NodePool>().GetMutable("", name), name);
  }

  const cloud::InstanceType& Type(const std::string& name) const {
    for (const auto& t : types_) {
      if (t.name == name) return t;
    }
    return types_.front();
  }

  // A launched, registered and initialized node `name` (NodeClaim "<name>-claim", providerID
  // "fake:///<name>") of `type` in `pool`, created and initialized at `now`, stamped with the
  // pool's hash. Returns the NodeClaim name.
  std::string AddNode(const std::string& name, const std::string& pool, const std::string& type,
                      const std::string& capacity_type = "on-demand",
                      const std::string& zone = "zone-a") {
    const cloud::InstanceType& it = Type(type);
    api::NodeClaim nc = MakeClaim(name + "-claim", pool, "fake:///" + name, now);
    for (const auto& [k, v] : it.labels) nc.metadata.labels[k] = v;
    nc.metadata.labels[std::string(kp::kLabelTopologyZone)] = zone;
    nc.metadata.labels[std::string(kp::kCapacityTypeLabelKey)] = capacity_type;
    if (const api::NodePool* np = cluster.store<api::NodePool>().Get("", pool)) {
      StampNodePoolHash(*np, nc);
    }
    nc.status.node_name = name;
    nc.status.capacity = it.capacity;
    nc.status.allocatable = it.Allocatable();
    for (std::string_view c : {kConditionLaunched, kConditionRegistered, kConditionInitialized}) {
      SetCondition(nc.status.conditions, c, "True", std::string(c), "", now);
    }
    api::Node node = MakeNode(name, "fake:///" + name, pool);
    for (const auto& [k, v] : nc.metadata.labels) node.metadata.labels.emplace(k, v);
    node.status.capacity = it.capacity;
    node.status.allocatable = it.Allocatable();
    cluster.store<api::NodeClaim>().Put(nc);
    cluster.store<api::Node>().Put(node);
    cluster.Touch();
    return nc.metadata.name;
  }

  // A running pod bound to `node` (empty: pending and unschedulable), owned by a ReplicaSet.
  api::Pod& AddPod(const std::string& name, const std::string& node, const std::string& cpu = "1",
                   const std::string& memory = "1Gi") {
    api::Pod p;
    p.metadata.name = name;
    p.metadata.namespace_ = "default";
    p.metadata.uid = "uid-" + name;
    p.metadata.creation_timestamp = api::Time{now};
    p.metadata.labels["app"] = "web";
    api::OwnerReference o;
    o.api_version = "apps/v1";
    o.kind = "ReplicaSet";
    o.name = "web";
    o.uid = "web";
    o.controller = true;
    p.metadata.owner_references.push_back(o);
    api::Container c;
    c.name = "main";
    c.resources.requests["cpu"] = api::Quantity::MustParse(cpu);
    c.resources.requests["memory"] = api::Quantity::MustParse(memory);
    p.spec.containers.push_back(c);
    if (node.empty()) {
      p.status.phase = "Pending";
      api::Condition sc;
      sc.type = "PodScheduled";
      sc.status = "False";
      sc.reason = "Unschedulable";
      p.status.conditions.push_back(sc);
    } else {
      p.spec.node_name = node;
      p.status.phase = "Running";
      p.status.start_time = api::Time{now};
    }
    cluster.Touch();
    return cluster.pods().Put(p);
  }

  api::NodeClaim& Claim(const std::string& name) {
    return Must(cluster.store<api::NodeClaim>().GetMutable("", name), name);
  }
  api::Node& Node(const std::string& name) {
    return Must(cluster.store<api::Node>().GetMutable("", name), name);
  }

  // Sets a condition on a stored NodeClaim (as the nodeclaim controllers would).
  void SetClaimCondition(const std::string& claim, std::string_view type, std::string_view status,
                         std::string_view reason = "") {
    SetCondition(Claim(claim).status.conditions, type, status, reason.empty() ? type : reason, "",
                 now);
    cluster.Touch();
  }

  // Brings a NodeClaim created through the actuator up as `type` (launch, register, initialize):
  // providerID "fake:///<claim>", Node named after the claim.
  void Initialize(const std::string& claim_name, const std::string& type,
                  const std::string& capacity_type = "on-demand") {
    api::NodeClaim& nc = Claim(claim_name);
    const cloud::InstanceType& it = Type(type);
    for (const auto& [k, v] : it.labels) nc.metadata.labels[k] = v;
    nc.metadata.labels[std::string(kp::kLabelTopologyZone)] = "zone-a";
    nc.metadata.labels[std::string(kp::kCapacityTypeLabelKey)] = capacity_type;
    nc.status.provider_id = "fake:///" + claim_name;
    nc.status.node_name = claim_name;
    nc.status.capacity = it.capacity;
    nc.status.allocatable = it.Allocatable();
    for (std::string_view c : {kConditionLaunched, kConditionRegistered, kConditionInitialized}) {
      SetCondition(nc.status.conditions, c, "True", std::string(c), "", now);
    }
    api::Node node = MakeNode(claim_name, nc.status.provider_id,
                              nc.metadata.labels.at(std::string(kp::kNodePoolLabelKey)));
    for (const auto& [k, v] : nc.metadata.labels) node.metadata.labels.emplace(k, v);
    node.status.capacity = it.capacity;
    node.status.allocatable = it.Allocatable();
    cluster.store<api::Node>().Put(node);
    cluster.Touch();
  }

  // The pieces a method needs for one pass at `now`.
  struct Pass {
    ClusterView view;
    std::map<std::string, NodePoolEntry, std::less<>> nodepools;
    EventRecorder recorder;
  };
  std::unique_ptr<Pass> MakePass() {
    return std::unique_ptr<Pass>(new Pass{ClusterView::Build(cluster, marks, now),
                                          BuildNodePoolMap(cluster, cloud), EventRecorder(act)});
  }
  Context MakeContext(Pass& pass, const DisruptionOptions& options,
                      std::function<bool(std::string_view)> in_queue = {}) {
    if (!in_queue) in_queue = [](std::string_view) { return false; };
    return Context{cluster, pass.view, marks,          cloud,    pass.recorder,
                   options, now,       pass.nodepools, in_queue, cluster.version()};
  }

 private:
  template <class T>
  static T& Must(T* p, const std::string& name) {
    if (p == nullptr) {
      ADD_FAILURE() << name << " not found";
      std::abort();
    }
    return *p;
  }
  std::vector<cloud::InstanceType> types_;
};

// Runs `ctl` at the times it asks for until `until` (inclusive), moving env.now; at most
// `max_passes` passes at one instant (a guard against a controller that never settles).
inline void RunUntil(Env& env, DisruptionController& ctl, TimePoint until, int max_passes = 50) {
  TimePoint next = env.now;
  int same = 0;
  while (next <= until) {
    if (next > env.now) {
      env.Advance(next - env.now);
      same = 0;
    } else if (++same > max_passes) {
      ADD_FAILURE() << "controller does not settle at " << FormatRfc3339(env.now);
      return;
    }
    next = ctl.Reconcile(env.now);
  }
  env.Advance(until - env.now);
}

}  // namespace swell::provisioning::disruption::testing
