// Port of the AWS provider's pkg/providers/instance/instance.go (filterInstanceTypes,
// getCapacityType) and pkg/providers/instance/filter/filter.go (compatible-available, exotic,
// spot-offering filters) for swell's catalog, which has no capacity reservations.
#include "provisioning/scheduling/launch.h"

#include <algorithm>
#include <limits>

#include "api/karpenter/well_known.h"

namespace swell::provisioning {
namespace {

namespace k = api::karpenter;

struct Candidate {
  const cloud::InstanceType* type;
  std::vector<const cloud::Offering*> offerings;  // compatible and available
  double cheapest = std::numeric_limits<double>::max();
};

bool OfferingCompatible(const api::Requirements& reqs, const cloud::Offering& o) {
  const api::Requirement* zone = reqs.Find(k::kLabelTopologyZone);
  const api::Requirement* ct = reqs.Find(k::kCapacityTypeLabelKey);
  return (zone == nullptr || zone->Has(o.zone)) && (ct == nullptr || ct->Has(o.capacity_type));
}

// The instance type's requirements: its labels plus zone and capacity type In its offerings'.
api::Requirements TypeRequirements(const cloud::InstanceType& it) {
  api::Requirements reqs = api::Requirements::FromLabels(it.labels);
  std::vector<std::string> zones, cts;
  for (const cloud::Offering& o : it.offerings) {
    zones.push_back(o.zone);
    cts.push_back(o.capacity_type);
  }
  if (!zones.empty()) reqs.Add(api::Requirement(k::kLabelTopologyZone, api::kOpIn, zones));
  if (!cts.empty()) reqs.Add(api::Requirement(k::kCapacityTypeLabelKey, api::kOpIn, cts));
  return reqs;
}

bool FitsAllocatable(const api::ResourceList& requests, const api::ResourceList& allocatable) {
  for (const auto& [name, q] : allocatable) {
    if (q.Sign() < 0) return false;
  }
  return api::Fits(requests, allocatable);
}

void Reprice(Candidate& c) {
  c.cheapest = std::numeric_limits<double>::max();
  for (const cloud::Offering* o : c.offerings) c.cheapest = std::min(c.cheapest, o->price_per_hour);
}

bool SatisfiesMinValues(const api::Requirements& reqs, const std::vector<Candidate>& types) {
  for (const api::Requirement& r : reqs) {
    if (!r.min_values()) continue;
    std::set<std::string> values;
    for (const Candidate& c : types) {
      if (r.key() == k::kLabelTopologyZone || r.key() == k::kCapacityTypeLabelKey) {
        for (const cloud::Offering& o : c.type->offerings) {
          values.insert(r.key() == k::kLabelTopologyZone ? o.zone : o.capacity_type);
        }
      } else if (const std::string* v = c.type->Label(r.key())) {
        values.insert(*v);
      }
    }
    if (static_cast<int64_t>(values.size()) < *r.min_values()) return false;
  }
  return true;
}

}  // namespace

void UnavailableOfferings::Add(std::string_view instance_type, std::string_view zone,
                               std::string_view capacity_type) {
  entries_.emplace(std::string(instance_type), std::string(zone), std::string(capacity_type));
}

bool UnavailableOfferings::Contains(std::string_view instance_type, std::string_view zone,
                                    std::string_view capacity_type) const {
  return entries_.count(std::make_tuple(std::string(instance_type), std::string(zone),
                                        std::string(capacity_type))) > 0;
}

StatusOr<LaunchChoice> ChooseLaunch(const api::Requirements& requirements,
                                    const std::vector<const cloud::InstanceType*>& instance_types,
                                    const api::ResourceList& requests,
                                    const UnavailableOfferings& unavailable,
                                    const LaunchOptions& options) {
  auto insufficient = [](std::string msg) {
    return Status(StatusCode::kInsufficientCapacity, std::move(msg));
  };
  std::vector<std::string_view> allow(k::WellKnownLabels().begin(), k::WellKnownLabels().end());
  for (const std::string& key : options.extra_well_known_labels) allow.push_back(key);
  std::sort(allow.begin(), allow.end());
  // 1. compatible-available
  std::vector<Candidate> remaining;
  for (const cloud::InstanceType* it : instance_types) {
    if (it == nullptr) continue;
    if (!requirements.IsCompatible(TypeRequirements(*it), allow)) continue;
    if (!FitsAllocatable(requests, it->Allocatable())) continue;
    Candidate c{it, {}, 0};
    for (const cloud::Offering& o : it->offerings) {
      if (o.available && !unavailable.Contains(it->name, o.zone, o.capacity_type) &&
          OfferingCompatible(requirements, o)) {
        c.offerings.push_back(&o);
      }
    }
    if (c.offerings.empty()) continue;
    Reprice(c);
    remaining.push_back(std::move(c));
  }
  if (remaining.empty()) {
    return insufficient("all requested instance types were unavailable during launch");
  }
  bool min_values = requirements.HasMinValues();
  // 2. exotic filter
  if (!min_values) {
    std::vector<Candidate> generic;
    for (const Candidate& c : remaining) {
      if (!cloud::IsExotic(*c.type)) generic.push_back(c);
    }
    if (!generic.empty()) remaining = std::move(generic);
  }
  // 3. spot offering filter
  const api::Requirement* ct = requirements.Find(k::kCapacityTypeLabelKey);
  bool allows_spot = ct == nullptr || ct->Has(k::kCapacityTypeSpot);
  bool allows_od = ct == nullptr || ct->Has(k::kCapacityTypeOnDemand);
  if (!min_values && allows_spot && allows_od) {
    double cheapest_od = std::numeric_limits<double>::max();
    bool has_spot = false, has_od = false;
    for (const Candidate& c : remaining) {
      for (const cloud::Offering* o : c.offerings) {
        if (o->capacity_type == k::kCapacityTypeOnDemand) {
          has_od = true;
          cheapest_od = std::min(cheapest_od, o->price_per_hour);
        } else if (o->capacity_type == k::kCapacityTypeSpot) {
          has_spot = true;
        }
      }
    }
    if (has_spot && has_od) {
      std::vector<Candidate> kept;
      for (Candidate& c : remaining) {
        std::erase_if(c.offerings, [&](const cloud::Offering* o) {
          return o->capacity_type == k::kCapacityTypeSpot && o->price_per_hour > cheapest_od;
        });
        if (c.offerings.empty()) continue;
        Reprice(c);
        kept.push_back(std::move(c));
      }
      remaining = std::move(kept);
    }
  }
  // 4. truncate by price, keeping minValues
  std::stable_sort(remaining.begin(), remaining.end(),
                   [](const Candidate& a, const Candidate& b) { return a.cheapest < b.cheapest; });
  if (remaining.size() > static_cast<size_t>(std::max(options.max_instance_types, 1))) {
    remaining.resize(static_cast<size_t>(std::max(options.max_instance_types, 1)));
  }
  if (min_values && !SatisfiesMinValues(requirements, remaining)) {
    return insufficient(
        "truncating instance types based on the passed-in requirements, minValues requirement "
        "is not met");
  }
  // 5. capacity type
  LaunchChoice choice;
  choice.capacity_type = std::string(k::kCapacityTypeOnDemand);
  for (std::string_view want : {k::kCapacityTypeReserved, k::kCapacityTypeSpot}) {
    if (ct != nullptr && !ct->Has(want)) continue;
    bool offered = std::any_of(remaining.begin(), remaining.end(), [&](const Candidate& c) {
      return std::any_of(c.offerings.begin(), c.offerings.end(),
                         [&](const cloud::Offering* o) { return o->capacity_type == want; });
    });
    if (offered) {
      choice.capacity_type = std::string(want);
      break;
    }
  }
  // 6. cheapest offering of that capacity type
  for (const Candidate& c : remaining) {
    choice.candidates.push_back(c.type);
    for (const cloud::Offering* o : c.offerings) {
      if (o->capacity_type != choice.capacity_type) continue;
      if (choice.offering == nullptr || o->price_per_hour < choice.offering->price_per_hour) {
        choice.offering = o;
        choice.instance_type = c.type;
      }
    }
  }
  if (choice.offering == nullptr) {
    return insufficient("no available " + choice.capacity_type + " offering");
  }
  return choice;
}

}  // namespace swell::provisioning
