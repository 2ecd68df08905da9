#include "sources/aws_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sources/http.h"
#include "sources/sigv4.h"
#include "util/json.h"

namespace swell::sources {

using scalers::HttpRequest;
using scalers::HttpResponse;

namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') i++;
  return s.substr(i);
}

// The text of the first <tag>...</tag>, XML entities for &, <, >, ", ' decoded.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  size_t a = xml.find(open);
  if (a == std::string_view::npos) return std::nullopt;
  a += open.size();
  size_t b = xml.find(close, a);
  if (b == std::string_view::npos) return std::nullopt;
  std::string out;
  std::string_view s = xml.substr(a, b - a);
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (auto [e, c] : kEntities) {
      if (s.substr(i, e.size()) == e) {
        out.push_back(c);
        i += e.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out.push_back('&');
  }
  return out;
}

std::optional<TimePoint> ParseExpiration(const std::string& s) {
  TimePoint t;
  if (ParseRfc3339(s, &t)) return t;
  return std::nullopt;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    out += (out.empty() ? "" : "&") + UriEncode(k, false) + "=" + UriEncode(v, false);
  }
  return out;
}

}  // namespace

AwsEnvironment AwsEnvironment::Process() {
  AwsEnvironment e;
  e.getenv = [](const std::string& name) {
    const char* v = std::getenv(name.c_str());
    return v == nullptr ? std::string() : std::string(v);
  };
  e.read_file = [](const std::string& path) -> StatusOr<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in) return NotFound("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  return e;
}

StatusOr<AwsKeys> ParseStsCredentials(std::string_view xml, std::string_view action) {
  if (xml.find("<Error>") != std::string_view::npos) {
    std::string code = XmlText(xml, "Code").value_or("unknown error");
    std::string msg = XmlText(xml, "Message").value_or("");
    std::string text = "STS " + std::string(action) + ": " + code + (msg.empty() ? "" : ": " + msg);
    if (code.find("Malformed") != std::string::npos || code == "ValidationError") {
      return InvalidArgument(text);
    }
    return Status(StatusCode::kPermissionDenied, text);
  }
  AwsKeys k;
  auto id = XmlText(xml, "AccessKeyId");
  auto secret = XmlText(xml, "SecretAccessKey");
  auto token = XmlText(xml, "SessionToken");
  if (!id || !secret || id->empty() || secret->empty()) {
    return InvalidArgument("malformed STS " + std::string(action) +
                           " reply: no Credentials element");
  }
  k.access_key_id = *id;
  k.secret_access_key = *secret;
  k.session_token = token.value_or("");
  if (auto exp = XmlText(xml, "Expiration")) k.expiration = ParseExpiration(*exp);
  k.provider = std::string(action);
  return k;
}

StatusOr<AwsKeys> ParseJsonCredentials(std::string_view text, std::string_view provider) {
  StatusOr<json::Value> v = json::Parse(text);
  if (!v.ok() || !v->IsObject()) {
    return InvalidArgument("malformed " + std::string(provider) + " credentials reply");
  }
  const json::Value& o = *v;
  if (o["Code"].IsString() && o["Code"].text() != "Success") {
    return Status(StatusCode::kPermissionDenied,
                  std::string(provider) + " credentials: " + o["Code"].text());
  }
  AwsKeys k;
  k.access_key_id = o["AccessKeyId"].text();
  k.secret_access_key = o["SecretAccessKey"].text();
  k.session_token = o["Token"].text();
  if (k.access_key_id.empty() || k.secret_access_key.empty()) {
    return InvalidArgument("malformed " + std::string(provider) +
                           " credentials reply: AccessKeyId or SecretAccessKey missing");
  }
  if (o["Expiration"].IsString()) k.expiration = ParseExpiration(o["Expiration"].text());
  k.provider = std::string(provider);
  return k;
}

AwsCredentialProvider::AwsCredentialProvider(scalers::HttpClient& http, const Clock& clock,
                                             AwsEnvironment env, AwsCredentialOptions options)
    : http_(http), clock_(clock), env_(std::move(env)), options_(options) {}

bool AwsCredentialProvider::Fresh(const AwsKeys& k) const {
  return !k.expiration || clock_.Now() + options_.refresh_before < *k.expiration;
}

void AwsCredentialProvider::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  cache_.clear();
}

StatusOr<AwsKeys> AwsCredentialProvider::Get(const scalers::AwsCredentials& spec,
                                             const std::string& region) {
  if (!spec.use_default_chain && spec.role_arn.empty()) {
    AwsKeys k{spec.access_key_id, spec.secret_access_key, spec.session_token, std::nullopt,
              "static"};
    return k;
  }
  const std::string key =
      Sha256Hex(spec.access_key_id + '\0' + spec.secret_access_key + '\0' + spec.role_arn + '\0' +
                (spec.use_default_chain ? "chain" : "static") + '\0' + region);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(key);
  if (it != cache_.end() && Fresh(it->second)) return it->second;
  SWELL_ASSIGN_OR_RETURN(AwsKeys k, Resolve(spec, region));
  cache_[key] = k;
  return k;
}

StatusOr<AwsKeys> AwsCredentialProvider::Resolve(const scalers::AwsCredentials& spec,
                                                 const std::string& region) {
  AwsKeys base;
  if (spec.use_default_chain) {
    SWELL_ASSIGN_OR_RETURN(base, DefaultChain(region));
  } else {
    base = AwsKeys{spec.access_key_id, spec.secret_access_key, spec.session_token, std::nullopt,
                   "static"};
  }
  if (spec.role_arn.empty()) return base;
  return AssumeRole(base, spec.role_arn, region);
}

StatusOr<AwsKeys> AwsCredentialProvider::DefaultChain(const std::string& region) {
  std::string id = env_.getenv("AWS_ACCESS_KEY_ID");
  if (id.empty()) id = env_.getenv("AWS_ACCESS_KEY");
  if (!id.empty()) {
    std::string secret = env_.getenv("AWS_SECRET_ACCESS_KEY");
    if (secret.empty()) secret = env_.getenv("AWS_SECRET_KEY");
    if (secret.empty()) {
      return Unavailable(
          "AWS credentials: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY "
          "is not");
    }
    return AwsKeys{id, secret, env_.getenv("AWS_SESSION_TOKEN"), std::nullopt, "environment"};
  }
  if (!env_.getenv("AWS_WEB_IDENTITY_TOKEN_FILE").empty()) return FromWebIdentity(region);
  if (!env_.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI").empty() ||
      !env_.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").empty()) {
    return FromContainer();
  }
  if (env_.getenv("AWS_EC2_METADATA_DISABLED") == "true") {
    return Unavailable(
        "no AWS credentials: none in the environment, no web identity token file, no container "
        "credentials endpoint, and instance metadata is disabled");
  }
  StatusOr<AwsKeys> imds = FromImds();
  if (!imds.ok()) {
    return Status(imds.status().code(),
                  "no AWS credentials: none in the environment, no web identity token file, no "
                  "container credentials endpoint; " +
                      imds.status().message());
  }
  return imds;
}

std::string AwsCredentialProvider::StsEndpoint(const std::string& region) const {
  std::string e = env_.getenv("AWS_ENDPOINT_URL_STS");
  if (e.empty()) e = env_.getenv("AWS_ENDPOINT_URL");
  if (e.empty()) {
    std::string r = region.empty() ? env_.getenv("AWS_REGION") : region;
    e = "https://sts." + (r.empty() ? std::string("us-east-1") : r) + ".amazonaws.com";
  }
  while (!e.empty() && e.back() == '/') e.pop_back();
  return e + "/";
}

StatusOr<AwsKeys> AwsCredentialProvider::StsCall(const std::string& region, const std::string& body,
                                                 const AwsKeys* sign_with,
                                                 const std::string& action) {
  HttpRequest req;
  req.method = "POST";
  req.url = StsEndpoint(region);
  req.body = body;
  req.headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
  req.headers["Host"] = HostHeaderOf(req.url);
  if (sign_with != nullptr) {
    SigV4Request s;
    s.method = "POST";
    s.headers = {{"Host", req.headers["Host"]}, {"Content-Type", req.headers["Content-Type"]}};
    s.body = body;
    SigV4Key key{sign_with->access_key_id, sign_with->secret_access_key, sign_with->session_token};
    std::string r = region.empty() ? env_.getenv("AWS_REGION") : region;
    SigV4Result signed_req =
        SignV4(s, key, {r.empty() ? std::string("us-east-1") : r, "sts", clock_.Now()});
    for (const auto& [k, v] : signed_req.add_headers) req.headers[k] = v;
  }
  StatusOr<HttpResponse> resp = http_.Do(req);
  if (!resp.ok()) return resp.status().WithPrefix("STS " + action);
  if (resp->status >= 500) {
    return Unavailable("STS " + action + ": HTTP " + std::to_string(resp->status));
  }
  return ParseStsCredentials(resp->body, action);
}

StatusOr<AwsKeys> AwsCredentialProvider::AssumeRole(const AwsKeys& base,
                                                    const std::string& role_arn,
                                                    const std::string& region) {
  std::string session = "swell-" + std::to_string(clock_.Now().time_since_epoch().count());
  std::string body = FormBody(
      {{"Action", "AssumeRole"},
       {"Version", "2011-06-15"},
       {"RoleArn", role_arn},
       {"RoleSessionName", session},
       {"DurationSeconds",
        std::to_string(
            std::chrono::duration_cast<std::chrono::seconds>(options_.assume_duration).count())}});
  return StsCall(region, body, &base, "AssumeRole");
}

StatusOr<AwsKeys> AwsCredentialProvider::FromWebIdentity(const std::string& region) {
  const std::string file = env_.getenv("AWS_WEB_IDENTITY_TOKEN_FILE");
  const std::string role = env_.getenv("AWS_ROLE_ARN");
  if (role.empty()) {
    return Unavailable("web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
  }
  StatusOr<std::string> token = env_.read_file(file);
  if (!token.ok()) return Unavailable("web identity: cannot read the token file " + file);
  std::string session = env_.getenv("AWS_ROLE_SESSION_NAME");
  if (session.empty()) session = "swell-" + std::to_string(clock_.Now().time_since_epoch().count());
  std::string body = FormBody({{"Action", "AssumeRoleWithWebIdentity"},
                               {"Version", "2011-06-15"},
                               {"RoleArn", role},
                               {"RoleSessionName", session},
                               {"WebIdentityToken", Trim(*token)}});
  StatusOr<AwsKeys> k = StsCall(region, body, nullptr, "AssumeRoleWithWebIdentity");
  if (k.ok()) k->provider = "web identity";
  return k;
}

StatusOr<AwsKeys> AwsCredentialProvider::FromContainer() {
  std::string url = env_.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
  if (url.empty())
    url = "http://169.254.170.2" + env_.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  HttpRequest req;
  req.url = url;
  std::string token = env_.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (std::string file = env_.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); !file.empty()) {
    StatusOr<std::string> t = env_.read_file(file);
    if (!t.ok()) return Unavailable("container credentials: cannot read the token file " + file);
    token = Trim(*t);
  }
  if (!token.empty()) req.headers["Authorization"] = token;
  StatusOr<HttpResponse> resp = http_.Do(req);
  if (!resp.ok()) return resp.status().WithPrefix("container credentials");
  if (resp->status == 401 || resp->status == 403) {
    return Status(StatusCode::kPermissionDenied,
                  "container credentials: HTTP " + std::to_string(resp->status));
  }
  if (resp->status != 200) {
    return Unavailable("container credentials: HTTP " + std::to_string(resp->status));
  }
  return ParseJsonCredentials(resp->body, "container");
}

StatusOr<AwsKeys> AwsCredentialProvider::FromImds() {
  std::string base = env_.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  if (base.empty()) base = "http://169.254.169.254";
  while (!base.empty() && base.back() == '/') base.pop_back();
  HttpRequest put;
  put.method = "PUT";
  put.url = base + "/latest/api/token";
  put.headers["X-aws-ec2-metadata-token-ttl-seconds"] = "21600";
  put.timeout = options_.imds_timeout;
  StatusOr<HttpResponse> tok = http_.Do(put);
  if (!tok.ok()) return tok.status().WithPrefix("instance metadata");
  if (tok->status != 200) {
    return Unavailable("instance metadata: token HTTP " + std::to_string(tok->status));
  }
  HttpRequest get;
  get.url = base + "/latest/meta-data/iam/security-credentials/";
  get.headers["X-aws-ec2-metadata-token"] = Trim(tok->body);
  get.timeout = options_.imds_timeout;
  StatusOr<HttpResponse> role = http_.Do(get);
  if (!role.ok()) return role.status().WithPrefix("instance metadata");
  std::string name = Trim(role->body.substr(0, role->body.find('\n')));
  if (role->status != 200 || name.empty()) {
    return Unavailable("instance metadata: no instance profile role (HTTP " +
                       std::to_string(role->status) + ")");
  }
  get.url += name;
  StatusOr<HttpResponse> creds = http_.Do(get);
  if (!creds.ok()) return creds.status().WithPrefix("instance metadata");
  if (creds->status != 200) {
    return Unavailable("instance metadata: credentials HTTP " + std::to_string(creds->status));
  }
  return ParseJsonCredentials(creds->body, "instance metadata");
}

}  // namespace swell::sources
