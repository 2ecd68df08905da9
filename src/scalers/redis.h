// redis, redis-cluster, redis-sentinel (pkg/scalers/redis_scaler.go; keda.md §5.2): the length
// of one key.
//   value  = RedisClient::ListLength(listName) (KEDA's script: LLEN for a list or a missing
//            key, ZCARD/SCARD/HLEN for zset/set/hash, an error for other types)
//   active = value > activationListLength (default 0)
//   spec   = External "s<i>-redis-<listName>", GetMetricTarget(listLength, default 5)
// The connection (shared with redis_streams.h): address/addresses (comma list), or host/hosts
// with port/ports of equal counts (joined as host:port, [v6]:port); username, password,
// sentinelUsername, sentinelPassword, sentinelMaster from metadata, FromEnv or authParams; TLS
// from metadata enableTLS (bool) or authParams tls (enable|disable), not both.
// `redis` talks to the first address only, `redis-cluster` ignores databaseIndex; the target's
// topology follows the trigger type, and redis-sentinel* carry the sentinel master and
// credentials in the target.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

enum class RedisMode : uint8_t { kSingle, kCluster, kSentinel };

// kCluster for "redis-cluster*", kSentinel for "redis-sentinel*", else kSingle.
RedisMode RedisModeOf(std::string_view trigger_type);

// KEDA's redisConnectionInfo plus databaseIndex/enableTLS/tls, which both redis scalers read.
struct RedisConnection {
  RedisTarget target;  // addresses, database, username, password, tls (as the mode uses them)
  std::vector<std::string> addresses;  // every address given (host:port)
  std::string sentinel_username;
  std::string sentinel_password;  // secret
  std::string sentinel_master;
  bool unsafe_ssl = false;                  // unsafeSsl. Default: false
  std::string cert, key, key_password, ca;  // authParams (key, key_password secret)
};

// The connection parameter table (all optional: the struct is embedded optional).
std::span<const Param> RedisConnectionParams();

// Parses and validates the connection of `config` (no I/O): "no addresses or hosts given...",
// "not enough hosts or ports given...", "unable to set `tls` in both ScaledObject and
// TriggerAuthentication together", a bad enableTLS or tls value (the value is not shown).
StatusOr<RedisConnection> ParseRedisConnection(const ScalerConfig& config);

class RedisScaler final : public Scaler {
 public:
  struct Meta {
    int64_t list_length = 5;             // listLength. Default: 5
    int64_t activation_list_length = 0;  // activationListLength. Default: 0
    std::string list_name;               // listName, required
    RedisMode mode = RedisMode::kSingle;
    RedisConnection connection;
    std::string metric_name;  // s<index>-redis-<listName>
  };

  // KEDA's struct tags for redisMetadata (without the connection: RedisConnectionParams()).
  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument names the bad key.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory for the three list types: metric type, metadata, then
  // sources.redis() (Unimplemented "this world has no Redis" when the world lacks it).
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  RedisScaler(Meta meta, std::string target_type, RedisClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors: the client's.
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

 private:
  Meta meta_;
  std::string target_type_;
  RedisClient& client_;
};

}  // namespace swell::scalers
