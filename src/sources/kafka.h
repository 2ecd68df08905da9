// Kafka consumer-group offsets through librdkafka (keda.md §5.3): for a topic, its partitions
// (metadata), the group's committed offsets (OffsetFetch) and each partition's high watermark;
// without a topic, every partition (of every non-internal topic) the group has committed an
// offset for, as Sarama's ListConsumerGroupOffsets(group, nil) reports them. Plaintext, TLS and
// SASL PLAIN/SCRAM from the trigger's options; OAUTHBEARER, GSSAPI and AWS MSK IAM are
// Unimplemented. One client instance per call, bounded by the call's timeout.
#pragma once

#include "scalers/sources.h"
#include "sources/call.h"

namespace swell::sources {

class RdKafkaClient final : public scalers::KafkaClient {
 public:
  explicit RdKafkaClient(CallOptions options = {}) : options_(options) {}

  // Errors: Unavailable (no broker reachable), DeadlineExceeded, NotFound (unknown topic),
  // PermissionDenied (SASL or ACL refusal), Unimplemented (an unsupported SASL mechanism),
  // InvalidArgument (a setting librdkafka rejects; the message names the setting only).
  StatusOr<std::vector<PartitionOffsets>> Offsets(const scalers::KafkaTarget& t) override;

 private:
  CallOptions options_;
};

}  // namespace swell::sources
