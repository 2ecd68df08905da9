#include "state/cluster_state.h"

namespace swell::state {

std::string Key(std::string_view ns, std::string_view name) {
  std::string k;
  k.reserve(ns.size() + name.size() + 1);
  k.append(ns);
  if (!ns.empty()) k.push_back('/');
  k.append(name);
  return k;
}

void ClusterState::Add(api::Object obj) {
  const api::KindInfo& kind = api::KindOf(obj);
  api::ObjectMeta& meta = api::MutableMetaOf(obj);
  if (kind.namespaced && meta.namespace_.empty()) meta.namespace_ = "default";
  std::visit([this](auto&& o) { store<std::decay_t<decltype(o)>>().Put(std::move(o)); },
             std::move(obj));
  Touch();
}

const api::OwnerReference* ControllerOf(const api::ObjectMeta& m) {
  for (const auto& r : m.owner_references) {
    if (r.controller.value_or(false)) return &r;
  }
  return nullptr;
}

std::vector<const api::Pod*> ClusterState::PodsOwnedBy(std::string_view ns, std::string_view kind,
                                                       std::string_view name) const {
  std::vector<const api::Pod*> out;
  for (const auto& [key, p] : pods()) {
    if (p.metadata.namespace_ != ns) continue;
    const api::OwnerReference* o = ControllerOf(p.metadata);
    if (o != nullptr && o->kind == kind && o->name == name) out.push_back(&p);
  }
  return out;
}

std::vector<const api::Pod*> ClusterState::PodsOnNode(std::string_view node) const {
  std::vector<const api::Pod*> out;
  for (const auto& [key, p] : pods()) {
    if (p.spec.node_name == node) out.push_back(&p);
  }
  return out;
}

bool IsPodReady(const api::Pod& p) {
  if (p.status.phase != "Running") return false;
  const api::Condition* c = api::FindCondition(p.status.conditions, "Ready");
  return c != nullptr && c->status == "True";
}

bool IsPodTerminating(const api::Pod& p) { return p.metadata.deletion_timestamp.has_value(); }

}  // namespace swell::state
