// postgresql (pkg/scalers/postgresql_scaler.go; keda.md §5.6): the result of one SQL query.
//   value  = the first column of the first row, as a float64
//   active = value > activationTargetQueryValue (default 0)
//   spec   = External "s<i>-postgresql", GetMetricTargetMili(targetQueryValue); the target is
//            required (non-zero) unless the ScaledObject uses scalingModifiers
// Connection: `connection` (authParams, or connectionFromEnv) as written, else built from
// host, port, userName, dbName, sslmode (authParams then metadata, all required) and password
// (authParams or passwordFromEnv) as "host=... port=... user=... dbname=... sslmode=...
// password=...", values with spaces, quotes or backslashes quoted as libpq wants. Azure
// workload identity is Unimplemented.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "scalers/metadata.h"
#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

class PostgresqlScaler final : public Scaler {
 public:
  struct Meta {
    double target_query_value = 0;             // targetQueryValue
    double activation_target_query_value = 0;  // activationTargetQueryValue. Default: 0
    std::string query;                         // query, required
    std::string connection;                    // the libpq connection string (secret)
    std::string metric_name;                   // s<index>-postgresql
  };

  static std::span<const Param> Params();
  static StatusOr<Meta> ParseMetadata(const ScalerConfig& config);
  static StatusOr<std::unique_ptr<Scaler>> Create(const ScalerConfig& config, Sources& sources);

  PostgresqlScaler(Meta meta, std::string target_type, PostgresClient& client)
      : meta_(std::move(meta)), target_type_(std::move(target_type)), client_(client) {}

  // Errors: the client's, prefixed "error inspecting postgreSQL: ".
  StatusOr<MetricsAndActivity> GetMetricsAndActivity(std::string_view metric_name) override;
  std::vector<MetricSpec> GetMetricSpecs() const override;
  const Meta& meta() const { return meta_; }

  // KEDA's escapePostgreConnectionParameter.
  static std::string EscapeParameter(const std::string& s);

 private:
  Meta meta_;
  std::string target_type_;
  PostgresClient& client_;
};

}  // namespace swell::scalers
