#include "scalers/kafka.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "scalers/aws_auth.h"
#include "scalers/common.h"

namespace swell::scalers {
namespace {

constexpr ParamType kInt = ParamType::kInt;
constexpr ParamType kBool = ParamType::kBool;
constexpr ParamType kList = ParamType::kList;

// kafkaMetadata (Sarama).
// clang-format off
constexpr Param kSaramaParams[] = {
    {.name = "bootstrapServers", .order = "triggerMetadata;resolvedEnv", .type = kList},
    {.name = "consumerGroup", .order = "triggerMetadata;resolvedEnv"},
    {.name = "topic", .order = "triggerMetadata;resolvedEnv", .optional = true},
    {.name = "partitionLimitation", .order = "triggerMetadata", .optional = true},
    {.name = "lagThreshold", .order = "triggerMetadata", .type = kInt, .default_value = "10"},
    {.name = "activationLagThreshold", .order = "triggerMetadata", .type = kInt,
     .default_value = "0"},
    {.name = "offsetResetPolicy", .order = "triggerMetadata", .default_value = "latest",
     .enum_values = "latest;earliest"},
    {.name = "allowIdleConsumers", .order = "triggerMetadata", .type = kBool,
     .default_value = "false"},
    {.name = "excludePersistentLag", .order = "triggerMetadata", .type = kBool,
     .default_value = "false"},
    {.name = "scaleToZeroOnInvalidOffset", .order = "triggerMetadata", .type = kBool,
     .default_value = "false"},
    {.name = "limitToPartitionsWithLag", .order = "triggerMetadata", .type = kBool,
     .default_value = "false"},
    {.name = "ensureEvenDistributionOfPartitions", .order = "triggerMetadata", .type = kBool,
     .default_value = "false"},
    {.name = "fullMetadata", .order = "triggerMetadata", .type = kBool, .default_value = "true"},
    {.name = "version", .order = "triggerMetadata", .optional = true},
    {.name = "tls", .order = "triggerMetadata;authParams", .default_value = "disable",
     .enum_values = "enable;disable"},
    {.name = "unsafeSsl", .order = "triggerMetadata", .type = kBool, .default_value = "false"},
    {.name = "ca", .order = "authParams", .optional = true},
    {.name = "cert", .order = "authParams", .optional = true},
    {.name = "key", .order = "authParams", .optional = true},
    {.name = "keyPassword", .order = "authParams", .optional = true},
    {.name = "sasl", .order = "triggerMetadata;authParams", .optional = true,
     .enum_values = "none;plaintext;scram_sha256;scram_sha512;oauthbearer;gssapi"},
    {.name = "username", .order = "authParams", .optional = true},
    {.name = "password", .order = "authParams", .optional = true},
    {.name = "saslTokenProvider", .order = "triggerMetadata;authParams", .optional = true,
     .enum_values = "bearer;aws_msk_iam"},
    {.name = "scopes", .order = "authParams", .optional = true},
    {.name = "oauthTokenEndpointUri", .order = "authParams", .optional = true},
    {.name = "oauthExtensions", .order = "authParams", .optional = true},
    {.name = "keytab", .order = "authParams", .optional = true},
    {.name = "realm", .order = "authParams", .optional = true},
    {.name = "kerberosConfig", .order = "authParams", .optional = true},
    {.name = "kerberosServiceName", .order = "authParams", .optional = true},
    {.name = "kerberosDisableFAST", .order = "authParams", .type = kBool, .default_value = "false"},
    {.name = "awsRegion", .order = "triggerMetadata", .optional = true},
};
// clang-format on

// apacheKafkaMetadata (kafka-go).
// clang-format off
constexpr Param kApacheParams[] = {
    {.name = "bootstrapServers", .order = "triggerMetadata;resolvedEnv", .type = kList},
    {.name = "consumerGroup", .order = "triggerMetadata;resolvedEnv"},
    {.name = "topic", .order = "triggerMetadata;resolvedEnv", .type = kList, .optional = true},
    {.name = "partitionLimitation", .order = "triggerMetadata", .type = ParamType::kIntList,
     .optional = true, .range_separator = "-"},
    {.name = "lagThreshold", .order = "triggerMetadata", .type = kInt, .default_value = "10"},
    {.name = "activationLagThreshold", .order = "triggerMetadata", .type = kInt,
     .default_value = "0"},
    {.name = "offsetResetPolicy", .order = "triggerMetadata", .default_value = "latest",
     .enum_values = "earliest;latest"},
    {.name = "allowIdleConsumers", .order = "triggerMetadata", .type = kBool, .optional = true},
    {.name = "excludePersistentLag", .order = "triggerMetadata", .type = kBool, .optional = true},
    {.name = "scaleToZeroOnInvalidOffset", .order = "triggerMetadata", .type = kBool,
     .optional = true},
    {.name = "limitToPartitionsWithLag", .order = "triggerMetadata", .type = kBool,
     .optional = true},
    {.name = "ensureEvenDistributionOfPartitions", .order = "triggerMetadata", .type = kBool,
     .optional = true},
    {.name = "sasl", .order = "triggerMetadata;authParams", .default_value = "none",
     .enum_values = "none;plaintext;scram_sha256;scram_sha512;gssapi;aws_msk_iam"},
    {.name = "username", .order = "authParams", .optional = true},
    {.name = "password", .order = "authParams", .optional = true},
    {.name = "awsRegion", .order = "triggerMetadata", .optional = true},
    {.name = "tls", .order = "triggerMetadata;authParams", .default_value = "disable",
     .enum_values = "enable;disable"},
    {.name = "cert", .order = "authParams", .optional = true},
    {.name = "key", .order = "authParams", .optional = true},
    {.name = "keyPassword", .order = "authParams", .optional = true},
    {.name = "ca", .order = "authParams", .optional = true},
};
// clang-format on

// The string parameters passed to the client as options, when set.
constexpr std::string_view kOptionKeys =
    "tls ca cert key keyPassword sasl username password saslTokenProvider scopes "
    "oauthTokenEndpointUri oauthExtensions keytab realm kerberosConfig kerberosServiceName "
    "version awsRegion";

bool IsSarama(const KafkaScaler::Meta& m) { return m.flavor == KafkaScaler::Flavor::kSarama; }

// kafka_scaler.go parsePartitionLimitation (strconv.ParseInt, 32 bits).
StatusOr<std::vector<int64_t>> ParsePartitionLimitation(std::string_view s) {
  std::vector<int64_t> out;
  for (std::string_view part : SplitString(s, ",")) {
    part = TrimSpace(part);
    int64_t lo = 0, hi = 0;
    if (part.find('-') != std::string_view::npos) {
      std::vector<std::string_view> r = SplitString(part, "-");
      if (r.size() != 2) {
        return InvalidArgument("invalid partition limitation range: " + std::string(part));
      }
      if (!ParseGoInt(TrimSpace(r[0]), 32, &lo) || !ParseGoInt(TrimSpace(r[1]), 32, &hi)) {
        return InvalidArgument("invalid partition limitation: " + std::string(part));
      }
    } else if (ParseGoInt(part, 32, &lo)) {
      hi = lo;
    } else {
      return InvalidArgument("invalid partition limitation: " + std::string(part));
    }
    if (hi - lo >= 100000) return InvalidArgument("partition limitation range too large");
    for (int64_t i = lo; i <= hi; i++) out.push_back(i);
  }
  return out;
}

// sarama.ParseKafkaVersion's accepted forms: "0.a.b.c" or "a.b.c".
bool ValidKafkaVersion(std::string_view s) {
  if (s.size() < 5) return false;
  std::vector<std::string_view> parts = SplitString(s, ".");
  if (parts.size() != (s[0] == '0' ? 4u : 3u)) return false;
  if (s[0] == '0' && parts[0] != "0") return false;
  for (std::string_view p : parts) {
    if (p.empty() || p.find_first_not_of("0123456789") != std::string_view::npos) return false;
  }
  return true;
}

// kafkaMetadata.parseSASL (parseTLS has run).
Status ValidateSaramaSasl(const ParsedParams& p, bool tls) {
  const std::string& sasl = p.String("sasl");
  bool user = !p.String("username").empty(), pass = !p.String("password").empty();
  if (sasl == "plaintext" || sasl == "scram_sha256" || sasl == "scram_sha512") {
    if (!user) return InvalidArgument("no username given");
    if (!pass) return InvalidArgument("no password given");
  } else if (sasl == "oauthbearer") {
    std::string provider = p.String("saslTokenProvider");
    if (provider.empty() || provider == "bearer") {
      if (!user)
        return InvalidArgument(
            "error parsing OAuth token provider configuration: no username given");
      if (!pass)
        return InvalidArgument(
            "error parsing OAuth token provider configuration: no password given");
      if (p.String("oauthTokenEndpointUri").empty()) {
        return InvalidArgument(
            "error parsing OAuth token provider configuration: no oauth token endpoint uri given");
      }
      const std::string& ext = p.String("oauthExtensions");
      if (!ext.empty()) {
        for (std::string_view e : SplitString(ext, ",")) {
          if (SplitString(e, "=").size() != 2) {
            return InvalidArgument(
                "error parsing OAuth token provider configuration: invalid OAuthBearer "
                "extension, must be of format key=value");
          }
        }
      }
    } else {  // aws_msk_iam
      if (!tls)
        return InvalidArgument(
            "error parsing OAuth token provider configuration: TLS is required for AWS MSK "
            "authentication");
      if (p.String("awsRegion").empty())
        return InvalidArgument(
            "error parsing OAuth token provider configuration: no awsRegion given");
    }
  } else if (sasl == "gssapi") {
    bool keytab = !p.String("keytab").empty();
    if (!user) return InvalidArgument("no username given");
    if (pass == keytab) {
      return InvalidArgument(
          "exactly one of 'password' or 'keytab' must be provided for GSSAPI authentication");
    }
    if (p.String("realm").empty()) return InvalidArgument("no realm given");
    if (p.String("kerberosConfig").empty()) {
      return InvalidArgument("no Kerberos configuration file (kerberosConfig) given");
    }
  }
  return Status::Ok();
}

// kafkaMetadata.Validate and parseKafkaMetadata's version check.
Status ValidateSarama(const ParsedParams& p, KafkaScaler::Meta& m) {
  if (m.lag_threshold <= 0) return InvalidArgument("\"lagThreshold\" must be positive number");
  if (m.activation_lag_threshold < 0) {
    return InvalidArgument("\"activationLagThreshold\" must be a non-negative number");
  }
  if (p.Has("partitionLimitation")) {  // parsed even without a topic, then ignored
    SWELL_ASSIGN_OR_RETURN(m.partitions, ParsePartitionLimitation(p.String("partitionLimitation")));
    m.limit_partitions = !m.topics.empty();
    if (!m.limit_partitions) m.partitions.clear();
  }
  bool no_topic = m.topics.empty();
  if (m.allow_idle_consumers && m.limit_to_partitions_with_lag) {
    return InvalidArgument(
        "allowIdleConsumers and limitToPartitionsWithLag cannot be set simultaneously");
  }
  if (no_topic && m.limit_to_partitions_with_lag) {
    return InvalidArgument("topic must be specified when using limitToPartitionsWithLag");
  }
  if (m.limit_to_partitions_with_lag && m.ensure_even_distribution_of_partitions) {
    return InvalidArgument(
        "limitToPartitionsWithLag and ensureEvenDistributionOfPartitions cannot be set "
        "simultaneously");
  }
  if (no_topic && m.ensure_even_distribution_of_partitions) {
    return InvalidArgument("topic must be specified when using ensureEvenDistributionOfPartitions");
  }
  if (!m.full_metadata && no_topic) {
    return InvalidArgument("topic must be specified when fullMetadata is false");
  }
  bool tls = p.String("tls") == "enable";
  if (tls && !p.String("cert").empty() && p.String("key").empty()) {
    return InvalidArgument("key must be provided with cert");
  }
  if (tls && !p.String("key").empty() && p.String("cert").empty()) {
    return InvalidArgument("cert must be provided with key");
  }
  SWELL_RETURN_IF_ERROR(ValidateSaramaSasl(p, tls));
  if (p.Has("version") && !ValidKafkaVersion(p.String("version"))) {
    return InvalidArgument("error parsing kafka version: invalid version `" + p.String("version") +
                           "`");
  }
  return Status::Ok();
}

// apacheKafkaMetadata.Validate and parseApacheKafkaAuthParams.
Status ValidateApache(const ScalerConfig& config, const ParsedParams& p, KafkaScaler::Meta& m) {
  if (m.lag_threshold <= 0) return InvalidArgument("lagThreshold must be a positive number");
  if (m.activation_lag_threshold < 0) {
    return InvalidArgument("activationLagThreshold must be a positive number");
  }
  if (m.allow_idle_consumers && m.limit_to_partitions_with_lag) {
    return InvalidArgument(
        "allowIdleConsumers and limitToPartitionsWithLag cannot be set simultaneously");
  }
  if (m.topics.empty() && m.limit_to_partitions_with_lag) {
    return InvalidArgument("topic must be specified when using limitToPartitionsWithLag");
  }
  if (!m.topics.empty() && !p.IntList("partitionLimitation").empty()) {
    m.partitions = p.IntList("partitionLimitation");
    m.limit_partitions = true;
  }
  bool tls = p.String("tls") == "enable";
  if (tls && p.String("cert").empty() != p.String("key").empty()) {
    return InvalidArgument("can't set only one of cert or key when using TLS");
  }
  const std::string& sasl = p.String("sasl");
  if (sasl == "plaintext" && (p.String("username").empty() || p.String("password").empty())) {
    return InvalidArgument("username and password must be set when using SASL/PLAINTEXT");
  }
  if (sasl == "aws_msk_iam" && p.String("awsRegion").empty()) {
    return InvalidArgument("awsRegion must be set when using AWS MSK IAM");
  }
  if (sasl == "aws_msk_iam" && !tls) {
    return InvalidArgument("TLS must be enabled when using AWS MSK IAM");
  }
  auto both = [&](const std::string& k) {
    auto a = config.metadata.find(k), b = config.auth_params.find(k);
    return a != config.metadata.end() && !a->second.empty() && b != config.auth_params.end() &&
           !b->second.empty();
  };
  for (const std::string k : {"sasl", "tls"}) {
    if (both(k)) {
      return InvalidArgument("unable to set `" + k +
                             "` in both ScaledObject and TriggerAuthentication together");
    }
  }
  return Status::Ok();
}

Status AddAwsOptions(const ScalerConfig& config, KafkaScaler::Meta& m) {
  SWELL_ASSIGN_OR_RETURN(AwsCredentials c, ResolveAwsCredentials(config));
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) m.options[k] = v;
  };
  put("awsAccessKeyID", c.access_key_id);
  put("awsSecretAccessKey", c.secret_access_key);
  put("awsSessionToken", c.session_token);
  put("awsRoleArn", c.role_arn);
  if (c.use_default_chain) m.options["awsUseDefaultChain"] = "true";
  return Status::Ok();
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// KEDA's getLagForPartition: {lag, lag with persistent}.
std::pair<int64_t, int64_t> PartitionLag(const KafkaScaler::Meta& m,
                                         const KafkaClient::PartitionOffsets& r,
                                         KafkaScaler::PreviousOffsets& previous) {
  if (r.committed == -1) {
    if (m.scale_to_zero_on_invalid_offset) return {0, 0};
    if (!m.earliest) return {1, 1};
    return {r.latest, r.latest};
  }
  int64_t lag = r.latest - r.committed;
  if (m.exclude_persistent_lag) {
    auto key = std::make_pair(r.topic, r.partition);
    auto it = previous.find(key);
    if (it != previous.end() && it->second == r.committed) return {0, lag};
    previous[key] = r.committed;
  }
  return {lag, lag};
}

}  // namespace

std::span<const Param> KafkaScaler::Params(Flavor flavor) {
  if (flavor == Flavor::kApache) return kApacheParams;
  return kSaramaParams;
}

StatusOr<KafkaScaler::Meta> KafkaScaler::ParseMetadata(const ScalerConfig& config) {
  Meta m;
  m.flavor = config.type == "apache-kafka" ? Flavor::kApache : Flavor::kSarama;
  StatusOr<ParsedParams> parsed = ParseParams(config, Params(m.flavor));
  if (!parsed.ok()) return MetadataError(config, parsed.status());
  const ParsedParams& p = *parsed;
  m.bootstrap_servers = p.List("bootstrapServers");
  m.consumer_group = p.String("consumerGroup");
  if (IsSarama(m)) {
    if (p.Has("topic")) m.topics = {p.String("topic")};
  } else {
    m.topics = p.List("topic");
  }
  m.lag_threshold = p.Int("lagThreshold");
  m.activation_lag_threshold = p.Int("activationLagThreshold");
  m.earliest = p.String("offsetResetPolicy") == "earliest";
  m.allow_idle_consumers = p.Bool("allowIdleConsumers");
  m.exclude_persistent_lag = p.Bool("excludePersistentLag");
  m.scale_to_zero_on_invalid_offset = p.Bool("scaleToZeroOnInvalidOffset");
  m.limit_to_partitions_with_lag = p.Bool("limitToPartitionsWithLag");
  m.ensure_even_distribution_of_partitions = p.Bool("ensureEvenDistributionOfPartitions");
  m.full_metadata = IsSarama(m) ? p.Bool("fullMetadata") : true;
  Status valid = IsSarama(m) ? ValidateSarama(p, m) : ValidateApache(config, p, m);
  if (!valid.ok()) return MetadataError(config, valid);

  for (std::string_view key : SplitString(kOptionKeys, " ")) {
    bool known = std::any_of(Params(m.flavor).begin(), Params(m.flavor).end(),
                             [&](const Param& prm) { return prm.name == key; });
    if (known && !p.String(key).empty()) m.options[std::string(key)] = p.String(key);
  }
  if (IsSarama(m)) {
    if (p.Bool("unsafeSsl")) m.options["unsafeSsl"] = "true";
    if (p.Bool("kerberosDisableFAST")) m.options["kerberosDisableFAST"] = "true";
  }
  bool msk = IsSarama(m) ? (p.String("sasl") == "oauthbearer" &&
                            p.String("saslTokenProvider") == "aws_msk_iam")
                         : p.String("sasl") == "aws_msk_iam";
  if (msk) {
    Status aws = AddAwsOptions(config, m);
    if (!aws.ok()) return MetadataError(config, aws.WithPrefix("error getting AWS authorization"));
  }
  std::string name =
      m.topics.empty() ? "kafka-" + m.consumer_group + "-topics" : "kafka-" + Join(m.topics, ",");
  m.metric_name = MetricName(config.trigger_index, name);
  return m;
}

StatusOr<KafkaScaler::Lag> KafkaScaler::TotalLag(
    const Meta& m, const std::vector<KafkaClient::PartitionOffsets>& rows,
    PreviousOffsets& previous) {
  // getTopicPartitions: the topics asked for, the partitions allowed.
  std::vector<const KafkaClient::PartitionOffsets*> kept;
  for (const auto& r : rows) {
    if (!m.topics.empty() &&
        std::find(m.topics.begin(), m.topics.end(), r.topic) == m.topics.end()) {
      continue;
    }
    if (m.limit_partitions &&
        std::find(m.partitions.begin(), m.partitions.end(), r.partition) == m.partitions.end()) {
      continue;
    }
    kept.push_back(&r);
  }
  if (IsSarama(m) && !m.topics.empty() && kept.empty()) {
    return InvalidArgument("expected at least one active partition within the topic '" +
                           m.topics[0] + "'");
  }
  Lag lag;
  int64_t partitions = static_cast<int64_t>(kept.size());
  int64_t with_lag = 0;
  for (const auto* r : kept) {
    auto [l, lp] = PartitionLag(m, *r, previous);
    lag.total += l;
    lag.total_with_persistent += lp;
    if (l > 0) with_lag++;
  }
  if (!m.allow_idle_consumers || m.limit_to_partitions_with_lag ||
      m.ensure_even_distribution_of_partitions) {
    int64_t upper = partitions;
    if (m.ensure_even_distribution_of_partitions) {
      int64_t factor = partitions;  // getNextFactorThatBalancesConsumersToTopicPartitions
      for (int64_t f = 1; f <= partitions; f++) {
        if (partitions % f == 0 && f * m.lag_threshold >= lag.total) {
          factor = f;
          break;
        }
      }
      lag.total = factor * m.lag_threshold;
    }
    if (m.limit_to_partitions_with_lag) upper = with_lag;
    if (lag.total / m.lag_threshold > upper) lag.total = upper * m.lag_threshold;
  }
  return lag;
}

StatusOr<std::unique_ptr<Scaler>> KafkaScaler::Create(const ScalerConfig& config,
                                                      Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (sources.kafka() == nullptr) return NoClient("Kafka");
  return std::unique_ptr<Scaler>(
      std::make_unique<KafkaScaler>(std::move(meta), std::move(target_type), *sources.kafka()));
}

std::vector<MetricSpec> KafkaScaler::GetMetricSpecs() const {
  return {ExternalMetric(meta_.metric_name, target_type_, meta_.lag_threshold)};
}

StatusOr<MetricsAndActivity> KafkaScaler::GetMetricsAndActivity(std::string_view metric_name) {
  KafkaTarget t;
  t.bootstrap_servers = meta_.bootstrap_servers;
  t.group = meta_.consumer_group;
  t.options = meta_.options;
  std::vector<KafkaClient::PartitionOffsets> rows;
  std::vector<std::string> topics = meta_.topics;
  if (topics.empty()) topics.emplace_back();
  for (const std::string& topic : topics) {
    t.topic = topic;
    SWELL_ASSIGN_OR_RETURN(auto part, client_.Offsets(t));
    rows.insert(rows.end(), part.begin(), part.end());
  }
  SWELL_ASSIGN_OR_RETURN(Lag lag, TotalLag(meta_, rows, previous_));
  return OneMetric(metric_name, static_cast<double>(lag.total),
                   lag.total_with_persistent > meta_.activation_lag_threshold);
}

}  // namespace swell::scalers
