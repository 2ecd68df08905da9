// Instance-type filtering for NodeClaims (nodeclaim.go filterInstanceTypesByRequirements,
// cloudprovider/types.go; karpenter.md §2.3, §2.5): an instance type survives when its
// requirements intersect the NodeClaim's, the requests plus its daemon overhead fit its
// allocatable, and it has an available offering compatible with the requirements; minValues
// must then hold over the survivors.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "provisioning/scheduling/context.h"

namespace swell::provisioning::detail {

// The OfferingSpace bits of offerings compatible with `zone` and `capacity_type` requirements
// (nullptr: unconstrained, the keys are well known so may be undefined).
uint64_t AllowedOfferings(const Context& c, const Req* zone, const Req* capacity_type);
// it.Requirements.Intersects(r) for one requirement: true when the type does not define the key.
bool TypeIntersects(const Context& c, const InstanceTypeInfo& it, const Req& r);
// it.Requirements.Intersects(reqs).
bool TypeIntersects(const Context& c, const InstanceTypeInfo& it, const ReqSet& reqs);
// The values of `key` the type carries (zones / capacity types of its offerings, or its label),
// appended to `out`.
void TypeValues(const Context& c, const InstanceTypeInfo& it, KeyId key, std::vector<ValueId>& out);

// SatisfiesMinValues over `options` (Template::options indices of `t`): for every requirement
// with minValues (looked up through `get`), the union of the types' values must reach it.
// Keys that fall short go to `failed` with the count reached in `counts`.
template <class GetReq>
bool SatisfiesMinValues(Context& c, const Template& t, const std::vector<uint32_t>& options,
                        const std::vector<KeyId>& min_keys, GetReq get, std::vector<KeyId>& failed,
                        std::vector<int32_t>& counts) {
  failed.clear();
  counts.clear();
  for (KeyId k : min_keys) {
    const Req* r = get(k);
    if (r == nullptr || r->min_values <= 0) continue;
    c.scratch.values.clear();
    for (uint32_t o : options) TypeValues(c, c.types[t.options[o].type], k, c.scratch.values);
    std::sort(c.scratch.values.begin(), c.scratch.values.end());
    auto n =
        std::unique(c.scratch.values.begin(), c.scratch.values.end()) - c.scratch.values.begin();
    if (n < r->min_values) {
      failed.push_back(k);
      counts.push_back(static_cast<int32_t>(n));
    }
  }
  return failed.empty();
}

// The cheapest available offering price of `it` compatible with `allowed` (AllowedOfferings);
// +infinity when none (OrderByPrice).
double CheapestPrice(const InstanceTypeInfo& it, uint64_t allowed);

}  // namespace swell::provisioning::detail
