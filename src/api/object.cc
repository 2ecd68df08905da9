#include "api/object.h"

#include <array>

namespace swell::api {
namespace {

struct KindRow {
  KindInfo info;
  bool (*decode)(const yaml::Node&, Object*, Diagnostics&);
};

std::string ApiVersionOf(const KindInfo& k);

template <class T>
bool DecodeAs(const yaml::Node& n, Object* out, Diagnostics& diags) {
  size_t errors_before = diags.error_count();
  T t;
  Decoder d(&diags);
  DecodeValue(n, t, d);
  *out = std::move(t);
  // The type fields hold what the table says (a missing apiVersion was already reported).
  const KindInfo& k = KindOf(*out);
  std::get<T>(*out).api_version = ApiVersionOf(k);
  std::get<T>(*out).kind = std::string(k.kind);
  return diags.error_count() == errors_before;
}

// One row per kind, in the order of the Object variant.
const std::array<KindRow, std::variant_size_v<Object>> kKinds = {{
    {{"", "v1", "Pod", true}, &DecodeAs<Pod>},
    {{"", "v1", "Node", false}, &DecodeAs<Node>},
    {{"apps", "v1", "Deployment", true}, &DecodeAs<Deployment>},
    {{"apps", "v1", "StatefulSet", true}, &DecodeAs<StatefulSet>},
    {{"apps", "v1", "DaemonSet", true}, &DecodeAs<DaemonSet>},
    {{"batch", "v1", "Job", true}, &DecodeAs<Job>},
    {{"policy", "v1", "PodDisruptionBudget", true}, &DecodeAs<PodDisruptionBudget>},
    {{"", "v1", "Secret", true}, &DecodeAs<Secret>},
    {{"", "v1", "ConfigMap", true}, &DecodeAs<ConfigMap>},
    {{"keda.sh", "v1alpha1", "ScaledObject", true}, &DecodeAs<ScaledObject>},
    {{"keda.sh", "v1alpha1", "ScaledJob", true}, &DecodeAs<ScaledJob>},
    {{"keda.sh", "v1alpha1", "TriggerAuthentication", true}, &DecodeAs<TriggerAuthentication>},
    {{"keda.sh", "v1alpha1", "ClusterTriggerAuthentication", false},
     &DecodeAs<ClusterTriggerAuthentication>},
    {{"karpenter.sh", "v1", "NodePool", false}, &DecodeAs<NodePool>},
    {{"karpenter.sh", "v1", "NodeClaim", false}, &DecodeAs<NodeClaim>},
    {{"karpenter.k8s.aws", "v1", "EC2NodeClass", false}, &DecodeAs<EC2NodeClass>},
    {{"karpenter.kwok.sh", "v1alpha1", "KWOKNodeClass", false}, &DecodeAs<KWOKNodeClass>},
}};

std::string ApiVersionOf(const KindInfo& k) {
  return k.group.empty() ? std::string(k.version)
                         : std::string(k.group) + "/" + std::string(k.version);
}

std::string_view GroupOf(std::string_view api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

// Known retired or foreign API versions of kinds users paste, with advice.
struct Retired {
  std::string_view api_version;
  std::string_view advice;
};
constexpr Retired kRetired[] = {
    {"keda.k8s.io/v1alpha1",
     "is KEDA v1's API, removed in KEDA 2.0: migrate to keda.sh/v1alpha1 "
     "(https://keda.sh/docs/2.0/migration/)"},
    {"karpenter.sh/v1beta1",
     "is no longer served since Karpenter v1.1: migrate to karpenter.sh/v1"},
    {"karpenter.sh/v1alpha5",
     "is Karpenter's pre-v1 Provisioner API: migrate to NodePool karpenter.sh/v1"},
    {"karpenter.k8s.aws/v1beta1",
     "is no longer served since Karpenter v1.1: migrate to karpenter.k8s.aws/v1"},
    {"karpenter.k8s.aws/v1alpha1",
     "is Karpenter's pre-v1 AWSNodeTemplate API: migrate to EC2NodeClass karpenter.k8s.aws/v1"},
};

const KindRow* FindRowByKind(std::string_view kind) {
  for (const auto& row : kKinds) {
    if (row.info.kind == kind) return &row;
  }
  return nullptr;
}

std::string ScalarOrEmpty(const yaml::Node* n) {
  return (n != nullptr && n->IsScalar() && !n->IsNull()) ? n->value() : std::string();
}

}  // namespace

const KindInfo& KindOf(const Object& o) { return kKinds[o.index()].info; }

const ObjectMeta& MetaOf(const Object& o) {
  return std::visit([](const auto& t) -> const ObjectMeta& { return t.metadata; }, o);
}

ObjectMeta& MutableMetaOf(Object& o) {
  return std::visit([](auto& t) -> ObjectMeta& { return t.metadata; }, o);
}

const KindInfo* FindKind(std::string_view api_version, std::string_view kind) {
  for (const auto& row : kKinds) {
    if (row.info.kind == kind && ApiVersionOf(row.info) == api_version) return &row.info;
  }
  return nullptr;
}

bool DecodeObject(const yaml::Node& node, Object* out, Diagnostics& diags) {
  if (!node.IsMapping()) {
    diags.Error("", "a Kubernetes object must be a mapping with apiVersion and kind",
                "decode/object", node.mark());
    return false;
  }
  std::string api_version = ScalarOrEmpty(node.Find("apiVersion"));
  std::string kind = ScalarOrEmpty(node.Find("kind"));
  if (kind.empty()) {
    diags.Error("kind", "kind is required", "decode/kind", node.mark());
    return false;
  }
  const KindRow* row = FindRowByKind(kind);
  for (const Retired& r : kRetired) {
    if (api_version == r.api_version) {
      diags.Warning("apiVersion", api_version + " " + std::string(r.advice) + "; object skipped",
                    "decode/retired-api", node.Find("apiVersion")->mark());
      return false;
    }
  }
  if (row == nullptr) {
    std::string gv = api_version.empty() ? "no apiVersion" : api_version;
    diags.Info("", "skipped: swell does not read kind " + kind + " (" + gv + ")",
               "decode/skipped-kind", node.mark());
    return false;
  }
  if (api_version.empty()) {
    diags.Warning(
        "apiVersion",
        "apiVersion is missing (kubectl rejects this); assuming " + ApiVersionOf(row->info),
        "decode/api-version", node.mark());
  } else if (ApiVersionOf(row->info) != api_version) {
    if (GroupOf(api_version) == row->info.group) {
      diags.Error("apiVersion",
                  api_version + " is not a version swell reads for " + kind + "; use " +
                      ApiVersionOf(row->info),
                  "decode/api-version", node.Find("apiVersion")->mark());
    } else {
      diags.Info("", "skipped: " + kind + " of " + api_version + " is not a kind swell reads",
                 "decode/skipped-kind", node.mark());
    }
    return false;
  }
  return row->decode(node, out, diags);
}

void ApplyObjectDefaults(Object& o) {
  std::visit([](auto& t) { ApplyDefaults(t); }, o);
}

void ValidateObject(const Object& o, Diagnostics& diags) {
  std::visit([&](const auto& t) { Validate(t, diags); }, o);
}

yaml::Node EncodeObject(const Object& o) {
  yaml::Node n = std::visit([](const auto& t) { return EncodeValue(t); }, o);
  // apiVersion and kind always come first and are always present.
  const KindInfo& k = KindOf(o);
  yaml::Node out = yaml::Node::Mapping();
  out.Add("apiVersion", yaml::Node::Scalar(ApiVersionOf(k), yaml::ScalarStyle::kDoubleQuoted));
  out.Add("kind", yaml::Node::Scalar(std::string(k.kind), yaml::ScalarStyle::kDoubleQuoted));
  for (size_t i = 0; i < n.size(); i++) {
    if (n.key(i).value() == "apiVersion" || n.key(i).value() == "kind") continue;
    out.Add(n.key(i), n.val(i));
  }
  return out;
}

}  // namespace swell::api
