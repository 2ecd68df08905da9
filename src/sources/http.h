// HTTP(S) through libcurl: the one transport of every HTTP-based source (SQS, STS, the AWS
// credential endpoints, Prometheus, RabbitMQ's management API, NATS monitoring, metrics APIs).
// Connections, DNS answers and TLS sessions are shared between calls (and threads), so
// polling 1,000 queues on one endpoint reuses a few keep-alive connections.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "scalers/sources.h"
#include "sources/call.h"

namespace swell::sources {

class CurlHttpClient final : public scalers::HttpClient {
 public:
  explicit CurlHttpClient(CallOptions options = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  // Sends `r` within its timeout (0 = options.default_timeout), retrying transport failures
  // and 5xx replies with backoff while time remains. Errors: DeadlineExceeded ("no answer
  // within 3s"), Unavailable (connection refused, TLS failure ...), InvalidArgument (a URL curl
  // rejects). Messages name the URL without user info or query (RedactUrl). Thread-safe.
  StatusOr<scalers::HttpResponse> Do(const scalers::HttpRequest& r) override;

  const CallOptions& options() const { return options_; }

 private:
  struct Shared;
  StatusOr<scalers::HttpResponse> Once(const scalers::HttpRequest& r, SteadyTime deadline);
  CallOptions options_;
  std::unique_ptr<Shared> shared_;
};

// `url` for messages: scheme://host[:port]/path, without user:password@, query or fragment
// (either may hold a secret, e.g. a RabbitMQ password or an api_key).
std::string RedactUrl(std::string_view url);

// The Host header curl sends for `url`: the authority without user info, the default port of
// the scheme (80, 443) dropped. Signers sign this value.
std::string HostHeaderOf(std::string_view url);

// RFC 3986 encoding (AWS's UriEncode): unreserved bytes kept, everything else %XX
// (uppercase); '/' kept when keep_slash.
std::string UriEncode(std::string_view s, bool keep_slash);

}  // namespace swell::sources
