// Karpenter's event recorder (core pkg/events/recorder.go): an event with a dedupe key is
// published at most once per key within its dedupe timeout (default 2 minutes), so a pod that
// stays unschedulable does not log a FailedScheduling event every pass. Karpenter's token-bucket
// rate limiter on Nominated events is not modelled.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "provisioning/actuator.h"
#include "state/event.h"
#include "util/time.h"

namespace swell::provisioning {

inline constexpr Duration kDefaultEventDedupe = Minutes(2);

class EventRecorder {
 public:
  explicit EventRecorder(Actuator& actuator) : actuator_(actuator) {}

  // Records `e` unless an event with the same reason and `dedupe` key was recorded within
  // `timeout` before e.time. An empty `dedupe` never dedupes.
  void Publish(state::Event e, std::string_view dedupe = "",
               Duration timeout = kDefaultEventDedupe);

 private:
  Actuator& actuator_;
  std::map<std::string, TimePoint, std::less<>> until_;  // reason/key -> dedupe until
  size_t publishes_ = 0;
};

// An event about an object: kind/ns/name at `now`.
state::Event MakeEvent(TimePoint now, std::string kind, std::string ns, std::string name,
                       std::string type, std::string reason, std::string message);

}  // namespace swell::provisioning
