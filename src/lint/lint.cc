#include "lint/lint.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "api/karpenter/types.h"
#include "api/karpenter/well_known.h"
#include "api/keda/types.h"
#include "api/requirements.h"
#include "cloud/instance_types.h"

namespace swell::lint {
namespace {

using api::LoadedObject;

// The embedded EC2 catalog, loaded once.
const cloud::Catalog& DefaultCatalog() {
  static const cloud::Catalog catalog = [] {
    auto c = cloud::Catalog::LoadAws();
    // The embedded CSV is part of the build; failing to parse it is a build defect.
    if (!c.ok()) {
      std::fprintf(stderr, "swell: embedded instance catalog: %s\n", c.status().ToString().c_str());
      std::abort();
    }
    return std::move(c).value();
  }();
  return catalog;
}

template <class T>
const T* As(const LoadedObject& o) {
  return std::get_if<T>(&o.object);
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); i++) {
    if (i > 0) out += sep;
    out += items[i];
  }
  return out;
}

// What a pod needs from a node, as Karpenter's scheduler sees it.
struct PodShape {
  api::ResourceList requests;  // PodRequests + pods: 1
  api::Requirements requirements;
  std::vector<api::Toleration> tolerations;
};

PodShape ShapeOf(const api::PodSpec& spec) {
  PodShape s;
  s.requests = api::PodRequests(spec);
  s.requests["pods"] = api::Quantity::FromInt(1);
  s.requirements = api::Requirements::FromLabels(spec.node_selector);
  if (spec.affinity && spec.affinity->node_affinity &&
      spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution) {
    const auto& terms =
        spec.affinity->node_affinity->required_during_scheduling_ignored_during_execution
            ->node_selector_terms;
    // Karpenter starts from the first OR term and relaxes to the next ones (karpenter.md §2.6).
    if (!terms.empty()) {
      s.requirements.Add(
          api::Requirements::FromNodeSelectorRequirements(terms[0].match_expressions));
    }
  }
  s.tolerations = spec.tolerations;
  return s;
}

std::string DescribeRequests(const api::ResourceList& r) {
  std::vector<std::string> parts;
  for (const auto& [name, q] : r) {
    if (name == "pods") continue;
    parts.push_back(name + " " + q.ToString());
  }
  return parts.empty() ? "nothing" : Join(parts, ", ");
}

// Requirements of an instance type: its labels plus the zones and capacity types of its
// offerings (karpenter.md §1.4, §2.3).
api::Requirements InstanceTypeRequirements(const cloud::InstanceType& it) {
  api::Requirements reqs = api::Requirements::FromLabels(it.labels);
  std::vector<std::string> zones, capacity_types;
  for (const auto& o : it.offerings) {
    if (std::find(zones.begin(), zones.end(), o.zone) == zones.end()) zones.push_back(o.zone);
    if (std::find(capacity_types.begin(), capacity_types.end(), o.capacity_type) ==
        capacity_types.end()) {
      capacity_types.push_back(o.capacity_type);
    }
  }
  reqs.Add(api::Requirement(api::karpenter::kLabelTopologyZone, api::kOpIn, zones));
  reqs.Add(api::Requirement(api::karpenter::kCapacityTypeLabelKey, api::kOpIn, capacity_types));
  return reqs;
}

// The result of fitting one pod shape into one NodePool.
struct PoolFit {
  const LoadedObject* pool = nullptr;
  std::vector<const cloud::InstanceType*> fitting;
  const cloud::InstanceType* largest = nullptr;  // largest allowed type (by cpu) for messages
  std::string why_not;                           // set when the pool is excluded outright
};

class Linter {
 public:
  Linter(const std::vector<LoadedObject>& objects, const cloud::Catalog& catalog,
         std::vector<api::Finding>* out)
      : objects_(objects), catalog_(catalog), out_(out) {
    for (const auto& o : objects_) {
      by_name_[std::string(api::KindOf(o.object).kind) + "/" + o.Name()].push_back(&o);
    }
    for (const auto& it : catalog_.types()) type_reqs_.push_back(InstanceTypeRequirements(it));
  }

  void Run() {
    for (const auto& o : objects_) {
      if (const auto* np = As<api::NodePool>(o)) {
        NodePoolRequirementKeys(o, *np);
        NodeClassRef(o, *np);
      } else if (const auto* so = As<api::ScaledObject>(o)) {
        AuthRefs(o, so->spec.triggers, "spec.triggers");
        ScaleTarget(o, *so);
      } else if (const auto* sj = As<api::ScaledJob>(o)) {
        AuthRefs(o, sj->spec.triggers, "spec.triggers");
        JobFit(o, *sj);
      }
    }
  }

 private:
  void Report(const LoadedObject& o, api::Severity sev, std::string path, std::string message,
              std::string rule) {
    api::Finding f{o.source.file, o.source.doc, o.Ref(),
                   api::Diagnostic{sev, std::move(path), std::move(message), std::move(rule), {}}};
    const yaml::Node* at = o.source.node ? api::FindByPath(*o.source.node, f.diag.path) : nullptr;
    f.diag.mark = at ? at->mark() : o.source.mark;
    out_->push_back(std::move(f));
  }

  std::vector<const LoadedObject*> Named(std::string_view kind, std::string_view name) const {
    auto it = by_name_.find(std::string(kind) + "/" + std::string(name));
    return it == by_name_.end() ? std::vector<const LoadedObject*>{} : it->second;
  }

  const LoadedObject* InNamespace(std::string_view kind, std::string_view ns,
                                  std::string_view name) const {
    for (const auto* o : Named(kind, name)) {
      if (o->Namespace() == ns) return o;
    }
    return nullptr;
  }

  std::vector<const LoadedObject*> All(std::string_view kind) const {
    std::vector<const LoadedObject*> out;
    for (const auto& o : objects_) {
      if (api::KindOf(o.object).kind == kind) out.push_back(&o);
    }
    return out;
  }

  // lint/unknown-requirement-key: the seed's `node.kubernetes.io/instance-category` is not a
  // label any instance type carries, so in Karpenter the requirement restricts nothing.
  void NodePoolRequirementKeys(const LoadedObject& o, const api::NodePool& np) {
    const auto& reqs = np.spec.template_.spec.requirements;
    for (size_t i = 0; i < reqs.size(); i++) {
      std::string key(api::karpenter::NormalizeLabelKey(reqs[i].key));
      if (catalog_.LabelKeys().contains(key) || api::karpenter::IsWellKnownLabel(key) ||
          np.spec.template_.metadata.labels.count(key) > 0) {
        continue;
      }
      std::string domain(api::karpenter::GetLabelDomain(key));
      bool reserved = domain == "kubernetes.io" || domain.ends_with(".kubernetes.io") ||
                      domain == "k8s.io" || domain.ends_with(".k8s.io");
      if (!reserved) continue;  // a user-defined label: pods may select on it (karpenter.md §2.6)
      std::string msg = "no instance type carries the label " + key +
                        ", so this requirement restricts nothing: Karpenter may launch any "
                        "instance type the other requirements allow";
      if (std::string s = SuggestKey(key); !s.empty()) msg += "; did you mean " + s + "?";
      Report(o, api::Severity::kWarning,
             "spec.template.spec.requirements[" + std::to_string(i) + "].key", std::move(msg),
             "lint/unknown-requirement-key");
    }
  }

  // A catalog or well-known key with the same last path segment, e.g. instance-category.
  std::string SuggestKey(const std::string& key) const {
    std::string_view tail = key;
    if (size_t slash = tail.rfind('/'); slash != std::string_view::npos)
      tail.remove_prefix(slash + 1);
    for (const auto& k : catalog_.LabelKeys()) {
      std::string_view kt = k;
      if (size_t slash = kt.rfind('/'); slash != std::string_view::npos)
        kt.remove_prefix(slash + 1);
      if (kt == tail) return k;
    }
    return "";
  }

  // lint/missing-nodeclass.
  void NodeClassRef(const LoadedObject& o, const api::NodePool& np) {
    const auto& ref = np.spec.template_.spec.node_class_ref;
    if (ref.name.empty() || ref.kind.empty()) return;
    if (!Named(ref.kind, ref.name).empty()) return;
    Report(o, api::Severity::kWarning, "spec.template.spec.nodeClassRef.name",
           ref.kind + " " + ref.name +
               " is not in the given files: Karpenter marks this NodePool not ready "
               "(NodeClassReady=False) and launches no nodes until it exists. Add the " +
               ref.kind + " or fix the name",
           "lint/missing-nodeclass");
  }

  // lint/cross-namespace-ref for authenticationRef: KEDA resolves a TriggerAuthentication in
  // the scaled object's own namespace (keda.md §4.2).
  void AuthRefs(const LoadedObject& o, const std::vector<api::ScaleTriggers>& triggers,
                const std::string& base) {
    for (size_t i = 0; i < triggers.size(); i++) {
      const auto& ref = triggers[i].authentication_ref;
      if (!ref || ref->name.empty()) continue;
      std::string kind = ref->kind.empty() ? "TriggerAuthentication" : ref->kind;
      std::string path = base + "[" + std::to_string(i) + "].authenticationRef.name";
      if (kind == "ClusterTriggerAuthentication") continue;
      CrossNamespace(o, kind, ref->name, path,
                     "KEDA looks up a TriggerAuthentication in the ScaledObject's own namespace, "
                     "so this trigger fails with \"TriggerAuthentication not found\"");
    }
  }

  // Reports a reference to `kind`/`name` that exists only in other namespaces. Returns the
  // object in the referrer's namespace, or nullptr.
  const LoadedObject* CrossNamespace(const LoadedObject& o, const std::string& kind,
                                     const std::string& name, const std::string& path,
                                     const std::string& consequence) {
    std::string ns = o.Namespace();
    if (const LoadedObject* same = InNamespace(kind, ns, name)) return same;
    std::vector<std::string> elsewhere;
    for (const auto* other : Named(kind, name)) elsewhere.push_back(other->Namespace());
    if (elsewhere.empty()) return nullptr;
    std::string where = Join(elsewhere, ", ");
    bool implicit = api::MetaOf(o.object).namespace_.empty();
    Report(o, api::Severity::kWarning, path,
           kind + " " + name + " is in namespace " + where + ", but this " +
               std::string(api::KindOf(o.object).kind) + " is in " + ns +
               (implicit ? " (it sets no namespace, so kubectl puts it in default)" : "") + ": " +
               consequence + ". Fix: set metadata.namespace: " + elsewhere[0] +
               " on this object, or create the " + kind + " in " + ns,
           "lint/cross-namespace-ref");
    return nullptr;
  }

  void ScaleTarget(const LoadedObject& o, const api::ScaledObject& so) {
    const auto& ref = so.spec.scale_target_ref;
    std::string kind = ref.kind.empty() ? "Deployment" : ref.kind;
    const LoadedObject* target =
        CrossNamespace(o, kind, ref.name, "spec.scaleTargetRef.name",
                       "KEDA scales only a target in its own namespace, so the ScaledObject "
                       "never becomes ready");
    if (target == nullptr) {
      if (Named(kind, ref.name).empty() && !All("NodePool").empty()) {
        Report(o, api::Severity::kInfo, "spec.scaleTargetRef.name",
               kind + " " + ref.name +
                   " is not in the given files, so swell cannot check its "
                   "pods against the NodePools",
               "lint/target-not-given");
      }
      return;
    }
    const api::PodSpec* pod = nullptr;
    if (const auto* d = As<api::Deployment>(*target)) pod = &d->spec.template_.spec;
    if (const auto* s = As<api::StatefulSet>(*target)) pod = &s->spec.template_.spec;
    if (pod == nullptr) return;
    OtherScaledObjects(o, so, *target);
    MissingRequests(o, so, *pod);
    int32_t max = so.spec.max_replica_count.value_or(100);
    FitAndLimits(o, *target, *pod, max, "spec.maxReplicaCount");
  }

  void JobFit(const LoadedObject& o, const api::ScaledJob& sj) {
    const auto& job = sj.spec.job_target_ref;
    int32_t per_job = job.parallelism.value_or(1);
    int32_t max = sj.spec.max_replica_count.value_or(100);
    FitAndLimits(o, o, job.template_.spec, max * per_job, "spec.maxReplicaCount");
  }

  // lint/other-scaled-object: KEDA's admission webhook rejects a second ScaledObject for the
  // same workload (keda.md §7.2 rule 1).
  void OtherScaledObjects(const LoadedObject& o, const api::ScaledObject& so,
                          const LoadedObject& target) {
    for (const auto& other : objects_) {
      if (&other == &o) break;  // report on the later one only
      const auto* oso = As<api::ScaledObject>(other);
      if (oso == nullptr || other.Namespace() != o.Namespace()) continue;
      const auto& a = oso->spec.scale_target_ref;
      const auto& b = so.spec.scale_target_ref;
      if (a.name == b.name && a.kind == b.kind && a.api_version == b.api_version) {
        Report(o, api::Severity::kWarning, "spec.scaleTargetRef.name",
               "the workload " + target.Ref() + " is already managed by ScaledObject " +
                   other.Name() + " (" + other.source.file + " doc " +
                   std::to_string(other.source.doc) +
                   "); KEDA's admission webhook rejects a second one in the same cluster",
               "lint/other-scaled-object");
        return;  // one finding is enough
      }
    }
  }

  // lint/missing-requests: cpu/memory triggers need requests (or limits) on the containers
  // (keda.md §7.2 rule 4).
  void MissingRequests(const LoadedObject& o, const api::ScaledObject& so,
                       const api::PodSpec& pod) {
    for (size_t i = 0; i < so.spec.triggers.size(); i++) {
      const auto& t = so.spec.triggers[i];
      if (t.type != "cpu" && t.type != "memory") continue;
      auto cn = t.metadata.find("containerName");
      for (const auto& c : pod.containers) {
        if (cn != t.metadata.end() && cn->second != c.name) continue;
        if (c.resources.requests.count(t.type) || c.resources.limits.count(t.type)) continue;
        Report(o, api::Severity::kWarning, "spec.triggers[" + std::to_string(i) + "].type",
               "container " + c.name + " of the scale target sets no " + t.type +
                   " request or limit; the HPA cannot compute utilization and KEDA's admission "
                   "webhook rejects this ScaledObject",
               "lint/missing-requests");
      }
    }
  }

  api::ResourceList DaemonOverhead(const std::vector<api::Taint>& taints) const {
    api::ResourceList total;
    for (const auto* d : All("DaemonSet")) {
      const auto& spec = As<api::DaemonSet>(*d)->spec.template_.spec;
      if (!api::TolerationsTolerateTaints(spec.tolerations, taints)) continue;
      api::AddTo(total, api::PodRequests(spec));
      api::AddTo(total, {{"pods", api::Quantity::FromInt(1)}});
    }
    return total;
  }

  PoolFit FitPool(const LoadedObject& pool_obj, const PodShape& pod) const {
    const auto& np = *As<api::NodePool>(pool_obj);
    const auto& tmpl = np.spec.template_;
    PoolFit fit;
    fit.pool = &pool_obj;
    const api::Taint* untolerated = nullptr;
    if (!api::TolerationsTolerateTaints(pod.tolerations, tmpl.spec.taints, &untolerated)) {
      fit.why_not = "the pods do not tolerate its taint " + untolerated->key + "=" +
                    untolerated->value + ":" + untolerated->effect;
      return fit;
    }
    api::Requirements pool_reqs =
        api::Requirements::FromNodeSelectorRequirementsWithMinValues(tmpl.spec.requirements);
    pool_reqs.Add(api::Requirements::FromLabels(tmpl.metadata.labels));
    if (Status s = pool_reqs.Compatible(pod.requirements, api::karpenter::WellKnownLabels());
        !s.ok()) {
      fit.why_not =
          "the pods' node selector is incompatible with its requirements (" + s.message() + ")";
      return fit;
    }
    api::ResourceList need = pod.requests;
    api::AddTo(need, DaemonOverhead(tmpl.spec.taints));
    for (size_t i = 0; i < catalog_.types().size(); i++) {
      const auto& it = catalog_.types()[i];
      if (!type_reqs_[i].HasIntersection(pool_reqs) ||
          !type_reqs_[i].HasIntersection(pod.requirements)) {
        continue;
      }
      api::ResourceList alloc = it.Allocatable();
      if (fit.largest == nullptr || alloc["cpu"] > fit.largest->Allocatable()["cpu"]) {
        fit.largest = &it;
      }
      if (api::Fits(need, alloc)) fit.fitting.push_back(&it);
    }
    if (fit.largest == nullptr) fit.why_not = "its requirements allow no instance type";
    return fit;
  }

  // lint/pods-never-fit and lint/max-exceeds-limits.
  void FitAndLimits(const LoadedObject& scaler, const LoadedObject& workload,
                    const api::PodSpec& pod_spec, int32_t max_pods, const std::string& max_path) {
    std::vector<const LoadedObject*> pools = All("NodePool");
    if (pools.empty()) return;
    PodShape pod = ShapeOf(pod_spec);
    std::vector<PoolFit> fits;
    std::vector<std::string> reasons;
    for (const auto* p : pools) {
      PoolFit f = FitPool(*p, pod);
      if (!f.fitting.empty()) {
        fits.push_back(std::move(f));
      } else if (!f.why_not.empty()) {
        reasons.push_back("NodePool " + p->Name() + ": " + f.why_not);
      } else {
        const auto& big = *f.largest;
        reasons.push_back("NodePool " + p->Name() + ": its largest allowed type " + big.name +
                          " has allocatable " + DescribeRequests(big.Allocatable()));
      }
    }
    std::string pod_path =
        &workload == &scaler ? "spec.jobTargetRef.template.spec" : "spec.template.spec";
    if (fits.empty()) {
      Report(workload, api::Severity::kWarning, pod_path,
             "a pod requests " + DescribeRequests(pod.requests) +
                 " and fits no instance type any NodePool allows, so it would stay Pending "
                 "forever (" +
                 Join(reasons, "; ") +
                 "). Lower the requests, or allow larger or matching instance types",
             "lint/pods-never-fit");
      return;
    }
    MaxAgainstLimits(scaler, pod, fits, max_pods, max_path);
  }

  void MaxAgainstLimits(const LoadedObject& scaler, const PodShape& pod,
                        const std::vector<PoolFit>& fits, int32_t max_pods,
                        const std::string& max_path) {
    for (const auto& [res, per_pod] : pod.requests) {
      if (res == "pods" || per_pod.Sign() <= 0) continue;
      api::Quantity limit;
      std::vector<std::string> names;
      bool bounded = true;
      for (const auto& f : fits) {
        const auto& limits = As<api::NodePool>(*f.pool)->spec.limits;
        auto it = limits.find(res);
        if (it == limits.end()) {
          bounded = false;
          break;
        }
        limit += it->second;
        names.push_back(f.pool->Name());
      }
      if (!bounded) continue;
      api::Quantity total = per_pod.MulInt(max_pods);
      if (total <= limit) continue;
      auto fit_count = static_cast<int64_t>(limit.AsDouble() / per_pod.AsDouble());
      Report(scaler, api::Severity::kWarning, max_path,
             "at " + std::to_string(max_pods) + " pods the workload requests " + res + " " +
                 total.ToString() + " (" + std::to_string(max_pods) + " x " + per_pod.ToString() +
                 "), above the " + res + " limit " + limit.ToString() + " of NodePool " +
                 Join(names, ", ") + ": at most about " + std::to_string(fit_count) +
                 " pods can run (fewer once node overhead is counted) and the rest stay "
                 "Pending. Raise spec.limits." +
                 res + " or lower maxReplicaCount",
             "lint/max-exceeds-limits");
    }
  }

  const std::vector<LoadedObject>& objects_;
  const cloud::Catalog& catalog_;
  std::vector<api::Finding>* out_;
  std::map<std::string, std::vector<const LoadedObject*>> by_name_;
  std::vector<api::Requirements> type_reqs_;
};

}  // namespace

void Lint(const std::vector<LoadedObject>& objects, std::vector<api::Finding>* findings,
          const LintOptions& options) {
  bool any = false;
  for (const auto& o : objects) {
    std::string_view k = api::KindOf(o.object).kind;
    any |= k == "NodePool" || k == "ScaledObject" || k == "ScaledJob";
  }
  if (!any) return;  // nothing to lint: skip loading the catalog
  const cloud::Catalog& catalog = options.catalog ? *options.catalog : DefaultCatalog();
  Linter(objects, catalog, findings).Run();
}

}  // namespace swell::lint
