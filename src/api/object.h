// Top-level objects: the kinds swell reads, how apiVersion/kind select a C++ type, and the
// per-object pipeline decode -> validate -> defaults.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/core/config.h"
#include "api/core/node.h"
#include "api/core/pod.h"
#include "api/core/workloads.h"
#include "api/diagnostics.h"
#include "api/karpenter/types.h"
#include "api/keda/types.h"

namespace swell::api {

// Every kind swell understands. Adding one: the type here, one row in object.cc's table.
using Object =
    std::variant<Pod, Node, Deployment, StatefulSet, DaemonSet, Job, PodDisruptionBudget, Secret,
                 ConfigMap, ScaledObject, ScaledJob, TriggerAuthentication,
                 ClusterTriggerAuthentication, NodePool, NodeClaim, EC2NodeClass, KWOKNodeClass>;

// A kind's identity on the wire.
struct KindInfo {
  std::string_view group;    // "" for core/v1
  std::string_view version;  // served version swell decodes
  std::string_view kind;
  bool namespaced = true;
};

// The KindInfo of the object's C++ type.
const KindInfo& KindOf(const Object& o);
const ObjectMeta& MetaOf(const Object& o);
ObjectMeta& MutableMetaOf(Object& o);

// Looks a kind up by apiVersion and kind; nullptr if swell does not read it.
const KindInfo* FindKind(std::string_view api_version, std::string_view kind);

// Decodes one object (a mapping with apiVersion and kind) into `out`. Returns false, with
// the reason in `diags`, if the kind is unknown or the object has decode errors; kinds swell
// does not read are reported as kInfo ("skipped") rather than errors.
bool DecodeObject(const yaml::Node& node, Object* out, Diagnostics& diags);

// The kind's API defaulting (CRD defaults and API-server defaulting).
void ApplyObjectDefaults(Object& o);
// The kind's validation rules (CRD schema and CEL rules, admission webhooks).
void ValidateObject(const Object& o, Diagnostics& diags);

// Encodes an object (apiVersion and kind included) as a Node, ready for EmitYaml/EmitJson.
yaml::Node EncodeObject(const Object& o);

}  // namespace swell::api
