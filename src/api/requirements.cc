// Port of karpenter core pkg/scheduling/requirement.go and requirements.go; see requirements.h.
#include "api/requirements.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "api/karpenter/well_known.h"

namespace swell::api {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinInt = std::numeric_limits<int64_t>::min();

struct GoInt {
  int64_t value = 0;
  bool ok = false;
};

// strconv.Atoi on a 64-bit platform (ParseInt(s, 10, 64)): an optional sign, then one or more
// decimal digits. A syntax error yields 0; overflow yields the clamped limit (both with ok ==
// false). Like Go, overflow of the uint64 accumulator returns at once, before later characters
// are looked at.
GoInt Atoi(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return {};
  const GoInt clamped = {neg ? kMinInt : kMaxInt, false};
  constexpr uint64_t kCutoff = std::numeric_limits<uint64_t>::max() / 10 + 1;
  uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return {};
    if (n >= kCutoff) return clamped;
    n *= 10;
    uint64_t n1 = n + static_cast<uint64_t>(c - '0');
    if (n1 < n) return clamped;
    n = n1;
  }
  constexpr auto kMaxMagnitude = static_cast<uint64_t>(kMaxInt);
  if (!neg) return n > kMaxMagnitude ? clamped : GoInt{static_cast<int64_t>(n), true};
  if (n > kMaxMagnitude + 1) return clamped;
  // -n without overflow: n == 2^63 is INT64_MIN.
  return {n == kMaxMagnitude + 1 ? kMinInt : -static_cast<int64_t>(n), true};
}

// requirement.go withinBounds: without bounds anything goes; with bounds only integers in range.
bool WithinBounds(std::string_view value, const std::optional<int64_t>& gte,
                  const std::optional<int64_t>& lte) {
  if (!gte && !lte) return true;
  GoInt v = Atoi(value);
  if (!v.ok) return false;
  if (gte && v.value < *gte) return false;
  if (lte && v.value > *lte) return false;
  return true;
}

template <class T>
std::optional<T> MaxOpt(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a) return b;
  if (!b) return a;
  return *a > *b ? a : b;
}
template <class T>
std::optional<T> MinOpt(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a) return b;
  if (!b) return a;
  return *a < *b ? a : b;
}

bool SortedHas(const std::vector<std::string>& sorted, std::string_view v) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), v,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != sorted.end() && *it == v;
}

bool IsNotInOrDoesNotExist(std::string_view op) { return op == kOpNotIn || op == kOpDoesNotExist; }

bool SortedKeysHas(std::span<const std::string_view> keys, std::string_view key) {
  return std::binary_search(keys.begin(), keys.end(), key);
}

// fmt's %q for a label key (printable ASCII in practice): quotes, escaping '"' and '\'.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

// requirements.go getSuffix: the part after the first '/', or the whole key.
std::string_view Suffix(std::string_view key) {
  size_t slash = key.find('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

bool LooksLikeTypoOf(std::string_view candidate, std::string_view key) {
  return candidate.find(key) != std::string_view::npos || candidate.ends_with(Suffix(key));
}

}  // namespace

// ---- Requirement -----------------------------------------------------------------------------

Requirement::Requirement(std::string_view key, std::string_view op,
                         std::span<const std::string> values, std::optional<int32_t> min_values) {
  Init(key, op, values, min_values);
}

Requirement::Requirement(std::string_view key, std::string_view op,
                         std::initializer_list<std::string_view> values,
                         std::optional<int32_t> min_values) {
  Init(key, op, values, min_values);
}

template <class Range>
void Requirement::Init(std::string_view key, std::string_view op, const Range& values,
                       std::optional<int32_t> min_values) {
  key_ = karpenter::NormalizeLabelKey(key);
  min_values_ = min_values;
  complement_ = op != kOpIn && op != kOpDoesNotExist;
  if (op == kOpIn || op == kOpNotIn) {
    values_.reserve(values.size());
    for (const auto& v : values) values_.emplace_back(v);
    std::sort(values_.begin(), values_.end());
    values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
    return;
  }
  bool gt = op == kOpGt, lt = op == kOpLt;
  if (!gt && !lt && op != kOpGte && op != kOpLte) return;  // Exists, DoesNotExist, unknown
  int64_t n = values.size() == 0 ? 0 : Atoi(std::string_view(*values.begin())).value;
  if ((gt && n == kMaxInt) || (lt && n == kMinInt)) {
    // Nothing is above INT64_MAX (or below INT64_MIN): DoesNotExist, dropping minValues as
    // upstream's NewRequirement(key, DoesNotExist) does.
    MakeDoesNotExist();
    min_values_.reset();
    return;
  }
  if (gt || op == kOpGte) {
    gte_ = gt ? n + 1 : n;
  } else {
    lte_ = lt ? n - 1 : n;
  }
}

void Requirement::MakeDoesNotExist() {
  complement_ = false;
  values_.clear();
  gte_.reset();
  lte_.reset();
}

bool Requirement::Has(std::string_view value) const {
  return SortedHas(values_, value) != complement_ && WithinBounds(value, gte_, lte_);
}

std::string Requirement::Any() const {
  std::string_view op = Operator();
  if (op == kOpIn) return values_.front();
  if (op == kOpDoesNotExist) return {};
  int64_t hi = lte_.value_or(kMaxInt);
  int64_t lo = gte_ ? *gte_ : std::min<int64_t>(0, hi);
  // At most values_.size() candidates are excluded, so this stops quickly.
  for (int64_t v = lo; v <= hi; v++) {
    std::string s = std::to_string(v);
    if (!SortedHas(values_, s)) return s;
    if (v == hi) break;
  }
  return {};
}

Requirement Requirement::Intersection(const Requirement& other) const {
  Requirement out = *this;
  out.IntersectWith(other);
  return out;
}

void Requirement::IntersectWith(const Requirement& other) {
  std::optional<int64_t> gte = MaxOpt(gte_, other.gte_);
  std::optional<int64_t> lte = MinOpt(lte_, other.lte_);
  min_values_ = MaxOpt(min_values_, other.min_values_);
  if (gte && lte && *gte > *lte) {
    MakeDoesNotExist();
    return;
  }
  if (complement_ && other.complement_) {
    // Both exclude: exclude the union.
    std::vector<std::string> merged;
    merged.reserve(values_.size() + other.values_.size());
    std::set_union(values_.begin(), values_.end(), other.values_.begin(), other.values_.end(),
                   std::back_inserter(merged));
    values_ = std::move(merged);
  } else if (complement_) {
    // other's set minus what this excludes.
    std::vector<std::string> kept;
    kept.reserve(other.values_.size());
    std::set_difference(other.values_.begin(), other.values_.end(), values_.begin(), values_.end(),
                        std::back_inserter(kept));
    values_ = std::move(kept);
  } else if (other.complement_) {
    std::erase_if(values_, [&](const std::string& v) { return SortedHas(other.values_, v); });
  } else {
    std::erase_if(values_, [&](const std::string& v) { return !SortedHas(other.values_, v); });
  }
  std::erase_if(values_, [&](const std::string& v) { return !WithinBounds(v, gte, lte); });
  complement_ = complement_ && other.complement_;
  if (complement_) {
    gte_ = gte;
    lte_ = lte;
  } else {  // a concrete set has no bounds
    gte_.reset();
    lte_.reset();
  }
}

bool Requirement::HasIntersection(const Requirement& other) const {
  std::optional<int64_t> gte = MaxOpt(gte_, other.gte_);
  std::optional<int64_t> lte = MinOpt(lte_, other.lte_);
  if (gte && lte && *gte > *lte) return false;
  if (complement_ && other.complement_) return true;
  const Requirement& set = complement_ ? other : *this;
  const Requirement& filter = complement_ ? *this : other;
  // filter is a complement (exclude its values) or a set (keep only its values).
  return std::any_of(set.values_.begin(), set.values_.end(), [&](const std::string& v) {
    return SortedHas(filter.values_, v) != filter.complement_ && WithinBounds(v, gte, lte);
  });
}

std::string_view Requirement::Operator() const {
  if (complement_) return values_.empty() ? kOpExists : kOpNotIn;
  return values_.empty() ? kOpDoesNotExist : kOpIn;
}

int64_t Requirement::Len() const {
  auto n = static_cast<int64_t>(values_.size());
  return complement_ ? kMaxInt - n : n;
}

std::string Requirement::String() const {
  std::string_view op = Operator();
  std::string s = key_;
  s += ' ';
  s += op;
  if (op != kOpExists && op != kOpDoesNotExist) {
    s += " [";
    size_t shown = std::min<size_t>(values_.size(), 5);
    for (size_t i = 0; i < shown; i++) {
      if (i > 0) s += ' ';
      s += values_[i];
    }
    if (values_.size() > 5) s += " and " + std::to_string(values_.size() - 5) + " others";
    s += ']';
  }
  if (gte_) s += " >=" + std::to_string(*gte_);
  if (lte_) s += " <=" + std::to_string(*lte_);
  if (min_values_) s += " minValues " + std::to_string(*min_values_);
  return s;
}

NodeSelectorRequirementWithMinValues Requirement::ToNodeSelectorRequirement() const {
  NodeSelectorRequirementWithMinValues r;
  r.key = key_;
  r.min_values = min_values_;
  if (gte_) {
    r.op = kOpGte;
    r.values = {std::to_string(*gte_)};
  } else if (lte_) {
    r.op = kOpLte;
    r.values = {std::to_string(*lte_)};
  } else {
    r.op = Operator();
    r.values = values_;
  }
  return r;
}

// ---- Requirements ----------------------------------------------------------------------------

Requirements Requirements::FromNodeSelectorRequirementsWithMinValues(
    std::span<const NodeSelectorRequirementWithMinValues> requirements) {
  Requirements out;
  for (const auto& r : requirements) out.Add(Requirement(r.key, r.op, r.values, r.min_values));
  return out;
}

Requirements Requirements::FromNodeSelectorRequirements(
    std::span<const NodeSelectorRequirement> requirements) {
  Requirements out;
  for (const auto& r : requirements) out.Add(Requirement(r.key, r.op, r.values));
  return out;
}

Requirements Requirements::FromLabels(const StringMap& labels) {
  Requirements out;
  for (const auto& [key, value] : labels) out.Add(Requirement(key, kOpIn, {value}));
  return out;
}

namespace {

template <class R>
void AddSorted(std::vector<Requirement>& reqs, R&& requirement) {
  auto it =
      std::lower_bound(reqs.begin(), reqs.end(), requirement.key(),
                       [](const Requirement& r, const std::string& key) { return r.key() < key; });
  if (it != reqs.end() && it->key() == requirement.key()) {
    it->IntersectWith(requirement);
  } else {
    reqs.insert(it, std::forward<R>(requirement));
  }
}

}  // namespace

void Requirements::Add(const Requirement& requirement) { AddSorted(reqs_, requirement); }

void Requirements::Add(Requirement&& requirement) { AddSorted(reqs_, std::move(requirement)); }

void Requirements::Add(const Requirements& other) {
  for (const Requirement& r : other.reqs_) Add(r);
}

const Requirement* Requirements::Find(std::string_view key) const {
  auto it = std::lower_bound(reqs_.begin(), reqs_.end(), key,
                             [](const Requirement& r, std::string_view k) { return r.key() < k; });
  return it != reqs_.end() && it->key() == key ? &*it : nullptr;
}

Requirement Requirements::Get(std::string_view key) const {
  if (const Requirement* r = Find(key)) return *r;
  return Requirement(key, kOpExists);
}

std::vector<std::string_view> Requirements::Keys() const {
  std::vector<std::string_view> keys;
  keys.reserve(reqs_.size());
  for (const Requirement& r : reqs_) keys.emplace_back(r.key());
  return keys;
}

template <bool kWithMessages>
Status Requirements::CheckIntersects(const Requirements& other, bool* ok) const {
  *ok = true;
  std::string errors;
  // Both vectors are sorted by key: walk the keys they share.
  auto a = reqs_.begin();
  auto b = other.reqs_.begin();
  while (a != reqs_.end() && b != other.reqs_.end()) {
    if (a->key() < b->key()) {
      ++a;
      continue;
    }
    if (b->key() < a->key()) {
      ++b;
      continue;
    }
    const Requirement& existing = *a;
    const Requirement& incoming = *b;
    ++a;
    ++b;
    if (existing.HasIntersection(incoming)) continue;
    // Both sides may be satisfied by the label being absent.
    if (IsNotInOrDoesNotExist(incoming.Operator()) && IsNotInOrDoesNotExist(existing.Operator())) {
      continue;
    }
    *ok = false;
    if constexpr (!kWithMessages) return Status();
    if (!errors.empty()) errors += "; ";
    errors += "key " + incoming.key() + ", " + incoming.String() + " not in " + existing.String();
  }
  if (*ok) return Status();
  return InvalidArgument(std::move(errors));
}

Status Requirements::Intersects(const Requirements& other) const {
  bool ok = true;
  return CheckIntersects<true>(other, &ok);
}

bool Requirements::HasIntersection(const Requirements& other) const {
  bool ok = true;
  (void)CheckIntersects<false>(other, &ok);
  return ok;
}

template <bool kWithMessages>
Status Requirements::CheckCompatible(const Requirements& other,
                                     std::span<const std::string_view> allow, bool* ok) const {
  // Custom labels must be defined here to intersect; allowed (well-known) ones may be
  // undefined. NotIn/DoesNotExist are satisfied by an absent label.
  for (const Requirement& incoming : other.reqs_) {
    const std::string& key = incoming.key();
    if (SortedKeysHas(allow, key) || Has(key) || IsNotInOrDoesNotExist(incoming.Operator())) {
      continue;
    }
    *ok = false;
    if constexpr (!kWithMessages) return Status();
    std::string msg = "label " + Quote(key) + " does not have known values";
    auto hint = std::find_if(allow.begin(), allow.end(),
                             [&](std::string_view k) { return LooksLikeTypoOf(k, key); });
    if (hint != allow.end()) {
      msg += " (typo of " + Quote(*hint) + "?)";
    } else {
      auto defined = std::find_if(reqs_.begin(), reqs_.end(), [&](const Requirement& r) {
        return LooksLikeTypoOf(r.key(), key);
      });
      if (defined != reqs_.end()) msg += " (typo of " + Quote(defined->key()) + "?)";
    }
    return InvalidArgument(std::move(msg));
  }
  return CheckIntersects<kWithMessages>(other, ok);
}

Status Requirements::Compatible(const Requirements& other,
                                std::span<const std::string_view> allow_undefined) const {
  bool ok = true;
  return CheckCompatible<true>(other, allow_undefined, &ok);
}

bool Requirements::IsCompatible(const Requirements& other,
                                std::span<const std::string_view> allow_undefined) const {
  bool ok = true;
  (void)CheckCompatible<false>(other, allow_undefined, &ok);
  return ok;
}

Requirements Requirements::Intersection(const Requirements& other) const {
  Requirements out = *this;
  out.Add(other);
  return out;
}

StringMap Requirements::Labels() const {
  StringMap labels;
  for (const Requirement& r : reqs_) {
    if (!r.complement() && r.Values().size() == 1) labels.emplace(r.key(), r.Values().front());
  }
  return labels;
}

bool Requirements::HasMinValues() const {
  return std::any_of(reqs_.begin(), reqs_.end(),
                     [](const Requirement& r) { return r.min_values().has_value(); });
}

std::vector<NodeSelectorRequirementWithMinValues> Requirements::ToNodeSelectorRequirements() const {
  std::vector<NodeSelectorRequirementWithMinValues> out;
  out.reserve(reqs_.size());
  for (const Requirement& r : reqs_) {
    if (r.gte() && r.lte()) {
      // BoundedNodeSelectorRequirements
      out.push_back({r.key(), std::string(kOpGte), {std::to_string(*r.gte())}, r.min_values()});
      out.push_back({r.key(), std::string(kOpLte), {std::to_string(*r.lte())}, r.min_values()});
    } else {
      out.push_back(r.ToNodeSelectorRequirement());
    }
  }
  return out;
}

std::string Requirements::String() const {
  // Upstream sorts the requirement strings; each starts with its key followed by ' ', which
  // sorts below every label-key character, so key order is the same order.
  const auto restricted = karpenter::RestrictedLabels();
  std::string out;
  for (const Requirement& r : reqs_) {
    if (std::find(restricted.begin(), restricted.end(), r.key()) != restricted.end()) continue;
    if (!out.empty()) out += ", ";
    out += r.String();
  }
  return out;
}

}  // namespace swell::api
