#include "scaling/auth.h"

namespace swell::scaling {
namespace {

StatusOr<std::string> SecretKey(const state::ClusterState& cluster, const std::string& ns,
                                const std::string& name, const std::string& key) {
  const api::Secret* s = cluster.store<api::Secret>().Get(ns, name);
  if (s == nullptr) return NotFound("Secret " + ns + "/" + name + " not found");
  auto v = api::SecretValue(*s, key);
  if (!v.ok()) return v.status();
  return v;
}

StatusOr<std::string> ConfigMapKey(const state::ClusterState& cluster, const std::string& ns,
                                   const std::string& name, const std::string& key) {
  const api::ConfigMap* c = cluster.store<api::ConfigMap>().Get(ns, name);
  if (c == nullptr) return NotFound("ConfigMap " + ns + "/" + name + " not found");
  auto it = c->data.find(key);
  if (it == c->data.end()) {
    return NotFound("ConfigMap " + ns + "/" + name + " has no key \"" + key + "\"");
  }
  return it->second;
}

const api::Container* FindContainer(const api::PodSpec& spec, const std::string& name) {
  if (spec.containers.empty()) return nullptr;
  if (name.empty()) return &spec.containers[0];
  for (const auto& c : spec.containers) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Status AddEnvFrom(const state::ClusterState& cluster, const std::string& ns,
                  const api::EnvFromSource& from, api::StringMap& env) {
  if (from.config_map_ref) {
    const api::ConfigMap* c = cluster.store<api::ConfigMap>().Get(ns, from.config_map_ref->name);
    if (c == nullptr) {
      if (from.config_map_ref->optional.value_or(false)) return Status();
      return NotFound("ConfigMap " + ns + "/" + from.config_map_ref->name + " not found");
    }
    for (const auto& [k, v] : c->data) env[from.prefix + k] = v;
  }
  if (from.secret_ref) {
    const api::Secret* s = cluster.store<api::Secret>().Get(ns, from.secret_ref->name);
    if (s == nullptr) {
      if (from.secret_ref->optional.value_or(false)) return Status();
      return NotFound("Secret " + ns + "/" + from.secret_ref->name + " not found");
    }
    for (const auto& [k, raw] : s->data) {
      auto v = api::SecretValue(*s, k);
      if (!v.ok()) return v.status();
      env[from.prefix + k] = *v;
    }
    for (const auto& [k, v] : s->string_data) env[from.prefix + k] = v;
  }
  return Status();
}

Status AddEnvVar(const state::ClusterState& cluster, const std::string& ns, const api::EnvVar& e,
                 api::StringMap& env) {
  if (!e.value_from) {
    env[e.name] = e.value;
    return Status();
  }
  const api::EnvVarSource& src = *e.value_from;
  const api::KeySelector* ref = src.secret_key_ref       ? &*src.secret_key_ref
                                : src.config_map_key_ref ? &*src.config_map_key_ref
                                                         : nullptr;
  if (ref == nullptr) return Status();  // fieldRef/resourceFieldRef: not resolvable here
  auto v = src.secret_key_ref ? SecretKey(cluster, ns, ref->name, ref->key)
                              : ConfigMapKey(cluster, ns, ref->name, ref->key);
  if (!v.ok()) {
    if (ref->optional.value_or(false)) return Status();
    return v.status().WithPrefix("env " + e.name);
  }
  env[e.name] = *v;
  return Status();
}

// TriggerAuthentication parameters, merged env -> configMapTargetRef -> secretTargetRef
// (keda.md §4.2; later wins).
Status AddAuthParams(const state::ClusterState& cluster, const std::string& ns,
                     const api::TriggerAuthenticationSpec& spec, const api::StringMap& env,
                     scalers::ScalerConfig& cfg) {
  for (const auto& e : spec.env) {
    auto it = env.find(e.name);
    if (it != env.end()) cfg.auth_params[e.parameter] = it->second;
  }
  for (const auto& r : spec.config_map_target_ref) {
    SWELL_ASSIGN_OR_RETURN(cfg.auth_params[r.parameter], ConfigMapKey(cluster, ns, r.name, r.key));
  }
  for (const auto& r : spec.secret_target_ref) {
    SWELL_ASSIGN_OR_RETURN(cfg.auth_params[r.parameter], SecretKey(cluster, ns, r.name, r.key));
  }
  if (spec.pod_identity) cfg.pod_identity = spec.pod_identity->provider;
  return Status();
}

}  // namespace

StatusOr<api::StringMap> ResolveEnv(const state::ClusterState& cluster, const std::string& ns,
                                    const api::PodSpec& pod_spec, const std::string& container) {
  api::StringMap env;
  const api::Container* c = FindContainer(pod_spec, container);
  if (c == nullptr) {
    if (container.empty()) return env;
    return NotFound("container \"" + container + "\" not found in the scale target");
  }
  for (const auto& from : c->env_from) SWELL_RETURN_IF_ERROR(AddEnvFrom(cluster, ns, from, env));
  for (const auto& e : c->env) SWELL_RETURN_IF_ERROR(AddEnvVar(cluster, ns, e, env));
  return env;
}

StatusOr<scalers::ScalerConfig> BuildScalerConfig(
    const state::ClusterState& cluster, const std::string& ns, const std::string& owner_name,
    const api::ScaleTriggers& trigger, int index, const api::PodSpec* pod_spec,
    const std::string& env_container, bool for_scaled_job, bool uses_modifiers) {
  scalers::ScalerConfig cfg;
  cfg.type = trigger.type;
  cfg.trigger_index = index;
  cfg.trigger_name = trigger.name;
  cfg.metadata = trigger.metadata;
  cfg.metric_type = trigger.metric_type.empty() ? "AverageValue" : trigger.metric_type;
  cfg.as_metric_source = uses_modifiers;
  cfg.for_scaled_job = for_scaled_job;
  cfg.owner_namespace = ns;
  cfg.owner_name = owner_name;
  if (pod_spec != nullptr) {
    SWELL_ASSIGN_OR_RETURN(cfg.resolved_env, ResolveEnv(cluster, ns, *pod_spec, env_container));
  }
  if (!trigger.authentication_ref) return cfg;
  const auto& ref = *trigger.authentication_ref;
  if (ref.kind == "ClusterTriggerAuthentication") {
    const auto* cta = cluster.store<api::ClusterTriggerAuthentication>().Get("", ref.name);
    if (cta == nullptr) return NotFound("ClusterTriggerAuthentication " + ref.name + " not found");
    // CTA secrets live in KEDA's namespace (keda.md §4.1); swell uses "keda".
    SWELL_RETURN_IF_ERROR(AddAuthParams(cluster, "keda", cta->spec, cfg.resolved_env, cfg));
  } else {
    const auto* ta = cluster.store<api::TriggerAuthentication>().Get(ns, ref.name);
    if (ta == nullptr) {
      return NotFound("TriggerAuthentication " + ns + "/" + ref.name + " not found");
    }
    SWELL_RETURN_IF_ERROR(AddAuthParams(cluster, ns, ta->spec, cfg.resolved_env, cfg));
  }
  return cfg;
}

}  // namespace swell::scaling
