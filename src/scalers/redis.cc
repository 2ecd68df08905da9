#include "scalers/redis.h"

#include <limits>

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// redisConnectionInfo (optional), plus databaseIndex, enableTLS and tls.
// clang-format off
constexpr Param kConnectionParams[] = {
    {.name = "address;addresses", .order = "triggerMetadata;authParams;resolvedEnv",
     .type = ParamType::kList, .optional = true},
    {.name = "username", .order = "triggerMetadata;resolvedEnv;authParams", .optional = true},
    {.name = "password", .order = "triggerMetadata;resolvedEnv;authParams", .optional = true},
    {.name = "sentinelUsername", .order = "triggerMetadata;authParams;resolvedEnv",
     .optional = true},
    {.name = "sentinelPassword", .order = "triggerMetadata;authParams;resolvedEnv",
     .optional = true},
    {.name = "sentinelMaster", .order = "triggerMetadata;authParams;resolvedEnv", .optional = true},
    {.name = "host;hosts", .order = "triggerMetadata;resolvedEnv;authParams",
     .type = ParamType::kList, .optional = true},
    {.name = "port;ports", .order = "triggerMetadata;resolvedEnv;authParams",
     .type = ParamType::kList, .optional = true},
    {.name = "unsafeSsl", .order = "triggerMetadata", .type = ParamType::kBool,
     .default_value = "false", .optional = true},
    {.name = "Cert;cert", .order = "authParams", .optional = true},
    {.name = "key", .order = "authParams", .optional = true},
    {.name = "keyPassword", .order = "authParams", .optional = true},
    {.name = "ca", .order = "authParams", .optional = true},
    {.name = "databaseIndex", .order = "triggerMetadata", .type = ParamType::kInt,
     .optional = true},
    {.name = "enableTLS", .order = "triggerMetadata", .optional = true},
    {.name = "tls", .order = "authParams", .optional = true},
};
// clang-format on

// clang-format off
constexpr Param kParams[] = {
    {.name = "listLength", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "5"},
    {.name = "activationListLength", .order = "triggerMetadata", .type = ParamType::kInt,
     .optional = true},
    {.name = "listName", .order = "triggerMetadata"},
};
// clang-format on

// Go's net.JoinHostPort.
std::string JoinHostPort(const std::string& host, const std::string& port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
  return host + ":" + port;
}

}  // namespace

RedisMode RedisModeOf(std::string_view type) {
  if (type.starts_with("redis-cluster")) return RedisMode::kCluster;
  if (type.starts_with("redis-sentinel")) return RedisMode::kSentinel;
  return RedisMode::kSingle;
}

std::span<const Param> RedisConnectionParams() { return kConnectionParams; }

StatusOr<RedisConnection> ParseRedisConnection(const ScalerConfig& config) {
  SWELL_ASSIGN_OR_RETURN(ParsedParams p, ParseParams(config, kConnectionParams));
  RedisConnection c;
  c.addresses = p.List("address");
  const std::vector<std::string>& hosts = p.List("host");
  const std::vector<std::string>& ports = p.List("port");
  // validateRedisAddress
  if (!hosts.empty() && !ports.empty()) {
    if (hosts.size() != ports.size()) {
      return InvalidArgument(
          "not enough hosts or ports given. number of hosts should be equal to the number of "
          "ports");
    }
    for (size_t i = 0; i < hosts.size(); i++)
      c.addresses.push_back(JoinHostPort(hosts[i], ports[i]));
  }
  if (c.addresses.empty() || c.addresses[0].empty()) {
    return InvalidArgument(
        "no addresses or hosts given. address should be a comma separated list of host:port or "
        "set the host/port values");
  }
  // SetEnableTLS
  const std::string& meta_tls = p.String("enableTLS");
  const std::string& auth_tls = p.String("tls");
  if (!meta_tls.empty() && !auth_tls.empty()) {
    return InvalidArgument(
        "unable to set `tls` in both ScaledObject and TriggerAuthentication together");
  }
  bool tls = false;
  if (!meta_tls.empty() && !ParseGoBool(meta_tls, &tls)) {
    return InvalidArgument("EnableTLS parsing error: enableTLS must be a boolean");
  }
  if (auth_tls == "enable") {
    tls = true;
  } else if (auth_tls == "disable") {
    tls = false;
  } else if (!auth_tls.empty()) {
    return InvalidArgument("error incorrect TLS value given in authParams tls (enable or disable)");
  }
  int64_t db = p.Int("databaseIndex");
  if (db < std::numeric_limits<int>::min() || db > std::numeric_limits<int>::max()) {
    return InvalidArgument("parameter \"databaseIndex\" out of range");
  }
  RedisMode mode = RedisModeOf(config.type);
  c.target.addresses =
      mode == RedisMode::kSingle ? std::vector<std::string>{c.addresses[0]} : c.addresses;
  c.target.database = mode == RedisMode::kCluster ? 0 : static_cast<int>(db);
  c.target.username = p.String("username");
  c.target.password = p.String("password");
  c.target.tls = tls;
  c.sentinel_username = p.String("sentinelUsername");
  c.sentinel_password = p.String("sentinelPassword");
  c.sentinel_master = p.String("sentinelMaster");
  c.target.topology = mode == RedisMode::kCluster    ? RedisTopology::kCluster
                      : mode == RedisMode::kSentinel ? RedisTopology::kSentinel
                                                     : RedisTopology::kSingle;
  if (mode == RedisMode::kSentinel) {
    c.target.sentinel_master = c.sentinel_master;
    c.target.sentinel_username = c.sentinel_username;
    c.target.sentinel_password = c.sentinel_password;
  }
  c.unsafe_ssl = p.Bool("unsafeSsl");
  c.cert = p.String("Cert");
  c.key = p.String("key");
  c.key_password = p.String("keyPassword");
  c.ca = p.String("ca");
  return c;
}

std::span<const Param> RedisScaler::Params() { return kParams; }

StatusOr<RedisScaler::Meta> RedisScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  StatusOr<RedisConnection> conn = ParseRedisConnection(config);
  if (!conn.ok()) return MetadataError(config, conn.status());
  Meta m;
  m.list_length = p->Int("listLength");
  m.activation_list_length = p->Int("activationListLength");
  m.list_name = p->String("listName");
  m.mode = RedisModeOf(config.type);
  m.connection = std::move(*conn);
  m.metric_name = MetricName(config.trigger_index, "redis-" + m.list_name);
  return m;
}

StatusOr<std::unique_ptr<Scaler>> RedisScaler::Create(const ScalerConfig& config,
                                                      Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.redis() == nullptr) return NoClient("Redis");
  return std::unique_ptr<Scaler>(
      std::make_unique<RedisScaler>(std::move(meta), std::move(target_type), *sources.redis()));
}

std::vector<MetricSpec> RedisScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, meta_.list_length)};
}

StatusOr<MetricsAndActivity> RedisScaler::GetMetricsAndActivity(std::string_view metric_name) {
  SWELL_ASSIGN_OR_RETURN(int64_t len, client_.ListLength(meta_.connection.target, meta_.list_name));
  return OneMetric(metric_name, static_cast<double>(len), len > meta_.activation_list_length);
}

}  // namespace swell::scalers
