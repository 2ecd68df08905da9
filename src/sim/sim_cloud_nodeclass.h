// What the simulated cloud reads from a node class: how it shapes the catalog (EC2NodeClass
// spec.kubelet, root volume, AMI family), its static-drift hash and the AMI it resolves to.
// (aws pkg/providers/instancetype/types.go, pkg/providers/amifamily, pkg/apis/v1 Hash();
// karpenter.md §1.5, §2.4, §3.3.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/karpenter/types.h"
#include "cloud/instance_types.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::sim {

// How one node class shapes the instance types.
struct NodeClassShape {
  cloud::KubeletOptions kubelet;
  std::optional<api::Quantity> root_volume_size;   // unset: the catalog default (20Gi)
  bool kube_reserved_memory_from_eni_pods = true;  // false for Bottlerocket and Windows
  // A canonical text of the fields above: equal shapes share one catalog.
  std::string Key() const;
  // `base` with the fields above applied.
  cloud::CatalogOptions Apply(cloud::CatalogOptions base) const;
};

// The shape of an EC2NodeClass: its kubelet maxPods, podsPerCore (ignored for Bottlerocket,
// whose AMI family disables it), kubeReserved, systemReserved and evictionHard; the volumeSize
// of its root block device mapping (rootVolume: true, else the AMI family's root device:
// /dev/xvda for AL2, AL2023 and Custom, /dev/xvdb for Bottlerocket, /dev/sda1 for Windows).
// NotReady (Karpenter's validation controller would mark the class not Ready) when the kubelet
// map cannot be read, holds a CEL expression (the NodeClassCEL gate is off), or a reserved
// value or volumeSize is not a quantity.
StatusOr<NodeClassShape> ShapeOf(const api::EC2NodeClassSpec& spec);

// The static-drift hash of an EC2NodeClass spec: a 64-bit FNV-1a of the spec's JSON without the
// fields upstream tags `hash:"ignore"` (subnet, security group, capacity reservation and AMI
// selector terms, amiFamily, ipPrefixCount), plus AMIFamily(); decimal, like the
// karpenter.k8s.aws/ec2nodeclass-hash annotation.
std::string StaticHash(const api::EC2NodeClassSpec& spec);

// The AMI an instance with `labels` (its instance type's, zone, capacity type) launches with
// under `node_class`: the first status.amis entry whose requirements the labels satisfy, else
// the id of an `id` selector term, else "ami-" + 17 hex digits hashed from the selector terms,
// the AMI family and the kubernetes.io/arch label (one simulated AMI per architecture, as EKS
// publishes one per architecture).
std::string ResolveImageId(const api::EC2NodeClass& node_class, const api::StringMap& labels);

// False (with the condition's message in `why`) if the object carries a Ready condition whose
// status is not "True"; objects without conditions are taken as ready (the simulator runs no
// node class controller).
bool NodeClassReady(const std::vector<api::Condition>& conditions, std::string* why);

// 17 lowercase hex digits, as EC2 ids carry ("i-0123456789abcdef0"): `high` in 16, then the
// low 4 bits of `low`.
std::string Hex17(uint64_t high, uint64_t low);

}  // namespace swell::sim
