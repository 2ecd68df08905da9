#include "cloud/fake_cloud_provider.h"

#include <algorithm>

#include "api/karpenter/well_known.h"
#include "api/requirements.h"

namespace swell::cloud {

namespace kp = api::karpenter;

FakeCloudProvider::FakeCloudProvider(std::vector<InstanceType> types) : types_(std::move(types)) {}

void FakeCloudProvider::MarkUnavailable(const std::string& type, const std::string& zone,
                                        const std::string& capacity_type) {
  unavailable_.emplace_back(type, zone, capacity_type);
}

void FakeCloudProvider::set_instance_types_for(const std::string& nodepool,
                                               std::vector<InstanceType> types) {
  per_nodepool_[nodepool] = std::move(types);
}

std::vector<InstanceType> FakeCloudProvider::TypesFor(const std::string& nodepool) const {
  auto it = per_nodepool_.find(nodepool);
  std::vector<InstanceType> out = it == per_nodepool_.end() ? types_ : it->second;
  for (InstanceType& t : out) {
    for (Offering& o : t.offerings) {
      for (const auto& [type, zone, ct] : unavailable_) {
        if (type == t.name && zone == o.zone && ct == o.capacity_type) o.available = false;
      }
    }
  }
  return out;
}

namespace {

api::Requirements OfferingRequirements(const InstanceType& t, const Offering& o) {
  api::StringMap labels = t.labels;
  labels[std::string(kp::kLabelTopologyZone)] = o.zone;
  labels[std::string(kp::kCapacityTypeLabelKey)] = o.capacity_type;
  return api::Requirements::FromLabels(labels);
}

std::string NodePoolOf(const api::NodeClaim& claim) {
  auto it = claim.metadata.labels.find(std::string(kp::kNodePoolLabelKey));
  return it == claim.metadata.labels.end() ? std::string() : it->second;
}

}  // namespace

StatusOr<api::NodeClaim> FakeCloudProvider::Create(const api::NodeClaim& claim) {
  create_calls_.push_back(claim);
  if (next_create_error_) {
    Status s = std::move(*next_create_error_);
    next_create_error_.reset();
    return s;
  }
  if (allowed_create_calls_ && static_cast<int>(create_calls_.size()) > *allowed_create_calls_) {
    return InsufficientCapacity("fake: create calls exhausted");
  }
  api::Requirements reqs =
      api::Requirements::FromNodeSelectorRequirementsWithMinValues(claim.spec.requirements);
  std::vector<InstanceType> types = TypesFor(NodePoolOf(claim));
  const InstanceType* best_type = nullptr;
  const Offering* best = nullptr;
  for (const InstanceType& t : types) {
    if (!api::Fits(claim.spec.resources.requests, t.Allocatable())) continue;
    for (const Offering& o : t.offerings) {
      if (!o.available || !reqs.HasIntersection(OfferingRequirements(t, o))) continue;
      if (best == nullptr || o.price_per_hour < best->price_per_hour) {
        best_type = &t;
        best = &o;
      }
    }
  }
  if (best == nullptr) {
    return InsufficientCapacity("fake: no compatible, fitting, available offering");
  }
  api::NodeClaim out = claim;
  out.status.provider_id = "fake:///" + std::to_string(next_id_++);
  out.status.capacity = best_type->capacity;
  out.status.allocatable = best_type->Allocatable();
  out.status.image_id = "fake-image";
  for (const auto& [k, v] : best_type->labels) out.metadata.labels[k] = v;
  out.metadata.labels[std::string(kp::kLabelTopologyZone)] = best->zone;
  out.metadata.labels[std::string(kp::kCapacityTypeLabelKey)] = best->capacity_type;
  out.metadata.labels[std::string(kp::kLabelInstanceTypeStable)] = best_type->name;
  instances_[out.status.provider_id] = out;
  return out;
}

Status FakeCloudProvider::Delete(const api::NodeClaim& claim) {
  delete_calls_.push_back(claim);
  if (next_delete_error_) {
    Status s = std::move(*next_delete_error_);
    next_delete_error_.reset();
    return s;
  }
  if (instances_.erase(claim.status.provider_id) == 0) {
    return NotFound("instance " + claim.status.provider_id + " not found");
  }
  return Status::Ok();
}

StatusOr<api::NodeClaim> FakeCloudProvider::Get(std::string_view provider_id) {
  get_calls_++;
  auto it = instances_.find(provider_id);
  if (it == instances_.end())
    return NotFound("instance " + std::string(provider_id) + " not found");
  return it->second;
}

StatusOr<std::vector<api::NodeClaim>> FakeCloudProvider::List() {
  list_calls_++;
  std::vector<api::NodeClaim> out;
  for (const auto& [id, claim] : instances_) out.push_back(claim);
  return out;
}

StatusOr<InstanceTypes> FakeCloudProvider::GetInstanceTypes(const api::NodePool& nodepool) {
  get_instance_types_calls_++;
  if (next_get_instance_types_error_) {
    Status s = std::move(*next_get_instance_types_error_);
    next_get_instance_types_error_.reset();
    return s;
  }
  return std::make_shared<const std::vector<InstanceType>>(TypesFor(nodepool.metadata.name));
}

StatusOr<std::string> FakeCloudProvider::IsDrifted(const api::NodeClaim&) { return drifted_; }

}  // namespace swell::cloud
