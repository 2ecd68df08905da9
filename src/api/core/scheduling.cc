// kube-scheduler matching semantics (../shared/reference/kubernetes.md §2.4-2.5), ported from
// api@release-1.32 core/v1/toleration.go (ToleratesTaint), component-helpers@release-1.32
// scheduling/corev1/helpers.go (FindMatchingUntoleratedTaint),
// scheduling/corev1/nodeaffinity/nodeaffinity.go (node selector terms) and
// apimachinery@release-1.32 pkg/labels/selector.go (NewRequirement, Requirement.Matches).
#include "api/core/scheduling.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "api/labels.h"

namespace swell::api {
namespace {

// strconv.ParseInt(s, 10, 64): an optional sign, then one or more decimal digits, in range.
bool ParseInt64(std::string_view s, int64_t* out) {
  bool plus = !s.empty() && s.front() == '+';
  if (plus) s.remove_prefix(1);
  if (s.empty() || (plus && s.front() == '-')) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out, 10);
  return ec == std::errc() && ptr == end;
}

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool ToleratesTaint(const Toleration& toleration, const Taint& taint) {
  if (!toleration.effect.empty() && toleration.effect != taint.effect) return false;
  if (!toleration.key.empty() && toleration.key != taint.key) return false;
  if (toleration.op.empty() || toleration.op == "Equal") return toleration.value == taint.value;
  return toleration.op == "Exists";  // any other operator tolerates nothing
}

bool TolerationsTolerateTaints(const std::vector<Toleration>& tolerations,
                               const std::vector<Taint>& taints, const Taint** untolerated) {
  for (const Taint& taint : taints) {
    // The TaintToleration filter only looks at NoSchedule and NoExecute taints.
    if (taint.effect != kEffectNoSchedule && taint.effect != kEffectNoExecute) continue;
    bool tolerated = std::any_of(tolerations.begin(), tolerations.end(),
                                 [&](const Toleration& t) { return ToleratesTaint(t, taint); });
    if (!tolerated) {
      if (untolerated != nullptr) *untolerated = &taint;
      return false;
    }
  }
  return true;
}

bool MatchesNodeSelectorRequirement(const NodeSelectorRequirement& r, const Labels& labels) {
  // labels.NewRequirement rejects a malformed requirement; nodeaffinity then treats the term as
  // not matching, which for one requirement of an ANDed term is the same as "false" here.
  if (!CheckQualifiedName(r.key).empty()) return false;
  for (const std::string& v : r.values) {
    if (!CheckLabelValue(v).empty()) return false;
  }
  auto it = labels.find(r.key);
  bool present = it != labels.end();
  if (r.op == "In") {
    return !r.values.empty() && present && Contains(r.values, it->second);
  }
  if (r.op == "NotIn") {
    return !r.values.empty() && (!present || !Contains(r.values, it->second));
  }
  if (r.op == "Exists") return r.values.empty() && present;
  if (r.op == "DoesNotExist") return r.values.empty() && !present;
  if (r.op == "Gt" || r.op == "Lt") {
    int64_t want = 0;
    if (r.values.size() != 1 || !ParseInt64(r.values[0], &want)) return false;
    int64_t have = 0;
    if (!present || !ParseInt64(it->second, &have)) return false;
    return r.op == "Gt" ? have > want : have < want;
  }
  return false;  // unknown operator
}

bool MatchesNodeSelectorTerm(const NodeSelectorTerm& t, const Labels& labels,
                             std::string_view node_name) {
  // isEmptyNodeSelectorTerm: a term with neither list selects nothing.
  if (t.match_expressions.empty() && t.match_fields.empty()) return false;
  for (const NodeSelectorRequirement& r : t.match_expressions) {
    if (!MatchesNodeSelectorRequirement(r, labels)) return false;
  }
  for (const NodeSelectorRequirement& r : t.match_fields) {
    // nodeSelectorRequirementsAsFieldSelector: only In/NotIn, exactly one value.
    if ((r.op != "In" && r.op != "NotIn") || r.values.size() != 1) return false;
  }
  // nodeSelectorTerm.match checks fields only when the node has any: extractNodeFields sets
  // just metadata.name, and only for a non-empty name. A missing field reads as "".
  if (node_name.empty()) return true;
  for (const NodeSelectorRequirement& r : t.match_fields) {
    std::string_view field = r.key == "metadata.name" ? node_name : std::string_view();
    bool equal = field == r.values[0];
    if (r.op == "In" ? !equal : equal) return false;
  }
  return true;
}

bool MatchesNodeSelector(const NodeSelector& s, const Labels& labels, std::string_view node_name) {
  return std::any_of(
      s.node_selector_terms.begin(), s.node_selector_terms.end(),
      [&](const NodeSelectorTerm& t) { return MatchesNodeSelectorTerm(t, labels, node_name); });
}

}  // namespace swell::api
