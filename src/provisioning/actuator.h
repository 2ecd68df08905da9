// The write side of the world as the Karpenter half sees it: the API writes Karpenter's
// controllers make. The simulator applies them to its ClusterState; the real runtime turns
// them into API calls. Controllers never mutate ClusterState themselves; they see the effect of
// a write on a later reconcile (as with an informer cache).
//
// Deletion follows Kubernetes' finalizer rules: Delete* sets metadata.deletionTimestamp; the
// object is removed from the store once its finalizers are empty (Update* that removes the
// last finalizer of a deleting object removes it).
#pragma once

#include <string>
#include <string_view>

#include "api/object.h"
#include "state/event.h"
#include "util/status.h"

namespace swell::provisioning {

class Actuator {
 public:
  virtual ~Actuator() = default;

  // Creates a NodeClaim; metadata.generateName is honoured (a suffix is appended) when
  // metadata.name is empty. Returns the name. kAlreadyExists for a taken name.
  virtual StatusOr<std::string> CreateNodeClaim(api::NodeClaim claim) = 0;
  // Replaces the stored NodeClaim (metadata labels/annotations/finalizers, spec, status) with
  // `claim`, matched by metadata.name. kNotFound if it is gone.
  virtual Status UpdateNodeClaim(const api::NodeClaim& claim) = 0;
  // Marks the NodeClaim deleted (deletionTimestamp = now). kNotFound if it is gone.
  virtual Status DeleteNodeClaim(std::string_view name) = 0;

  // Replaces the stored Node's metadata (labels, annotations, finalizers) and spec (taints,
  // unschedulable), matched by metadata.name. kNotFound if it is gone.
  virtual Status UpdateNode(const api::Node& node) = 0;
  // Marks the Node deleted. kNotFound if it is gone.
  virtual Status DeleteNode(std::string_view name) = 0;

  // The Eviction API (policy/v1): the pod is deleted gracefully unless a PodDisruptionBudget
  // selecting it has no disruptions left, which is kUnavailable ("429 Too Many Requests").
  // kNotFound if the pod is gone.
  virtual Status EvictPod(std::string_view ns, std::string_view name) = 0;
  // Deletes a pod gracefully, bypassing PodDisruptionBudgets (Karpenter does this once a
  // NodeClaim's terminationGracePeriod has run out). kNotFound if the pod is gone.
  virtual Status DeletePod(std::string_view ns, std::string_view name) = 0;

  // Karpenter's Events (karpenter.md §7), kept on the object they are about.
  virtual void RecordEvent(state::Event e) = 0;
};

}  // namespace swell::provisioning
