#include "sim/sim_cloud_nodeclass.h"

#include <cstdio>
#include <type_traits>

#include "api/karpenter/kubelet.h"
#include "api/karpenter/well_known.h"
#include "api/yaml/node.h"

namespace swell::sim {
namespace {

namespace k = api::karpenter;

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

bool IsBottlerocket(std::string_view family) { return family == api::kAmiFamilyBottlerocket; }
bool IsWindows(std::string_view family) { return family.substr(0, 7) == "Windows"; }

// The device the AMI family boots from (aws amifamily EphemeralBlockDevice).
std::string_view RootDevice(std::string_view family) {
  if (IsBottlerocket(family)) return "/dev/xvdb";
  if (IsWindows(family)) return "/dev/sda1";
  return "/dev/xvda";
}

StatusOr<api::ResourceList> Quantities(const api::StringMap& in, std::string_view field) {
  api::ResourceList out;
  for (const auto& [name, text] : in) {
    auto q = api::Quantity::Parse(text);
    if (!q.ok()) {
      return NotReady("kubelet." + std::string(field) + "[" + name + "]: \"" + text +
                      "\" is not a quantity");
    }
    out[name] = *q;
  }
  return out;
}

StatusOr<std::optional<api::Quantity>> RootVolumeSize(const api::EC2NodeClassSpec& spec,
                                                      std::string_view family) {
  const api::BlockDeviceMapping* root = nullptr;
  for (const api::BlockDeviceMapping& m : spec.block_device_mappings) {
    if (m.root_volume) root = &m;
  }
  for (const api::BlockDeviceMapping& m : spec.block_device_mappings) {
    if (root == nullptr && m.device_name.value_or("") == RootDevice(family)) root = &m;
  }
  if (root == nullptr || !root->ebs || !root->ebs->volume_size)
    return std::optional<api::Quantity>();
  auto q = api::Quantity::Parse(*root->ebs->volume_size);
  if (!q.ok()) return NotReady("blockDeviceMappings: volumeSize is not a quantity");
  return std::optional<api::Quantity>(*q);
}

}  // namespace

std::string Hex17(uint64_t high, uint64_t low) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx%01llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low & 0xf));
  return buf;
}

std::string NodeClassShape::Key() const {
  std::string key = "maxPods=" + (kubelet.max_pods ? std::to_string(*kubelet.max_pods) : "-");
  key += ";podsPerCore=" + (kubelet.pods_per_core ? std::to_string(*kubelet.pods_per_core) : "-");
  auto list = [&key](std::string_view name, const auto& m) {
    key += ";" + std::string(name) + "=";
    for (const auto& [k, v] : m) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
        key += k + ":" + v + ",";
      } else {
        key += k + ":" + v.ToString() + ",";
      }
    }
  };
  list("kubeReserved", kubelet.kube_reserved);
  list("systemReserved", kubelet.system_reserved);
  list("evictionHard", kubelet.eviction_hard);
  key += ";root=" + (root_volume_size ? root_volume_size->ToString() : "-");
  key += ";eniMemory=" + std::string(kube_reserved_memory_from_eni_pods ? "1" : "0");
  return key;
}

cloud::CatalogOptions NodeClassShape::Apply(cloud::CatalogOptions base) const {
  base.kubelet = kubelet;
  if (root_volume_size) base.root_volume_size = *root_volume_size;
  base.kube_reserved_memory_from_eni_pods = kube_reserved_memory_from_eni_pods;
  return base;
}

StatusOr<NodeClassShape> ShapeOf(const api::EC2NodeClassSpec& spec) {
  auto parsed = k::ParseKubeletConfig(spec.kubelet);
  if (!parsed.ok()) return NotReady(parsed.status().message());
  if (k::HasExpressions(*parsed)) {
    return NotReady("kubelet: CEL expressions need the NodeClassCEL feature gate");
  }
  std::string family = k::AmiFamilyOf(spec);
  NodeClassShape shape;
  if (parsed->max_pods) shape.kubelet.max_pods = static_cast<int32_t>(parsed->max_pods->int_value);
  if (!IsBottlerocket(family)) shape.kubelet.pods_per_core = parsed->pods_per_core;
  SWELL_ASSIGN_OR_RETURN(shape.kubelet.kube_reserved,
                         Quantities(parsed->kube_reserved, "kubeReserved"));
  SWELL_ASSIGN_OR_RETURN(shape.kubelet.system_reserved,
                         Quantities(parsed->system_reserved, "systemReserved"));
  shape.kubelet.eviction_hard = parsed->eviction_hard;
  SWELL_ASSIGN_OR_RETURN(shape.root_volume_size, RootVolumeSize(spec, family));
  shape.kube_reserved_memory_from_eni_pods = !IsBottlerocket(family) && !IsWindows(family);
  return shape;
}

std::string StaticHash(const api::EC2NodeClassSpec& spec) {
  api::EC2NodeClassSpec hashed = spec;
  hashed.subnet_selector_terms.clear();
  hashed.security_group_selector_terms.clear();
  hashed.capacity_reservation_selector_terms.clear();
  hashed.ami_selector_terms.clear();
  hashed.ami_family.reset();
  hashed.ip_prefix_count.reset();
  std::string text = yaml::EmitJson(api::EncodeValue(hashed), -1) + "\n" + k::AmiFamilyOf(spec);
  return std::to_string(Fnv1a(text));
}

std::string ResolveImageId(const api::EC2NodeClass& nc, const api::StringMap& instance_labels) {
  api::Requirements labels = api::Requirements::FromLabels(instance_labels);
  for (const api::AMIStatus& ami : nc.status.amis) {
    if (api::Requirements::FromNodeSelectorRequirements(ami.requirements).HasIntersection(labels)) {
      return ami.id;
    }
  }
  for (const api::AMISelectorTerm& term : nc.spec.ami_selector_terms) {
    if (term.id) return *term.id;
  }
  auto arch = instance_labels.find(k::kLabelArchStable);
  std::string text = yaml::EmitJson(api::EncodeValue(nc.spec.ami_selector_terms), -1) + "\n" +
                     k::AmiFamilyOf(nc.spec) + "\n" +
                     (arch == instance_labels.end() ? "" : arch->second);
  return "ami-" + Hex17(Fnv1a(text), Fnv1a(text + "\n"));
}

bool NodeClassReady(const std::vector<api::Condition>& conditions, std::string* why) {
  for (const api::Condition& c : conditions) {
    if (c.type == "Ready" && c.status != "True") {
      if (why != nullptr) *why = c.message.empty() ? c.reason : c.message;
      return false;
    }
  }
  return true;
}

}  // namespace swell::sim
