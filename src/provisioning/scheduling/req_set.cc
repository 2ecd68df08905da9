// Port of karpenter core pkg/scheduling/requirement.go and requirements.go over interned ids;
// the string version is api/requirements.cc and both must agree (req_set_test.cc checks them
// against each other).
#include "provisioning/scheduling/req_set.h"

#include <algorithm>
#include <limits>
#include <string>

namespace swell::provisioning::detail {
namespace {

constexpr int64_t kMaxInt = std::numeric_limits<int64_t>::max();

bool SortedHas(const std::vector<ValueId>& v, ValueId x) {
  return std::binary_search(v.begin(), v.end(), x);
}

bool WithinBounds(ValueId v, bool has_gte, int64_t gte, bool has_lte, int64_t lte,
                  const Labels& labels) {
  if (!has_gte && !has_lte) return true;
  int64_t n = 0;
  if (!labels.IntValue(v, &n)) return false;
  if (has_gte && n < gte) return false;
  if (has_lte && n > lte) return false;
  return true;
}

}  // namespace

Req Req::Exists(KeyId key) {
  Req r;
  r.key = key;
  return r;
}

Req Req::In(KeyId key, ValueId v) {
  Req r;
  r.key = key;
  r.complement = false;
  r.values.push_back(v);
  return r;
}

Req Req::DoesNotExist(KeyId key) {
  Req r;
  r.key = key;
  r.complement = false;
  return r;
}

bool Req::Has(ValueId v, const Labels& labels) const {
  return SortedHas(values, v) != complement && WithinBounds(v, has_gte, gte, has_lte, lte, labels);
}

int64_t Req::Len() const {
  auto n = static_cast<int64_t>(values.size());
  return complement ? kMaxInt - n : n;
}

void Req::IntersectWith(const Req& o, const Labels& labels) {
  bool g = has_gte || o.has_gte, l = has_lte || o.has_lte;
  int64_t ng = has_gte && o.has_gte ? std::max(gte, o.gte) : (has_gte ? gte : o.gte);
  int64_t nl = has_lte && o.has_lte ? std::min(lte, o.lte) : (has_lte ? lte : o.lte);
  if (o.min_values > min_values) min_values = o.min_values;
  if (g && l && ng > nl) {
    complement = false;
    values.clear();
    has_gte = has_lte = false;
    return;
  }
  if (complement && o.complement) {
    std::vector<ValueId> merged;
    merged.reserve(values.size() + o.values.size());
    std::set_union(values.begin(), values.end(), o.values.begin(), o.values.end(),
                   std::back_inserter(merged));
    values.swap(merged);
  } else if (complement) {
    std::vector<ValueId> kept;
    kept.reserve(o.values.size());
    std::set_difference(o.values.begin(), o.values.end(), values.begin(), values.end(),
                        std::back_inserter(kept));
    values.swap(kept);
  } else if (o.complement) {
    std::erase_if(values, [&](ValueId v) { return SortedHas(o.values, v); });
  } else {
    std::erase_if(values, [&](ValueId v) { return !SortedHas(o.values, v); });
  }
  if (g || l) {
    std::erase_if(values, [&](ValueId v) { return !WithinBounds(v, g, ng, l, nl, labels); });
  }
  complement = complement && o.complement;
  if (complement) {
    has_gte = g;
    gte = ng;
    has_lte = l;
    lte = nl;
  } else {
    has_gte = has_lte = false;
    gte = lte = 0;
  }
}

bool Req::HasIntersection(const Req& o, const Labels& labels) const {
  bool g = has_gte || o.has_gte, l = has_lte || o.has_lte;
  int64_t ng = has_gte && o.has_gte ? std::max(gte, o.gte) : (has_gte ? gte : o.gte);
  int64_t nl = has_lte && o.has_lte ? std::min(lte, o.lte) : (has_lte ? lte : o.lte);
  if (g && l && ng > nl) return false;
  if (complement && o.complement) return true;
  const Req& set = complement ? o : *this;
  const Req& filter = complement ? *this : o;
  for (ValueId v : set.values) {
    if (SortedHas(filter.values, v) != filter.complement && WithinBounds(v, g, ng, l, nl, labels)) {
      return true;
    }
  }
  return false;
}

// ---- ReqSet ----------------------------------------------------------------------------------

void ReqSet::Add(const Req& r, const Labels& labels) {
  auto it = std::lower_bound(reqs_.begin(), reqs_.end(), r.key,
                             [](const Req& a, KeyId k) { return a.key < k; });
  if (it != reqs_.end() && it->key == r.key) {
    it->IntersectWith(r, labels);
  } else {
    reqs_.insert(it, r);
  }
}

void ReqSet::Add(const ReqSet& other, const Labels& labels) {
  for (const Req& r : other.reqs_) Add(r, labels);
}

const Req* ReqSet::Find(KeyId key) const {
  auto it = std::lower_bound(reqs_.begin(), reqs_.end(), key,
                             [](const Req& a, KeyId k) { return a.key < k; });
  return it != reqs_.end() && it->key == key ? &*it : nullptr;
}

Req* ReqSet::FindMutable(KeyId key) { return const_cast<Req*>(Find(key)); }

void ReqSet::Erase(KeyId key) {
  std::erase_if(reqs_, [&](const Req& r) { return r.key == key; });
}

bool ReqSet::HasMinValues() const {
  return std::any_of(reqs_.begin(), reqs_.end(), [](const Req& r) { return r.min_values > 0; });
}

bool ReqSet::Intersects(const ReqSet& other, const Labels& labels) const {
  auto a = reqs_.begin();
  auto b = other.reqs_.begin();
  while (a != reqs_.end() && b != other.reqs_.end()) {
    if (a->key < b->key) {
      ++a;
    } else if (b->key < a->key) {
      ++b;
    } else {
      if (!a->HasIntersection(*b, labels) &&
          !(a->IsNotInOrDoesNotExist() && b->IsNotInOrDoesNotExist())) {
        return false;
      }
      ++a;
      ++b;
    }
  }
  return true;
}

bool ReqSet::Compatible(const ReqSet& other, bool allow_well_known, const Labels& labels) const {
  for (const Req& incoming : other.reqs_) {
    if ((allow_well_known && labels.WellKnown(incoming.key)) || Find(incoming.key) != nullptr ||
        incoming.IsNotInOrDoesNotExist()) {
      continue;
    }
    return false;
  }
  return Intersects(other, labels);
}

// ---- conversions -----------------------------------------------------------------------------

Req FromApi(const api::Requirement& r, Labels& labels) {
  Req out;
  out.key = labels.Key(r.key());
  out.complement = r.complement();
  out.values.reserve(r.Values().size());
  for (const std::string& v : r.Values()) out.values.push_back(labels.Value(v));
  std::sort(out.values.begin(), out.values.end());
  if (r.gte()) {
    out.has_gte = true;
    out.gte = *r.gte();
  }
  if (r.lte()) {
    out.has_lte = true;
    out.lte = *r.lte();
  }
  out.min_values = r.min_values().value_or(0);
  return out;
}

ReqSet FromApi(const api::Requirements& rs, Labels& labels) {
  ReqSet out;
  for (const api::Requirement& r : rs) out.Add(FromApi(r, labels), labels);
  return out;
}

api::Requirement ToApi(const Req& r, const Labels& labels) {
  std::vector<std::string> values;
  values.reserve(r.values.size());
  for (ValueId v : r.values) values.push_back(labels.ValueName(v));
  std::optional<int32_t> min_values;
  if (r.min_values > 0) min_values = r.min_values;
  const std::string& key = labels.KeyName(r.key);
  api::Requirement out(key, r.complement ? api::kOpNotIn : api::kOpIn, values, min_values);
  if (r.has_gte) {
    out.IntersectWith(api::Requirement(key, api::kOpGte, {std::to_string(r.gte)}));
  }
  if (r.has_lte) {
    out.IntersectWith(api::Requirement(key, api::kOpLte, {std::to_string(r.lte)}));
  }
  return out;
}

api::Requirements ToApi(const ReqSet& rs, const Labels& labels) {
  api::Requirements out;
  for (const Req& r : rs.reqs()) out.Add(ToApi(r, labels));
  return out;
}

}  // namespace swell::provisioning::detail
