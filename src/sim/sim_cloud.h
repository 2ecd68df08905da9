// The simulated cloud: a CloudProvider and InterruptionQueue on the simulator's EventLoop that
// behaves, as far as Karpenter can observe, like the AWS provider over EC2 (or like Karpenter's
// kwok provider with `catalog: kwok`). Options: sim/sim_cloud_options.h.
//
// Instance types (karpenter.md §2.4, §5): the EC2 catalog (or the kwok catalog) shaped per node
// class. An EC2NodeClass's spec.kubelet (maxPods, podsPerCore, kubeReserved, systemReserved,
// evictionHard), its root block device's volumeSize and its AMI family change capacity and
// allocatable. One catalog is built per distinct shaping and reused while the node class keeps
// it. Offerings are `available` unless in the ICE cache.
//
// Launch (karpenter.md §2.7, §5): Create runs provisioning::ChooseLaunch (the AWS provider's
// filters and capacity-type choice) over the catalog, skipping offerings in the ICE cache. The
// fleet then tries the chosen capacity type's offerings cheapest first: one with injected
// insufficient capacity (options.insufficientCapacity) goes into the ICE cache for
// unavailableOfferingsTTL (3 min, AWS UnavailableOfferingsTTL) and the next is tried. As AWS's
// CreateFleet request carries only offerings of one capacity type, a Create never falls back
// from spot to on-demand: when every offering of that type fails it returns
// kInsufficientCapacity, and the next Create (after Karpenter re-plans) sees them cached and
// picks on-demand. providerIDs: "aws:///<zone>/i-<17 hex digits>" (kwok: "kwok://<claim>").
//
// Lifecycle, on the loop: a Node registers launchLatency + bootTime after Create
// (on_instance_registered); Delete moves the instance to shutting-down (billing stops, as EC2
// stops charging at shutting-down) and it terminates terminationTime later (Get/List/Delete
// then answer kNotFound; on_instance_terminated fires; a kStateChange "terminated" message is
// queued, as EventBridge would send one for every instance).
//
// Spot interruptions (karpenter.md §3.8): each spot instance draws its warning time from a
// Poisson process (spotInterruptions.ratePerInstanceHour; its own seeded stream, so one
// instance's draw never depends on another's). At the warning a kSpotInterruption message is
// queued; exactly two minutes later the instance is reclaimed (billing stops, terminated at
// once, kStateChange "terminated"). Handing a spot interruption out through Receive() puts its
// offering in the ICE cache, as Karpenter's interruption controller does.
//
// Drift (karpenter.md §3.3; aws pkg/cloudprovider/drift.go): an EC2NodeClass hash is recorded
// at Create over the spec without its dynamic fields (subnet, security group, capacity
// reservation and AMI selector terms, amiFamily, ipPrefixCount; the AMI family itself counts),
// like the `karpenter.k8s.aws/ec2nodeclass-hash` annotation, which Create also sets. IsDrifted
// answers "NodeClassDrift" when that hash changed, else "AMIDrift" when the AMI the node class
// resolves to for the instance's architecture is not the one launched, else "". The simulated
// AMI: the first status.amis entry whose requirements match the type, else an `id` selector
// term, else "ami-<hash of the selector terms and arch>". Subnet and security-group drift are
// not modelled (no subnets exist). A KWOKNodeClass never drifts (as in kwok).
//
// Determinism: one Rng (seed, "sim-cloud") draws providerIDs and timings in call order; spot
// interruption times come from Rng(seed, "sim-cloud/spot/<providerID>").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cloud/cloud_provider.h"
#include "provisioning/scheduling/launch.h"
#include "sim/event_loop.h"
#include "sim/rng.h"
#include "sim/sim_cloud_billing.h"
#include "sim/sim_cloud_nodeclass.h"
#include "sim/sim_cloud_options.h"
#include "state/cluster_state.h"

namespace swell::sim {

// The two-minute spot interruption notice (EC2; karpenter.md §3.8).
inline constexpr Duration kSpotInterruptionNotice = Minutes(2);

class SimCloud final : public cloud::CloudProvider, public cloud::InterruptionQueue {
 public:
  // `loop` and `cluster` must outlive the cloud, and the loop must not run the cloud's events
  // after the cloud is destroyed. Node classes are read from `cluster` at each call. The
  // scenario start is loop.Now(). Invalid options (see ResolveCloudOptions) leave the cloud
  // unusable: status() holds the error and every call returns it.
  SimCloud(EventLoop& loop, const state::ClusterState& cluster, SimCloudOptions options,
           uint64_t seed);
  ~SimCloud() override;

  // OK, or why the options were rejected (InvalidArgument naming the spec.cloud field).
  const Status& status() const { return status_; }

  // ---- CloudProvider (cloud/cloud_provider.h) -------------------------------------------------
  StatusOr<api::NodeClaim> Create(const api::NodeClaim& claim) override;
  Status Delete(const api::NodeClaim& claim) override;
  StatusOr<api::NodeClaim> Get(std::string_view provider_id) override;
  StatusOr<std::vector<api::NodeClaim>> List() override;
  StatusOr<cloud::InstanceTypes> GetInstanceTypes(const api::NodePool& nodepool) override;
  StatusOr<std::string> IsDrifted(const api::NodeClaim& claim) override;
  std::string_view Name() const override { return kwok_ ? "kwok" : "aws"; }

  // ---- InterruptionQueue ----------------------------------------------------------------------
  // The messages sent since the last call, in time order.
  std::vector<cloud::InterruptionMessage> Receive() override;

  // ---- the world's hooks ----------------------------------------------------------------------
  // Called when an instance's kubelet registers (the world creates the Node). `instance` is the
  // claim as Create returned it. Not called for an instance terminated before registering.
  void set_on_instance_registered(std::function<void(const api::NodeClaim& instance)> fn) {
    on_registered_ = std::move(fn);
  }
  // Called when an instance stops existing (after Delete's terminationTime, or a spot reclaim).
  void set_on_instance_terminated(std::function<void(const std::string& provider_id)> fn) {
    on_terminated_ = std::move(fn);
  }

  // ---- test and scenario hooks ----------------------------------------------------------------
  // Sends the spot interruption warning for `provider_id` at `warning_at` (Now() if earlier);
  // the instance is reclaimed kSpotInterruptionNotice later. An instance gets at most one
  // warning: a later one is ignored. NotFound if no such instance; InvalidArgument if it is
  // not spot.
  Status InterruptSpot(std::string_view provider_id, TimePoint warning_at);
  // True while (type, zone, capacity type) is in the ICE cache.
  bool InIceCache(std::string_view instance_type, std::string_view zone,
                  std::string_view capacity_type) const;

  // ---- accounting -----------------------------------------------------------------------------
  const CostLedger& billing() const { return billing_; }

 private:
  enum class State { kPending, kRegistered, kShuttingDown };
  struct Instance {
    api::NodeClaim claim;    // as Create returned it
    std::string kind;        // of its node class: EC2NodeClass | KWOKNodeClass
    std::string node_class;  // its name
    std::string spec_hash;   // the EC2NodeClass StaticHash at launch ("" for kwok)
    State state = State::kPending;
    bool warned = false;  // a spot interruption warning was sent
  };
  struct CatalogEntry;
  struct NodeClassView;

  StatusOr<CatalogEntry*> CatalogFor(const NodeClassShape& shape);
  Status CheckIceWindows();
  StatusOr<NodeClassView*> ResolveNodeClass(const api::NodeClassReference& ref);
  StatusOr<cloud::InstanceTypes> TypesFor(NodeClassView& view);
  StatusOr<provisioning::LaunchChoice> Launch(const api::Requirements& reqs,
                                              const api::NodeClaim& claim,
                                              const std::vector<const cloud::InstanceType*>& types);
  api::NodeClaim Describe(const api::NodeClaim& claim, const NodeClassView& view,
                          const cloud::InstanceType& type, const cloud::Offering& offering);
  std::string NewProviderId(const api::NodeClaim& claim, std::string_view zone);
  void ScheduleLifecycle(const std::string& id, const NodeClassView& view, bool spot);
  void Register(const std::string& id);
  void Warn(const std::string& id);
  void Reclaim(const std::string& id);
  void Terminate(const std::string& id);
  void MarkUnavailable(std::string_view type, std::string_view zone, std::string_view ct);
  void ExpireIceCache();
  bool InjectedIce(std::string_view type, std::string_view zone, std::string_view ct) const;
  provisioning::UnavailableOfferings IceSnapshot() const;

  EventLoop& loop_;
  const state::ClusterState& cluster_;
  uint64_t seed_;
  Rng rng_;
  TimePoint start_;
  Status status_;
  ResolvedCloudOptions options_;
  bool kwok_ = false;

  std::map<std::string, std::unique_ptr<CatalogEntry>, std::less<>> catalogs_;  // by shaping
  std::map<std::string, std::unique_ptr<NodeClassView>, std::less<>> node_classes_;
  // The ICE cache: (type, zone, capacity type) -> expiry; `ice_version_` changes with its set.
  std::map<std::tuple<std::string, std::string, std::string>, TimePoint, std::less<>> ice_;
  uint64_t ice_version_ = 0;

  std::map<std::string, Instance, std::less<>> instances_;  // by providerID, until terminated
  std::vector<cloud::InterruptionMessage> inbox_;
  CostLedger billing_;
  std::function<void(const api::NodeClaim&)> on_registered_;
  std::function<void(const std::string&)> on_terminated_;
};

}  // namespace swell::sim
