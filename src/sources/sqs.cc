#include "sources/sqs.h"

#include "sources/http.h"
#include "sources/sigv4.h"
#include "util/json.h"

namespace swell::sources {

using scalers::HttpRequest;
using scalers::HttpResponse;

namespace {

constexpr std::string_view kAuthErrors[] = {"InvalidClientTokenId",
                                            "SignatureDoesNotMatch",
                                            "AccessDenied",
                                            "AccessDeniedException",
                                            "UnrecognizedClientException",
                                            "IncompleteSignature",
                                            "MissingAuthenticationToken",
                                            "ExpiredToken",
                                            "InvalidSecurity",
                                            "RequestExpired",
                                            "AuthFailure"};

// Masks every occurrence of each non-empty secret in `text`; caps the length.
std::string Mask(std::string text, const AwsKeys& keys) {
  for (const std::string* s : {&keys.access_key_id, &keys.secret_access_key, &keys.session_token}) {
    if (s->size() < 4) continue;
    for (size_t p = text.find(*s); p != std::string::npos; p = text.find(*s, p)) {
      text.replace(p, s->size(), "<redacted>");
    }
  }
  if (text.size() > 300) text = text.substr(0, 300) + "...";
  return text;
}

Status ErrorOf(const HttpResponse& resp, const std::string& queue, const AwsKeys& keys) {
  std::string type, message;
  if (StatusOr<json::Value> v = json::Parse(resp.body); v.ok() && v->IsObject()) {
    type = (*v)["__type"].text();
    message = (*v)["message"].text();
    if (message.empty()) message = (*v)["Message"].text();
  }
  if (size_t hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  std::string text = "SQS GetQueueAttributes " + queue + ": HTTP " + std::to_string(resp.status) +
                     (type.empty() ? "" : " " + type) +
                     (message.empty() ? "" : ": " + Mask(message, keys));
  if (type == "QueueDoesNotExist" || type == "AWS.SimpleQueueService.NonExistentQueue") {
    return NotFound(text);
  }
  bool auth = resp.status == 401 || resp.status == 403;
  for (std::string_view t : kAuthErrors) auth = auth || type == t;
  if (auth) return Status(StatusCode::kPermissionDenied, text);
  if (resp.status >= 500 || resp.status == 429) return Unavailable(text);
  return InvalidArgument(text);
}

std::string RequestBody(const scalers::SqsRequest& r) {
  std::string body = "{\"QueueUrl\":";
  json::AppendQuoted(body, r.queue_url);
  body += ",\"AttributeNames\":[";
  for (size_t i = 0; i < r.attribute_names.size(); i++) {
    if (i > 0) body += ",";
    json::AppendQuoted(body, r.attribute_names[i]);
  }
  return body + "]}";
}

}  // namespace

std::string RegionFromQueueUrl(std::string_view url) {
  std::string host = HostHeaderOf(url);
  host = host.substr(0, host.find(':'));
  std::vector<std::string> parts;
  for (size_t a = 0, b; a <= host.size(); a = b + 1) {
    b = host.find('.', a);
    if (b == std::string::npos) b = host.size();
    parts.push_back(host.substr(a, b - a));
  }
  if (parts.size() >= 4 && parts[0] == "sqs" && parts[2] == "amazonaws") return parts[1];
  if (parts.size() >= 4 && parts[1] == "queue" && parts[2] == "amazonaws") return parts[0];
  return "";
}

std::string SqsEndpoint(const scalers::SqsRequest& r, const std::string& region) {
  std::string e = r.endpoint;
  if (e.empty()) {
    e = "https://sqs." + region + ".amazonaws.com";
    if (region.starts_with("cn-")) e += ".cn";
  }
  while (!e.empty() && e.back() == '/') e.pop_back();
  return e + "/";
}

StatusOr<std::map<std::string, std::string>> SqsHttpClient::GetQueueAttributes(
    const scalers::SqsRequest& r) {
  std::string region = r.region.empty() ? RegionFromQueueUrl(r.queue_url) : r.region;
  if (region.empty()) return InvalidArgument("SQS: no region (set awsRegion)");
  StatusOr<AwsKeys> keys = credentials_.Get(r.credentials, region);
  if (!keys.ok()) return keys.status().WithPrefix("SQS credentials");

  HttpRequest req;
  req.method = "POST";
  req.url = SqsEndpoint(r, region);
  req.body = RequestBody(r);
  req.headers["Host"] = HostHeaderOf(req.url);
  req.headers["Content-Type"] = "application/x-amz-json-1.0";
  req.headers["X-Amz-Target"] = "AmazonSQS.GetQueueAttributes";
  SigV4Request s;
  s.method = "POST";
  s.headers = {{"Host", req.headers["Host"]},
               {"Content-Type", req.headers["Content-Type"]},
               {"X-Amz-Target", req.headers["X-Amz-Target"]}};
  s.body = req.body;
  SigV4Key key{keys->access_key_id, keys->secret_access_key, keys->session_token};
  for (const auto& [k, v] : SignV4(s, key, {region, "sqs", clock_.Now()}).add_headers) {
    req.headers[k] = v;
  }

  StatusOr<HttpResponse> resp = http_.Do(req);
  if (!resp.ok()) return resp.status().WithPrefix("SQS GetQueueAttributes " + r.queue_url);
  if (resp->status != 200) {
    Status err = ErrorOf(*resp, r.queue_url, *keys);
    if (err.code() == StatusCode::kPermissionDenied) credentials_.Invalidate();
    return err;
  }
  StatusOr<json::Value> v = json::Parse(resp->body);
  if (!v.ok()) return v.status().WithPrefix("malformed SQS reply for " + r.queue_url);
  const json::Value* attrs = v->Find("Attributes");
  if (attrs == nullptr || !attrs->IsObject()) {
    return InvalidArgument("malformed SQS reply for " + r.queue_url + ": no Attributes object");
  }
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < attrs->size(); i++) {
    if (!attrs->item(i).IsString()) {
      return InvalidArgument("malformed SQS reply for " + r.queue_url + ": attribute " +
                             attrs->key(i) + " is not a string");
    }
    out[attrs->key(i)] = attrs->item(i).text();
  }
  return out;
}

}  // namespace swell::sources
