// Which instance type and offering a NodeClaim launches as (the AWS provider's instance.Create
// filters and capacity-type choice; karpenter.md §2.7, §5 "ICE cache"). Core Karpenter only
// orders and truncates by price; the cloud provider picks. swell picks like the AWS provider
// with one approximation: EC2 Fleet's price-capacity-optimized spot strategy (which weighs
// spare capacity, unknown here) is taken to be lowest price, like the on-demand lowest-price
// strategy and the kwok provider.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "api/quantity.h"
#include "api/requirements.h"
#include "cloud/instance_types.h"
#include "util/status.h"

namespace swell::provisioning {

// Offerings that recently failed with insufficient capacity (the ICE cache, keyed like AWS's
// "<capacity type>:<instance type>:<zone>"); launches skip them.
class UnavailableOfferings {
 public:
  void Add(std::string_view instance_type, std::string_view zone, std::string_view capacity_type);
  bool Contains(std::string_view instance_type, std::string_view zone,
                std::string_view capacity_type) const;
  bool empty() const { return entries_.empty(); }

 private:
  std::set<std::tuple<std::string, std::string, std::string>, std::less<>> entries_;
};

struct LaunchOptions {
  // CreateFleet accepts at most this many instance types, cheapest first. Default: 60
  int32_t max_instance_types = 60;
  // Keys besides Karpenter's core and AWS well-known labels that an instance type may carry
  // without the NodeClaim constraining them. Default: the kwok provider's four labels
  std::vector<std::string> extra_well_known_labels = {
      "karpenter.kwok.sh/instance-size", "karpenter.kwok.sh/instance-family",
      "karpenter.kwok.sh/instance-cpu", "karpenter.kwok.sh/instance-memory"};
};

struct LaunchChoice {
  const cloud::InstanceType* instance_type = nullptr;
  const cloud::Offering* offering = nullptr;
  std::string capacity_type;  // reserved | spot | on-demand
  // The instance types the fleet request would carry (after the filters and truncation),
  // cheapest first.
  std::vector<const cloud::InstanceType*> candidates;
};

// Picks the launch for a NodeClaim with `requirements` (NodeClaim spec.requirements),
// `instance_types` (its options) and `requests` (spec.resources.requests):
//  1. compatible-available: the type's requirements are Compatible with the NodeClaim's, the
//     requests fit its allocatable, and it has an available offering (not in `unavailable`)
//     compatible with the requirements;
//  2. exotic filter (GPU/accelerator/metal types) unless that leaves nothing, and
//  3. spot filter: with both spot and on-demand allowed, spot offerings pricier than the
//     cheapest compatible on-demand offering are dropped; both are skipped when the
//     requirements carry minValues;
//  4. truncated to max_instance_types by cheapest compatible available offering, keeping
//     minValues (else InsufficientCapacity);
//  5. capacity type: reserved if allowed and offered, else spot if allowed and offered, else
//     on-demand;
//  6. the cheapest compatible available offering of that capacity type (ties: the cheaper-ordered
//     type, then offering order).
// InsufficientCapacity when a filter leaves no type or no offering of the chosen capacity type
// remains (e.g. every one is unavailable).
StatusOr<LaunchChoice> ChooseLaunch(const api::Requirements& requirements,
                                    const std::vector<const cloud::InstanceType*>& instance_types,
                                    const api::ResourceList& requests,
                                    const UnavailableOfferings& unavailable,
                                    const LaunchOptions& options = {});

}  // namespace swell::provisioning
