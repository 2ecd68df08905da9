#include "sources/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "sources/http.h"

namespace swell::sources {
namespace {

std::string Hex(const unsigned char* d, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; i++) {
    out.push_back(kHex[d[i] >> 4]);
    out.push_back(kHex[d[i] & 15]);
  }
  return out;
}

std::string Hmac(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding; a '%' without two hex digits is kept as is.
std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); i++) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Normalized path (no empty or '.' segments, '..' resolved), each segment URI-encoded once
// more (the rule for every service but S3).
std::string CanonicalUri(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string seg = std::string(path.substr(start, end - start));
    std::string decoded = PercentDecode(seg);
    if (decoded == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && decoded != ".") {
      segments.push_back(seg);
    }
    start = end + 1;
  }
  std::string out;
  for (const std::string& s : segments) out += "/" + UriEncode(s, false);
  bool trailing = path.size() > 1 && path.back() == '/';
  if (out.empty() || trailing) out += "/";
  return out;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string_view k = part.substr(0, eq);
      std::string_view v = eq == std::string_view::npos ? "" : part.substr(eq + 1);
      params.emplace_back(UriEncode(PercentDecode(k), false), UriEncode(PercentDecode(v), false));
    }
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) out += (out.empty() ? "" : "&") + k + "=" + v;
  return out;
}

// Trimmed, inner runs of spaces collapsed to one.
std::string CanonicalValue(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  return Hex(d, sizeof d);
}

std::string AmzDate(TimePoint t) {
  std::string s = FormatRfc3339(std::chrono::floor<std::chrono::seconds>(t));  // ...THH:MM:SSZ
  std::string out;
  for (char c : s) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

SigV4Result SignV4(const SigV4Request& request, const SigV4Key& key, const SigV4Scope& scope) {
  SigV4Result r;
  const std::string date = AmzDate(scope.time);
  const std::string day = date.substr(0, 8);
  std::map<std::string, std::string> headers;
  for (const auto& [k, v] : request.headers) {
    std::string& slot = headers[Lower(k)];
    slot += (slot.empty() ? "" : ",") + CanonicalValue(v);
  }
  if (!headers.count("x-amz-date")) {
    headers["x-amz-date"] = date;
    r.add_headers.emplace_back("X-Amz-Date", date);
  }
  if (!key.session_token.empty() && !headers.count("x-amz-security-token")) {
    headers["x-amz-security-token"] = key.session_token;
    r.add_headers.emplace_back("X-Amz-Security-Token", key.session_token);
  }
  std::string canonical_headers, signed_headers;
  for (const auto& [k, v] : headers) {
    canonical_headers += k + ":" + v + "\n";
    signed_headers += (signed_headers.empty() ? "" : ";") + k;
  }
  r.canonical_request = request.method + "\n" + CanonicalUri(request.path) + "\n" +
                        CanonicalQuery(request.query) + "\n" + canonical_headers + "\n" +
                        signed_headers + "\n" + Sha256Hex(request.body);
  const std::string credential_scope =
      day + "/" + scope.region + "/" + scope.service + "/aws4_request";
  r.string_to_sign =
      "AWS4-HMAC-SHA256\n" + date + "\n" + credential_scope + "\n" + Sha256Hex(r.canonical_request);
  std::string k = Hmac("AWS4" + key.secret_access_key, day);
  k = Hmac(k, scope.region);
  k = Hmac(k, scope.service);
  k = Hmac(k, "aws4_request");
  std::string sig = Hmac(k, r.string_to_sign);
  r.signature = Hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
  r.authorization = "AWS4-HMAC-SHA256 Credential=" + key.access_key_id + "/" + credential_scope +
                    ", SignedHeaders=" + signed_headers + ", Signature=" + r.signature;
  r.add_headers.emplace_back("Authorization", r.authorization);
  return r;
}

}  // namespace swell::sources
