// A recording CloudProvider for unit tests, after Karpenter's pkg/cloudprovider/fake: every
// call is recorded, the next error of each call is injectable, instances live in memory.
// Create launches the cheapest compatible, fitting, available offering (the requirements of
// the claim against the type's labels and the offering's zone and capacity type), as the fake
// upstream does. Deterministic: providerIDs are "fake:///<n>" in creation order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cloud/cloud_provider.h"

namespace swell::cloud {

class FakeCloudProvider : public CloudProvider {
 public:
  // The types every NodePool gets unless set_instance_types_for() says otherwise.
  explicit FakeCloudProvider(std::vector<InstanceType> types);

  StatusOr<api::NodeClaim> Create(const api::NodeClaim& claim) override;
  Status Delete(const api::NodeClaim& claim) override;
  StatusOr<api::NodeClaim> Get(std::string_view provider_id) override;
  StatusOr<std::vector<api::NodeClaim>> List() override;
  StatusOr<InstanceTypes> GetInstanceTypes(const api::NodePool& nodepool) override;
  StatusOr<std::string> IsDrifted(const api::NodeClaim& claim) override;
  std::string_view Name() const override { return "fake"; }

  // ---- test controls -------------------------------------------------------------------------
  // The next call of that kind fails with `s` (once).
  void FailNextCreate(Status s) { next_create_error_ = std::move(s); }
  void FailNextDelete(Status s) { next_delete_error_ = std::move(s); }
  void FailNextGetInstanceTypes(Status s) { next_get_instance_types_error_ = std::move(s); }
  // Every Create beyond this many (counted over the provider's life) fails with
  // kInsufficientCapacity. Default: unlimited.
  void set_allowed_create_calls(int n) { allowed_create_calls_ = n; }
  // Marks (type, zone, capacity type) unavailable: Create skips it and GetInstanceTypes
  // reports it with available = false.
  void MarkUnavailable(const std::string& type, const std::string& zone,
                       const std::string& capacity_type);
  // NodePool-specific instance types.
  void set_instance_types_for(const std::string& nodepool, std::vector<InstanceType> types);
  // IsDrifted returns `reason` for every claim (Karpenter's fake: Drifted). Default: "".
  void set_drifted(std::string reason) { drifted_ = std::move(reason); }
  // Removes an instance as if the cloud terminated it (e.g. a spot reclaim).
  void TerminateInstance(const std::string& provider_id) { instances_.erase(provider_id); }

  // ---- recorded calls ------------------------------------------------------------------------
  const std::vector<api::NodeClaim>& create_calls() const { return create_calls_; }
  const std::vector<api::NodeClaim>& delete_calls() const { return delete_calls_; }
  int get_instance_types_calls() const { return get_instance_types_calls_; }
  int get_calls() const { return get_calls_; }
  int list_calls() const { return list_calls_; }

 private:
  std::vector<InstanceType> TypesFor(const std::string& nodepool) const;

  std::vector<InstanceType> types_;
  std::map<std::string, std::vector<InstanceType>, std::less<>> per_nodepool_;
  std::map<std::string, api::NodeClaim, std::less<>> instances_;  // by providerID
  std::vector<std::tuple<std::string, std::string, std::string>> unavailable_;
  std::optional<Status> next_create_error_, next_delete_error_, next_get_instance_types_error_;
  std::optional<int> allowed_create_calls_;
  std::string drifted_;
  int64_t next_id_ = 1;
  std::vector<api::NodeClaim> create_calls_, delete_calls_;
  int get_instance_types_calls_ = 0, get_calls_ = 0, list_calls_ = 0;
};

}  // namespace swell::cloud
