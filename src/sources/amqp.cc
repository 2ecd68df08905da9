#include "sources/amqp.h"

#include <amqp.h>
#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

#include <memory>
#include <vector>

#include "sources/http.h"

namespace swell::sources {
namespace {

struct ConnDeleter {
  void operator()(amqp_connection_state_t c) const { amqp_destroy_connection(c); }
};
using Conn = std::unique_ptr<amqp_connection_state_t_, ConnDeleter>;

timeval Tv(SteadyTime deadline) {
  int64_t us = std::max<int64_t>(1000, Remaining(deadline).count());
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(us / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(us % 1000000);
  return tv;
}

// The status of an RPC reply; `what` names the step.
Status ReplyStatus(const amqp_rpc_reply_t& r, const std::string& where, const char* what) {
  std::string prefix = "rabbitmq " + where + ": " + what + ": ";
  switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return Status::Ok();
    case AMQP_RESPONSE_NONE:
      return Unavailable(prefix + "no reply");
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      if (r.library_error == AMQP_STATUS_TIMEOUT) {
        return Status(StatusCode::kDeadlineExceeded, prefix + "no answer in time");
      }
      return Unavailable(prefix + amqp_error_string2(r.library_error));
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      break;
  }
  uint16_t code = 0;
  std::string text;
  if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
    auto* m = static_cast<amqp_channel_close_t*>(r.reply.decoded);
    code = m->reply_code;
    text.assign(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
  } else if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
    auto* m = static_cast<amqp_connection_close_t*>(r.reply.decoded);
    code = m->reply_code;
    text.assign(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
  }
  if (code == 404) return NotFound(prefix + text);
  if (code == 403) return Status(StatusCode::kPermissionDenied, prefix + text);
  return Unavailable(prefix + (text.empty() ? "server error" : text));
}

StatusOr<int64_t> Once(const scalers::AmqpQueueRequest& r, SteadyTime deadline) {
  const std::string where = RedactUrl(r.url);
  std::vector<char> url(r.url.begin(), r.url.end());
  url.push_back('\0');
  amqp_connection_info info{};
  if (amqp_parse_url(url.data(), &info) != AMQP_STATUS_OK) {
    return InvalidArgument("rabbitmq " + where + ": the host is not an amqp:// URL");
  }
  Conn conn(amqp_new_connection());
  amqp_socket_t* socket =
      info.ssl ? amqp_ssl_socket_new(conn.get()) : amqp_tcp_socket_new(conn.get());
  if (socket == nullptr) return Internal("rabbitmq: cannot create a socket");
  if (info.ssl && r.unsafe_ssl) {
    amqp_ssl_socket_set_verify_peer(socket, 0);
    amqp_ssl_socket_set_verify_hostname(socket, 0);
  }
  timeval tv = Tv(deadline);
  int rc = amqp_socket_open_noblock(socket, info.host, info.port, &tv);
  if (rc != AMQP_STATUS_OK) {
    return Status(
        rc == AMQP_STATUS_TIMEOUT ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
        "rabbitmq " + where + ": cannot connect: " + amqp_error_string2(rc));
  }
  tv = Tv(deadline);
  amqp_set_handshake_timeout(conn.get(), &tv);
  amqp_set_rpc_timeout(conn.get(), &tv);
  std::string vhost = r.vhost.empty() ? info.vhost : r.vhost;
  bool own = !r.username.empty() && !r.password.empty();
  std::string user = own ? r.username : info.user;
  std::string password = own ? r.password : info.password;
  amqp_table_entry_t prop;
  prop.key = amqp_cstring_bytes("connection_name");
  prop.value.kind = AMQP_FIELD_KIND_UTF8;
  prop.value.value.bytes = amqp_cstring_bytes(r.connection_name.c_str());
  amqp_table_t props{1, &prop};
  amqp_rpc_reply_t login =
      amqp_login_with_properties(conn.get(), vhost.c_str(), 0, 131072, 0, &props,
                                 AMQP_SASL_METHOD_PLAIN, user.c_str(), password.c_str());
  if (login.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
      login.library_error == AMQP_STATUS_CONNECTION_CLOSED) {
    return Status(StatusCode::kPermissionDenied, "rabbitmq " + where + ": login refused");
  }
  SWELL_RETURN_IF_ERROR(ReplyStatus(login, where, "login"));
  amqp_channel_open(conn.get(), 1);
  SWELL_RETURN_IF_ERROR(ReplyStatus(amqp_get_rpc_reply(conn.get()), where, "channel"));
  amqp_queue_declare_ok_t* ok = amqp_queue_declare(
      conn.get(), 1, amqp_cstring_bytes(r.queue.c_str()), 1, 0, 0, 0, amqp_empty_table);
  Status declared =
      ReplyStatus(amqp_get_rpc_reply(conn.get()), where, ("queue " + r.queue).c_str());
  if (!declared.ok() || ok == nullptr) {
    return declared.ok() ? Unavailable("rabbitmq " + where + ": no queue reply") : declared;
  }
  int64_t count = ok->message_count;
  amqp_channel_close(conn.get(), 1, AMQP_REPLY_SUCCESS);
  amqp_connection_close(conn.get(), AMQP_REPLY_SUCCESS);
  return count;
}

}  // namespace

StatusOr<int64_t> RabbitMqAmqpClient::QueueMessageCount(const scalers::AmqpQueueRequest& r) {
  return WithRetries(r.timeout, options_, [&](SteadyTime deadline) { return Once(r, deadline); });
}

}  // namespace swell::sources
