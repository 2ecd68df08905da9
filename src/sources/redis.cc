#include "sources/redis.h"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <vector>

#include "scalers/redis_streams.h"

namespace swell::sources {

using scalers::RedisTarget;
using scalers::RedisTopology;

namespace {

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval Tv(Duration d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(d.count() % 1000000);
  if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1000;
  return tv;
}

struct Session {
  Context ctx;
  std::string address;
  SteadyTime deadline;
};

// An error reply that redirects a cluster client ("MOVED 3999 127.0.0.1:6381").
constexpr StatusCode kRedirect = StatusCode::kFailedPrecondition;

StatusOr<Session> Connect(const std::string& address, SteadyTime deadline) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) return InvalidArgument("redis address " + address + ": no port");
  std::string host = address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = std::atoi(address.c_str() + colon + 1);
  Duration left = Remaining(deadline);
  if (left <= Duration::zero()) {
    return Status(StatusCode::kDeadlineExceeded, "redis " + address + ": no time left");
  }
  Session s{Context(redisConnectWithTimeout(host.c_str(), port, Tv(left))), address, deadline};
  if (!s.ctx) return Internal("redis: out of memory");
  if (s.ctx->err != 0) {
    bool timeout = s.ctx->err == REDIS_ERR_IO &&
                   (errno == EAGAIN || errno == EINPROGRESS || errno == ETIMEDOUT);
    return Status(timeout ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                  "redis " + address + ": " + s.ctx->errstr);
  }
  return s;
}

// Runs one command; error replies become statuses (MOVED/ASK: kRedirect with the reply text).
StatusOr<Reply> Run(Session& s, const std::vector<std::string>& args) {
  redisSetTimeout(s.ctx.get(), Tv(Remaining(s.deadline)));
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const std::string& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  errno = 0;
  Reply r(static_cast<redisReply*>(
      redisCommandArgv(s.ctx.get(), static_cast<int>(argv.size()), argv.data(), lens.data())));
  if (!r) {
    bool timeout = errno == EAGAIN || errno == EWOULDBLOCK;
    return Status(timeout ? StatusCode::kDeadlineExceeded : StatusCode::kUnavailable,
                  "redis " + s.address + ": " + args[0] + ": " +
                      (timeout ? std::string("no answer in time") : std::string(s.ctx->errstr)));
  }
  if (r->type == REDIS_REPLY_ERROR) {
    std::string msg(r->str, r->len);
    if (msg.starts_with("MOVED ") || msg.starts_with("ASK ")) return Status(kRedirect, msg);
    if (msg.starts_with("NOAUTH") || msg.starts_with("WRONGPASS") || msg.starts_with("NOPERM")) {
      return Status(StatusCode::kPermissionDenied, "redis " + s.address + ": " + msg);
    }
    if (msg.starts_with("NOGROUP")) return NotFound("redis " + s.address + ": " + msg);
    return InvalidArgument("redis " + s.address + ": " + args[0] + ": " + msg);
  }
  return r;
}

Status Auth(Session& s, const std::string& user, const std::string& password) {
  if (password.empty()) return Status::Ok();
  std::vector<std::string> args = {"AUTH"};
  if (!user.empty()) args.push_back(user);
  args.push_back(password);
  StatusOr<Reply> r = Run(s, args);
  if (!r.ok() && r.status().code() != StatusCode::kDeadlineExceeded &&
      r.status().code() != StatusCode::kUnavailable) {
    return Status(StatusCode::kPermissionDenied, "redis " + s.address + ": AUTH refused");
  }
  return r.status();
}

StatusOr<int64_t> Integer(const Reply& r, const Session& s, const char* what) {
  if (r->type != REDIS_REPLY_INTEGER) {
    return InvalidArgument("redis " + s.address + ": " + what + " did not return an integer");
  }
  return static_cast<int64_t>(r->integer);
}

// The master's address from the first sentinel that knows it.
StatusOr<std::string> SentinelMaster(const RedisTarget& t, SteadyTime deadline) {
  Status last = Unavailable("redis sentinel: no sentinel address");
  for (const std::string& addr : t.addresses) {
    StatusOr<Session> s = Connect(addr, deadline);
    if (!s.ok()) {
      last = s.status();
      continue;
    }
    if (Status a = Auth(*s, t.sentinel_username, t.sentinel_password); !a.ok()) return a;
    StatusOr<Reply> r = Run(*s, {"SENTINEL", "get-master-addr-by-name", t.sentinel_master});
    if (!r.ok()) {
      last = r.status();
      continue;
    }
    if ((*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 2) {
      return NotFound("redis sentinel " + addr + ": no master named " + t.sentinel_master);
    }
    std::string host((*r)->element[0]->str, (*r)->element[0]->len);
    std::string port((*r)->element[1]->str, (*r)->element[1]->len);
    return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
  }
  return last;
}

using SessionFn = std::function<StatusOr<int64_t>(Session&)>;

// Connects to the target's server, authenticates, selects the database and runs `fn`,
// following cluster redirections.
StatusOr<int64_t> WithServer(const RedisTarget& t, SteadyTime deadline, const SessionFn& fn) {
  if (t.tls) return Unimplemented("redis TLS: swell's Redis client (hiredis 0.14) has no TLS");
  if (t.addresses.empty()) return InvalidArgument("redis: no address");
  std::string address = t.addresses[0];
  if (t.topology == RedisTopology::kSentinel) {
    SWELL_ASSIGN_OR_RETURN(address, SentinelMaster(t, deadline));
  }
  bool asking = false;
  for (int hop = 0; hop < 5; hop++) {
    SWELL_ASSIGN_OR_RETURN(Session s, Connect(address, deadline));
    SWELL_RETURN_IF_ERROR(Auth(s, t.username, t.password));
    if (t.topology != RedisTopology::kCluster && t.database != 0) {
      SWELL_RETURN_IF_ERROR(Run(s, {"SELECT", std::to_string(t.database)}).status());
    }
    if (asking) SWELL_RETURN_IF_ERROR(Run(s, {"ASKING"}).status());
    StatusOr<int64_t> out = fn(s);
    if (out.ok() || out.status().code() != kRedirect) return out;
    const std::string msg = out.status().message();  // "MOVED <slot> <host:port>"
    if (t.topology != RedisTopology::kCluster) {
      return InvalidArgument("redis " + s.address + ": " + msg + " (a cluster: use redis-cluster)");
    }
    asking = msg.starts_with("ASK ");
    address = msg.substr(msg.rfind(' ') + 1);
  }
  return Unavailable("redis cluster: too many redirections");
}

StatusOr<int64_t> StreamLag(Session& s, const std::string& stream, const std::string& group) {
  SWELL_ASSIGN_OR_RETURN(Reply info, Run(s, {"INFO", "server"}));
  std::string text = info->type == REDIS_REPLY_STRING ? std::string(info->str, info->len) : "";
  size_t p = text.find("redis_version:");
  if (p == std::string::npos) return InvalidArgument("could not find Redis version number");
  if (std::atoi(text.c_str() + p + 14) < 7) {
    return InvalidArgument("redis version 7+ required for lag");
  }
  StatusOr<Reply> groups = Run(s, {"XINFO", "GROUPS", stream});
  if (!groups.ok() && groups.status().message().find("no such key") != std::string::npos) {
    return 0;
  }
  if (!groups.ok()) return groups.status();
  for (size_t i = 0; i < (*groups)->elements; i++) {
    const redisReply* g = (*groups)->element[i];
    int64_t lag = 0;
    bool match = false;
    for (size_t f = 0; g->type == REDIS_REPLY_ARRAY && f + 1 < g->elements; f += 2) {
      std::string field(g->element[f]->str, g->element[f]->len);
      const redisReply* v = g->element[f + 1];
      if (field == "name") match = std::string(v->str, v->len) == group;
      if (field == "lag" && v->type == REDIS_REPLY_INTEGER) lag = v->integer;
    }
    if (match) return lag;
  }
  SWELL_ASSIGN_OR_RETURN(Reply len, Run(s, {"XLEN", stream}));
  return Integer(len, s, "XLEN");
}

}  // namespace

StatusOr<int64_t> HiredisClient::ListLength(const RedisTarget& t, const std::string& key) {
  return WithRetries(t.timeout, options_, [&](SteadyTime deadline) {
    return WithServer(t, deadline, [&](Session& s) -> StatusOr<int64_t> {
      SWELL_ASSIGN_OR_RETURN(Reply type, Run(s, {"TYPE", key}));
      std::string name = type->type == REDIS_REPLY_STATUS ? std::string(type->str, type->len) : "";
      const char* cmd = name == "list" || name == "none" ? "LLEN"
                        : name == "zset"                 ? "ZCARD"
                        : name == "set"                  ? "SCARD"
                        : name == "hash"                 ? "HLEN"
                                                         : nullptr;
      if (cmd == nullptr) {
        return InvalidArgument("redis key " + key + " has type " + name + ": unsupported key type");
      }
      SWELL_ASSIGN_OR_RETURN(Reply len, Run(s, {cmd, key}));
      return Integer(len, s, cmd);
    });
  });
}

StatusOr<int64_t> HiredisClient::StreamCount(const RedisTarget& t, const std::string& stream,
                                             const std::string& group, const std::string& mode) {
  return WithRetries(t.timeout, options_, [&](SteadyTime deadline) {
    return WithServer(t, deadline, [&](Session& s) -> StatusOr<int64_t> {
      if (mode == scalers::kStreamModeXLen) {
        SWELL_ASSIGN_OR_RETURN(Reply r, Run(s, {"XLEN", stream}));
        return Integer(r, s, "XLEN");
      }
      if (mode == scalers::kStreamModeXPending) {
        SWELL_ASSIGN_OR_RETURN(Reply r, Run(s, {"XPENDING", stream, group}));
        if (r->type != REDIS_REPLY_ARRAY || r->elements < 1 ||
            r->element[0]->type != REDIS_REPLY_INTEGER) {
          return InvalidArgument("redis " + s.address + ": malformed XPENDING reply");
        }
        return static_cast<int64_t>(r->element[0]->integer);
      }
      if (mode == scalers::kStreamModeLag) return StreamLag(s, stream, group);
      return InvalidArgument("redis streams: unknown mode " + mode);
    });
  });
}

}  // namespace swell::sources
