#include "api/karpenter/template_validation.h"

#include <algorithm>
#include <charconv>
#include <regex>
#include <set>
#include <utility>

#include "api/karpenter/validation_util.h"
#include "api/karpenter/well_known.h"
#include "api/labels.h"

namespace swell::api::karpenter {
namespace {

// The karpenter.k8s.aws keys the AWS CRDs allow in labels and requirements (aws
// hack/validation/labels.sh and requirements.sh).
constexpr std::string_view kAwsCelAllowedKeys[] = {
    "karpenter.k8s.aws/instance-tenancy",
    "karpenter.k8s.aws/capacity-reservation-type",
    "karpenter.k8s.aws/capacity-reservation-id",
    "karpenter.k8s.aws/capacity-reservation-interruptible",
    "karpenter.k8s.aws/ec2nodeclass",
    "karpenter.k8s.aws/instance-encryption-in-transit-supported",
    "karpenter.k8s.aws/nitro-sandbox",
    "karpenter.k8s.aws/instance-category",
    "karpenter.k8s.aws/instance-hypervisor",
    "karpenter.k8s.aws/instance-family",
    "karpenter.k8s.aws/instance-generation",
    "karpenter.k8s.aws/instance-local-nvme",
    "karpenter.k8s.aws/instance-size",
    "karpenter.k8s.aws/instance-cpu",
    "karpenter.k8s.aws/instance-cpu-manufacturer",
    "karpenter.k8s.aws/instance-cpu-sustained-clock-speed-mhz",
    "karpenter.k8s.aws/instance-memory",
    "karpenter.k8s.aws/instance-ebs-bandwidth",
    "karpenter.k8s.aws/instance-network-bandwidth",
    "karpenter.k8s.aws/instance-gpu-name",
    "karpenter.k8s.aws/instance-gpu-manufacturer",
    "karpenter.k8s.aws/instance-gpu-count",
    "karpenter.k8s.aws/instance-gpu-memory",
    "karpenter.k8s.aws/instance-accelerator-name",
    "karpenter.k8s.aws/instance-accelerator-manufacturer",
    "karpenter.k8s.aws/instance-accelerator-count",
    "karpenter.k8s.aws/instance-capability-flex",
    "karpenter.k8s.aws/placement-group-id",
    "karpenter.k8s.aws/placement-group-partition",
};

constexpr size_t kMaxRequirements = 100;  // CRD maxItems
constexpr size_t kMaxKeyLength = 316;     // CRD maxLength of requirements[].key
constexpr int32_t kMinValuesMin = 1;
constexpr int32_t kMaxValuesMax = 50;
constexpr size_t kMaxLabels = 100;  // CRD maxProperties of template.metadata.labels

// CEL's x.find("^([^/]+)"): the text before the first '/', or "" when the key starts with '/'.
std::string_view CelDomain(std::string_view key) { return key.substr(0, key.find('/')); }

// Why `s` is not a qualified name, or "". The CRD pattern of requirement keys and taint keys,
//   ^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(\/))?
//    ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$,
// is apimachinery's IsQualifiedName without its length limits (a DNS-1123 subdomain prefix
// and the same name syntax), so IsQualifiedName, which the runtime validation applies, covers
// both (pattern_test.cc checks the equivalence).
std::string QualifiedNameProblem(std::string_view s) { return CheckQualifiedName(s); }

// Parses CEL int(string) / Go strconv.Atoi: optional sign, base-10 digits, int64 range.
std::optional<int64_t> ParseInt64(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// CEL restricted-key rules, then IsRestrictedLabel (runtime). `normalized` is the key the
// runtime check sees (requirements are normalized first, labels are not).
void CheckRestrictedKey(std::string_view key, std::string_view normalized, Owner owner,
                        const std::string& path, Diagnostics& diags) {
  if (std::string cel = CelRestrictedLabel(key, owner); !cel.empty()) {
    diags.Error(path, Quoted(key) + ": " + cel + "; the API server rejects this object",
                "karpenter/restricted-label");
    return;
  }
  if (IsRestrictedLabel(normalized)) {
    diags.Error(path,
                Quoted(key) +
                    " is restricted: Karpenter reserves the karpenter.sh and karpenter.k8s.aws "
                    "label domains (except its well-known labels) and kubernetes.io/hostname; its "
                    "runtime validation sets ValidationSucceeded=False and the NodePool is not "
                    "used",
                "karpenter/restricted-label-runtime");
  }
}

void ValidateRequirementKey(std::string_view key, const std::string& path, Owner owner,
                            Diagnostics& diags) {
  std::string why = QualifiedNameProblem(key);
  if (why.empty() && key.size() > kMaxKeyLength) why = "must be no more than 316 characters";
  if (!why.empty()) {
    ReportValue(diags, path, key, "requirement key " + Quoted(key) + ": " + why,
                "karpenter/requirement-key");
    return;
  }
  CheckRestrictedKey(key, NormalizeLabelKey(key), owner, path, diags);
}

bool IsNumericOperator(std::string_view op) { return OneOf(op, {kOpGt, kOpLt, kOpGte, kOpLte}); }

void ValidateRequirementOperator(const NodeSelectorRequirementWithMinValues& r,
                                 const std::string& path, Diagnostics& diags) {
  if (!OneOf(r.op, {kOpIn, kOpNotIn, kOpExists, kOpDoesNotExist, kOpGt, kOpLt, kOpGte, kOpLte})) {
    diags.Error(path + ".operator",
                "operator " + Quoted(r.op) +
                    " is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt, Gte or Lte",
                "karpenter/requirement-operator");
  }
}

// values[]: label values; In needs one; Gt/Lt/Gte/Lte exactly one non-negative integer.
void ValidateRequirementValues(const NodeSelectorRequirementWithMinValues& r,
                               const std::string& path, Diagnostics& diags) {
  for (size_t i = 0; i < r.values.size(); i++) {
    if (std::string why = CheckLabelValue(r.values[i]); !why.empty()) {
      ReportValue(diags, PathIndex(path + ".values", i), r.values[i],
                  "value " + Quoted(r.values[i]) + " of " + r.key + ": " + why,
                  "karpenter/requirement-values");
    }
  }
  if (r.op == kOpIn && r.values.empty()) {
    diags.Error(path + ".values",
                "requirement " + r.key + " uses operator In, which needs at least one value",
                "karpenter/requirement-in-values");
  }
  if (IsNumericOperator(r.op)) {
    std::optional<int64_t> n = r.values.size() == 1 ? ParseInt64(r.values[0]) : std::nullopt;
    if (!n || *n < 0) {
      diags.Error(path + ".values",
                  "requirement " + r.key + " uses operator " + r.op +
                      ", which needs exactly one value that is a non-negative integer",
                  "karpenter/requirement-numeric");
    }
  }
}

void ValidateMinValues(const NodeSelectorRequirementWithMinValues& r, const std::string& path,
                       Diagnostics& diags) {
  if (!r.min_values) return;
  int32_t mv = *r.min_values;
  if (mv < kMinValuesMin || mv > kMaxValuesMax) {
    diags.Error(path + ".minValues",
                "minValues " + std::to_string(mv) + " of " + r.key + " must be between 1 and 50",
                "karpenter/min-values-range");
  }
  if (r.op == kOpIn && r.values.size() < static_cast<size_t>(std::max(mv, 0))) {
    diags.Error(path + ".minValues",
                "minValues " + std::to_string(mv) + " of " + r.key +
                    " asks for more values than "
                    "the " +
                    std::to_string(r.values.size()) + " listed in values",
                "karpenter/min-values-count");
  }
}

// validateWellKnownValues (nodeclaim_validation.go): In on a key with known values
// (karpenter.sh/capacity-type, karpenter.k8s.aws/instance-tenancy) needs at least one known
// value (and minValues of them); unknown extra values are ignored with a log line.
void ValidateWellKnownValues(const NodeSelectorRequirementWithMinValues& r, const std::string& path,
                             Diagnostics& diags) {
  std::string_view key = NormalizeLabelKey(r.key);
  auto known = WellKnownValuesForRequirement(key);
  if (r.op != kOpIn || known.empty() || r.values.empty()) return;
  std::string expected;
  for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k);
  std::vector<std::string> unknown;
  for (const std::string& v : r.values) {
    if (std::find(known.begin(), known.end(), v) == known.end()) unknown.push_back(v);
  }
  size_t valid = r.values.size() - unknown.size();
  if (valid == 0) {
    diags.Error(path + ".values",
                "none of the values of " + r.key + " is one Karpenter knows (" + expected +
                    "); the NodePool is not used",
                "karpenter/well-known-values");
  } else if (r.min_values && valid < static_cast<size_t>(std::max(*r.min_values, 0))) {
    diags.Error(path + ".values",
                "only " + std::to_string(valid) + " of the values of " + r.key + " are known (" +
                    expected + "), fewer than minValues",
                "karpenter/well-known-values");
  } else if (!unknown.empty()) {
    diags.Warning(path + ".values",
                  "value " + Quoted(unknown.front()) + " of " + r.key +
                      " is not one Karpenter knows (" + expected + ") and is ignored",
                  "karpenter/well-known-values");
  }
}

void ValidateTaint(const Taint& t, const std::string& p, Diagnostics& diags) {
  if (std::string why = QualifiedNameProblem(t.key); !why.empty()) {
    ReportValue(diags, p + ".key", t.key, "taint key " + Quoted(t.key) + ": " + why,
                "karpenter/taint");
  }
  if (!t.value.empty()) {
    if (std::string why = QualifiedNameProblem(t.value); !why.empty()) {
      ReportValue(diags, p + ".value", t.value, "taint value " + Quoted(t.value) + ": " + why,
                  "karpenter/taint");
    }
  }
  if (!OneOf(t.effect, {kEffectNoSchedule, kEffectPreferNoSchedule, kEffectNoExecute})) {
    diags.Error(
        p + ".effect",
        "taint effect " + Quoted(t.effect) + " is not NoSchedule, PreferNoSchedule or NoExecute",
        "karpenter/taint");
  }
}

}  // namespace

std::string CelRestrictedLabel(std::string_view key, Owner owner) {
  std::string_view domain = CelDomain(key);
  if (key != kCapacityTypeLabelKey && key != kNodePoolLabelKey &&
      domain.ends_with("karpenter.sh")) {
    return "label domain \"karpenter.sh\" is restricted";
  }
  if (owner == Owner::kNodePool && key == kNodePoolLabelKey) {
    return "label \"karpenter.sh/nodepool\" is restricted";
  }
  if (key == kLabelHostname) return "label \"kubernetes.io/hostname\" is restricted";
  if (domain.ends_with("karpenter.k8s.aws") &&
      std::find(std::begin(kAwsCelAllowedKeys), std::end(kAwsCelAllowedKeys), key) ==
          std::end(kAwsCelAllowedKeys)) {
    return "label domain \"karpenter.k8s.aws\" is restricted";
  }
  return "";
}

void ValidateRequirements(const std::vector<NodeSelectorRequirementWithMinValues>& reqs,
                          const std::string& path, Owner owner, Diagnostics& diags) {
  if (reqs.size() > kMaxRequirements) {
    diags.Error(path, "has " + std::to_string(reqs.size()) + " requirements; at most 100 allowed",
                "karpenter/requirements-max");
  }
  for (size_t i = 0; i < reqs.size(); i++) {
    std::string p = PathIndex(path, i);
    ValidateRequirementKey(reqs[i].key, p + ".key", owner, diags);
    ValidateRequirementOperator(reqs[i], p, diags);
    ValidateRequirementValues(reqs[i], p, diags);
    ValidateMinValues(reqs[i], p, diags);
    ValidateWellKnownValues(reqs[i], p, diags);
  }
}

void ValidateTaintLists(const std::vector<Taint>& taints, const std::vector<Taint>& startup,
                        const std::string& spec_path, Diagnostics& diags) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& [list, name] : {std::pair{&taints, "taints"}, {&startup, "startupTaints"}}) {
    for (size_t i = 0; i < list->size(); i++) {
      const Taint& t = (*list)[i];
      std::string p = PathIndex(spec_path + "." + name, i);
      ValidateTaint(t, p, diags);
      if (!seen.insert({t.key, t.effect}).second) {
        diags.Error(p,
                    "taint " + t.key + ":" + t.effect +
                        " appears twice across taints and startupTaints (runtime validation)",
                    "karpenter/duplicate-taint");
      }
    }
  }
}

void StripGroupVersion(NodeClassReference& ref) {
  if (size_t slash = ref.group.find('/'); slash != std::string::npos) ref.group.resize(slash);
}

void ValidateNodeClassRef(const NodeClassReference& ref, const std::string& path,
                          Diagnostics& diags) {
  for (const auto& [field, value] :
       {std::pair{"group", &ref.group}, {"kind", &ref.kind}, {"name", &ref.name}}) {
    if (value->empty()) {
      diags.Error(path + "." + field, std::string(field) + " may not be empty",
                  "karpenter/node-class-ref");
    }
  }
  if (size_t slash = ref.group.find('/'); slash != std::string::npos) {
    // The intent is unambiguous, so this is a warning and defaulting strips the version
    // (docs/validation.md, "Severity"); the API server rejects it (CRD pattern ^[^/]*$).
    diags.Warning(path + ".group",
                  "group " + Quoted(ref.group) +
                      " includes a version: the CRD allows only an API group (pattern ^[^/]*$), "
                      "so kubectl rejects it; swell reads it as " +
                      Quoted(ref.group.substr(0, slash)),
                  "karpenter/node-class-ref");
  }
}

void ValidateTemplateLabels(const Labels& labels, const std::string& path, Diagnostics& diags) {
  if (labels.size() > kMaxLabels) {
    diags.Error(path, "has " + std::to_string(labels.size()) + " labels; at most 100 allowed",
                "karpenter/labels-max");
  }
  for (const auto& [key, value] : labels) {
    std::string p = PathJoin(path, key);
    if (std::string why = CheckQualifiedName(key); !why.empty()) {
      ReportValue(diags, p, key, "label key " + Quoted(key) + ": " + why, "karpenter/label-syntax");
      continue;
    }
    if (std::string why = CheckLabelValue(value); !why.empty()) {
      ReportValue(diags, p, value, "label value " + Quoted(value) + ": " + why,
                  "karpenter/label-syntax");
    }
    CheckRestrictedKey(key, key, Owner::kNodePool, p, diags);
  }
}

void ValidateLifetimes(const NillableDuration& expire_after,
                       const std::optional<GoDuration>& termination_grace_period,
                       const std::string& spec_path, Diagnostics& diags) {
  if (!expire_after.raw.empty() &&
      !MatchesDurationPattern(expire_after.raw, /*allow_never=*/true)) {
    ReportValue(diags, spec_path + ".expireAfter", expire_after.raw,
                "expireAfter " + Quoted(expire_after.raw) +
                    " must be whole hours, minutes and seconds (e.g. 720h, 1h30m) or Never",
                "karpenter/expire-after");
  }
  if (termination_grace_period &&
      !MatchesDurationPattern(termination_grace_period->raw, /*allow_never=*/false)) {
    ReportValue(diags, spec_path + ".terminationGracePeriod", termination_grace_period->raw,
                "terminationGracePeriod " + Quoted(termination_grace_period->raw) +
                    " must be whole hours, minutes and seconds (e.g. 48h, 30m)",
                "karpenter/termination-grace-period");
  }
}

}  // namespace swell::api::karpenter
