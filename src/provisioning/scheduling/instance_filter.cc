#include "provisioning/scheduling/instance_filter.h"

#include <limits>

namespace swell::provisioning::detail {

uint64_t AllowedOfferings(const Context& c, const Req* zone, const Req* capacity_type) {
  uint64_t mask = 0;
  for (uint32_t zi = 0; zi < c.space.zones.size(); ++zi) {
    if (zone != nullptr && !zone->Has(c.space.zones[zi], c.labels)) continue;
    for (uint32_t ci = 0; ci < c.space.capacity_types.size(); ++ci) {
      if (capacity_type != nullptr && !capacity_type->Has(c.space.capacity_types[ci], c.labels)) {
        continue;
      }
      mask |= OfferingSpace::Bit(zi, ci);
    }
  }
  return mask;
}

bool TypeIntersects(const Context& c, const InstanceTypeInfo& it, const Req& r) {
  if (r.key == c.labels.zone) {
    if (it.zone_mask == 0) return true;
    for (uint32_t zi = 0; zi < c.space.zones.size(); ++zi) {
      if ((it.zone_mask >> zi & 1) != 0 && r.Has(c.space.zones[zi], c.labels)) return true;
    }
    return false;
  }
  if (r.key == c.labels.capacity_type) {
    if (it.ct_mask == 0) return true;
    for (uint32_t ci = 0; ci < c.space.capacity_types.size(); ++ci) {
      if ((it.ct_mask >> ci & 1) != 0 && r.Has(c.space.capacity_types[ci], c.labels)) return true;
    }
    return false;
  }
  ValueId v = it.Label(r.key);
  return v == kNone || r.Has(v, c.labels);
}

bool TypeIntersects(const Context& c, const InstanceTypeInfo& it, const ReqSet& reqs) {
  for (const Req& r : reqs.reqs()) {
    if (!TypeIntersects(c, it, r)) return false;
  }
  return true;
}

void TypeValues(const Context& c, const InstanceTypeInfo& it, KeyId key,
                std::vector<ValueId>& out) {
  if (key == c.labels.zone) {
    for (uint32_t zi = 0; zi < c.space.zones.size(); ++zi) {
      if ((it.zone_mask >> zi & 1) != 0) out.push_back(c.space.zones[zi]);
    }
  } else if (key == c.labels.capacity_type) {
    for (uint32_t ci = 0; ci < c.space.capacity_types.size(); ++ci) {
      if ((it.ct_mask >> ci & 1) != 0) out.push_back(c.space.capacity_types[ci]);
    }
  } else if (ValueId v = it.Label(key); v != kNone) {
    out.push_back(v);
  }
}

double CheapestPrice(const InstanceTypeInfo& it, uint64_t allowed) {
  double best = std::numeric_limits<double>::max();
  for (const OfferingInfo& o : it.offerings) {
    if (o.offering->available && (o.bit & allowed) != 0 && o.offering->price_per_hour < best) {
      best = o.offering->price_per_hour;
    }
  }
  return best;
}

}  // namespace swell::provisioning::detail
