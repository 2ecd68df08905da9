#include "provisioning/scheduling/interned.h"

#include <limits>

#include "api/karpenter/well_known.h"

namespace swell::provisioning::detail {
namespace {

namespace k = api::karpenter;

// strconv.Atoi on a 64-bit platform (the same reading as api/requirements.cc): an optional
// sign and one or more decimal digits; anything else is not an integer. Out-of-range values
// are not integers either (upstream clamps them with an error, which bounds checks treat as
// "not an integer").
bool Atoi(std::string_view s, int64_t* out) {
  bool neg = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  constexpr uint64_t kMaxMagnitude = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    auto d = static_cast<uint64_t>(c - '0');
    if (n > (std::numeric_limits<uint64_t>::max() - d) / 10) return false;
    n = n * 10 + d;
  }
  if (!neg) {
    if (n > kMaxMagnitude) return false;
    *out = static_cast<int64_t>(n);
    return true;
  }
  if (n > kMaxMagnitude + 1) return false;
  *out = n == kMaxMagnitude + 1 ? std::numeric_limits<int64_t>::min() : -static_cast<int64_t>(n);
  return true;
}

}  // namespace

uint32_t StringTable::Intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(s);
  ids_.emplace(std::string(s), id);
  return id;
}

uint32_t StringTable::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? kNone : it->second;
}

Labels::Labels() {
  for (std::string_view key : k::WellKnownLabels()) AddWellKnown(key);
  hostname = Key(k::kLabelHostname);
  zone = Key(k::kLabelTopologyZone);
  capacity_type = Key(k::kCapacityTypeLabelKey);
  instance_type = Key(k::kLabelInstanceTypeStable);
  nodepool = Key(k::kNodePoolLabelKey);
  registered = Key(k::kNodeRegisteredLabelKey);
  initialized = Key(k::kNodeInitializedLabelKey);
}

KeyId Labels::Key(std::string_view key) {
  KeyId id = keys_.Intern(k::NormalizeLabelKey(key));
  if (well_known_.size() < keys_.size()) well_known_.resize(keys_.size(), 0);
  return id;
}

KeyId Labels::FindKey(std::string_view key) const { return keys_.Find(k::NormalizeLabelKey(key)); }

void Labels::AddWellKnown(std::string_view key) { well_known_[Key(key)] = 1; }

ValueId Labels::Value(std::string_view value) {
  ValueId id = values_.Intern(value);
  if (ints_.size() < values_.size()) {
    int64_t n = 0;
    bool ok = Atoi(value, &n);
    ints_.push_back(ok ? n : 0);
    int_ok_.push_back(ok ? 1 : 0);
  }
  return id;
}

Resources::Resources() {
  names_.Intern("cpu");
  names_.Intern("memory");
  names_.Intern("pods");
  names_.Intern("ephemeral-storage");
}

uint32_t Resources::Slot(std::string_view name) { return names_.Intern(name); }

int64_t Resources::Amount(uint32_t slot, const api::Quantity& q) {
  return slot == kCpu ? q.MilliValue() : q.Value();
}

api::Quantity Resources::ToQuantity(uint32_t slot, int64_t amount) const {
  if (slot == kCpu) return api::Quantity::FromMilli(amount);
  if (slot == kMemory || slot == kEphemeralStorage) {
    return api::Quantity::FromInt(amount, api::Quantity::Format::kBinarySI);
  }
  return api::Quantity::FromInt(amount);
}

void InternResources(const api::ResourceList& list, Resources& table) {
  for (const auto& [name, q] : list) table.Slot(name);
}

ResVec ToResVec(const api::ResourceList& list, const Resources& table, size_t n) {
  ResVec out(n, 0);
  for (const auto& [name, q] : list) {
    uint32_t slot = table.FindSlot(name);
    if (slot != kNone && slot < n) out[slot] = Resources::Amount(slot, q);
  }
  return out;
}

}  // namespace swell::provisioning::detail
