#include "provisioning/nodepool_hash.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "api/karpenter/well_known.h"

namespace swell::provisioning {
namespace {

// FNV-1a 64 over length-prefixed fields, so ("ab","c") and ("a","bc") differ.
class Hasher {
 public:
  void Add(std::string_view s) {
    AddRaw(std::to_string(s.size()));
    AddRaw(":");
    AddRaw(s);
  }
  void Add(int64_t v) { Add(std::to_string(v)); }
  uint64_t value() const { return h_; }

 private:
  void AddRaw(std::string_view s) {
    for (char c : s) {
      h_ ^= static_cast<uint8_t>(c);
      h_ *= 1099511628211ULL;
    }
  }
  uint64_t h_ = 14695981039346656037ULL;
};

void AddMap(Hasher& h, std::string_view field, const api::StringMap& m) {
  h.Add(field);
  h.Add(static_cast<int64_t>(m.size()));
  for (const auto& [k, v] : m) {  // StringMap is ordered by key
    h.Add(k);
    h.Add(v);
  }
}

// SlicesAsSets: the order of taints does not matter.
void AddTaints(Hasher& h, std::string_view field, const std::vector<api::Taint>& taints) {
  std::vector<std::string> encoded;
  for (const api::Taint& t : taints) {
    encoded.push_back(t.key + "=" + t.value + ":" + t.effect);
  }
  std::sort(encoded.begin(), encoded.end());
  encoded.erase(std::unique(encoded.begin(), encoded.end()), encoded.end());
  h.Add(field);
  h.Add(static_cast<int64_t>(encoded.size()));
  for (const auto& e : encoded) h.Add(e);
}

}  // namespace

std::string NodePoolHash(const api::NodePool& nodepool) {
  const api::NodeClaimTemplate& t = nodepool.spec.template_;
  Hasher h;
  AddMap(h, "labels", t.metadata.labels);
  AddMap(h, "annotations", t.metadata.annotations);
  AddTaints(h, "taints", t.spec.taints);
  AddTaints(h, "startupTaints", t.spec.startup_taints);
  h.Add("nodeClassRef");
  h.Add(t.spec.node_class_ref.group);
  h.Add(t.spec.node_class_ref.kind);
  h.Add(t.spec.node_class_ref.name);
  h.Add("terminationGracePeriod");
  h.Add(t.spec.termination_grace_period ? t.spec.termination_grace_period->value.count() : 0);
  // expireAfter: unset (raw "") is the CRD default 720h; "Never" hashes as zero (ZeroNil).
  std::optional<Duration> expire = t.spec.expire_after.value;
  if (t.spec.expire_after.raw.empty()) expire = Hours(720);
  h.Add("expireAfter");
  h.Add(expire ? expire->count() : 0);
  return std::to_string(h.value());
}

void StampNodePoolHash(const api::NodePool& nodepool, api::NodeClaim& claim) {
  auto& a = claim.metadata.annotations;
  a[std::string(api::karpenter::kNodePoolHashAnnotationKey)] = NodePoolHash(nodepool);
  a[std::string(api::karpenter::kNodePoolHashVersionAnnotationKey)] =
      std::string(kNodePoolHashVersion);
}

}  // namespace swell::provisioning
