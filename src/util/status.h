// Errors as values, LevelDB-style: a Status is OK or carries a code and a message.
// StatusOr<T> holds either a value or a non-OK Status. Nothing in swell throws across a
// module boundary; functions that can fail return one of these.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace swell {

// The closed set of error codes. The domain-specific ones mirror Karpenter's typed cloud
// provider errors (NodeClaimNotFound, InsufficientCapacity, NodeClassNotReady).
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument,  // bad input: YAML, a field value, scaler metadata, a CLI argument
  kNotFound,         // an object or an instance is gone (Karpenter: NodeClaimNotFound)
  kAlreadyExists,
  kFailedPrecondition,    // the world is not in a state where the call makes sense
  kUnavailable,           // a metric source or API is down; retry may help
  kDeadlineExceeded,      // a call timed out
  kPermissionDenied,      // credentials rejected (e.g. a bad SigV4 signature)
  kInsufficientCapacity,  // the cloud has no capacity for the requested offering
  kNotReady,              // a node class is not ready (Karpenter: NodeClassNotReady)
  kUnimplemented,         // e.g. a trigger type swell does not implement yet
  kInternal,              // a bug in swell
};

// Returns the code's name, e.g. "InvalidArgument".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != StatusCode::kOk);
  }

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // The message without the code; empty for OK.
  const std::string& message() const { return message_; }
  // "OK" or "<CodeName>: <message>".
  std::string ToString() const;

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  bool IsInsufficientCapacity() const { return code_ == StatusCode::kInsufficientCapacity; }
  bool IsNotReady() const { return code_ == StatusCode::kNotReady; }

  // Returns a status with the same code and "<prefix>: <message>".
  Status WithPrefix(std::string_view prefix) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string msg) {
  return Status(StatusCode::kInvalidArgument, std::move(msg));
}
inline Status NotFound(std::string msg) { return Status(StatusCode::kNotFound, std::move(msg)); }
inline Status Internal(std::string msg) { return Status(StatusCode::kInternal, std::move(msg)); }
inline Status Unimplemented(std::string msg) {
  return Status(StatusCode::kUnimplemented, std::move(msg));
}
inline Status Unavailable(std::string msg) {
  return Status(StatusCode::kUnavailable, std::move(msg));
}
inline Status FailedPrecondition(std::string msg) {
  return Status(StatusCode::kFailedPrecondition, std::move(msg));
}
inline Status InsufficientCapacity(std::string msg) {
  return Status(StatusCode::kInsufficientCapacity, std::move(msg));
}
inline Status NotReady(std::string msg) { return Status(StatusCode::kNotReady, std::move(msg)); }

// Either a T or a non-OK Status. Accessing value() of an error is a bug (asserts).
template <class T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  StatusOr(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK if a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace swell

// Evaluates expr (a Status); returns it from the enclosing function if it is not OK.
#define SWELL_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::swell::Status swell_status_ = (expr);        \
    if (!swell_status_.ok()) return swell_status_; \
  } while (0)

#define SWELL_CONCAT_INNER_(a, b) a##b
#define SWELL_CONCAT_(a, b) SWELL_CONCAT_INNER_(a, b)
// SWELL_ASSIGN_OR_RETURN(lhs, rexpr): evaluates rexpr (a StatusOr<T>); on error returns its
// status, else moves the value into lhs (which may be a declaration, e.g. `auto x`).
#define SWELL_ASSIGN_OR_RETURN(lhs, rexpr)              \
  auto SWELL_CONCAT_(swell_or_, __LINE__) = (rexpr);    \
  if (!SWELL_CONCAT_(swell_or_, __LINE__).ok())         \
    return SWELL_CONCAT_(swell_or_, __LINE__).status(); \
  lhs = std::move(SWELL_CONCAT_(swell_or_, __LINE__)).value()
