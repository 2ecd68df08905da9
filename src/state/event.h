// A Kubernetes Event, kept on the object it is about. Both halves record them: the KEDA half
// with KEDA's reasons (keda.md §7.1), the Karpenter half with Karpenter's (karpenter.md §7).
#pragma once

#include <string>

#include "util/time.h"

namespace swell::state {

struct Event {
  TimePoint time{};
  std::string kind;  // of the involved object, e.g. ScaledObject, NodeClaim, Pod
  std::string ns;    // empty for cluster-scoped objects
  std::string name;
  std::string type = "Normal";  // Normal | Warning
  std::string reason;           // e.g. KEDAScaleTargetActivated, Launched, DisruptionBlocked
  std::string message;
};

}  // namespace swell::state
