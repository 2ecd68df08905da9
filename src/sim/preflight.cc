#include "sim/preflight.h"

#include <cstdio>
#include <map>
#include <optional>

#include "provisioning/scheduling/scheduler.h"

namespace swell::sim {
namespace {

// A quantity as people read it: cpu in cores, memory in GiB, others as Kubernetes writes them.
std::string Readable(const std::string& name, const api::Quantity& q) {
  char buf[48];
  if (name == "cpu") {
    std::snprintf(buf, sizeof buf, "%g cores", static_cast<double>(q.MilliValue()) / 1000.0);
    return buf;
  }
  if (name == "memory" || name == "ephemeral-storage") {
    std::snprintf(buf, sizeof buf, "%.2f GiB", q.AsDouble() / (1024.0 * 1024.0 * 1024.0));
    return buf;
  }
  return q.ToString();
}

// The resource of `requests` that exceeds what every type offers, as "they request cpu 200
// cores, the largest type has 191.45 cores allocatable"; empty if each resource alone fits some
// type.
std::string Oversized(const api::ResourceList& requests,
                      const std::vector<const cloud::InstanceType*>& types) {
  for (const auto& [name, want] : requests) {
    std::optional<api::Quantity> best;
    for (const cloud::InstanceType* t : types) {
      const api::ResourceList alloc = t->Allocatable();
      auto it = alloc.find(name);
      if (it != alloc.end() && (!best || *best < it->second)) best = it->second;
    }
    if (!best)
      return "they request " + name + " " + Readable(name, want) + ", which no type offers";
    if (*best < want) {
      return "they request " + name + " " + Readable(name, want) + ", the largest type has " +
             Readable(name, *best) + " allocatable";
    }
  }
  return "";
}

std::string Finding(const std::string& ref, const api::Pod& pod, const provisioning::PodResult& r,
                    const std::map<std::string, std::vector<const cloud::InstanceType*>>& types) {
  std::string out = ref + ": its pods fit no NodePool";
  for (const provisioning::NodePoolFailure& f : r.failures) {
    std::string why = f.message;
    if (f.reason == provisioning::FailureReason::kInstanceTypes && !f.fits) {
      auto it = types.find(f.nodepool);
      std::string size = it == types.end() ? "" : Oversized(api::PodRequests(pod.spec), it->second);
      if (!size.empty()) why = "no instance type fits: " + size;
    }
    out += "; NodePool " + f.nodepool + ": " + why;
  }
  if (r.failures.empty()) out += ": " + r.error;
  return out;
}

template <class W>
void Check(const std::string& kind, const W& w, provisioning::Snapshot snap,
           const std::map<std::string, std::vector<const cloud::InstanceType*>>& types,
           std::vector<std::string>* out) {
  api::Pod pod;
  pod.metadata = w.spec.template_.metadata;
  pod.metadata.namespace_ = w.metadata.namespace_;
  pod.metadata.name = w.metadata.name + "-preflight";
  pod.spec = w.spec.template_.spec;
  pod.status.phase = "Pending";
  snap.pods = {&pod};
  auto results = provisioning::Solve(snap);
  if (!results.ok() || results->pods.empty()) return;
  const provisioning::PodResult& r = results->pods[0];
  if (r.where != provisioning::PodResult::Where::kUnschedulable) return;
  out->push_back(
      Finding(kind + " " + w.metadata.namespace_ + "/" + w.metadata.name, pod, r, types));
}

}  // namespace

std::vector<std::string> UnplaceableWorkloads(const state::ClusterState& cluster,
                                              cloud::CloudProvider& cloud) {
  std::vector<std::string> out;
  provisioning::Snapshot snap;
  std::vector<cloud::InstanceTypes> keep_alive;
  std::map<std::string, std::vector<const cloud::InstanceType*>> types;
  for (const auto& [key, np] : cluster.store<api::NodePool>()) {
    StatusOr<cloud::InstanceTypes> list = cloud.GetInstanceTypes(np);
    if (!list.ok() || *list == nullptr) continue;
    provisioning::NodePoolInput in;
    in.nodepool = &np;
    for (const cloud::InstanceType& t : **list) in.instance_types.push_back(&t);
    types[np.metadata.name] = in.instance_types;
    keep_alive.push_back(*list);
    snap.nodepools.push_back(std::move(in));
  }
  if (snap.nodepools.empty()) return out;
  for (const auto& [key, ds] : cluster.store<api::DaemonSet>()) snap.daemonsets.push_back(&ds);
  for (const auto& [key, d] : cluster.store<api::Deployment>()) {
    Check("Deployment", d, snap, types, &out);
  }
  for (const auto& [key, s] : cluster.store<api::StatefulSet>()) {
    Check("StatefulSet", s, snap, types, &out);
  }
  return out;
}

}  // namespace swell::sim
