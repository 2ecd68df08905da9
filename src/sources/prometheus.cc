#include "sources/prometheus.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "scalers/common.h"
#include "sources/http.h"
#include "util/json.h"

namespace swell::sources {

bool ParseGoFloat(std::string_view s, double* out) {
  if (s.empty()) return false;
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  std::string_view body = lower;
  double sign = 1;
  if (body[0] == '+' || body[0] == '-') {
    sign = body[0] == '-' ? -1 : 1;
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") {
    *out = sign * std::numeric_limits<double>::infinity();
    return true;
  }
  if (lower == "nan") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (body.empty() || body == "nan" || body.find_first_of("in") != std::string_view::npos) {
    return false;
  }
  std::string text(s);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return false;
  *out = v;
  return true;
}

std::string PrometheusHttpClient::QueryUrl(const scalers::PrometheusQuery& q, TimePoint now) {
  std::string url = q.server_address + "/api/v1/query?query=" + scalers::QueryEscape(q.query) +
                    "&time=" + FormatRfc3339(std::chrono::floor<std::chrono::seconds>(now));
  if (!q.namespace_name.empty()) url += "&namespace=" + q.namespace_name;
  for (const auto& [k, v] : q.query_parameters)
    url += "&" + scalers::QueryEscape(k) + "=" + scalers::QueryEscape(v);
  return url;
}

StatusOr<double> PrometheusHttpClient::Query(const scalers::PrometheusQuery& q) {
  scalers::HttpRequest req;
  req.url = QueryUrl(q, clock_.Now());
  req.headers = q.headers;
  req.unsafe_ssl = q.unsafe_ssl;
  req.timeout = q.timeout;
  SWELL_ASSIGN_OR_RETURN(scalers::HttpResponse resp, http_.Do(req));
  if (resp.status < 200 || resp.status > 299) {
    Status s = InvalidArgument("prometheus query api returned error. status: " +
                               std::to_string(resp.status));
    return resp.status >= 500 ? Unavailable(s.message()) : s;
  }
  StatusOr<json::Value> v = json::Parse(resp.body);
  if (!v.ok()) return v.status().WithPrefix("malformed prometheus reply");
  const json::Value& result = (*v)["data"]["result"];
  if (!result.IsArray() && result.type() != json::Type::kNull) {
    return InvalidArgument("malformed prometheus reply: data.result is not a list of series");
  }
  if (result.size() == 0) return NotFound("the result is empty");
  if (result.size() > 1) {
    return InvalidArgument("prometheus query " + q.query + " returned multiple elements");
  }
  const json::Value& value = result.item(0)["value"];
  if (value.size() == 0) return NotFound("the value list is empty");
  if (value.size() < 2) {
    return InvalidArgument("prometheus query " + q.query + " didn't return enough values");
  }
  double out = 0;
  if (!value.item(1).IsString() || !ParseGoFloat(value.item(1).text(), &out)) {
    return InvalidArgument("prometheus query " + q.query +
                           " returned a value that is not a number");
  }
  return out;
}

}  // namespace swell::sources
