#include "api/core/config.h"

#include "api/placeholder.h"

namespace swell::api {
namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding, as Go's encoding/base64.StdEncoding (what the API server
// uses for []byte fields). Newlines are not allowed.
bool DecodeBase64(std::string_view in, std::string* out) {
  if (in.size() % 4 != 0) return false;
  out->clear();
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (size_t j = 0; j < 4; j++) {
      char c = in[i + j];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        pad++;
        continue;
      }
      if (pad > 0) return false;
      v[j] = Base64Value(c);
      if (v[j] < 0) return false;
    }
    unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                 (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out->push_back(static_cast<char>((n >> 16) & 0xff));
    if (pad < 2) out->push_back(static_cast<char>((n >> 8) & 0xff));
    if (pad < 1) out->push_back(static_cast<char>(n & 0xff));
  }
  return true;
}

// Keys of Secret and ConfigMap data: [-._a-zA-Z0-9]+, at most 253 characters.
bool IsConfigKey(std::string_view k) {
  if (k.empty() || k.size() > 253) return false;
  for (char c : k) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

void ValidateConfigKeys(const StringMap& m, const char* path, Diagnostics& diags) {
  for (const auto& [k, v] : m) {
    if (!IsConfigKey(k)) {
      diags.Error(PathJoin(path, k),
                  "key must consist of alphanumerics, '-', '_' or '.' (at most 253 characters)",
                  "core/config-key");
    }
  }
}

void ValidatePercentOrInt(const std::optional<IntOrString>& v, const char* path,
                          Diagnostics& diags) {
  if (!v) return;
  if (!v->is_string) {
    if (v->int_value < 0) diags.Error(path, "must be >= 0", "policy/pdb");
    return;
  }
  if (!GetScaledValueFromIntOrPercent(*v, 100, true).ok()) {
    diags.Error(path, "\"" + v->str_value + "\" must be an integer or a percentage like \"50%\"",
                "policy/pdb");
  }
}

}  // namespace

StatusOr<std::string> SecretValue(const Secret& s, std::string_view key) {
  if (auto it = s.string_data.find(key); it != s.string_data.end()) return it->second;
  auto it = s.data.find(key);
  if (it == s.data.end()) {
    return NotFound("secret " + s.metadata.name + " has no key \"" + std::string(key) + "\"");
  }
  std::string out;
  if (!DecodeBase64(it->second, &out)) {
    return InvalidArgument("secret " + s.metadata.name + " key \"" + std::string(key) +
                           "\" is not valid base64");
  }
  return out;
}

void ApplyDefaults(Secret& o) {
  if (o.type.empty()) o.type = "Opaque";
}
void ApplyDefaults(ConfigMap& /*o*/) {}
void ApplyDefaults(PodDisruptionBudget& /*o*/) {}

void Validate(const Secret& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateConfigKeys(o.data, "data", diags);
  ValidateConfigKeys(o.string_data, "stringData", diags);
  // Values are secrets: messages name keys only. Placeholder values ("<omitted>") are
  // collected into one warning per Secret.
  std::string scratch;
  std::vector<std::string> placeholders;
  for (const auto& [k, v] : o.data) {
    if (DecodeBase64(v, &scratch)) continue;
    if (ContainsPlaceholder(v)) {
      placeholders.push_back(k);
      continue;
    }
    // The API server rejects this Secret; swell reports it without failing validation, since
    // the Secret is context (read for TriggerAuthentications), not an object swell runs.
    diags.Warning(PathJoin("data", k),
                  "value is not valid base64: the API server rejects this Secret (put plain "
                  "text under stringData)",
                  "core/secret-base64");
  }
  if (!placeholders.empty()) {
    std::string keys;
    for (const auto& k : placeholders) keys += (keys.empty() ? "" : ", ") + k;
    diags.Warning(PathJoin("data", placeholders[0]),
                  "template placeholders instead of base64 values (keys: " + keys +
                      "): fill them in before applying",
                  "core/secret-placeholder");
  }
}

void Validate(const ConfigMap& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  ValidateConfigKeys(o.data, "data", diags);
  ValidateConfigKeys(o.binary_data, "binaryData", diags);
  for (const auto& [k, v] : o.data) {
    if (o.binary_data.count(k) != 0) {
      diags.Error(PathJoin("binaryData", k), "key also present in data", "core/config-key");
    }
  }
}

void Validate(const PodDisruptionBudget& o, Diagnostics& diags) {
  ValidateObjectMeta(o.metadata, true, diags);
  if (o.spec.min_available && o.spec.max_unavailable) {
    diags.Error("spec", "minAvailable and maxUnavailable cannot both be set", "policy/pdb");
  }
  ValidatePercentOrInt(o.spec.min_available, "spec.minAvailable", diags);
  ValidatePercentOrInt(o.spec.max_unavailable, "spec.maxUnavailable", diags);
  const std::string& p = o.spec.unhealthy_pod_eviction_policy;
  if (!p.empty() && p != "IfHealthyBudget" && p != "AlwaysAllow") {
    diags.Error("spec.unhealthyPodEvictionPolicy", "must be IfHealthyBudget or AlwaysAllow",
                "policy/pdb");
  }
}

}  // namespace swell::api
