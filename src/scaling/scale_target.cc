#include "scaling/scale_target.h"

namespace swell::scaling {
namespace {

template <class W>
ScaleInfo InfoOf(const state::ClusterState& cluster, const W& w, std::string_view kind) {
  ScaleInfo info;
  info.spec_replicas = w.spec.replicas.value_or(1);
  info.pod_template = &w.spec.template_.spec;
  info.pods = cluster.PodsOwnedBy(w.metadata.namespace_, kind, w.metadata.name);
  for (const api::Pod* p : info.pods) {
    if (state::IsPodTerminating(*p)) continue;
    info.status_replicas++;
    if (state::IsPodReady(*p)) info.ready_replicas++;
  }
  return info;
}

}  // namespace

ScaleTargetRef TargetOf(const api::ScaledObject& so) {
  ScaleTargetRef ref;
  const auto& t = so.spec.scale_target_ref;
  if (!t.api_version.empty()) ref.api_version = t.api_version;
  if (!t.kind.empty()) ref.kind = t.kind;
  ref.ns = so.metadata.namespace_.empty() ? "default" : so.metadata.namespace_;
  ref.name = t.name;
  return ref;
}

StatusOr<ScaleInfo> ReadScale(const state::ClusterState& cluster, const ScaleTargetRef& ref) {
  if (ref.api_version == "apps/v1" && ref.kind == "Deployment") {
    const auto* d = cluster.store<api::Deployment>().Get(ref.ns, ref.name);
    if (d == nullptr) return NotFound("Deployment " + ref.ns + "/" + ref.name + " not found");
    return InfoOf(cluster, *d, "Deployment");
  }
  if (ref.api_version == "apps/v1" && ref.kind == "StatefulSet") {
    const auto* s = cluster.store<api::StatefulSet>().Get(ref.ns, ref.name);
    if (s == nullptr) return NotFound("StatefulSet " + ref.ns + "/" + ref.name + " not found");
    return InfoOf(cluster, *s, "StatefulSet");
  }
  return FailedPrecondition("scale target " + ref.api_version + " " + ref.kind +
                            " is not a kind swell can scale (apps/v1 Deployment, StatefulSet)");
}

}  // namespace swell::scaling
