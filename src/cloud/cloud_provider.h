// The CloudProvider seam, shaped like Karpenter's (core pkg/cloudprovider/types.go; karpenter.md
// §5): the only way the Karpenter half touches instances. Implementations: the simulated cloud
// (sim/sim_cloud.h), the recording fake for unit tests (cloud/fake_cloud_provider.h), AWS later.
//
// Errors are typed (util/status.h), as Karpenter's are:
//   kNotFound             NodeClaimNotFoundError: the instance is gone (Delete/Get)
//   kInsufficientCapacity InsufficientCapacityError: no offering could be launched (Create)
//   kNotReady             NodeClassNotReadyError: the NodeClaim's node class is not ready
// Any other error is retried by the caller.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/karpenter/types.h"
#include "cloud/instance_types.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::cloud {

// The instance types a NodePool may launch, with offerings whose `available` flags and prices
// are current as of the call. Shared and immutable: a caller may keep it across calls; the
// provider builds a new list when availability or prices change.
using InstanceTypes = std::shared_ptr<const std::vector<InstanceType>>;

class CloudProvider {
 public:
  virtual ~CloudProvider() = default;

  // Launches one instance for `claim` (karpenter.md §2.7): picks among the instance types and
  // offerings compatible with claim.spec.requirements that fit claim.spec.resources.requests.
  // Returns the claim as Karpenter's cloudprovider.Create does: status.providerID,
  // status.capacity, status.allocatable, status.imageID set, and metadata.labels holding the
  // launched type's labels plus node.kubernetes.io/instance-type, topology.kubernetes.io/zone,
  // topology.kubernetes.io/region and karpenter.sh/capacity-type. The instance exists from
  // this call on (it is billed and returned by List) even though it has not booted.
  // Errors: kInsufficientCapacity (every compatible offering is unavailable; the provider
  // remembers the ones that failed), kNotReady (the node class is not ready), kInvalidArgument.
  virtual StatusOr<api::NodeClaim> Create(const api::NodeClaim& claim) = 0;

  // Terminates the instance behind claim.status.providerID. kNotFound once it is gone (callers
  // treat that as success and stop retrying, as Karpenter's termination controller does).
  virtual Status Delete(const api::NodeClaim& claim) = 0;

  // The instance with `provider_id`, as a NodeClaim (labels, providerID, capacity, creation
  // time). kNotFound if it does not exist or has terminated.
  virtual StatusOr<api::NodeClaim> Get(std::string_view provider_id) = 0;

  // Every instance the provider launched that is not terminated, in providerID order (the
  // garbage-collection controller compares this with the NodeClaims).
  virtual StatusOr<std::vector<api::NodeClaim>> List() = 0;

  // The instance types `nodepool` may use: the catalog shaped by its node class (kubelet
  // settings change allocatable), offerings current. kNotReady if the node class is missing or
  // not ready.
  virtual StatusOr<InstanceTypes> GetInstanceTypes(const api::NodePool& nodepool) = 0;

  // "" if the instance still matches its node class, else the drift reason (e.g. "AMIDrift",
  // "SubnetDrift", "SecurityGroupDrift", "NodeClassDrift"); karpenter.md §3.3. NodePool
  // template drift (the hash) is Karpenter core's, not the provider's.
  virtual StatusOr<std::string> IsDrifted(const api::NodeClaim& claim) = 0;

  // The provider's name ("aws", "kwok", "fake"): the providerID scheme.
  virtual std::string_view Name() const = 0;
};

// An interruption notice (the AWS provider's SQS interruption queue, karpenter.md §3.7).
struct InterruptionMessage {
  enum class Kind {
    kSpotInterruption,  // the two-minute warning; the instance terminates after it
    kScheduledChange,   // an AWS Health scheduled-maintenance event
    kRebalanceRecommendation,
    kStateChange,  // the instance is stopping, stopped, shutting-down or terminated
  };
  Kind kind = Kind::kSpotInterruption;
  std::string provider_id;
  TimePoint time{};   // when the cloud sent it
  std::string state;  // kStateChange: stopping | stopped | shutting-down | terminated
};

// Where the interruption controller reads those notices. Receive() returns the messages that
// arrived since the previous call, in arrival order, and removes them.
class InterruptionQueue {
 public:
  virtual ~InterruptionQueue() = default;
  virtual std::vector<InterruptionMessage> Receive() = 0;
};

}  // namespace swell::cloud
