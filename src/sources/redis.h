// Redis through hiredis (keda.md §5.2): list lengths and stream counts for the redis and
// redis-streams scalers, on a single server, a cluster (following MOVED/ASK redirections) or
// behind sentinels (SENTINEL get-master-addr-by-name, then the master). One connection per
// call, bounded by the call's timeout; a connection failure is retried with backoff.
#pragma once

#include "scalers/sources.h"
#include "sources/call.h"

namespace swell::sources {

class HiredisClient final : public scalers::RedisClient {
 public:
  explicit HiredisClient(CallOptions options = {}) : options_(options) {}

  // KEDA's script: TYPE key, then LLEN (list or missing key), ZCARD, SCARD or HLEN; another
  // type is InvalidArgument ("unsupported key type"). Errors: Unavailable (down),
  // DeadlineExceeded, PermissionDenied (AUTH refused), Unimplemented (TLS).
  StatusOr<int64_t> ListLength(const scalers::RedisTarget& t, const std::string& key) override;
  // kStreamModeXLen: XLEN; kStreamModeXPending: XPENDING's count (NotFound without the
  // group); kStreamModeLag: Redis 7+'s XINFO GROUPS lag (0 without the stream, XLEN without
  // the group).
  StatusOr<int64_t> StreamCount(const scalers::RedisTarget& t, const std::string& stream,
                                const std::string& group, const std::string& mode) override;

 private:
  CallOptions options_;
};

}  // namespace swell::sources
