#include "api/core/node.h"

#include <set>

#include "api/labels.h"

namespace swell::api {

void ApplyDefaults(Node& o) {
  if (o.status.allocatable.empty()) o.status.allocatable = o.status.capacity;
}

void ValidateTaints(const std::vector<Taint>& taints, std::string_view path_view,
                    Diagnostics& diags) {
  std::string path(path_view);
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < taints.size(); i++) {
    const Taint& t = taints[i];
    std::string p = PathIndex(path, i);
    if (std::string why = CheckQualifiedName(t.key); !why.empty()) {
      diags.Error(p + ".key", "\"" + t.key + "\": " + why, "core/taint");
    }
    if (std::string why = CheckLabelValue(t.value); !why.empty()) {
      diags.Error(p + ".value", "\"" + t.value + "\": " + why, "core/taint");
    }
    if (t.effect != kEffectNoSchedule && t.effect != kEffectPreferNoSchedule &&
        t.effect != kEffectNoExecute) {
      diags.Error(p + ".effect",
                  "\"" + t.effect + "\" is not NoSchedule, PreferNoSchedule or NoExecute",
                  "core/taint");
    }
    if (!seen.insert({t.key, t.effect}).second) {
      diags.Error(p, "duplicate taint " + t.key + ":" + t.effect, "core/taint");
    }
  }
}

void Validate(const Node& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, false, diags);
  ValidateTaints(o.spec.taints, "spec.taints", diags);
  for (const auto* list : {&o.status.capacity, &o.status.allocatable}) {
    for (const auto& [name, q] : *list) {
      if (q.Sign() < 0) {
        diags.Error(
            PathJoin(list == &o.status.capacity ? "status.capacity" : "status.allocatable", name),
            "must be non-negative", "core/resources");
      }
    }
  }
}

}  // namespace swell::api
