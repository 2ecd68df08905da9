#include "scalers/postgresql.h"

#include "scalers/common.h"

namespace swell::scalers {
namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "targetQueryValue", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "activationTargetQueryValue", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "connection", .order = "authParams;resolvedEnv", .optional = true},
    {.name = "query", .order = "triggerMetadata"},
    {.name = "host", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "port", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "userName", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "dbName", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "sslmode", .order = "authParams;triggerMetadata", .optional = true},
    {.name = "password", .order = "authParams;resolvedEnv", .optional = true},
};
// clang-format on

}  // namespace

std::string PostgresqlScaler::EscapeParameter(const std::string& s) {
  bool plain = s.find_first_of(" \t\n\v\f\r'\\") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) {
    if (c == '\\' || c == '\'') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

std::span<const Param> PostgresqlScaler::Params() { return kParams; }

StatusOr<PostgresqlScaler::Meta> PostgresqlScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.target_query_value = p->Float("targetQueryValue");
  m.activation_target_query_value = p->Float("activationTargetQueryValue");
  m.query = p->String("query");
  m.connection = p->String("connection");
  if (m.connection.empty()) {
    // postgreSQLMetadata.Validate
    for (auto [key, what] : {std::pair{"host", "host"},
                             {"port", "port"},
                             {"userName", "userName"},
                             {"dbName", "dbName"},
                             {"sslmode", "sslmode"}}) {
      if (p->String(key).empty())
        return MetadataError(config, std::string("no ") + what + " given");
    }
  }
  if (!config.as_metric_source && m.target_query_value == 0) {
    return MetadataError(config, "no targetQueryValue given");
  }
  if (config.pod_identity == "azure-workload") {
    return Unimplemented("postgresql with podIdentity azure-workload: not supported yet");
  }
  if (m.connection.empty()) {
    m.connection = "host=" + EscapeParameter(p->String("host")) +
                   " port=" + EscapeParameter(p->String("port")) +
                   " user=" + EscapeParameter(p->String("userName")) +
                   " dbname=" + EscapeParameter(p->String("dbName")) +
                   " sslmode=" + EscapeParameter(p->String("sslmode")) +
                   " password=" + EscapeParameter(p->String("password"));
  }
  m.metric_name = MetricName(config.trigger_index, "postgresql");
  return m;
}

StatusOr<std::unique_ptr<Scaler>> PostgresqlScaler::Create(const ScalerConfig& config,
                                                           Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.postgres() == nullptr) return NoClient("PostgreSQL");
  return std::unique_ptr<Scaler>(std::make_unique<PostgresqlScaler>(
      std::move(meta), std::move(target_type), *sources.postgres()));
}

std::vector<MetricSpec> PostgresqlScaler::GetMetricSpecs() const {
  return {ExternalMetricMilli(meta_.metric_name, target_type_, meta_.target_query_value)};
}

StatusOr<MetricsAndActivity> PostgresqlScaler::GetMetricsAndActivity(std::string_view metric_name) {
  PostgresQuery q;
  q.connection = meta_.connection;
  q.query = meta_.query;
  StatusOr<double> v = client_.QueryValue(q);
  if (!v.ok()) return v.status().WithPrefix("error inspecting postgreSQL");
  return OneMetric(metric_name, *v, *v > meta_.activation_target_query_value);
}

}  // namespace swell::scalers
