#include "sources/kafka.h"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace swell::sources {

using Offsets = scalers::KafkaClient::PartitionOffsets;

namespace {

struct KafkaDeleter {
  void operator()(rd_kafka_t* k) const {
    rd_kafka_destroy_flags(k, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  }
};
struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using Kafka = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

int Ms(SteadyTime deadline) {
  return static_cast<int>(std::max<int64_t>(1, Remaining(deadline).count() / 1000));
}

Status ErrorOf(rd_kafka_resp_err_t err, const std::string& what) {
  std::string msg = "kafka " + what + ": " + rd_kafka_err2str(err);
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return Status(StatusCode::kDeadlineExceeded, msg);
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
      return NotFound(msg);
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
      return Status(StatusCode::kPermissionDenied, msg);
    default:
      return Unavailable(msg);
  }
}

std::string Get(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? "" : it->second;
}

void Silent(const rd_kafka_t*, int, const char*, const char*) {}

// The librdkafka configuration of `t`. Setting names only in errors (values may be secrets).
StatusOr<Kafka> NewConsumer(const scalers::KafkaTarget& t, SteadyTime deadline) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::string servers;
  for (const std::string& s : t.bootstrap_servers) servers += (servers.empty() ? "" : ",") + s;
  const auto& o = t.options;
  std::string sasl = Get(o, "sasl");
  bool tls = Get(o, "tls") == "enable";
  std::vector<std::pair<std::string, std::string>> settings = {
      {"bootstrap.servers", servers},
      {"group.id", t.group},
      {"enable.auto.commit", "false"},
      {"socket.timeout.ms", std::to_string(std::max(10, Ms(deadline)))},
      {"security.protocol",
       std::string(sasl.empty() || sasl == "none" ? "" : "sasl_") + (tls ? "ssl" : "plaintext")}};
  if (sasl == "plaintext" || sasl == "scram_sha256" || sasl == "scram_sha512") {
    settings.emplace_back("sasl.mechanisms", sasl == "plaintext"      ? "PLAIN"
                                             : sasl == "scram_sha256" ? "SCRAM-SHA-256"
                                                                      : "SCRAM-SHA-512");
    settings.emplace_back("sasl.username", Get(o, "username"));
    settings.emplace_back("sasl.password", Get(o, "password"));
  } else if (!sasl.empty() && sasl != "none") {
    rd_kafka_conf_destroy(conf);
    return Unimplemented("kafka sasl " + sasl + ": swell's Kafka client does not support it yet");
  }
  if (tls) {
    for (auto [opt, key] : {std::pair{"ca", "ssl.ca.pem"},
                            {"cert", "ssl.certificate.pem"},
                            {"key", "ssl.key.pem"},
                            {"keyPassword", "ssl.key.password"}}) {
      if (!Get(o, opt).empty()) settings.emplace_back(key, Get(o, opt));
    }
    if (Get(o, "unsafeSsl") == "true") {
      settings.emplace_back("enable.ssl.certificate.verification", "false");
    }
  }
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgument("kafka: the client rejects setting " + k);
    }
  }
  rd_kafka_conf_set_log_cb(conf, &Silent);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (rk == nullptr) return InvalidArgument(std::string("kafka: ") + err);
  return Kafka(rk);
}

// The partition ids of `topic`.
StatusOr<std::vector<int32_t>> Partitions(rd_kafka_t* rk, const std::string& topic,
                                          SteadyTime deadline) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, Ms(deadline));
  rd_kafka_topic_destroy(rkt);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorOf(e, "metadata of topic " + topic);
  std::vector<int32_t> out;
  Status status;
  for (int i = 0; i < md->topic_cnt; i++) {
    const rd_kafka_metadata_topic_t& mt = md->topics[i];
    if (mt.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = ErrorOf(mt.err, "topic " + topic);
      break;
    }
    for (int p = 0; p < mt.partition_cnt; p++) out.push_back(mt.partitions[p].id);
  }
  rd_kafka_metadata_destroy(md);
  if (!status.ok()) return status;
  return out;
}

// Every partition of every topic but Kafka's internal ones ("__consumer_offsets").
StatusOr<PartitionList> AllPartitions(rd_kafka_t* rk, SteadyTime deadline) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, Ms(deadline));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorOf(err, "metadata");
  PartitionList list(rd_kafka_topic_partition_list_new(0));
  for (int i = 0; i < md->topic_cnt; i++) {
    const rd_kafka_metadata_topic_t& t = md->topics[i];
    if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR || std::string(t.topic).starts_with("__")) continue;
    for (int p = 0; p < t.partition_cnt; p++) {
      rd_kafka_topic_partition_list_add(list.get(), t.topic, t.partitions[p].id);
    }
  }
  rd_kafka_metadata_destroy(md);
  return list;
}

StatusOr<std::vector<Offsets>> Query(const scalers::KafkaTarget& t, SteadyTime deadline) {
  SWELL_ASSIGN_OR_RETURN(Kafka rk, NewConsumer(t, deadline));
  PartitionList list;
  if (t.topic.empty()) {
    SWELL_ASSIGN_OR_RETURN(list, AllPartitions(rk.get(), deadline));
  } else {
    SWELL_ASSIGN_OR_RETURN(std::vector<int32_t> ids, Partitions(rk.get(), t.topic, deadline));
    list.reset(rd_kafka_topic_partition_list_new(static_cast<int>(ids.size())));
    for (int32_t id : ids) rd_kafka_topic_partition_list_add(list.get(), t.topic.c_str(), id);
  }
  rd_kafka_resp_err_t e = rd_kafka_committed(rk.get(), list.get(), Ms(deadline));
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return ErrorOf(e, "committed offsets of " + t.group);
  std::vector<Offsets> out;
  for (int i = 0; i < list->cnt; i++) {
    const rd_kafka_topic_partition_t& p = list->elems[i];
    // Without a topic, only the partitions the group has committed offsets for count.
    if (t.topic.empty() && p.offset < 0) continue;
    Offsets row;
    row.topic = p.topic;
    row.partition = p.partition;
    row.committed = p.offset < 0 ? -1 : p.offset;
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t we =
        rd_kafka_query_watermark_offsets(rk.get(), p.topic, p.partition, &low, &high, Ms(deadline));
    if (we != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return ErrorOf(we, "latest offset of " + row.topic + "/" + std::to_string(row.partition));
    }
    row.latest = high;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

StatusOr<std::vector<Offsets>> RdKafkaClient::Offsets(const scalers::KafkaTarget& t) {
  if (t.bootstrap_servers.empty()) return InvalidArgument("kafka: no bootstrap server");
  return WithRetries(Duration::zero(), options_,
                     [&](SteadyTime deadline) { return Query(t, deadline); });
}

}  // namespace swell::sources
