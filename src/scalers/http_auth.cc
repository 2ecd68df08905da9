#include "scalers/http_auth.h"

#include <algorithm>

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "authModes;authMode", .order = "triggerMetadata;authParams", .type = ParamType::kList,
     .optional = true, .enum_values = "apiKey;basic;tls;bearer;custom;oauth",
     .exclusive_set = "bearer;basic;oauth"},
    {.name = "bearerToken;token", .order = "authParams", .optional = true},
    {.name = "username", .order = "authParams", .optional = true},
    {.name = "password", .order = "authParams", .optional = true},
    {.name = "cert", .order = "authParams", .optional = true},
    {.name = "key", .order = "authParams", .optional = true},
    {.name = "ca", .order = "authParams", .optional = true},
    {.name = "oauthTokenURI", .order = "authParams", .optional = true},
    {.name = "scopes;scope", .order = "authParams", .type = ParamType::kList, .optional = true},
    {.name = "clientID", .order = "authParams", .optional = true},
    {.name = "clientSecret", .order = "authParams", .optional = true},
    {.name = "endpointParams", .order = "authParams", .optional = true},
    {.name = "customAuthHeader", .order = "authParams", .optional = true},
    {.name = "customAuthValue", .order = "authParams", .optional = true},
    {.name = "apiKey", .order = "triggerMetadata;authParams", .optional = true},
    {.name = "method", .order = "triggerMetadata;authParams", .default_value = "header",
     .optional = true, .enum_values = "header;query"},
    {.name = "keyParamName", .order = "triggerMetadata;authParams", .optional = true},
};
// clang-format on

std::string Presence(const std::string& v) { return v.empty() ? "<empty>" : "<present>"; }

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16 |
                 static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8 |
                 static_cast<uint32_t>(static_cast<unsigned char>(in[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(n >> s) & 63]);
  }
  if (size_t rest = in.size() - i; rest > 0) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (rest == 2) n |= static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace

bool HttpAuth::Enabled(std::string_view mode) const {
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

std::span<const Param> HttpAuthParams() { return kParams; }

StatusOr<HttpAuth> ParseHttpAuth(const ScalerConfig& config) {
  SWELL_ASSIGN_OR_RETURN(ParsedParams p, ParseParams(config, kParams));
  HttpAuth a;
  a.modes = p.List("authModes");
  a.bearer_token = p.String("bearerToken");
  a.username = p.String("username");
  a.password = p.String("password");
  a.cert = p.String("cert");
  a.key = p.String("key");
  a.ca = p.String("ca");
  a.oauth_token_uri = p.String("oauthTokenURI");
  for (const std::string& s : p.List("scopes")) {
    if (!TrimSpace(s).empty()) a.scopes.emplace_back(TrimSpace(s));
  }
  a.client_id = p.String("clientID");
  a.client_secret = p.String("clientSecret");
  a.endpoint_params = p.String("endpointParams");
  a.custom_auth_header = p.String("customAuthHeader");
  a.custom_auth_value = p.String("customAuthValue");
  a.api_key = p.String("apiKey");
  a.method = p.String("method");
  a.key_param_name = p.String("keyParamName");
  if (a.Disabled()) return a;
  if (a.Enabled("bearer") && a.bearer_token.empty()) {
    return InvalidArgument("bearer token=<empty> is required when bearer auth is enabled");
  }
  if (a.Enabled("basic") && a.username.empty()) {
    return InvalidArgument("username=<empty> is required when basic auth is enabled");
  }
  if (a.Enabled("tls") && (a.cert.empty() || a.key.empty())) {
    return InvalidArgument("cert=" + Presence(a.cert) + " and key=" + Presence(a.key) +
                           " are required when tls auth is enabled");
  }
  if (a.Enabled("oauth") && (a.oauth_token_uri.empty() || a.client_id.empty())) {
    return InvalidArgument("oauthTokenURI=" + Presence(a.oauth_token_uri) + " and clientID=" +
                           Presence(a.client_id) + " are required when oauth is enabled");
  }
  if (a.Enabled("custom") && (a.custom_auth_header.empty() || a.custom_auth_value.empty())) {
    return InvalidArgument("customAuthHeader=" + Presence(a.custom_auth_header) +
                           " and customAuthValue=" + Presence(a.custom_auth_value) +
                           " are required when custom auth is enabled");
  }
  if (a.Enabled("apiKey") && a.api_key.empty()) {
    return InvalidArgument("apiKey is required when apiKey auth is enabled");
  }
  return a;
}

std::map<std::string, std::string> HttpAuthHeaders(const HttpAuth& auth) {
  std::map<std::string, std::string> h;
  if (auth.Enabled("bearer")) {
    h["Authorization"] = "Bearer " + auth.bearer_token;
  } else if (auth.Enabled("basic")) {
    h["Authorization"] = "Basic " + Base64(auth.username + ":" + auth.password);
  } else if (auth.Enabled("custom")) {
    h[auth.custom_auth_header] = auth.custom_auth_value;
  }
  return h;
}

}  // namespace swell::scalers
