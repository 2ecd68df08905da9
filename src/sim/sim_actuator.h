// The Actuator of the simulated world: writes go straight into the ClusterState and wake the
// emulated Kubernetes controllers; events are kept for the event log.
#pragma once

#include <vector>

#include "scaling/actuator.h"
#include "sim/event_loop.h"
#include "sim/kube.h"

namespace swell::sim {

class SimActuator final : public scaling::Actuator {
 public:
  SimActuator(EventLoop& loop, state::ClusterState& cluster, KubeSim& kube)
      : loop_(loop), cluster_(cluster), kube_(kube) {}

  Status Scale(const scaling::ScaleTargetRef& target, int32_t replicas) override;
  StatusOr<std::string> CreateJob(api::Job job) override;
  Status DeleteJob(const std::string& ns, const std::string& name) override;
  Status UpdateStatus(const api::ScaledObject& so) override;
  Status UpdateStatus(const api::ScaledJob& sj) override;
  void RecordEvent(scaling::Event e) override;

  const std::vector<scaling::Event>& events() const { return events_; }
  // Every successful Scale call: (time, target "Kind ns/name", replicas).
  struct ScaleCall {
    TimePoint time;
    std::string target;
    int32_t replicas;
  };
  const std::vector<ScaleCall>& scale_calls() const { return scale_calls_; }

 private:
  EventLoop& loop_;
  state::ClusterState& cluster_;
  KubeSim& kube_;
  std::vector<scaling::Event> events_;
  std::vector<ScaleCall> scale_calls_;
  int64_t jobs_created_ = 0;
};

}  // namespace swell::sim
