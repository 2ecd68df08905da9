// KEDA's authentication.Config (pkg/scalers/authentication/authentication_types.go), the
// optional auth block of HTTP scalers (prometheus now; metrics-api, loki ... later): `authModes`
// (alias `authMode`, metadata or authParams; apiKey basic tls bearer custom oauth, at most one
// of bearer/basic/oauth) and each mode's parameters, read from authParams.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "util/status.h"

namespace swell::scalers {

struct HttpAuth {
  std::vector<std::string> modes;   // authModes; empty = no auth
  std::string bearer_token;         // bearerToken;token (secret)
  std::string username;             // basic
  std::string password;             // basic (secret)
  std::string cert, key, ca;        // tls (key is secret)
  std::string oauth_token_uri;      // oauth
  std::vector<std::string> scopes;  // oauth: scopes;scope, blanks dropped
  std::string client_id;            // oauth
  std::string client_secret;        // oauth (secret)
  std::string endpoint_params;      // oauth, as written (url query syntax)
  std::string custom_auth_header;   // custom
  std::string custom_auth_value;    // custom (secret)
  std::string api_key;              // apiKey (secret)
  std::string method = "header";    // apiKey: header | query. Default: header
  std::string key_param_name;       // apiKey

  bool Disabled() const { return modes.empty(); }
  bool Enabled(std::string_view mode) const;
};

// The parameter table of authentication.Config (all optional, as the struct is embedded
// optional).
std::span<const Param> HttpAuthParams();

// Parses the auth block and applies Config.Validate: bearer needs bearerToken, basic needs
// username, tls needs cert and key, oauth needs oauthTokenURI and clientID, custom needs
// customAuthHeader and customAuthValue, apiKey needs apiKey. Messages say "<present>" or
// "<empty>", never the value.
StatusOr<HttpAuth> ParseHttpAuth(const ScalerConfig& config);

// The headers a request carries for bearer ("Authorization: Bearer <token>"), basic
// ("Authorization: Basic <base64 user:password>") and custom (<header>: <value>) auth, as
// KEDA's prometheus scaler sets them (one of bearer, basic, custom in that order).
std::map<std::string, std::string> HttpAuthHeaders(const HttpAuth& auth);

}  // namespace swell::scalers
