// RabbitMQ over AMQP 0-9-1 through librabbitmq (keda.md §5.5, protocol amqp): the message count
// of QueueDeclarePassive, as KEDA's amqp091 client reads it. One connection per call, bounded
// by the call's timeout (handshake and RPC timeouts of librabbitmq).
#pragma once

#include "scalers/sources.h"
#include "sources/call.h"

namespace swell::sources {

class RabbitMqAmqpClient final : public scalers::AmqpClient {
 public:
  explicit RabbitMqAmqpClient(CallOptions options = {}) : options_(options) {}

  // Errors: NotFound (no such queue: the server's 404 channel close), PermissionDenied (login
  // refused), Unavailable (cannot connect), DeadlineExceeded, InvalidArgument (a URL that does
  // not parse). Messages never show the URL's user info.
  StatusOr<int64_t> QueueMessageCount(const scalers::AmqpQueueRequest& r) override;

 private:
  CallOptions options_;
};

}  // namespace swell::sources
