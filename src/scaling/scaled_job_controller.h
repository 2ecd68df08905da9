// The ScaledJob controller: KEDA's job scale loop (keda.md §3), driven from outside once per
// pollingInterval. It counts running and pending jobs, asks the triggers, applies the scaling
// strategy, creates Jobs through the Actuator and cleans up finished ones beyond the history
// limits.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "scaling/actuator.h"
#include "scaling/scaled_job_math.h"
#include "scaling/scalers_cache.h"
#include "state/cluster_state.h"
#include "util/clock.h"

namespace swell::scaling {

class ScaledJobController {
 public:
  ScaledJobController(const Clock& clock, const state::ClusterState& cluster, Actuator& actuator,
                      scalers::Sources& sources);
  ~ScaledJobController();

  // One poll of the ScaledJob ns/name. Returns the delay to the next (pollingInterval), or
  // nullopt if the object is gone.
  std::optional<Duration> Poll(const std::string& ns, const std::string& name);

  // The last decision made for ns/name (for the timeline and tests); nullptr before the first.
  const ScaledJobDecision* LastDecision(const std::string& ns, const std::string& name) const;

 private:
  struct Runtime {
    std::optional<ScalersCache> cache;
    std::optional<ScaledJobDecision> last;
  };
  // The job KEDA creates for one unit of work (keda.md §3.5).
  api::Job MakeJob(const api::ScaledJob& sj) const;

  const Clock& clock_;
  const state::ClusterState& cluster_;
  Actuator& actuator_;
  scalers::Sources& sources_;
  std::map<std::string, Runtime, std::less<>> runtimes_;
};

}  // namespace swell::scaling
