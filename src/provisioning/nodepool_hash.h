// The NodePool template hash behind static drift (karpenter.md §1.1 "Hash/drift", §1.2
// Drifted/NodePoolDrifted; core pkg/apis/v1/nodepool.go NodePool.Hash). The provisioner stamps
// it on every NodeClaim it creates (annotations karpenter.sh/nodepool-hash and
// karpenter.sh/nodepool-hash-version); the drift condition compares the stamp with the
// NodePool's current hash.
#pragma once

#include <string>
#include <string_view>

#include "api/karpenter/types.h"

namespace swell::provisioning {

// NodePoolHashVersion: a NodeClaim stamped with another version is never NodePoolDrifted.
inline constexpr std::string_view kNodePoolHashVersion = "v3";

// A decimal 64-bit hash of the fields of spec.template that drift when changed: metadata
// labels and annotations, taints and startupTaints (each as a set), nodeClassRef,
// terminationGracePeriod and expireAfter (by value: "1h" and "60m" hash alike). Like upstream,
// requirements are left out (they drift through RequirementsDrifted) and so are the disruption
// block, limits and weight. An unset expireAfter counts as its default 720h, so a NodePool
// hashes the same before and after ApplyDefaults.
// Upstream hashes with hashstructure (FNV over Go's reflection); swell uses FNV-1a 64 over a
// canonical encoding, so the numbers differ from Karpenter's but change on the same edits.
std::string NodePoolHash(const api::NodePool& nodepool);

// Sets the two hash annotations on `claim` from `nodepool`.
void StampNodePoolHash(const api::NodePool& nodepool, api::NodeClaim& claim);

}  // namespace swell::provisioning
