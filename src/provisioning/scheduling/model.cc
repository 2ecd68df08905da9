#include "provisioning/scheduling/model.h"

namespace swell::provisioning::detail {

uint32_t OfferingSpace::ZoneIndex(ValueId v) const {
  for (uint32_t i = 0; i < zones.size(); ++i) {
    if (zones[i] == v) return i;
  }
  return kNone;
}

uint32_t OfferingSpace::CapacityTypeIndex(ValueId v) const {
  for (uint32_t i = 0; i < capacity_types.size(); ++i) {
    if (capacity_types[i] == v) return i;
  }
  return kNone;
}

uint32_t TaintClasses::Intern(const std::vector<api::Taint>& taints) {
  std::string key;
  for (const api::Taint& t : taints) key += t.key + "\x1f" + t.value + "\x1f" + t.effect + "\x1e";
  auto [it, inserted] = ids_.emplace(key, static_cast<uint32_t>(classes_.size()));
  if (inserted) classes_.push_back(taints);
  return it->second;
}

const api::Taint* FirstUntolerated(const std::vector<api::Taint>& taints,
                                   const std::vector<api::Toleration>& tolerations) {
  for (const api::Taint& taint : taints) {
    bool tolerated = false;
    for (const api::Toleration& t : tolerations) {
      if (api::ToleratesTaint(t, taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) return &taint;
  }
  return nullptr;
}

}  // namespace swell::provisioning::detail
