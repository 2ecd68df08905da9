// Karpenter's API kinds as swell reads them: karpenter.sh/v1 NodePool and NodeClaim,
// karpenter.k8s.aws/v1 EC2NodeClass and karpenter.kwok.sh/v1alpha1 KWOKNodeClass. Every field of
// the upstream CRDs (../shared/reference/crds/) is listed; fields the CRDs test with CEL `has()`
// are std::optional so "absent" and "empty" stay distinct. Semantics: karpenter.md §1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec.h"
#include "api/core/meta.h"
#include "api/core/pod.h"
#include "api/core/scheduling.h"
#include "api/diagnostics.h"
#include "api/duration.h"
#include "api/quantity.h"
#include "api/requirements.h"

namespace swell::api {

// ---- shared by NodePool and NodeClaim (core pkg/apis/v1/nodeclaim.go) -----------------------

// The node class a NodePool/NodeClaim launches with, e.g. {karpenter.k8s.aws, EC2NodeClass,
// default}. All three are required and non-empty.
struct NodeClassReference {
  std::string kind;
  std::string name;
  std::string group;
  friend bool operator==(const NodeClassReference&, const NodeClassReference&) = default;
};
template <class V>
void Fields(V& v, NodeClassReference& r) {
  v("kind", r.kind, kRequired);
  v("name", r.name, kRequired);
  v("group", r.group, kRequired);
}

// ---- NodePool (karpenter.md §1.1) -------------------------------------------------------------

// spec.template.metadata: only labels and annotations (Karpenter's own ObjectMeta).
struct NodeClaimTemplateMetadata {
  Labels labels;
  StringMap annotations;
  friend bool operator==(const NodeClaimTemplateMetadata&,
                         const NodeClaimTemplateMetadata&) = default;
};
template <class V>
void Fields(V& v, NodeClaimTemplateMetadata& m) {
  v("labels", m.labels);
  v("annotations", m.annotations);
}

struct NodeClaimTemplateSpec {
  std::vector<Taint> taints;
  std::vector<Taint> startup_taints;
  std::vector<NodeSelectorRequirementWithMinValues> requirements;  // required, may be empty
  NodeClassReference node_class_ref;                               // required
  std::optional<GoDuration> termination_grace_period;              // unset: wait forever
  NillableDuration expire_after;                                   // default 720h; "Never"
  friend bool operator==(const NodeClaimTemplateSpec&, const NodeClaimTemplateSpec&) = default;
};
template <class V>
void Fields(V& v, NodeClaimTemplateSpec& s) {
  v("taints", s.taints);
  v("startupTaints", s.startup_taints);
  v("requirements", s.requirements, kRequired);
  v("nodeClassRef", s.node_class_ref, kRequired);
  v("terminationGracePeriod", s.termination_grace_period);
  v("expireAfter", s.expire_after);
}

struct NodeClaimTemplate {
  NodeClaimTemplateMetadata metadata;
  NodeClaimTemplateSpec spec;  // required
  friend bool operator==(const NodeClaimTemplate&, const NodeClaimTemplate&) = default;
};
template <class V>
void Fields(V& v, NodeClaimTemplate& t) {
  v("metadata", t.metadata);
  v("spec", t.spec, kRequired);
}

// Disruption reasons a budget can be limited to.
inline constexpr std::string_view kReasonUnderutilized = "Underutilized";
inline constexpr std::string_view kReasonEmpty = "Empty";
inline constexpr std::string_view kReasonDrifted = "Drifted";

// spec.disruption.budgets[]: at most `nodes` ("10%" or "5") nodes may be disrupting at once,
// while the cron `schedule` + `duration` window is active (always, without a schedule).
struct Budget {
  std::vector<std::string> reasons;     // empty: every reason
  std::string nodes;                    // default "10%" (CRD default, applied before required)
  std::optional<std::string> schedule;  // cron, UTC; set together with duration
  std::optional<GoDuration> duration;
  friend bool operator==(const Budget&, const Budget&) = default;
};
template <class V>
void Fields(V& v, Budget& b) {
  v("reasons", b.reasons);
  v("nodes", b.nodes);
  v("schedule", b.schedule);
  v("duration", b.duration);
}

inline constexpr std::string_view kConsolidationWhenEmpty = "WhenEmpty";
inline constexpr std::string_view kConsolidationWhenEmptyOrUnderutilized =
    "WhenEmptyOrUnderutilized";
inline constexpr std::string_view kConsolidationBalanced = "Balanced";

struct Disruption {
  NillableDuration consolidate_after;  // default 0s; "Never" disables consolidation
  std::string consolidation_policy;    // default WhenEmptyOrUnderutilized
  // Absent => default [{nodes: "10%"}]; an explicit empty list means no budget at all.
  std::optional<std::vector<Budget>> budgets;
  friend bool operator==(const Disruption&, const Disruption&) = default;
};
template <class V>
void Fields(V& v, Disruption& d) {
  v("consolidateAfter", d.consolidate_after);
  v("consolidationPolicy", d.consolidation_policy);
  v("budgets", d.budgets);
}

struct NodePoolSpec {
  NodeClaimTemplate template_;  // required
  Disruption disruption;
  ResourceList limits;              // any resource, including "nodes"
  std::optional<int32_t> weight;    // 1..100; absent == 0
  std::optional<int64_t> replicas;  // set: a static NodePool (alpha)
  friend bool operator==(const NodePoolSpec&, const NodePoolSpec&) = default;
};
template <class V>
void Fields(V& v, NodePoolSpec& s) {
  v("template", s.template_, kRequired);
  v("disruption", s.disruption);
  v("limits", s.limits);
  v("weight", s.weight);
  v("replicas", s.replicas);
}

struct NodePoolStatus {
  ResourceList resources;  // sum of the capacity of the pool's nodes
  std::optional<int64_t> nodes;
  int64_t node_class_observed_generation = 0;
  std::vector<Condition> conditions;
  friend bool operator==(const NodePoolStatus&, const NodePoolStatus&) = default;
};
template <class V>
void Fields(V& v, NodePoolStatus& s) {
  v("resources", s.resources);
  v("nodes", s.nodes);
  v("nodeClassObservedGeneration", s.node_class_observed_generation);
  v("conditions", s.conditions);
}

struct NodePool {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  NodePoolSpec spec;
  NodePoolStatus status;
  friend bool operator==(const NodePool&, const NodePool&) = default;
};
template <class V>
void Fields(V& v, NodePool& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// ---- NodeClaim (karpenter.md §1.2) ------------------------------------------------------------

struct NodeClaimResources {
  ResourceList requests;
  friend bool operator==(const NodeClaimResources&, const NodeClaimResources&) = default;
};
template <class V>
void Fields(V& v, NodeClaimResources& r) {
  v("requests", r.requests);
}

struct NodeClaimSpec {
  std::vector<Taint> taints;
  std::vector<Taint> startup_taints;
  std::vector<NodeSelectorRequirementWithMinValues> requirements;  // required
  NodeClaimResources resources;
  NodeClassReference node_class_ref;  // required
  std::optional<GoDuration> termination_grace_period;
  NillableDuration expire_after;  // default 720h
  friend bool operator==(const NodeClaimSpec&, const NodeClaimSpec&) = default;
};
template <class V>
void Fields(V& v, NodeClaimSpec& s) {
  v("taints", s.taints);
  v("startupTaints", s.startup_taints);
  v("requirements", s.requirements, kRequired);
  v("resources", s.resources);
  v("nodeClassRef", s.node_class_ref, kRequired);
  v("terminationGracePeriod", s.termination_grace_period);
  v("expireAfter", s.expire_after);
}

struct NodeClaimStatus {
  std::string node_name;
  std::string provider_id;
  std::string image_id;
  ResourceList capacity;
  ResourceList allocatable;
  std::vector<Condition> conditions;
  std::optional<Time> last_pod_event_time;
  friend bool operator==(const NodeClaimStatus&, const NodeClaimStatus&) = default;
};
template <class V>
void Fields(V& v, NodeClaimStatus& s) {
  v("nodeName", s.node_name);
  v("providerID", s.provider_id);
  v("imageID", s.image_id);
  v("capacity", s.capacity);
  v("allocatable", s.allocatable);
  v("conditions", s.conditions);
  v("lastPodEventTime", s.last_pod_event_time);
}

struct NodeClaim {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  NodeClaimSpec spec;
  NodeClaimStatus status;
  friend bool operator==(const NodeClaim&, const NodeClaim&) = default;
};
template <class V>
void Fields(V& v, NodeClaim& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec, kRequired);
  v("status", o.status);
}

// ---- EC2NodeClass (karpenter.md §1.5; aws pkg/apis/v1/ec2nodeclass.go) -------------------------

struct SubnetSelectorTerm {
  std::optional<StringMap> tags;
  std::optional<std::string> id;
  friend bool operator==(const SubnetSelectorTerm&, const SubnetSelectorTerm&) = default;
};
template <class V>
void Fields(V& v, SubnetSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
}

struct SecurityGroupSelectorTerm {
  std::optional<StringMap> tags;
  std::optional<std::string> id;
  std::optional<std::string> name;
  friend bool operator==(const SecurityGroupSelectorTerm&,
                         const SecurityGroupSelectorTerm&) = default;
};
template <class V>
void Fields(V& v, SecurityGroupSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
  v("name", t.name);
}

struct CapacityReservationSelectorTerm {
  std::optional<StringMap> tags;
  std::optional<std::string> id;
  std::optional<std::string> owner_id;
  std::optional<std::string> instance_match_criteria;  // open | targeted
  friend bool operator==(const CapacityReservationSelectorTerm&,
                         const CapacityReservationSelectorTerm&) = default;
};
template <class V>
void Fields(V& v, CapacityReservationSelectorTerm& t) {
  v("tags", t.tags);
  v("id", t.id);
  v("ownerID", t.owner_id);
  v("instanceMatchCriteria", t.instance_match_criteria);
}

struct PlacementGroupSelector {
  std::optional<std::string> name;
  std::optional<std::string> id;
  friend bool operator==(const PlacementGroupSelector&, const PlacementGroupSelector&) = default;
};
template <class V>
void Fields(V& v, PlacementGroupSelector& s) {
  v("name", s.name);
  v("id", s.id);
}

struct AMISelectorTerm {
  std::optional<std::string> alias;  // family@version, e.g. al2023@latest
  std::optional<StringMap> tags;
  std::optional<std::string> id;
  std::optional<std::string> name;
  std::optional<std::string> owner;
  std::optional<std::string> ssm_parameter;
  friend bool operator==(const AMISelectorTerm&, const AMISelectorTerm&) = default;
};
template <class V>
void Fields(V& v, AMISelectorTerm& t) {
  v("alias", t.alias);
  v("tags", t.tags);
  v("id", t.id);
  v("name", t.name);
  v("owner", t.owner);
  v("ssmParameter", t.ssm_parameter);
}

struct MetadataOptions {
  std::optional<std::string> http_endpoint;            // enabled | disabled; default enabled
  std::optional<std::string> http_protocol_ipv6;       // enabled | disabled; default disabled
  std::optional<int64_t> http_put_response_hop_limit;  // 1..64; default 1
  std::optional<std::string> http_tokens;              // required | optional; default required
  friend bool operator==(const MetadataOptions&, const MetadataOptions&) = default;
};
template <class V>
void Fields(V& v, MetadataOptions& m) {
  v("httpEndpoint", m.http_endpoint);
  v("httpProtocolIPv6", m.http_protocol_ipv6);
  v("httpPutResponseHopLimit", m.http_put_response_hop_limit);
  v("httpTokens", m.http_tokens);
}

struct CPUOptions {
  std::optional<std::string> nested_virtualization;  // enabled | disabled
  friend bool operator==(const CPUOptions&, const CPUOptions&) = default;
};
template <class V>
void Fields(V& v, CPUOptions& c) {
  v("nestedVirtualization", c.nested_virtualization);
}

struct ConnectionTracking {
  std::optional<int32_t> tcp_established_timeout;  // 60..432000 s
  std::optional<int32_t> udp_stream_timeout;       // 60..180 s
  std::optional<int32_t> udp_timeout;              // 30..60 s
  friend bool operator==(const ConnectionTracking&, const ConnectionTracking&) = default;
};
template <class V>
void Fields(V& v, ConnectionTracking& c) {
  v("tcpEstablishedTimeout", c.tcp_established_timeout);
  v("udpStreamTimeout", c.udp_stream_timeout);
  v("udpTimeout", c.udp_timeout);
}

struct BlockDevice {
  std::optional<bool> delete_on_termination;
  std::optional<bool> encrypted;
  std::optional<int64_t> iops;
  std::optional<std::string> kms_key_id;
  std::optional<std::string> snapshot_id;
  std::optional<int64_t> throughput;
  std::optional<int32_t> volume_initialization_rate;  // 100..300 MiB/s, needs snapshotID
  // A quantity in Gi/G/Ti/T within EBS limits, kept as written so the CRD pattern can be
  // checked; parse with Quantity::Parse.
  std::optional<std::string> volume_size;
  std::optional<std::string> volume_type;  // standard io1 io2 gp2 sc1 st1 gp3
  friend bool operator==(const BlockDevice&, const BlockDevice&) = default;
};
template <class V>
void Fields(V& v, BlockDevice& b) {
  v("deleteOnTermination", b.delete_on_termination);
  v("encrypted", b.encrypted);
  v("iops", b.iops);
  v("kmsKeyID", b.kms_key_id);
  v("snapshotID", b.snapshot_id);
  v("throughput", b.throughput);
  v("volumeInitializationRate", b.volume_initialization_rate);
  v("volumeSize", b.volume_size);
  v("volumeType", b.volume_type);
}

struct BlockDeviceMapping {
  std::optional<std::string> device_name;
  std::optional<BlockDevice> ebs;
  bool root_volume = false;
  friend bool operator==(const BlockDeviceMapping&, const BlockDeviceMapping&) = default;
};
template <class V>
void Fields(V& v, BlockDeviceMapping& m) {
  v("deviceName", m.device_name);
  v("ebs", m.ebs);
  v("rootVolume", m.root_volume);
}

struct NetworkInterface {
  int32_t network_card_index = 0;
  int32_t device_index = 0;
  std::string interface_type;  // interface | efa-only
  friend bool operator==(const NetworkInterface&, const NetworkInterface&) = default;
};
template <class V>
void Fields(V& v, NetworkInterface& n) {
  v("networkCardIndex", n.network_card_index, kRequired);
  v("deviceIndex", n.device_index, kRequired);
  v("interfaceType", n.interface_type, kRequired);
}

// AMI families (aws pkg/apis/v1/labels.go).
inline constexpr std::string_view kAmiFamilyAL2 = "AL2";
inline constexpr std::string_view kAmiFamilyAL2023 = "AL2023";
inline constexpr std::string_view kAmiFamilyBottlerocket = "Bottlerocket";
inline constexpr std::string_view kAmiFamilyCustom = "Custom";
inline constexpr std::string_view kAmiFamilyWindows2019 = "Windows2019";
inline constexpr std::string_view kAmiFamilyWindows2022 = "Windows2022";
inline constexpr std::string_view kAmiFamilyWindows2025 = "Windows2025";

struct EC2NodeClassSpec {
  std::vector<SubnetSelectorTerm> subnet_selector_terms;                 // required, non-empty
  std::vector<SecurityGroupSelectorTerm> security_group_selector_terms;  // required, non-empty
  std::vector<CapacityReservationSelectorTerm> capacity_reservation_selector_terms;
  std::optional<PlacementGroupSelector> placement_group_selector;
  std::optional<bool> associate_public_ip_address;
  std::optional<int32_t> ip_prefix_count;
  std::vector<AMISelectorTerm> ami_selector_terms;  // required, 1..30
  std::optional<std::string> ami_family;            // required without an alias
  std::optional<std::string> user_data;
  std::optional<std::string> role;  // exactly one of role and instanceProfile
  std::optional<std::string> instance_profile;
  StringMap tags;
  // An open map: any field of the upstream KubeletConfiguration (see karpenter/kubelet.h).
  RawNode kubelet;
  std::vector<BlockDeviceMapping> block_device_mappings;
  std::optional<std::string> instance_store_policy;  // RAID0
  std::vector<NetworkInterface> network_interfaces;
  std::optional<bool> detailed_monitoring;
  std::optional<MetadataOptions> metadata_options;  // defaulted, see ApplyDefaults
  std::optional<ConnectionTracking> connection_tracking;
  std::optional<std::string> context;
  std::optional<CPUOptions> cpu_options;
  friend bool operator==(const EC2NodeClassSpec&, const EC2NodeClassSpec&) = default;
};
template <class V>
void Fields(V& v, EC2NodeClassSpec& s) {
  v("subnetSelectorTerms", s.subnet_selector_terms, kRequired);
  v("securityGroupSelectorTerms", s.security_group_selector_terms, kRequired);
  v("capacityReservationSelectorTerms", s.capacity_reservation_selector_terms);
  v("placementGroupSelector", s.placement_group_selector);
  v("associatePublicIPAddress", s.associate_public_ip_address);
  v("ipPrefixCount", s.ip_prefix_count);
  v("amiSelectorTerms", s.ami_selector_terms, kRequired);
  v("amiFamily", s.ami_family);
  v("userData", s.user_data);
  v("role", s.role);
  v("instanceProfile", s.instance_profile);
  v("tags", s.tags);
  v("kubelet", s.kubelet);
  v("blockDeviceMappings", s.block_device_mappings);
  v("instanceStorePolicy", s.instance_store_policy);
  v("networkInterfaces", s.network_interfaces);
  v("detailedMonitoring", s.detailed_monitoring);
  v("metadataOptions", s.metadata_options);
  v("connectionTracking", s.connection_tracking);
  v("context", s.context);
  v("cpuOptions", s.cpu_options);
}

struct SubnetStatus {
  std::string id;
  std::string zone;
  std::string zone_id;
  friend bool operator==(const SubnetStatus&, const SubnetStatus&) = default;
};
template <class V>
void Fields(V& v, SubnetStatus& s) {
  v("id", s.id, kRequired);
  v("zone", s.zone, kRequired);
  v("zoneID", s.zone_id);
}

struct SecurityGroupStatus {
  std::string id;
  std::string name;
  friend bool operator==(const SecurityGroupStatus&, const SecurityGroupStatus&) = default;
};
template <class V>
void Fields(V& v, SecurityGroupStatus& s) {
  v("id", s.id, kRequired);
  v("name", s.name);
}

struct AMIStatus {
  std::string id;
  bool deprecated = false;
  std::string name;
  std::vector<NodeSelectorRequirement> requirements;
  friend bool operator==(const AMIStatus&, const AMIStatus&) = default;
};
template <class V>
void Fields(V& v, AMIStatus& a) {
  v("id", a.id, kRequired);
  v("deprecated", a.deprecated);
  v("name", a.name);
  v("requirements", a.requirements, kRequired);
}

struct CapacityReservationStatus {
  std::string availability_zone;
  std::optional<Time> end_time;
  std::string id;
  std::string instance_match_criteria;
  std::string instance_type;
  std::string owner_id;
  std::string reservation_type;  // default | capacity-block; default "default"
  bool interruptible = false;
  std::string state;  // active | expiring; default "active"
  friend bool operator==(const CapacityReservationStatus&,
                         const CapacityReservationStatus&) = default;
};
template <class V>
void Fields(V& v, CapacityReservationStatus& c) {
  v("availabilityZone", c.availability_zone, kRequired);
  v("endTime", c.end_time);
  v("id", c.id, kRequired);
  v("instanceMatchCriteria", c.instance_match_criteria, kRequired);
  v("instanceType", c.instance_type, kRequired);
  v("ownerID", c.owner_id, kRequired);
  v("reservationType", c.reservation_type);
  v("interruptible", c.interruptible);
  v("state", c.state);
}

struct EC2NodeClassStatus {
  std::vector<SubnetStatus> subnets;
  std::vector<SecurityGroupStatus> security_groups;
  std::vector<CapacityReservationStatus> capacity_reservations;
  std::vector<AMIStatus> amis;
  std::string instance_profile;
  std::vector<Condition> conditions;
  friend bool operator==(const EC2NodeClassStatus&, const EC2NodeClassStatus&) = default;
};
template <class V>
void Fields(V& v, EC2NodeClassStatus& s) {
  v("subnets", s.subnets);
  v("securityGroups", s.security_groups);
  v("capacityReservations", s.capacity_reservations);
  v("amis", s.amis);
  v("instanceProfile", s.instance_profile);
  v("conditions", s.conditions);
}

struct EC2NodeClass {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  EC2NodeClassSpec spec;
  EC2NodeClassStatus status;
  friend bool operator==(const EC2NodeClass&, const EC2NodeClass&) = default;
};
template <class V>
void Fields(V& v, EC2NodeClass& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

// ---- KWOKNodeClass (karpenter.md §4) ----------------------------------------------------------

struct KWOKNodeClassSpec {
  std::optional<GoDuration> node_registration_delay;  // delay before the fake Node appears
  friend bool operator==(const KWOKNodeClassSpec&, const KWOKNodeClassSpec&) = default;
};
template <class V>
void Fields(V& v, KWOKNodeClassSpec& s) {
  v("nodeRegistrationDelay", s.node_registration_delay);
}

struct KWOKNodeClassStatus {
  std::vector<Condition> conditions;
  friend bool operator==(const KWOKNodeClassStatus&, const KWOKNodeClassStatus&) = default;
};
template <class V>
void Fields(V& v, KWOKNodeClassStatus& s) {
  v("conditions", s.conditions);
}

struct KWOKNodeClass {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  KWOKNodeClassSpec spec;
  KWOKNodeClassStatus status;
  friend bool operator==(const KWOKNodeClass&, const KWOKNodeClass&) = default;
};
template <class V>
void Fields(V& v, KWOKNodeClass& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

// ---- defaults and validation ------------------------------------------------------------------

// CRD defaults: template.spec.expireAfter 720h; disruption.consolidateAfter 0s,
// consolidationPolicy WhenEmptyOrUnderutilized, budgets [{nodes: "10%"}] when absent, and
// nodes "10%" in each budget that has none.
void ApplyDefaults(NodePool& o);
// CRD defaults: spec.expireAfter 720h.
void ApplyDefaults(NodeClaim& o);
// CRD defaults: metadataOptions {httpEndpoint: enabled, httpProtocolIPv6: disabled,
// httpPutResponseHopLimit: 1, httpTokens: required}, field by field; status capacity
// reservations reservationType "default" and state "active". (Block device mappings have no
// API default: the AMI family picks one at launch.)
void ApplyDefaults(EC2NodeClass& o);
// CRD default: a status with no conditions gets the Ready=True condition.
void ApplyDefaults(KWOKNodeClass& o);

// Every CEL rule, pattern, enum and bound of the NodePool CRD as the AWS provider ships it
// (including the karpenter.k8s.aws label domain rule), plus the runtime validation that sets
// ValidationSucceeded=False (label/requirement restrictions after normalization, well-known
// values, duplicate taints). Works on defaulted and undefaulted objects.
void Validate(const NodePool& o, Diagnostics& diags);
// The NodeClaim CRD rules (as NodePool's requirements/taints, without the nodepool-label rule).
void Validate(const NodeClaim& o, Diagnostics& diags);
// Every CEL rule, pattern and enum of the EC2NodeClass CRD, plus the validation controller's
// kubelet and tag checks.
void Validate(const EC2NodeClass& o, Diagnostics& diags);
// nodeRegistrationDelay pattern.
void Validate(const KWOKNodeClass& o, Diagnostics& diags);

namespace karpenter {

// EC2NodeClass.AMIFamily(): spec.amiFamily if set, else the family of the alias term
// ("al2023@latest" -> "AL2023"), else "Custom".
std::string AmiFamilyOf(const EC2NodeClassSpec& spec);

}  // namespace karpenter
}  // namespace swell::api
