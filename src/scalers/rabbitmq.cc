#include "scalers/rabbitmq.h"

#include <algorithm>

#include "scalers/common.h"
#include "scalers/http_auth.h"
#include "util/json.h"

namespace swell::scalers {

using Meta = RabbitMqScaler::Meta;

namespace {

// clang-format off
constexpr Param kParams[] = {
    {.name = "queueName", .order = "triggerMetadata"},
    {.name = "mode", .order = "triggerMetadata", .default_value = "Unknown", .optional = true},
    {.name = "queueLength", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "value", .order = "triggerMetadata", .type = ParamType::kFloat, .optional = true},
    {.name = "activationValue", .order = "triggerMetadata", .type = ParamType::kFloat,
     .optional = true},
    {.name = "host", .order = "triggerMetadata;authParams;resolvedEnv"},
    {.name = "protocol", .order = "triggerMetadata;authParams", .default_value = "auto"},
    {.name = "vhostName", .order = "triggerMetadata;authParams", .optional = true},
    {.name = "useRegex", .order = "triggerMetadata", .type = ParamType::kBool, .optional = true},
    {.name = "excludeUnacknowledged", .order = "triggerMetadata", .type = ParamType::kBool,
     .optional = true},
    {.name = "pageSize", .order = "triggerMetadata", .type = ParamType::kInt,
     .default_value = "100"},
    {.name = "operation", .order = "triggerMetadata", .default_value = "sum"},
    {.name = "timeout", .order = "triggerMetadata", .type = ParamType::kDuration,
     .optional = true},
    {.name = "username", .order = "authParams;resolvedEnv", .optional = true},
    {.name = "password", .order = "authParams;resolvedEnv", .optional = true},
    {.name = "ca", .order = "authParams", .optional = true},
    {.name = "cert", .order = "authParams", .optional = true},
    {.name = "key", .order = "authParams", .optional = true},
    {.name = "keyPassword", .order = "authParams", .optional = true},
    {.name = "tls", .order = "authParams", .default_value = "disable"},
    {.name = "unsafeSsl", .order = "triggerMetadata", .type = ParamType::kBool, .optional = true},
    {.name = "workloadIdentityResource", .order = "authParams", .optional = true},
};
// clang-format on

constexpr std::string_view kModes[] = {"QueueLength", "MessageRate", "DeliverGetRate",
                                       "PublishedToDeliveredRatio", "ExpectedQueueConsumptionTime"};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Unescape(std::string_view s) {
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

// A URL split as Go's url.Parse does, for the parts this scaler reads.
struct Url {
  std::string scheme, user, password, host, path;
};

Url SplitUrl(std::string_view raw) {
  Url u;
  size_t p = raw.find("://");
  if (p != std::string_view::npos) {
    u.scheme = std::string(raw.substr(0, p));
    raw.remove_prefix(p + 3);
  }
  size_t q = raw.find_first_of("?#");
  if (q != std::string_view::npos) raw = raw.substr(0, q);
  size_t slash = raw.find('/');
  std::string_view authority = raw.substr(0, slash);
  u.path = slash == std::string_view::npos ? "" : std::string(raw.substr(slash));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view info = authority.substr(0, at);
    size_t colon = info.find(':');
    u.user = Unescape(info.substr(0, colon));
    if (colon != std::string_view::npos) u.password = Unescape(info.substr(colon + 1));
    authority = authority.substr(at + 1);
  }
  u.host = std::string(authority);
  return u;
}

Status ValidateTrigger(Meta& m, const ParsedParams& p) {
  double queue_length = p.Float("queueLength");
  bool mode_unknown = m.mode == "Unknown";
  if (queue_length == 0 && mode_unknown && m.value == 0) {
    m.mode = "QueueLength";
    m.value = 20;
    return Status::Ok();
  }
  if (queue_length != 0 && (!mode_unknown || m.value != 0)) {
    return InvalidArgument("queueLength is deprecated; use mode and value");
  }
  if (queue_length != 0) {
    m.mode = "QueueLength";
    m.value = queue_length;
    return Status::Ok();
  }
  if (mode_unknown) return InvalidArgument("mode must be specified");
  if (m.value == 0) return InvalidArgument("value must be specified");
  if (std::find(std::begin(kModes), std::end(kModes), m.mode) == std::end(kModes)) {
    return InvalidArgument("trigger mode " + m.mode +
                           " must be one of QueueLength, MessageRate, DeliverGetRate, "
                           "PublishedToDeliveredRatio or ExpectedQueueConsumptionTime");
  }
  if (m.mode != "QueueLength" && m.protocol != "http") {
    return InvalidArgument("protocol " + m.protocol +
                           " not supported; must be HTTP to use trigger mode " + m.mode);
  }
  if (m.protocol == "amqp" && m.timeout != Duration::zero()) {
    return InvalidArgument("AMQP protocol doesn't support custom timeouts");
  }
  return Status::Ok();
}

// rabbitMQMetadata.Validate.
Status Validate(Meta& m, const ParsedParams& p) {
  if (m.protocol != "amqp" && m.protocol != "http" && m.protocol != "auto") {
    return InvalidArgument("the protocol has to be either `amqp`, `http`, or `auto` but is `" +
                           m.protocol + "`");
  }
  const std::string& tls = p.String("tls");
  if (tls != "enable" && tls != "disable") {
    return InvalidArgument("incorrect value for TLS given: " + tls);
  }
  if (m.cert.empty() != m.key.empty()) {
    return InvalidArgument("both key and certificate must be provided");
  }
  if (m.page_size < 1) return InvalidArgument("pageSize should be 1 or greater");
  if (m.username.empty() != m.password.empty()) {
    return InvalidArgument("username and password must be given together");
  }
  if (m.protocol == "auto") {
    std::string scheme = SplitUrl(m.host).scheme;
    if (scheme == "amqp" || scheme == "amqps") {
      m.protocol = "amqp";
    } else if (scheme == "http" || scheme == "https") {
      m.protocol = "http";
    } else {
      return InvalidArgument("unknown host URL scheme: `" + scheme + "`");
    }
  }
  if (m.use_regex && m.protocol != "http") {
    return InvalidArgument("configure useRegex=true only with HTTP protocol");
  }
  if (m.exclude_unacknowledged && m.protocol != "http") {
    return InvalidArgument("configure excludeUnacknowledged=true only with HTTP protocol");
  }
  return ValidateTrigger(m, p);
}

struct Info {
  int64_t messages = 0, ready = 0;
  double publish = 0, deliver = 0;
};

Info InfoOf(const json::Value& q) {
  Info i;
  q["messages"].AsInt(&i.messages);
  q["messages_ready"].AsInt(&i.ready);
  i.publish = q["message_stats"]["publish_details"]["rate"].number();
  i.deliver = q["message_stats"]["deliver_get_details"]["rate"].number();
  return i;
}

// getComposedQueue: sum, avg (integer division for counts) or max over the matches.
StatusOr<Info> Compose(const json::Value& items, const std::string& op) {
  Info out;
  size_t n = items.size();
  for (size_t k = 0; k < n; k++) {
    Info i = InfoOf(items.item(k));
    if (op == "max") {
      out.messages = std::max(out.messages, i.messages);
      out.ready = std::max(out.ready, i.ready);
      out.publish = std::max(out.publish, i.publish);
      out.deliver = std::max(out.deliver, i.deliver);
    } else if (op == "sum" || op == "avg") {
      out.messages += i.messages;
      out.ready += i.ready;
      out.publish += i.publish;
      out.deliver += i.deliver;
    } else {
      return InvalidArgument("operation mode " + op + " must be one of sum, avg, max");
    }
  }
  if (op == "avg" && n > 0) {
    out.messages /= static_cast<int64_t>(n);
    out.ready /= static_cast<int64_t>(n);
    out.publish /= static_cast<double>(n);
    out.deliver /= static_cast<double>(n);
  }
  return out;
}

}  // namespace

std::span<const Param> RabbitMqScaler::Params() { return kParams; }

StatusOr<Meta> RabbitMqScaler::ParseMetadata(const ScalerConfig& config) {
  StatusOr<ParsedParams> p = ParseParams(config, kParams);
  if (!p.ok()) return MetadataError(config, p.status());
  Meta m;
  m.queue_name = p->String("queueName");
  m.mode = p->String("mode");
  m.value = p->Float("value");
  m.activation_value = p->Float("activationValue");
  m.host = p->String("host");
  m.protocol = p->String("protocol");
  m.vhost_name = p->String("vhostName");
  m.use_regex = p->Bool("useRegex");
  m.exclude_unacknowledged = p->Bool("excludeUnacknowledged");
  m.page_size = p->Int("pageSize");
  m.operation = p->String("operation");
  m.timeout = p->DurationOf("timeout");
  m.username = p->String("username");
  m.password = p->String("password");
  m.tls = p->String("tls") == "enable";
  m.ca = p->String("ca");
  m.cert = p->String("cert");
  m.key = p->String("key");
  m.key_password = p->String("keyPassword");
  m.unsafe_ssl = p->Bool("unsafeSsl");
  if (!p->String("workloadIdentityResource").empty()) {
    return Unimplemented("rabbitmq workloadIdentityResource: not supported yet");
  }
  if (Status s = Validate(m, *p); !s.ok()) return MetadataError(config, s);
  m.connection_name = "keda-" + config.owner_namespace + "-" + config.owner_name;
  m.metric_name = MetricName(config.trigger_index, "rabbitmq-" + QueryEscape(m.queue_name));
  return m;
}

StatusOr<std::unique_ptr<Scaler>> RabbitMqScaler::Create(const ScalerConfig& config,
                                                         Sources& sources) {
  SWELL_ASSIGN_OR_RETURN(std::string target_type, MetricTargetType(config));
  SWELL_ASSIGN_OR_RETURN(Meta meta, ParseMetadata(config));
  if (meta.protocol == "http" && sources.http() == nullptr) return NoClient("HTTP client");
  if (meta.protocol == "amqp" && sources.amqp() == nullptr) return NoClient("AMQP client");
  return std::unique_ptr<Scaler>(
      std::make_unique<RabbitMqScaler>(std::move(meta), std::move(target_type), sources));
}

std::vector<MetricSpec> RabbitMqScaler::GetMetricSpecs() const {
  return {ExternalMetricMilli(meta_.metric_name, target_type_, meta_.value)};
}

std::string RabbitMqScaler::ManagementUrl(const Meta& m) {
  Url u = SplitUrl(m.host);
  std::vector<std::string> parts;
  for (size_t a = 0, b; a <= u.path.size(); a = b + 1) {
    b = u.path.find('/', a);
    if (b == std::string::npos) b = u.path.size();
    parts.push_back(u.path.substr(a, b - a));
  }
  std::string vhost = "/" + parts.back();
  std::string sub;  // path.Join of the other segments
  for (size_t i = 0; i + 1 < parts.size(); i++) {
    if (!parts[i].empty()) sub += "/" + parts[i];
  }
  if (!m.vhost_name.empty()) vhost = "/" + QueryEscape(m.vhost_name);
  if (vhost == "/") vhost = "/%2F";
  std::string base = u.scheme + "://" + u.host + sub + "/api/queues" + vhost;
  if (m.use_regex) {
    return base + "?page=1&use_regex=true&pagination=false&name=" + QueryEscape(m.queue_name) +
           "&page_size=" + std::to_string(m.page_size);
  }
  return base + "/" + QueryEscape(m.queue_name);
}

StatusOr<RabbitMqScaler::QueueStatus> RabbitMqScaler::ViaHttp() {
  HttpRequest req;
  req.url = ManagementUrl(meta_);
  req.timeout = meta_.timeout;
  req.unsafe_ssl = meta_.unsafe_ssl;
  if (meta_.tls) {
    req.ca = meta_.ca;
    req.cert = meta_.cert;
    req.key = meta_.key;
  }
  Url u = SplitUrl(meta_.host);
  HttpAuth basic;
  basic.modes = {"basic"};
  basic.username = meta_.username.empty() ? u.user : meta_.username;
  basic.password = meta_.username.empty() ? u.password : meta_.password;
  if (!basic.username.empty()) req.headers = HttpAuthHeaders(basic);
  SWELL_ASSIGN_OR_RETURN(HttpResponse resp, sources_.http()->Do(req));
  const std::string what =
      "RabbitMQ API " + u.scheme + "://" + u.host + " queue " + meta_.queue_name;
  if (resp.status == 404) return NotFound(what + ": HTTP 404 (no such queue or vhost)");
  if (resp.status == 401 || resp.status == 403) {
    return Status(StatusCode::kPermissionDenied, what + ": HTTP " + std::to_string(resp.status));
  }
  if (resp.status != 200) {
    Status s = InvalidArgument(what + ": HTTP " + std::to_string(resp.status));
    return resp.status >= 500 ? Unavailable(s.message()) : s;
  }
  StatusOr<json::Value> doc = json::Parse(resp.body);
  if (!doc.ok() || !doc->IsObject()) return InvalidArgument(what + ": malformed JSON reply");
  Info info;
  if (meta_.use_regex) {
    int64_t pages = 0;
    if ((*doc)["page_count"].AsInt(&pages) && pages > 1) {
      return InvalidArgument("regex matches more queues than can be recovered at once");
    }
    SWELL_ASSIGN_OR_RETURN(info, Compose((*doc)["items"], meta_.operation));
  } else {
    if (!(*doc)["messages"].IsNumber()) {
      return InvalidArgument(what + ": malformed reply: no messages count");
    }
    info = InfoOf(*doc);
  }
  return QueueStatus{meta_.exclude_unacknowledged ? info.ready : info.messages, info.publish,
                     info.deliver};
}

StatusOr<RabbitMqScaler::QueueStatus> RabbitMqScaler::ViaAmqp() {
  AmqpQueueRequest r;
  r.url = meta_.host;
  r.vhost = meta_.vhost_name;
  r.username = meta_.username;
  r.password = meta_.password;
  r.queue = meta_.queue_name;
  r.unsafe_ssl = meta_.unsafe_ssl;
  r.connection_name = meta_.connection_name;
  SWELL_ASSIGN_OR_RETURN(int64_t n, sources_.amqp()->QueueMessageCount(r));
  return QueueStatus{n, 0, 0};
}

MetricsAndActivity RabbitMqScaler::Evaluate(const Meta& m, std::string_view metric_name,
                                            const QueueStatus& q) {
  const double messages = static_cast<double>(q.messages);
  const double pub = q.publish_rate, del = q.deliver_get_rate, act = m.activation_value;
  if (m.mode == "MessageRate") return OneMetric(metric_name, pub, pub > act || messages > act);
  if (m.mode == "DeliverGetRate") return OneMetric(metric_name, del, del > act);
  if (m.mode == "PublishedToDeliveredRatio") {
    double ratio = pub > 0 && del == 0 ? act : pub > 0 && del > 0 ? pub / del : 0;
    return OneMetric(metric_name, ratio, ratio > act || (pub > 0 && del == 0));
  }
  if (m.mode == "ExpectedQueueConsumptionTime") {
    double eta = q.messages == 0 ? 0 : del == 0 ? act : (pub - del) / del + messages / del;
    return OneMetric(metric_name, eta, eta > act || (del == 0 && q.messages > 0));
  }
  return OneMetric(metric_name, messages, messages > act);
}

StatusOr<MetricsAndActivity> RabbitMqScaler::GetMetricsAndActivity(std::string_view metric_name) {
  StatusOr<QueueStatus> q = meta_.protocol == "http" ? ViaHttp() : ViaAmqp();
  if (!q.ok()) return q.status().WithPrefix("error inspecting RabbitMQ");
  return Evaluate(meta_, metric_name, *q);
}

}  // namespace swell::scalers
