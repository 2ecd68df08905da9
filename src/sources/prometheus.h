// Prometheus instant queries over HTTP (keda.md §5.4), as KEDA's ExecutePromQuery sends them:
//   GET {serverAddress}/api/v1/query?query=<QueryEscape>&time=<now, RFC 3339 UTC>
//       [&namespace=<namespace>][&<k>=<v> per queryParameters]
// with the query's headers. The reply's data.result must hold at most one element.
#pragma once

#include "scalers/sources.h"
#include "util/clock.h"

namespace swell::sources {

class PrometheusHttpClient final : public scalers::PrometheusClient {
 public:
  // `http` and `clock` (the time= parameter) must outlive the client.
  PrometheusHttpClient(scalers::HttpClient& http, const Clock& clock)
      : http_(http), clock_(clock) {}

  // The single element's value (strconv.ParseFloat: NaN and +-Inf pass through). NotFound for
  // an empty result or value list; InvalidArgument for a non-2xx status ("prometheus query api
  // returned error. status: 503"), several elements, a short value or malformed JSON; the
  // transport's errors otherwise.
  StatusOr<double> Query(const scalers::PrometheusQuery& q) override;

  // The request URL for `q` at `now` (exposed for tests).
  static std::string QueryUrl(const scalers::PrometheusQuery& q, TimePoint now);

 private:
  scalers::HttpClient& http_;
  const Clock& clock_;
};

// Go's strconv.ParseFloat(s, 64): decimal or hex floats, "NaN", "Inf", "+Inf", "-Inf",
// "Infinity" (any case); out of range gives +-Inf. False on anything else.
bool ParseGoFloat(std::string_view s, double* out);

}  // namespace swell::sources
