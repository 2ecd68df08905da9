// redis-streams, redis-cluster-streams, redis-sentinel-streams
// (pkg/scalers/redis_streams_scaler.go; keda.md §5.2): one stream, by one of three counts.
//   mode   = no consumerGroup        -> kStreamModeXLen (XLEN), target streamLength (default 5)
//            consumerGroup, lagCount -> kStreamModeLag (the group's lag; Redis 7+), target
//                                       lagCount
//            consumerGroup only      -> kStreamModeXPending (XPENDING count), target
//                                       pendingEntriesCount (default 5)
//   value  = RedisClient::StreamCount(stream, group, mode)
//   active = value > activationLagCount (default 0), whatever the mode
//   spec   = External "s<i>-redis-streams-<stream>", GetMetricTarget(target above)
// The connection is redis.h's ParseRedisConnection.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "scalers/metadata.h"
#include "scalers/redis.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

// The `mode` argument of RedisClient::StreamCount.
inline constexpr std::string_view kStreamModeXLen = "xlen";  // XLEN stream
// XPENDING stream group: the summary's count.
inline constexpr std::string_view kStreamModeXPending = "xpending";
// XINFO GROUPS stream: the group's lag; 0 if the stream does not exist, XLEN if the group does
// not; an error below Redis 7.
inline constexpr std::string_view kStreamModeLag = "lag";

class RedisStreamsScaler final : public Scaler {
 public:
  struct Meta {
    int64_t pending_entries_count = 5;  // pendingEntriesCount. Default: 5
    int64_t stream_length = 5;          // streamLength. Default: 5
    int64_t lag_count = 0;              // lagCount, 0 = not lag mode
    std::string stream;                 // stream, required
    std::string consumer_group;         // consumerGroup
    int64_t activation_lag_count = 0;   // activationLagCount. Default: 0
    std::string_view mode;              // one of kStreamMode*
    int64_t target = 0;                 // the target of the mode
    RedisMode redis_mode = RedisMode::kSingle;
    RedisConnection connection;
    std::string metric_name;  // s<index>-redis-streams-<stream>
  };

  // KEDA's struct tags for redisStreamsMetadata (without the connection).
  static std::span<const Param> Params();
  // Parses and validates; no I/O. InvalidArgument names the bad key.
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  // The registry's factory for the three stream types: metric type, metadata, then
  // sources.redis() (Unimplemented "this world has no Redis" when the world lacks it).
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  RedisStreamsScaler(Meta meta, std::string target_type, RedisClient& client)
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
