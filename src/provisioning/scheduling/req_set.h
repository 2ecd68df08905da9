// Karpenter's scheduling.Requirements over interned ids: the same set algebra as
// api/requirements.h (a port of requirement.go / requirements.go, karpenter.md §2.3, §2.5),
// with values as sorted integer ids so the simulation's hot loop does no string work.
// Conversions to and from api::Requirements keep the two in step; error messages are built by
// converting back and asking the api types, so they read exactly like upstream's.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "api/requirements.h"
#include "provisioning/scheduling/interned.h"

namespace swell::provisioning::detail {

// One key's constraint: a value set (In; empty = DoesNotExist) or its complement (NotIn; empty
// = Exists), optional inclusive integer bounds (complements only) and minValues.
struct Req {
  KeyId key = 0;
  bool complement = true;
  std::vector<ValueId> values;  // sorted by id, unique
  bool has_gte = false, has_lte = false;
  int64_t gte = 0, lte = 0;
  int32_t min_values = 0;  // 0: unset

  // `key Exists` / `key In [v]` / `key DoesNotExist`.
  static Req Exists(KeyId key);
  static Req In(KeyId key, ValueId v);
  static Req DoesNotExist(KeyId key);

  // Requirement.Has: `v` is in the set (not in it, for a complement) and within the bounds.
  bool Has(ValueId v, const Labels& labels) const;
  // Requirement.Intersection, in place (minValues: the larger).
  void IntersectWith(const Req& o, const Labels& labels);
  // Requirement.HasIntersection. Allocates nothing.
  bool HasIntersection(const Req& o, const Labels& labels) const;
  bool IsIn() const { return !complement && !values.empty(); }
  bool IsDoesNotExist() const { return !complement && values.empty(); }
  // NotIn or DoesNotExist-shaped (satisfied by an absent label).
  bool IsNotInOrDoesNotExist() const { return complement ? !values.empty() : values.empty(); }
  // Requirement.Len: the set size, or INT64_MAX minus the excluded count.
  int64_t Len() const;
  friend bool operator==(const Req&, const Req&) = default;
};

// Requirements keyed by KeyId, sorted by key id.
class ReqSet {
 public:
  // Adds (intersects) `r`.
  void Add(const Req& r, const Labels& labels);
  void Add(const ReqSet& other, const Labels& labels);
  const Req* Find(KeyId key) const;
  Req* FindMutable(KeyId key);
  // Removes `key` if present.
  void Erase(KeyId key);
  bool HasMinValues() const;
  const std::vector<Req>& reqs() const { return reqs_; }
  bool empty() const { return reqs_.empty(); }
  void clear() { reqs_.clear(); }

  // Requirements.Intersects: every shared key has an intersection unless both are
  // NotIn/DoesNotExist-shaped.
  bool Intersects(const ReqSet& other, const Labels& labels) const;
  // Requirements.Compatible(other, allow): every key of `other` is defined here, well known
  // (when `allow_well_known`) or NotIn/DoesNotExist in `other`; then Intersects.
  bool Compatible(const ReqSet& other, bool allow_well_known, const Labels& labels) const;

  friend bool operator==(const ReqSet&, const ReqSet&) = default;

 private:
  std::vector<Req> reqs_;
};

// Conversions (exact: Gt/Lt parsing and key normalization happen in the api types).
Req FromApi(const api::Requirement& r, Labels& labels);
ReqSet FromApi(const api::Requirements& rs, Labels& labels);
api::Requirement ToApi(const Req& r, const Labels& labels);
api::Requirements ToApi(const ReqSet& rs, const Labels& labels);

}  // namespace swell::provisioning::detail
