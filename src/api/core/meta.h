// Kubernetes object metadata (metav1.TypeMeta, ObjectMeta, OwnerReference, LabelSelector,
// Time), shared by every kind swell reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/codec.h"
#include "util/time.h"

namespace swell::api {

// metav1.Time: an RFC 3339 timestamp (UTC when encoded).
struct Time {
  TimePoint value{};
  friend bool operator==(const Time&, const Time&) = default;
};
void DecodeValue(const yaml::Node& n, Time& out, Decoder& d);
yaml::Node EncodeValue(const Time& v);
inline bool IsZero(const Time& v) { return v.value == TimePoint{}; }

using Labels = StringMap;

struct OwnerReference {
  std::string api_version;
  std::string kind;
  std::string name;
  std::string uid;
  std::optional<bool> controller;
  std::optional<bool> block_owner_deletion;
  friend bool operator==(const OwnerReference&, const OwnerReference&) = default;
};
template <class V>
void Fields(V& v, OwnerReference& o) {
  v("apiVersion", o.api_version, kRequired);
  v("kind", o.kind, kRequired);
  v("name", o.name, kRequired);
  v("uid", o.uid, kRequired);
  v("controller", o.controller);
  v("blockOwnerDeletion", o.block_owner_deletion);
}

struct ObjectMeta {
  std::string name;
  std::string generate_name;
  std::string namespace_;
  std::string self_link;
  std::string uid;
  std::string resource_version;
  int64_t generation = 0;
  std::optional<Time> creation_timestamp;
  std::optional<Time> deletion_timestamp;
  std::optional<int64_t> deletion_grace_period_seconds;
  Labels labels;
  StringMap annotations;
  std::vector<OwnerReference> owner_references;
  std::vector<std::string> finalizers;
  RawNode managed_fields;  // server bookkeeping; kept verbatim
  friend bool operator==(const ObjectMeta&, const ObjectMeta&) = default;
};
template <class V>
void Fields(V& v, ObjectMeta& m) {
  v("name", m.name);
  v("generateName", m.generate_name);
  v("namespace", m.namespace_);
  v("selfLink", m.self_link);
  v("uid", m.uid);
  v("resourceVersion", m.resource_version);
  v("generation", m.generation);
  v("creationTimestamp", m.creation_timestamp);
  v("deletionTimestamp", m.deletion_timestamp);
  v("deletionGracePeriodSeconds", m.deletion_grace_period_seconds);
  v("labels", m.labels);
  v("annotations", m.annotations);
  v("ownerReferences", m.owner_references);
  v("finalizers", m.finalizers);
  v("managedFields", m.managed_fields);
}

// metav1.LabelSelectorRequirement: operator is In, NotIn, Exists or DoesNotExist.
struct LabelSelectorRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
  friend bool operator==(const LabelSelectorRequirement&,
                         const LabelSelectorRequirement&) = default;
};
template <class V>
void Fields(V& v, LabelSelectorRequirement& r) {
  v("key", r.key, kRequired);
  v("operator", r.op, kRequired);
  v("values", r.values);
}

// metav1.LabelSelector. An empty selector matches everything; a null one (absent optional)
// matches nothing, as in Kubernetes.
struct LabelSelector {
  Labels match_labels;
  std::vector<LabelSelectorRequirement> match_expressions;
  friend bool operator==(const LabelSelector&, const LabelSelector&) = default;
};
template <class V>
void Fields(V& v, LabelSelector& s) {
  v("matchLabels", s.match_labels);
  v("matchExpressions", s.match_expressions);
}

// A reference to an object by name in the same namespace (LocalObjectReference).
struct LocalObjectReference {
  std::string name;
  friend bool operator==(const LocalObjectReference&, const LocalObjectReference&) = default;
};
template <class V>
void Fields(V& v, LocalObjectReference& r) {
  v("name", r.name);
}

}  // namespace swell::api

namespace swell::api {
class Diagnostics;
// Validates metadata at "metadata": a name (or generateName) that is a DNS-1123 subdomain
// (`name_rule` picks DNS-1123 label instead, for kinds that need it), a DNS-1123 label
// namespace (only when `namespaced`; cluster-scoped objects must not set one), qualified
// label and annotation keys, and valid label values.
enum class NameRule { kDns1123Subdomain, kDns1123Label };
void ValidateObjectMeta(const ObjectMeta& m, bool namespaced, Diagnostics& diags,
                        NameRule name_rule = NameRule::kDns1123Subdomain);
}  // namespace swell::api
