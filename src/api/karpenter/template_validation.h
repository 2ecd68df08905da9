// Validation shared by NodePool's template and NodeClaim's spec: requirements, taints,
// nodeClassRef, labels and the duration fields (karpenter.md §1.1, §1.2; CRDs
// karpenter.sh_nodepools.yaml and karpenter.sh_nodeclaims.yaml as the AWS provider ships them;
// runtime checks of core pkg/apis/v1/nodepool_validation.go and nodeclaim_validation.go).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/core/meta.h"
#include "api/core/scheduling.h"
#include "api/diagnostics.h"
#include "api/duration.h"
#include "api/karpenter/types.h"
#include "api/requirements.h"

namespace swell::api::karpenter {

// Which object a rule set is checked for: the NodePool CRD additionally forbids the
// karpenter.sh/nodepool key in labels and requirements (NodeClaims carry it).
enum class Owner { kNodePool, kNodeClaim };

// The CEL message of the first restricted-label rule `key` breaks, or "" (rules
// "label domain karpenter.sh is restricted", "label karpenter.sh/nodepool is restricted"
// (NodePool only), "label kubernetes.io/hostname is restricted" and the AWS CRD's
// "label domain karpenter.k8s.aws is restricted" with its allow-list).
std::string CelRestrictedLabel(std::string_view key, Owner owner);

// spec.requirements at `path`: maxItems 100, and per item the key pattern and restricted-key
// rules, operator enum, label-value values, In non-empty, Gt/Lt/Gte/Lte single non-negative
// integer, minValues 1..50 and <= len(values) for In, well-known values (capacity type,
// tenancy). Rules karpenter/requirement-*, karpenter/restricted-label*, karpenter/min-values-*,
// karpenter/well-known-values.
void ValidateRequirements(const std::vector<NodeSelectorRequirementWithMinValues>& reqs,
                          const std::string& path, Owner owner, Diagnostics& diags);

// taints and startupTaints under `spec_path`: key/value qualified names, effect enum, and no
// (key, effect) pair twice across both lists. Rules karpenter/taint, karpenter/duplicate-taint.
void ValidateTaintLists(const std::vector<Taint>& taints, const std::vector<Taint>& startup,
                        const std::string& spec_path, Diagnostics& diags);

// nodeClassRef at `path`: group, kind and name non-empty; group without '/'.
// Rule karpenter/node-class-ref.
// "karpenter.k8s.aws/v1" -> "karpenter.k8s.aws": the group a versioned nodeClassRef.group
// means (validation warns about it).
void StripGroupVersion(NodeClassReference& ref);

void ValidateNodeClassRef(const NodeClassReference& ref, const std::string& path,
                          Diagnostics& diags);

// template.metadata.labels at `path`: at most 100, qualified keys, label values, restricted
// keys (CEL, then runtime). Rules karpenter/labels-max, karpenter/label-syntax,
// karpenter/restricted-label, karpenter/restricted-label-runtime.
void ValidateTemplateLabels(const Labels& labels, const std::string& path, Diagnostics& diags);

// expireAfter (pattern ^(([0-9]+(s|m|h))+|Never)$) and terminationGracePeriod
// (^([0-9]+(s|m|h))+$) under `spec_path`. Rules karpenter/expire-after,
// karpenter/termination-grace-period.
void ValidateLifetimes(const NillableDuration& expire_after,
                       const std::optional<GoDuration>& termination_grace_period,
                       const std::string& spec_path, Diagnostics& diags);

}  // namespace swell::api::karpenter
