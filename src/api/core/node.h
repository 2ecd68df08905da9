// core/v1 Node: what the scheduler and the node provisioner see of a machine.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/core/pod.h"

namespace swell::api {

struct NodeSpec {
  std::string pod_cidr;
  std::vector<std::string> pod_cidrs;
  std::string provider_id;
  bool unschedulable = false;
  std::vector<Taint> taints;
  RawNode config_source;
  std::string external_id;
  friend bool operator==(const NodeSpec&, const NodeSpec&) = default;
};
template <class V>
void Fields(V& v, NodeSpec& s) {
  v("podCIDR", s.pod_cidr);
  v("podCIDRs", s.pod_cidrs);
  v("providerID", s.provider_id);
  v("unschedulable", s.unschedulable);
  v("taints", s.taints);
  v("configSource", s.config_source);
  v("externalID", s.external_id);
}

struct NodeStatus {
  ResourceList capacity;
  ResourceList allocatable;
  std::string phase;
  std::vector<Condition> conditions;
  RawNode addresses, daemon_endpoints, node_info, images, volumes_in_use, volumes_attached, config,
      runtime_handlers, features, declared_features;
  friend bool operator==(const NodeStatus&, const NodeStatus&) = default;
};
template <class V>
void Fields(V& v, NodeStatus& s) {
  v("capacity", s.capacity);
  v("allocatable", s.allocatable);
  v("phase", s.phase);
  v("conditions", s.conditions);
  v("addresses", s.addresses);
  v("daemonEndpoints", s.daemon_endpoints);
  v("nodeInfo", s.node_info);
  v("images", s.images);
  v("volumesInUse", s.volumes_in_use);
  v("volumesAttached", s.volumes_attached);
  v("config", s.config);
  v("runtimeHandlers", s.runtime_handlers);
  v("features", s.features);
  v("declaredFeatures", s.declared_features);
}

struct Node {
  std::string api_version;
  std::string kind;
  ObjectMeta metadata;
  NodeSpec spec;
  NodeStatus status;
  friend bool operator==(const Node&, const Node&) = default;
};
template <class V>
void Fields(V& v, Node& o) {
  v("apiVersion", o.api_version);
  v("kind", o.kind);
  v("metadata", o.metadata);
  v("spec", o.spec);
  v("status", o.status);
}

// Defaulting: allocatable defaults to capacity when absent.
void ApplyDefaults(Node& o);
// Taint keys and effects, non-negative capacity and allocatable.
void Validate(const Node& o, Diagnostics& diags);
// Validates a list of taints at `path`: qualified-name keys, label-value values, effect one
// of NoSchedule/PreferNoSchedule/NoExecute, no duplicate key+effect.
void ValidateTaints(const std::vector<Taint>& taints, std::string_view path, Diagnostics& diags);

}  // namespace swell::api
