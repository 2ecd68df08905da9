// Karpenter's scheduling requirements: a set algebra over node-selector requirements, used to
// decide whether a pod can land on a NodePool / NodeClaim / instance type.
//
// A C++ port of karpenter core pkg/scheduling/requirement.go and requirements.go (HEAD with
// Gte/Lte, karpenter#2674), semantics checked against requirement_test.go and
// requirements_test.go (../shared/reference/karpenter.md §1.1, §2.5, §2.6). Differences from
// upstream are called out where they occur; all of them replace Go's randomness (map order,
// math/rand) with a deterministic choice.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/core/scheduling.h"
#include "util/status.h"

namespace swell::api {

// Operators of NodeSelectorRequirementWithMinValues: corev1's six plus Karpenter's Gte and Lte
// (v1.9.0+).
inline constexpr std::string_view kOpIn = "In";
inline constexpr std::string_view kOpNotIn = "NotIn";
inline constexpr std::string_view kOpExists = "Exists";
inline constexpr std::string_view kOpDoesNotExist = "DoesNotExist";
inline constexpr std::string_view kOpGt = "Gt";
inline constexpr std::string_view kOpLt = "Lt";
inline constexpr std::string_view kOpGte = "Gte";
inline constexpr std::string_view kOpLte = "Lte";

// karpenter.sh/v1 NodeSelectorRequirementWithMinValues (NodePool and NodeClaim
// spec.requirements[]): a corev1.NodeSelectorRequirement plus minValues (1..50), the least
// number of distinct values of `key` the chosen instance types must span (karpenter.md §2.5).
struct NodeSelectorRequirementWithMinValues {
  std::string key;
  std::string op;
  std::vector<std::string> values;
  std::optional<int32_t> min_values;
  friend bool operator==(const NodeSelectorRequirementWithMinValues&,
                         const NodeSelectorRequirementWithMinValues&) = default;
};
template <class V>
void Fields(V& v, NodeSelectorRequirementWithMinValues& r) {
  v("key", r.key, kRequired);
  v("operator", r.op, kRequired);
  v("values", r.values);
  v("minValues", r.min_values);
}

// One key's constraint (requirement.go Requirement): either a value set (In; empty means
// DoesNotExist) or its complement (NotIn; empty means Exists), plus optional inclusive integer
// bounds gte/lte (kept only on complement requirements) and minValues.
//
// Construction (NewRequirementWithFlexibility): the key is normalized
// (karpenter::NormalizeLabelKey); In keeps its values; NotIn keeps its values as the excluded
// set; Exists and DoesNotExist ignore values; Gt N becomes Gte N+1 and Lt N becomes Lte N-1;
// Gte/Lte keep N. The bound value is values[0] read like Go's strconv.Atoi with the error
// ignored ("prevalidated" upstream): a malformed or missing value reads as 0, an out-of-range
// one clamps to the int64 limit. Gt INT64_MAX is DoesNotExist without minValues (upstream);
// Lt INT64_MIN is the same (upstream wraps around; nothing is below INT64_MIN). An unknown
// operator yields Exists, as upstream.
class Requirement {
 public:
  Requirement(std::string_view key, std::string_view op, std::span<const std::string> values,
              std::optional<int32_t> min_values = std::nullopt);
  Requirement(std::string_view key, std::string_view op,
              std::initializer_list<std::string_view> values = {},
              std::optional<int32_t> min_values = std::nullopt);

  // The normalized key.
  const std::string& key() const { return key_; }
  // True for NotIn/Exists-shaped requirements (values_ is the excluded set).
  bool complement() const { return complement_; }
  // The value set (In) or the excluded set (NotIn), sorted ascending, without duplicates.
  // Upstream returns an unordered list.
  const std::vector<std::string>& Values() const { return values_; }
  // Inclusive bounds (Gt/Lt are stored canonicalized as Gte/Lte).
  std::optional<int64_t> gte() const { return gte_; }
  std::optional<int64_t> lte() const { return lte_; }
  std::optional<int32_t> min_values() const { return min_values_; }

  // True if a node label value `value` satisfies this requirement: in (or, for a complement,
  // not in) the set, and, when a bound is set, a base-10 int64 within it.
  bool Has(std::string_view value) const;

  // A value this requirement allows, for labelling a node; "" for DoesNotExist (or when the
  // bounds admit no value). In: the smallest value (upstream: an arbitrary one). NotIn/Exists:
  // the smallest integer >= gte (or >= 0 without gte; the bound itself when lte < 0) that is
  // within the bounds and not excluded (upstream: a random integer in that range, not checked
  // against the excluded set).
  std::string Any() const;

  // Intersection (requirement.go): values intersect as sets (complement ∪ complement,
  // set − excluded, set ∩ set); bounds take the tighter of each side, and when they cross the
  // result is DoesNotExist; values outside the bounds are dropped; a non-complement result
  // drops its bounds; minValues is the larger of the two (karpenter.md §2.5). The result has
  // this requirement's key.
  Requirement Intersection(const Requirement& other) const;
  // In-place Intersection: *this = this->Intersection(other), reusing this value vector.
  void IntersectWith(const Requirement& other);
  // True if Intersection(other) would allow some value (HasIntersection): bounds must not
  // cross; two complements always intersect; otherwise some concrete value must survive.
  // Allocates nothing.
  bool HasIntersection(const Requirement& other) const;

  // In (non-empty set), DoesNotExist (empty set), NotIn (non-empty excluded set) or Exists
  // (empty excluded set; Gt/Lt/Gte/Lte report Exists since their bounds are kept separately).
  std::string_view Operator() const;
  // Number of allowed values: the set size, or INT64_MAX minus the excluded count.
  int64_t Len() const;

  // "key In [a b]", "key Exists", "key NotIn [1 2] >=2 <=8 minValues 3"; more than five values
  // print as "[v1 v2 v3 v4 v5 and N others]".
  std::string String() const;

  // NodeSelectorRequirement(): Gte N if gte is set, else Lte N if lte is set, else
  // NotIn/Exists/In/DoesNotExist with the sorted values; minValues carried over. A requirement
  // with both bounds needs two (see Requirements::ToNodeSelectorRequirements).
  NodeSelectorRequirementWithMinValues ToNodeSelectorRequirement() const;

  friend bool operator==(const Requirement&, const Requirement&) = default;

 private:
  template <class Range>
  void Init(std::string_view key, std::string_view op, const Range& values,
            std::optional<int32_t> min_values);
  void MakeDoesNotExist();

  std::string key_;
  bool complement_ = false;
  std::vector<std::string> values_;  // sorted, unique
  std::optional<int64_t> gte_;
  std::optional<int64_t> lte_;
  std::optional<int32_t> min_values_;
};

// A set of requirements keyed by normalized label key (requirements.go Requirements), kept as a
// vector sorted by key: small, cache-friendly, and iterated in a stable order.
class Requirements {
 public:
  using const_iterator = std::vector<Requirement>::const_iterator;

  Requirements() = default;
  // NewNodeSelectorRequirementsWithMinValues: each requirement Added in order.
  static Requirements FromNodeSelectorRequirementsWithMinValues(
      std::span<const NodeSelectorRequirementWithMinValues> requirements);
  // NewNodeSelectorRequirements (no minValues).
  static Requirements FromNodeSelectorRequirements(
      std::span<const NodeSelectorRequirement> requirements);
  // NewLabelRequirements: key In [value] per label.
  static Requirements FromLabels(const StringMap& labels);

  // Add: a new key is inserted; an existing key is intersected with `requirement`.
  void Add(const Requirement& requirement);
  void Add(Requirement&& requirement);
  // Adds every requirement of `other`.
  void Add(const Requirements& other);

  // The requirement for `key` (not normalized), or nullptr.
  const Requirement* Find(std::string_view key) const;
  // Get: the requirement for `key`, or `key Exists` when undefined.
  Requirement Get(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  // The keys in ascending order; the views live as long as this set is not modified.
  std::vector<std::string_view> Keys() const;
  size_t size() const { return reqs_.size(); }
  bool empty() const { return reqs_.empty(); }
  const_iterator begin() const { return reqs_.begin(); }
  const_iterator end() const { return reqs_.end(); }

  // Intersects: for every key defined on both sides, the two requirements must have an
  // intersection, unless both are NotIn/DoesNotExist-shaped (then the key may simply be
  // absent). Undefined keys are fine. The error (InvalidArgument) names each conflicting key, in
  // key order, as upstream's "key <key>, <incoming> not in <existing>" joined with "; ", where
  // `other` is the incoming side.
  Status Intersects(const Requirements& other) const;
  // Intersects(other).ok(), without building messages.
  bool HasIntersection(const Requirements& other) const;

  // Compatible: every key of `other` must be defined here, or be in `allow_undefined` (a
  // sorted key list, typically karpenter::WellKnownLabels(), i.e. upstream's
  // AllowUndefinedWellKnownLabels), or be NotIn/DoesNotExist in `other`; then Intersects.
  // The first undefined key (in key order) fails with InvalidArgument "label \"<key>\" does not
  // have known values", plus " (typo of \"<k>\"?)" for the first allowed key and then the first
  // defined key here that contains <key> or ends with the part of <key> after its first '/'
  // (each list searched in ascending order; upstream walks Go maps).
  Status Compatible(const Requirements& other,
                    std::span<const std::string_view> allow_undefined = {}) const;
  // Compatible(other, allow_undefined).ok(), without building messages.
  bool IsCompatible(const Requirements& other,
                    std::span<const std::string_view> allow_undefined = {}) const;

  // A new set holding every key of both, intersected where both define it.
  Requirements Intersection(const Requirements& other) const;

  // The labels these requirements pin down: key -> value for every In requirement with exactly
  // one value (well-known keys included). Upstream's (removed) Labels() used Any() instead and
  // skipped restricted keys; callers filter with karpenter::IsRestrictedLabel as needed.
  StringMap Labels() const;
  // True if any requirement carries minValues.
  bool HasMinValues() const;
  // NodeSelectorRequirements: one entry per key in key order, two (Gte then Lte) for a
  // requirement with both bounds.
  std::vector<NodeSelectorRequirementWithMinValues> ToNodeSelectorRequirements() const;
  // Requirement strings joined with ", " in key order, leaving out restricted labels
  // (kubernetes.io/hostname), as upstream's sorted String().
  std::string String() const;

  friend bool operator==(const Requirements&, const Requirements&) = default;

 private:
  template <bool kWithMessages>
  Status CheckIntersects(const Requirements& other, bool* ok) const;
  template <bool kWithMessages>
  Status CheckCompatible(const Requirements& other, std::span<const std::string_view> allow,
                         bool* ok) const;

  std::vector<Requirement> reqs_;  // sorted by key, keys unique
};

}  // namespace swell::api
