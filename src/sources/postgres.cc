#include "sources/postgres.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cstdlib>
#include <vector>

#include "sources/sigv4.h"

namespace swell::sources {
namespace {

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnDeleter>;
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// Waits until the socket is readable (or writable); false on timeout.
bool Wait(PGconn* c, bool write, SteadyTime deadline) {
  pollfd p{PQsocket(c), static_cast<short>(write ? POLLOUT : POLLIN), 0};
  int ms = static_cast<int>(Remaining(deadline).count() / 1000);
  return ms > 0 && poll(&p, 1, ms) > 0;
}

// The server's message, first line only (libpq's messages never hold the password).
std::string Reason(PGconn* c) {
  std::string m = PQerrorMessage(c);
  if (size_t nl = m.find('\n'); nl != std::string::npos) m = m.substr(0, nl);
  return m;
}

StatusOr<Conn> Connect(const std::string& conninfo, SteadyTime deadline) {
  Conn c(PQconnectStart(conninfo.c_str()));
  if (!c) return Internal("postgresql: out of memory");
  if (PQstatus(c.get()) == CONNECTION_BAD) {
    return InvalidArgument("postgresql: bad connection string: " + Reason(c.get()));
  }
  PostgresPollingStatusType st = PGRES_POLLING_WRITING;
  while (st != PGRES_POLLING_OK) {
    if (st == PGRES_POLLING_FAILED) {
      std::string why = Reason(c.get());
      bool auth = why.find("authentication") != std::string::npos ||
                  why.find("password") != std::string::npos;
      return Status(auth ? StatusCode::kPermissionDenied : StatusCode::kUnavailable,
                    "postgresql: cannot connect: " + why);
    }
    if (!Wait(c.get(), st == PGRES_POLLING_WRITING, deadline)) {
      return Status(StatusCode::kDeadlineExceeded, "postgresql: no connection in time");
    }
    st = PQconnectPoll(c.get());
  }
  return c;
}

StatusOr<double> RunQuery(PGconn* c, const std::string& query, SteadyTime deadline) {
  if (!PQsendQuery(c, query.c_str())) return Unavailable("postgresql: " + Reason(c));
  Result first;
  for (bool finished = false; !finished;) {
    if (!PQconsumeInput(c)) return Unavailable("postgresql: " + Reason(c));
    while (!finished && !PQisBusy(c)) {
      Result r(PQgetResult(c));
      finished = !r;
      if (r && !first) first = std::move(r);
    }
    if (!finished && !Wait(c, false, deadline)) {
      if (PGcancel* cancel = PQgetCancel(c)) {
        char err[256];
        PQcancel(cancel, err, sizeof err);
        PQfreeCancel(cancel);
      }
      return Status(StatusCode::kDeadlineExceeded, "postgresql: the query did not finish in time");
    }
  }
  if (!first) return InvalidArgument("could not query postgreSQL: no result");
  ExecStatusType st = PQresultStatus(first.get());
  if (st != PGRES_TUPLES_OK) {
    std::string m = PQresultErrorMessage(first.get());
    if (size_t nl = m.find('\n'); nl != std::string::npos) m = m.substr(0, nl);
    return InvalidArgument("could not query postgreSQL: " + m);
  }
  if (PQntuples(first.get()) < 1 || PQnfields(first.get()) < 1) {
    return InvalidArgument("could not query postgreSQL: sql: no rows in result set");
  }
  if (PQgetisnull(first.get(), 0, 0)) {
    return InvalidArgument("could not query postgreSQL: the value is NULL");
  }
  std::string text = PQgetvalue(first.get(), 0, 0);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    return InvalidArgument("could not query postgreSQL: the value is not a number");
  }
  return v;
}

}  // namespace

struct LibpqClient::Pool {
  std::mutex mu;
  std::multimap<std::string, Conn> idle;  // key: SHA-256 of the connection string
};

LibpqClient::LibpqClient(CallOptions options) : options_(options), pool_(new Pool) {}
LibpqClient::~LibpqClient() = default;

StatusOr<double> LibpqClient::QueryValue(const scalers::PostgresQuery& q) {
  const std::string key = Sha256Hex(q.connection);
  return WithRetries(q.timeout, options_, [&](SteadyTime deadline) -> StatusOr<double> {
    Conn c;
    {
      std::lock_guard<std::mutex> lock(pool_->mu);
      auto it = pool_->idle.find(key);
      if (it != pool_->idle.end()) {
        c = std::move(it->second);
        pool_->idle.erase(it);
      }
    }
    if (c && PQstatus(c.get()) != CONNECTION_OK) c.reset();
    if (!c) {
      SWELL_ASSIGN_OR_RETURN(c, Connect(q.connection, deadline));
    }
    StatusOr<double> v = RunQuery(c.get(), q.query, deadline);
    if (v.ok() || v.status().code() == StatusCode::kInvalidArgument) {
      std::lock_guard<std::mutex> lock(pool_->mu);
      pool_->idle.emplace(key, std::move(c));
    }
    return v;
  });
}

}  // namespace swell::sources
