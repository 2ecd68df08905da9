// KWOKNodeClass defaults and validation (karpenter.md §4; CRD karpenter.kwok.sh_kwoknodeclasses).
#include <chrono>

#include "api/karpenter/types.h"
#include "api/karpenter/validation_util.h"

namespace swell::api {

void ApplyDefaults(KWOKNodeClass& o) {
  // CRD: status defaults to one Ready=True condition stamped 2024-01-01T01:01:01Z.
  if (!o.status.conditions.empty()) return;
  using std::chrono::sys_days;
  Condition ready;
  ready.type = "Ready";
  ready.status = "True";
  ready.reason = "Ready";
  ready.last_transition_time = Time{TimePoint(sys_days{std::chrono::year{2024} / 1 / 1}) +
                                    Hours(1) + Minutes(1) + Seconds(1)};
  o.status.conditions.push_back(std::move(ready));
}

void Validate(const KWOKNodeClass& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, /*namespaced=*/false, diags);
  const auto& delay = o.spec.node_registration_delay;
  if (delay && !karpenter::MatchesDurationPattern(delay->raw, /*allow_never=*/false)) {
    karpenter::ReportValue(diags, "spec.nodeRegistrationDelay", delay->raw,
                           "nodeRegistrationDelay " + karpenter::Quoted(delay->raw) +
                               " must be whole hours, minutes and seconds (e.g. 30s, 1m)",
                           "karpenter/kwok-node-registration-delay");
  }
}

}  // namespace swell::api
