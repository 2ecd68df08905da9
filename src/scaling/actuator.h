// The write side of the world as the KEDA half sees it. The simulator applies these to its
// ClusterState (after a latency it models); the real runtime turns them into API calls.
// Controllers never mutate ClusterState themselves.
#pragma once

#include <string>

#include "api/object.h"
#include "state/event.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::scaling {

// What a ScaledObject scales: the object behind its /scale subresource.
struct ScaleTargetRef {
  std::string api_version = "apps/v1";
  std::string kind = "Deployment";
  std::string ns;
  std::string name;
};

// Kubernetes Events (keda.md §7.1 for KEDA's reasons).
using Event = state::Event;

class Actuator {
 public:
  virtual ~Actuator() = default;
  // Sets spec.replicas through the target's /scale subresource. NotFound if the target is gone.
  virtual Status Scale(const ScaleTargetRef& target, int32_t replicas) = 0;
  // Creates a Job (metadata.generateName honoured). Returns the created name.
  virtual StatusOr<std::string> CreateJob(api::Job job) = 0;
  // Deletes a Job and its pods (background propagation).
  virtual Status DeleteJob(const std::string& ns, const std::string& name) = 0;
  // Writes the status subresource.
  virtual Status UpdateStatus(const api::ScaledObject& so) = 0;
  virtual Status UpdateStatus(const api::ScaledJob& sj) = 0;
  virtual void RecordEvent(Event e) = 0;
};

}  // namespace swell::scaling
