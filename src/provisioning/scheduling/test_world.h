// Test and benchmark helpers: a small world of instance types, NodePools, pods and DaemonSets
// that owns its objects and hands out a Snapshot over them.
#pragma once

#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "api/core/pod.h"
#include "api/core/workloads.h"
#include "api/karpenter/types.h"
#include "cloud/instance_types.h"
#include "provisioning/scheduling/scheduler.h"

namespace swell::provisioning::testing {

struct TypeSpec {
  TypeSpec(std::string n, int64_t c, int64_t m, double p, std::string a = "amd64",
           std::vector<std::string> z = {"zone-a", "zone-b", "zone-c"},
           std::vector<std::string> cts = {"on-demand", "spot"}, double ratio = 0.7)
      : name(std::move(n)),
        cpu(c),
        memory_gib(m),
        price(p),
        arch(std::move(a)),
        zones(std::move(z)),
        capacity_types(std::move(cts)),
        spot_ratio(ratio) {}
  std::string name;
  int64_t cpu = 2;         // vCPUs
  int64_t memory_gib = 4;  // GiB
  double price = 0.1;      // on-demand $/h
  std::string arch = "amd64";
  std::vector<std::string> zones = {"zone-a", "zone-b", "zone-c"};
  std::vector<std::string> capacity_types = {"on-demand", "spot"};
  double spot_ratio = 0.7;
  int64_t pods = 110;
  std::string family;  // karpenter.k8s.aws/instance-family; default: name before '.'
};

// An instance type with no overhead (allocatable == capacity), one offering per zone x capacity
// type, spot at price x spot_ratio.
inline cloud::InstanceType MakeType(const TypeSpec& s) {
  cloud::InstanceType it;
  it.name = s.name;
  std::string family = s.family.empty() ? s.name.substr(0, s.name.find('.')) : s.family;
  it.labels = {{"node.kubernetes.io/instance-type", s.name},
               {"kubernetes.io/arch", s.arch},
               {"kubernetes.io/os", "linux"},
               {"karpenter.k8s.aws/instance-family", family}};
  it.capacity = {
      {"cpu", api::Quantity::FromInt(s.cpu)},
      {"memory", api::Quantity::FromInt(s.memory_gib << 30, api::Quantity::Format::kBinarySI)},
      {"pods", api::Quantity::FromInt(s.pods)}};
  for (const auto& z : s.zones) {
    for (const auto& ct : s.capacity_types) {
      it.offerings.push_back({z, ct, ct == "spot" ? s.price * s.spot_ratio : s.price, true});
    }
  }
  return it;
}

class World {
 public:
  cloud::InstanceType& AddType(const TypeSpec& s) { return types_.emplace_back(MakeType(s)); }
  // A ready-made type, e.g. from the EC2 catalog.
  cloud::InstanceType& AddType(cloud::InstanceType t) { return types_.emplace_back(std::move(t)); }

  api::NodePool& AddPool(const std::string& name, int32_t weight = 0) {
    api::NodePool& np = pools_.emplace_back();
    np.metadata.name = name;
    if (weight > 0) np.spec.weight = weight;
    np.spec.template_.spec.node_class_ref = {"EC2NodeClass", "default", "karpenter.k8s.aws"};
    return np;
  }

  api::Pod& AddPod(const std::string& name, const std::string& cpu, const std::string& memory) {
    api::Pod& p = pods_.emplace_back();
    p.metadata.name = name;
    p.metadata.namespace_ = "default";
    p.metadata.uid = "uid-" + name;
    api::Container c;
    c.name = "main";
    c.resources.requests["cpu"] = api::Quantity::MustParse(cpu);
    c.resources.requests["memory"] = api::Quantity::MustParse(memory);
    p.spec.containers.push_back(c);
    return p;
  }

  api::DaemonSet& AddDaemonSet(const std::string& name, const std::string& cpu,
                               const std::string& memory) {
    api::DaemonSet& d = daemonsets_.emplace_back();
    d.metadata.name = name;
    d.metadata.namespace_ = "kube-system";
    api::Container c;
    c.name = "main";
    c.resources.requests["cpu"] = api::Quantity::MustParse(cpu);
    c.resources.requests["memory"] = api::Quantity::MustParse(memory);
    d.spec.template_.spec.containers.push_back(c);
    return d;
  }

  ExistingNode& AddNode(const ExistingNode& n) { return nodes_.emplace_back(n); }

  // Every pool gets every type.
  Snapshot MakeSnapshot() const {
    Snapshot s;
    for (const auto& p : pods_) s.pods.push_back(&p);
    for (const auto& n : nodes_) s.nodes.push_back(n);
    for (const auto& np : pools_) {
      NodePoolInput in;
      in.nodepool = &np;
      for (const auto& t : types_) in.instance_types.push_back(&t);
      s.nodepools.push_back(std::move(in));
    }
    for (const auto& d : daemonsets_) s.daemonsets.push_back(&d);
    return s;
  }

  std::deque<cloud::InstanceType>& types() { return types_; }
  std::deque<api::Pod>& pods() { return pods_; }

 private:
  std::deque<cloud::InstanceType> types_;
  std::deque<api::NodePool> pools_;
  std::deque<api::Pod> pods_;
  std::deque<api::DaemonSet> daemonsets_;
  std::deque<ExistingNode> nodes_;
};

}  // namespace swell::provisioning::testing
