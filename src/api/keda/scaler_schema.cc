#include "api/keda/scaler_schema.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "api/placeholder.h"
#include "api/yaml/node.h"

namespace swell::api::keda {
namespace {

// ---- parsing the embedded JSON --------------------------------------------------------------

bool IsTrue(const yaml::Node& obj, std::string_view key) {
  const yaml::Node* n = obj.Find(key);
  return n != nullptr && n->IsScalar() && n->value() == "true";
}

std::string StringOf(const yaml::Node& obj, std::string_view key) {
  const yaml::Node* n = obj.Find(key);
  return (n != nullptr && n->IsScalar() && !n->IsNull()) ? n->value() : std::string();
}

ScalerParam ParseParam(const yaml::Node& n) {
  ScalerParam p;
  p.name = StringOf(n, "name");
  if (const yaml::Node* d = n.Find("default");
      d != nullptr && d->IsScalar() && !d->value().empty()) {
    p.default_value = d->value();
  }
  p.optional = IsTrue(n, "optional");
  if (const yaml::Node* a = n.Find("allowedValue"); a != nullptr && a->IsSequence()) {
    for (size_t i = 0; i < a->size(); i++) p.allowed_values.push_back(a->item(i).value());
  }
  p.deprecated = StringOf(n, "deprecated");
  p.deprecated_announce = StringOf(n, "deprecatedAnnounce");
  p.metadata_readable = IsTrue(n, "metadataVariableReadable");
  p.env_readable = IsTrue(n, "envVariableReadable");
  p.auth_readable = IsTrue(n, "triggerAuthenticationVariableReadable");
  p.separator = StringOf(n, "separator");
  p.range_separator = StringOf(n, "rangeSeparator");
  return p;
}

std::vector<ScalerSchema> ParseSchema(std::string_view json) {
  std::vector<ScalerSchema> out;
  yaml::ParseResult parsed = yaml::Parse(json);
  if (parsed.error != nullptr || parsed.documents.empty()) return out;
  const yaml::Node* scalers = parsed.documents[0].root.Find("scalers");
  if (scalers == nullptr || !scalers->IsSequence()) return out;
  for (size_t i = 0; i < scalers->size(); i++) {
    const yaml::Node& s = scalers->item(i);
    ScalerSchema schema;
    schema.type = StringOf(s, "type");
    if (const yaml::Node* ps = s.Find("parameters"); ps != nullptr && ps->IsSequence()) {
      for (size_t j = 0; j < ps->size(); j++) schema.params.push_back(ParseParam(ps->item(j)));
    }
    out.push_back(std::move(schema));
  }
  return out;
}

// ---- patches for the generator's gaps (see the header) --------------------------------------

enum Source : unsigned { kMeta = 1, kEnv = 2, kAuth = 4 };

struct ExtraParam {
  std::string_view name;
  unsigned sources;
  std::string_view default_value = {};
  std::string_view allowed = {};  // ';'-separated
  std::string_view alias_group = {};
};

ScalerParam MakeParam(const ExtraParam& e) {
  ScalerParam p;
  p.name = std::string(e.name);
  p.optional = true;
  if (!e.default_value.empty()) p.default_value = std::string(e.default_value);
  for (size_t start = 0; start < e.allowed.size();) {
    size_t end = std::min(e.allowed.find(';', start), e.allowed.size());
    p.allowed_values.emplace_back(e.allowed.substr(start, end - start));
    start = end + 1;
  }
  p.metadata_readable = (e.sources & kMeta) != 0;
  p.env_readable = (e.sources & kEnv) != 0;
  p.auth_readable = (e.sources & kAuth) != 0;
  p.alias_group = std::string(e.alias_group);
  return p;
}

// Adds the parameters the scaler does not list yet.
template <size_t N>
void AddMissing(ScalerSchema& s, const ExtraParam (&extras)[N]) {
  for (const ExtraParam& e : extras) {
    if (s.Find(e.name).empty()) s.params.push_back(MakeParam(e));
  }
}

// pkg/scalers/authentication/authentication_types.go: Config (embedded, optional).
constexpr ExtraParam kAuthConfigParams[] = {
    {"authModes", kMeta | kAuth, {}, "apiKey;basic;tls;bearer;custom;oauth", "authModes"},
    {"authMode", kMeta | kAuth, {}, "apiKey;basic;tls;bearer;custom;oauth", "authModes"},
    {"bearerToken", kAuth, {}, {}, "bearerToken"},
    {"token", kAuth, {}, {}, "bearerToken"},
    {"username", kAuth},
    {"password", kAuth},
    {"cert", kAuth},
    {"key", kAuth},
    {"ca", kAuth},
    {"oauthTokenURI", kAuth},
    {"scopes", kAuth, {}, {}, "scopes"},
    {"scope", kAuth, {}, {}, "scopes"},
    {"clientID", kAuth},
    {"clientSecret", kAuth},
    {"endpointParams", kAuth},
    {"customAuthHeader", kAuth},
    {"customAuthValue", kAuth},
    {"apiKey", kMeta | kAuth},
    {"method", kMeta | kAuth, "header", "header;query"},
    {"keyParamName", kMeta | kAuth},
};
constexpr std::string_view kAuthConfigScalers[] = {"prometheus", "metrics-api", "loki",
                                                   "pulsar",     "predictkube", "arangodb"};

// pkg/scalers/azure/azure_eventhub.go: EventHubInfo (embedded, optional).
constexpr ExtraParam kEventHubParams[] = {
    {"connection", kEnv | kAuth},
    {"consumerGroup", kMeta, "$Default"},
    {"storageConnection", kEnv | kAuth},
    {"storageAccountName", kMeta},
    {"blobContainer", kMeta},
    {"eventHubNamespace", kMeta | kEnv},
    {"eventHubName", kMeta | kEnv},
    {"checkpointStrategy", kMeta},
};

// pkg/scalers/aws/aws_common.go reads these from the maps directly.
constexpr ExtraParam kAwsParams[] = {
    {"identityOwner", kMeta},   {"awsAccessKeyID", kMeta | kEnv | kAuth},
    {"awsAccessKeyId", kAuth},  {"awsSecretAccessKey", kEnv | kAuth},
    {"awsSessionToken", kAuth}, {"awsRoleArn", kAuth},
};

// pkg/scalers/azure/azure_cloud_environment.go.
constexpr ExtraParam kAzureParams[] = {{"cloud", kMeta}, {"activeDirectoryEndpoint", kMeta}};

// pkg/scalers/gcp/gcp_common.go.
constexpr ExtraParam kGcpParams[] = {
    {"credentialsFromEnv", kMeta},
    {"credentialsFromEnvFile", kMeta},
    {"GoogleApplicationCredentials", kAuth},
};

// pkg/scalers/datadog_scaler.go reads metadata "type".
constexpr ExtraParam kDatadogParams[] = {{"type", kMeta}};

// pkg/scalers/pulsar_scaler.go copies these OAuth keys from metadata to authParams.
constexpr std::string_view kPulsarMetadataOAuthKeys[] = {"oauthTokenURI", "scope", "clientID"};
constexpr ExtraParam kPulsarParams[] = {{"EndpointParams", kMeta}};

// pkg/scalers/redis_scaler.go: redisConnectionInfo is an optional nested struct, so none of
// its parameters is required; and its `name=a;b` aliases.
constexpr std::string_view kRedisConnectionParams[] = {"address",
                                                       "addresses",
                                                       "username",
                                                       "password",
                                                       "sentinelUsername",
                                                       "sentinelPassword",
                                                       "sentinelMaster",
                                                       "host",
                                                       "hosts",
                                                       "port",
                                                       "ports",
                                                       "Cert",
                                                       "cert",
                                                       "key",
                                                       "keyPassword",
                                                       "ca"};

// `name=a;b` aliases the generator lists separately.
struct Alias {
  std::string_view type_prefix;
  std::string_view names[2];
};
constexpr Alias kAliases[] = {
    {"ibmmq", {"queueName", "queueNames"}},
    {"redis", {"address", "addresses"}},
    {"redis", {"host", "hosts"}},
    {"redis", {"port", "ports"}},
    {"redis", {"Cert", "cert"}},
    {"datadog", {"targetValue", "queryValue"}},
    {"azure-blob", {"connection", "connectionFromEnv"}},
};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

void PatchRedis(ScalerSchema& s) {
  for (ScalerParam& p : s.params) {
    for (std::string_view name : kRedisConnectionParams) {
      if (p.name == name) p.optional = true;
    }
  }
}

void PatchAliases(ScalerSchema& s) {
  for (const Alias& a : kAliases) {
    if (!StartsWith(s.type, a.type_prefix)) continue;
    for (ScalerParam& p : s.params) {
      if (p.name == a.names[0] || p.name == a.names[1]) p.alias_group = std::string(a.names[0]);
    }
  }
}

void PatchPulsar(ScalerSchema& s) {
  for (ScalerParam& p : s.params) {
    for (std::string_view key : kPulsarMetadataOAuthKeys) {
      if (p.name == key) p.metadata_readable = true;
    }
  }
  AddMissing(s, kPulsarParams);
}

void Patch(ScalerSchema& s) {
  for (std::string_view t : kAuthConfigScalers) {
    if (s.type == t) AddMissing(s, kAuthConfigParams);
  }
  if (s.type == "azure-eventhub") AddMissing(s, kEventHubParams);
  if (StartsWith(s.type, "aws-") || s.type == "kafka" || s.type == "apache-kafka" ||
      s.type == "prometheus") {
    AddMissing(s, kAwsParams);
  }
  if (StartsWith(s.type, "azure-")) AddMissing(s, kAzureParams);
  if (StartsWith(s.type, "gcp-")) AddMissing(s, kGcpParams);
  if (s.type == "datadog") AddMissing(s, kDatadogParams);
  if (s.type == "pulsar") PatchPulsar(s);
  if (StartsWith(s.type, "redis")) PatchRedis(s);
  PatchAliases(s);
}

std::vector<ScalerSchema> BuildSchemas() {
  std::vector<ScalerSchema> all = ParseSchema(kScalerSchemaJson);
  for (ScalerSchema& s : all) Patch(s);
  std::sort(all.begin(), all.end(),
            [](const ScalerSchema& a, const ScalerSchema& b) { return a.type < b.type; });
  return all;
}

// ---- helpers ---------------------------------------------------------------------------------

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); j++) prev[j] = j;
  for (size_t i = 1; i <= a.size(); i++) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); j++) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string JoinAllowed(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

std::string DidYouMean(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string s = Suggest(word, candidates);
  return s.empty() ? std::string() : " (did you mean " + Quote(s) + "?)";
}

// The metadata value of `name`, trimmed; "" when absent (KEDA treats empty as absent).
std::string ValueOf(const StringMap& metadata, std::string_view name) {
  auto it = metadata.find(name);
  return it == metadata.end() ? std::string() : Trim(it->second);
}

// Splits `value` on `sep` ("," when empty) and trims each item, as KEDA's enum check does.
std::vector<std::string> SplitItems(std::string_view value, std::string_view sep) {
  if (sep.empty()) sep = ",";
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t end = value.find(sep, start);
    items.push_back(Trim(value.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) break;
    start = end + sep.size();
  }
  return items;
}

// The keys a scaler reads from trigger metadata, for did-you-mean suggestions.
std::vector<std::string> MetadataKeys(const ScalerSchema& s) {
  std::vector<std::string> keys;
  for (const ScalerParam& p : s.params) {
    if (p.metadata_readable) keys.push_back(p.name);
    if (p.env_readable) keys.push_back(p.name + "FromEnv");
  }
  return keys;
}

std::vector<std::string_view> Views(const std::vector<std::string>& v) {
  return std::vector<std::string_view>(v.begin(), v.end());
}

// "in metadata, as `xFromEnv` or from a TriggerAuthentication".
std::string WhereReadable(const ScalerParam& p) {
  std::vector<std::string> ways;
  if (p.metadata_readable) ways.push_back("in metadata");
  if (p.env_readable) ways.push_back("as `" + p.name + "FromEnv`");
  if (p.auth_readable) ways.push_back("from a TriggerAuthentication");
  std::string out;
  for (size_t i = 0; i < ways.size(); i++) {
    if (i > 0) out += i + 1 == ways.size() ? " or " : ", ";
    out += ways[i];
  }
  return out;
}

void UnknownType(std::string_view type, const std::string& path, Diagnostics& diags) {
  std::vector<std::string_view> types;
  for (const ScalerSchema& s : AllScalerSchemas()) types.push_back(s.type);
  std::string msg = "unknown trigger type " + Quote(type) + DidYouMean(type, types) +
                    ": KEDA has no such scaler and fails to build this trigger";
  diags.Warning(path, std::move(msg), "keda/unknown-trigger-type");
}

void CheckAllowed(const ScalerSchema& s, const ScalerParam& p, std::string_view value,
                  const std::string& path, Diagnostics& diags) {
  if (p.allowed_values.empty()) return;
  bool ok = true;
  std::string near;
  for (const std::string& item : SplitItems(value, p.separator)) {
    if (std::find(p.allowed_values.begin(), p.allowed_values.end(), item) !=
        p.allowed_values.end()) {
      continue;
    }
    ok = false;
    for (const std::string& a : p.allowed_values) {
      if (Lower(a) == Lower(item)) near = a;
    }
  }
  if (ok) return;
  std::string allowed = JoinAllowed(p.allowed_values);
  if (ContainsPlaceholder(value)) {
    diags.Warning(path,
                  "is a template placeholder; the " + s.type + " scaler accepts only: " + allowed,
                  "keda/metadata-value");
    return;
  }
  std::string msg = "the " + s.type + " scaler accepts only: " + allowed;
  if (!near.empty()) msg += " (values are case-sensitive: did you mean " + Quote(near) + "?)";
  diags.Error(path, std::move(msg), "keda/metadata-value");
}

// A problem KEDA finds only when it builds the scaler (the API server accepts the object).
// An error for trigger types swell runs (swell cannot run it either); for the others a
// warning, since the object is accepted and only that trigger fails (docs/validation.md).
void ReportRuntime(const ScalerSchema& s, const std::string& path, std::string msg,
                   const char* rule, Diagnostics& diags) {
  if (IsImplementedTriggerType(s.type)) {
    diags.Error(path, std::move(msg), rule);
  } else {
    diags.Warning(path, msg + " (KEDA accepts the object but fails to build this trigger)", rule);
  }
}

// A key the scaler knows, read from metadata or not.
void CheckKnownKey(const ScalerSchema& s, const std::vector<const ScalerParam*>& params,
                   std::string_view key, std::string_view raw, const std::string& path,
                   Diagnostics& diags) {
  const ScalerParam* meta = nullptr;
  for (const ScalerParam* p : params) {
    if (p->metadata_readable && meta == nullptr) meta = p;
  }
  if (meta == nullptr) {
    std::string msg = "the " + s.type + " scaler reads `" + std::string(key) + "` only " +
                      WhereReadable(*params[0]) + ", not from metadata: KEDA ignores it here";
    if (IsSensitiveKey(key))
      msg += " (and a credential in metadata is readable by anyone who can read this object)";
    diags.Warning(path, std::move(msg), "keda/metadata-source");
    return;
  }
  std::string value = Trim(raw);
  if (value.empty()) return;  // KEDA treats an empty value as absent
  if (!meta->deprecated.empty()) {
    ReportRuntime(s, path, "removed from the " + s.type + " scaler: " + meta->deprecated,
                  "keda/deprecated-metadata", diags);
    return;
  }
  if (!meta->deprecated_announce.empty()) {
    diags.Warning(path, "deprecated (" + s.type + "): " + meta->deprecated_announce,
                  "keda/deprecated-metadata");
  }
  CheckAllowed(s, *meta, value, path, diags);
}

// A key that is not a parameter name: `<param>FromEnv`, pass-through, or unknown.
void CheckOtherKey(const ScalerSchema& s, std::string_view key, const std::string& path,
                   Diagnostics& diags) {
  constexpr std::string_view kFromEnv = "FromEnv";
  if (key.size() > kFromEnv.size() && key.substr(key.size() - kFromEnv.size()) == kFromEnv) {
    std::string_view base = key.substr(0, key.size() - kFromEnv.size());
    std::vector<const ScalerParam*> params = s.Find(base);
    if (std::any_of(params.begin(), params.end(),
                    [](const ScalerParam* p) { return p->env_readable; })) {
      return;
    }
    if (!params.empty()) {
      diags.Warning(path,
                    "the " + s.type + " scaler reads `" + std::string(base) + "` only " +
                        WhereReadable(*params[0]) + ": KEDA ignores `" + std::string(key) + "`",
                    "keda/metadata-source");
      return;
    }
  }
  // external scalers receive the whole metadata map (keda.md §5.10).
  if (s.type == "external" || s.type == "external-push") return;
  if (key == "metricName") {
    diags.Warning(path, "metricName was removed in KEDA 2.12 and is ignored: delete it",
                  "keda/unknown-metadata-key");
    return;
  }
  std::vector<std::string> keys = MetadataKeys(s);
  diags.Warning(path,
                "unknown metadata key " + Quote(key) + " for trigger type " + s.type +
                    DidYouMean(key, Views(keys)) + ": KEDA ignores it",
                "keda/unknown-metadata-key");
}

bool Satisfied(const ScalerParam& p, const StringMap& metadata, bool has_auth_ref) {
  return (p.metadata_readable && !ValueOf(metadata, p.name).empty()) ||
         (p.env_readable && !ValueOf(metadata, p.name + "FromEnv").empty()) ||
         (p.auth_readable && has_auth_ref);
}

void MissingRequired(const ScalerSchema& s, const ScalerParam& p, bool has_auth_ref,
                     const std::string& path, Diagnostics& diags) {
  std::string msg = "the " + s.type + " scaler requires `" + p.name + "` " + WhereReadable(p);
  if (p.auth_readable && !has_auth_ref) {
    msg += p.metadata_readable || p.env_readable ? " (this trigger has no authenticationRef)"
                                                 : ", but this trigger has no authenticationRef";
  }
  ReportRuntime(s, path, std::move(msg), "keda/missing-metadata", diags);
}

void CheckRequired(const ScalerSchema& s, const StringMap& metadata, bool has_auth_ref,
                   const std::string& path, Diagnostics& diags) {
  std::set<std::string> seen;
  for (const ScalerParam& p : s.params) {
    if (!p.Required()) continue;
    std::string group = p.alias_group.empty() ? p.name : p.alias_group;
    if (!seen.insert(group).second) continue;
    bool ok = std::any_of(s.params.begin(), s.params.end(), [&](const ScalerParam& m) {
      bool member = p.alias_group.empty() ? m.name == p.name : m.alias_group == p.alias_group;
      return member && Satisfied(m, metadata, has_auth_ref);
    });
    if (!ok) MissingRequired(s, p, has_auth_ref, path, diags);
  }
}

}  // namespace

std::vector<const ScalerParam*> ScalerSchema::Find(std::string_view name) const {
  std::vector<const ScalerParam*> out;
  for (const ScalerParam& p : params) {
    if (p.name == name) out.push_back(&p);
  }
  return out;
}

const std::vector<ScalerSchema>& AllScalerSchemas() {
  static const std::vector<ScalerSchema> kAll = BuildSchemas();
  return kAll;
}

const ScalerSchema* FindScalerSchema(std::string_view type) {
  const auto& all = AllScalerSchemas();
  auto it = std::lower_bound(all.begin(), all.end(), type,
                             [](const ScalerSchema& s, std::string_view t) { return s.type < t; });
  return (it != all.end() && it->type == type) ? &*it : nullptr;
}

bool IsImplementedTriggerType(std::string_view type) {
  return std::find(kImplementedTriggerTypes.begin(), kImplementedTriggerTypes.end(), type) !=
         kImplementedTriggerTypes.end();
}

bool IsSensitiveKey(std::string_view key) {
  static constexpr std::string_view kWords[] = {
      "password",   "passwd", "pwd",  "secret",  "token", "key",       "connection",
      "credential", "auth",   "cert", "private", "sas",   "signature", "session"};
  std::string lower = Lower(key);
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](std::string_view w) { return lower.find(w) != std::string::npos; });
}

std::string Suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
  std::string lw = Lower(word);
  std::string_view best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(lw, Lower(c));
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  if (!best.empty() || word.size() < 4) return std::string(best);
  // A truncated name ("aws-sqs" for "aws-sqs-queue"): the shortest candidate it begins.
  for (std::string_view c : candidates) {
    if (Lower(c).rfind(lw, 0) == 0 && (best.empty() || c.size() < best.size())) best = c;
  }
  return std::string(best);
}

}  // namespace swell::api::keda

namespace swell::api::keda {

void CheckTriggerMetadata(const ScaleTriggers& t, std::string_view path, bool has_auth_ref,
                          Diagnostics& diags) {
  if (t.type.empty()) return;  // reported by the trigger rules
  const ScalerSchema* s = FindScalerSchema(t.type);
  if (s == nullptr) return UnknownType(t.type, std::string(path) + ".type", diags);
  std::string meta_path = std::string(path) + ".metadata";
  for (const auto& [key, value] : t.metadata) {
    std::string key_path = PathJoin(meta_path, key);
    std::vector<const ScalerParam*> params = s->Find(key);
    if (params.empty()) {
      CheckOtherKey(*s, key, key_path, diags);
    } else {
      CheckKnownKey(*s, params, key, value, key_path, diags);
    }
  }
  CheckRequired(*s, t.metadata, has_auth_ref, meta_path, diags);
}

void CheckTriggerImplemented(const ScaleTriggers& t, std::string_view path, Diagnostics& diags) {
  if (t.type.empty() || IsImplementedTriggerType(t.type) || FindScalerSchema(t.type) == nullptr) {
    return;
  }
  diags.Warning(std::string(path) + ".type",
                "trigger type " + Quote(t.type) +
                    ": swell validates its metadata but cannot run this trigger type yet",
                "keda/unsupported-trigger");
}

}  // namespace swell::api::keda
