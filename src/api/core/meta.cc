#include "api/core/meta.h"

namespace swell::api {

void DecodeValue(const yaml::Node& n, Time& out, Decoder& d) {
  if (n.IsNull()) return;
  if (!n.IsScalar()) return d.TypeError(n, "RFC 3339 timestamp");
  if (!ParseRfc3339(n.value(), &out.value)) {
    d.Error(n, "\"" + n.value() + "\" is not an RFC 3339 timestamp (e.g. 2026-11-27T02:00:00Z)",
            "decode/time");
  }
}

yaml::Node EncodeValue(const Time& v) {
  return yaml::Node::Scalar(FormatRfc3339(v.value), yaml::ScalarStyle::kDoubleQuoted);
}

}  // namespace swell::api

#include "api/diagnostics.h"
#include "api/labels.h"

namespace swell::api {

void ValidateObjectMeta(const ObjectMeta& m, bool namespaced, Diagnostics& diags,
                        NameRule name_rule) {
  if (m.name.empty() && m.generate_name.empty()) {
    diags.Error("metadata.name", "name or generateName is required", "meta/name");
  } else if (!m.name.empty()) {
    std::string why = name_rule == NameRule::kDns1123Label ? CheckDns1123Label(m.name)
                                                           : CheckDns1123Subdomain(m.name);
    // Syntax rules of the API server: the intent is clear and swell can proceed, so these
    // are warnings (an error with --strict). See docs/validation.md, "Severity".
    if (!why.empty()) {
      diags.Warning("metadata.name", "\"" + m.name + "\": " + why + " (kubectl rejects it)",
                    "meta/name");
    }
  }
  if (!m.namespace_.empty()) {
    if (!namespaced) {
      diags.Error("metadata.namespace", "this kind is cluster-scoped and takes no namespace",
                  "meta/namespace");
    } else if (std::string why = CheckDns1123Label(m.namespace_); !why.empty()) {
      diags.Warning("metadata.namespace",
                    "\"" + m.namespace_ + "\": " + why + " (kubectl rejects it)", "meta/namespace");
    }
  }
  for (const auto& [k, v] : m.labels) {
    std::string path = PathJoin("metadata.labels", k);
    if (std::string why = CheckQualifiedName(k); !why.empty()) {
      diags.Warning(path, "label key: " + why + " (kubectl rejects it)", "meta/label");
    }
    if (std::string why = CheckLabelValue(v); !why.empty()) {
      diags.Warning(path, "label value \"" + v + "\": " + why + " (kubectl rejects it)",
                    "meta/label");
    }
  }
  for (const auto& [k, v] : m.annotations) {
    if (std::string why = CheckQualifiedName(k); !why.empty()) {
      diags.Warning(PathJoin("metadata.annotations", k),
                    "annotation key: " + why + " (kubectl rejects it)", "meta/annotation");
    }
  }
}

}  // namespace swell::api
