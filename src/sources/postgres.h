// PostgreSQL through libpq (keda.md §5.6): runs the trigger's query and reads the first column
// of the first row as a float64. Connection and query are asynchronous, polled against the
// call's deadline; on timeout the query is cancelled. Connections are kept per connection
// string and reused (one at a time each); a broken one is dropped.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "scalers/sources.h"
#include "sources/call.h"

namespace swell::sources {

class LibpqClient final : public scalers::PostgresClient {
 public:
  explicit LibpqClient(CallOptions options = {});
  ~LibpqClient() override;

  // Errors: Unavailable (cannot connect; the server's reason without the connection string),
  // PermissionDenied (authentication failed), DeadlineExceeded, InvalidArgument (the query
  // failed, returned no row, NULL or a non-number). Thread-safe.
  StatusOr<double> QueryValue(const scalers::PostgresQuery& q) override;

 private:
  struct Pool;
  CallOptions options_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace swell::sources
