// Interned label keys, label values and resource names for the scheduling simulation: the hot
// loop compares small integers instead of strings, and resource lists are dense int64 vectors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/quantity.h"

namespace swell::provisioning::detail {

using KeyId = uint32_t;
using ValueId = uint32_t;
inline constexpr uint32_t kNone = UINT32_MAX;

// A string <-> dense id table. Ids are assigned in first-seen order and never reused.
class StringTable {
 public:
  // The id of `s`, adding it when new.
  uint32_t Intern(std::string_view s);
  // The id of `s`, or kNone.
  uint32_t Find(std::string_view s) const;
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

// Label keys (normalized, karpenter::NormalizeLabelKey) and values, with the facts the
// requirement algebra needs per id: whether a key is well known (AllowUndefinedWellKnownLabels)
// and each value read as Go's strconv.Atoi (for Gt/Lt/Gte/Lte bounds).
class Labels {
 public:
  Labels();
  // Interns a key after normalizing it.
  KeyId Key(std::string_view key);
  KeyId FindKey(std::string_view key) const;
  ValueId Value(std::string_view value);
  ValueId FindValue(std::string_view value) const { return values_.Find(value); }
  const std::string& KeyName(KeyId k) const { return keys_.Name(k); }
  const std::string& ValueName(ValueId v) const { return values_.Name(v); }
  size_t num_keys() const { return keys_.size(); }
  // True if `k` may be undefined on a NodePool (karpenter WellKnownLabels plus extras).
  bool WellKnown(KeyId k) const { return well_known_[k] != 0; }
  // Marks an extra key as well known (e.g. the kwok provider's labels).
  void AddWellKnown(std::string_view key);
  // The value read as a base-10 int64 (strconv.Atoi); false when it is not one.
  bool IntValue(ValueId v, int64_t* out) const {
    *out = ints_[v];
    return int_ok_[v] != 0;
  }

  // Well-known keys the simulation refers to by id.
  KeyId hostname = 0, zone = 0, capacity_type = 0, instance_type = 0, nodepool = 0, registered = 0,
        initialized = 0;

 private:
  StringTable keys_, values_;
  std::vector<uint8_t> well_known_;
  std::vector<int64_t> ints_;
  std::vector<uint8_t> int_ok_;
};

// Resource names in fixed slots: cpu (millicores), memory, pods, ephemeral-storage, then any
// other resource in first-seen order. cpu is compared in millicores, every other resource in
// whole units rounded up (Quantity::Value), as kube-scheduler does.
class Resources {
 public:
  static constexpr uint32_t kCpu = 0, kMemory = 1, kPods = 2, kEphemeralStorage = 3;
  Resources();
  uint32_t Slot(std::string_view name);
  uint32_t FindSlot(std::string_view name) const { return names_.Find(name); }
  const std::string& Name(uint32_t slot) const { return names_.Name(slot); }
  size_t size() const { return names_.size(); }
  // The integer amount of `q` in `slot`'s unit.
  static int64_t Amount(uint32_t slot, const api::Quantity& q);
  // The quantity for an amount in `slot`'s unit (cpu as DecimalSI millicores, memory and
  // ephemeral-storage BinarySI bytes, others DecimalSI).
  api::Quantity ToQuantity(uint32_t slot, int64_t amount) const;

 private:
  StringTable names_;
};

// A dense resource vector, one int64 per slot of a Resources table (sized by the caller).
using ResVec = std::vector<int64_t>;

// Interns every resource of `list` into `table` (so vectors sized afterwards hold them).
void InternResources(const api::ResourceList& list, Resources& table);
// `list` as a dense vector of `n` slots; resources not in `table` are ignored.
ResVec ToResVec(const api::ResourceList& list, const Resources& table, size_t n);
// Adds `b` into `a` element-wise.
inline void AddInto(ResVec& a, const ResVec& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] += b[i];
}
// True if a[i] <= b[i] for every slot.
inline bool AllLessEqual(const ResVec& a, const ResVec& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
  }
  return true;
}

}  // namespace swell::provisioning::detail
