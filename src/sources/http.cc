#include "sources/http.h"

#include <curl/curl.h>

#include <array>
#include <mutex>
#include <thread>

namespace swell::sources {

using scalers::HttpRequest;
using scalers::HttpResponse;

namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string FormatMs(Duration d) {
  return FormatGoDuration(std::chrono::duration_cast<std::chrono::milliseconds>(d));
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

curl_blob Blob(const std::string& pem) {
  curl_blob b{};
  b.data = const_cast<char*>(pem.data());
  b.len = pem.size();
  b.flags = CURL_BLOB_COPY;
  return b;
}

}  // namespace

// A share handle for connections, DNS and TLS sessions, locked per data kind.
struct CurlHttpClient::Shared {
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;

  static void Lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Shared*>(user)->locks[static_cast<size_t>(data)].lock();
  }
  static void Unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Shared*>(user)->locks[static_cast<size_t>(data)].unlock();
  }
  Shared() {
    share = curl_share_init();
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Shared::Lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Shared::Unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
  ~Shared() { curl_share_cleanup(share); }
};

CurlHttpClient::CurlHttpClient(CallOptions options) : options_(options) {
  GlobalInit();
  shared_ = std::make_unique<Shared>();
}

CurlHttpClient::~CurlHttpClient() = default;

StatusOr<HttpResponse> CurlHttpClient::Do(const HttpRequest& r) {
  const SteadyTime deadline = DeadlineFor(r.timeout, options_);
  Duration backoff = options_.initial_backoff;
  for (int attempt = 1;; attempt++) {
    StatusOr<HttpResponse> out = Once(r, deadline);
    bool retryable =
        out.ok() ? out->status >= 500 : out.status().code() == StatusCode::kUnavailable;
    if (!retryable || attempt >= options_.max_attempts || Remaining(deadline) <= backoff) {
      return out;
    }
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

StatusOr<HttpResponse> CurlHttpClient::Once(const HttpRequest& r, SteadyTime deadline) {
  const Duration left = Remaining(deadline);
  const std::string where = r.method + " " + RedactUrl(r.url);
  if (left <= Duration::zero()) {
    return Status(StatusCode::kDeadlineExceeded, where + ": no time left for the call");
  }
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) return Internal("curl_easy_init failed");
  CURL* c = easy.get();
  HttpResponse resp;
  const long ms = std::max<long>(1, static_cast<long>(left.count() / 1000));
  curl_easy_setopt(c, CURLOPT_SHARE, shared_->share);
  curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  if (r.method == "GET") {
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method != "HEAD") {
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
  }
  std::unique_ptr<curl_slist, ListDeleter> headers;
  curl_slist* list = curl_slist_append(nullptr, "Expect:");
  for (const auto& [k, v] : r.headers) list = curl_slist_append(list, (k + ": " + v).c_str());
  headers.reset(list);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (r.unsafe_ssl) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  curl_blob ca = Blob(r.ca), cert = Blob(r.cert), key = Blob(r.key);
  if (!r.ca.empty()) curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &ca);
  if (!r.cert.empty()) curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
  if (!r.key.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key);

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    resp.status = status;
    return resp;
  }
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return Status(StatusCode::kDeadlineExceeded, where + ": no answer within " + FormatMs(left));
    case CURLE_URL_MALFORMAT:
      return InvalidArgument(where + ": " + curl_easy_strerror(rc));
    case CURLE_UNSUPPORTED_PROTOCOL:  // a scheme other than http(s), or a reply that is not HTTP
      if (!r.url.starts_with("http://") && !r.url.starts_with("https://")) {
        return InvalidArgument(where + ": only http and https URLs are supported");
      }
      return Unavailable(where + ": the reply is not HTTP");
    default:
      return Unavailable(where + ": " + curl_easy_strerror(rc));
  }
}

std::string RedactUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = scheme_end == std::string_view::npos ? "" : url.substr(0, scheme_end);
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  size_t cut = rest.find_first_of("?#");
  if (cut != std::string_view::npos) rest = rest.substr(0, cut);
  size_t slash = rest.find('/');
  std::string_view authority = slash == std::string_view::npos ? rest : rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string out;
  if (!scheme.empty()) out = std::string(scheme) + "://";
  out += authority;
  out += path;
  return out;
}

std::string HostHeaderOf(std::string_view url) {
  std::string redacted = RedactUrl(url);
  size_t p = redacted.find("://");
  std::string scheme = p == std::string::npos ? "" : redacted.substr(0, p);
  std::string rest = p == std::string::npos ? redacted : redacted.substr(p + 3);
  std::string host = rest.substr(0, rest.find('/'));
  if ((scheme == "http" && host.ends_with(":80")) ||
      (scheme == "https" && host.ends_with(":443"))) {
    host = host.substr(0, host.rfind(':'));
  }
  return host;
}

namespace {
bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}
void PutHex(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}
}  // namespace

std::string UriEncode(std::string_view s, bool keep_slash) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      PutHex(out, c);
    }
  }
  return out;
}

}  // namespace swell::sources
