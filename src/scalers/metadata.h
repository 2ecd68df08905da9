// The one metadata parser every scaler uses: KEDA's typed config (pkg/scalers/scalersconfig/
// typed_config.go; keda.md §1.5). A scaler declares its parameters once, in a static table of
// `Param` rows that read like KEDA's struct tags:
//
//   constexpr Param kParams[] = {
//       {.name = "queueURL", .order = "triggerMetadata;resolvedEnv"},
//       {.name = "queueLength", .order = "triggerMetadata", .type = ParamType::kInt,
//        .default_value = "5"},
//   };
//
// and ParseParams() applies KEDA's rules to a ScalerConfig:
//   - lookup: for each source of `order`, for each alias of `name` ("a;b"), the first value
//     that is non-empty after trimming wins. `resolvedEnv` reads metadata["<alias>FromEnv"]
//     (untrimmed, as KEDA does) and looks that name up in ScalerConfig::resolved_env;
//   - an empty value is absent; an absent value takes `default_value`; an absent value with
//     neither default nor `optional` is an error naming the parameter and its sources:
//     `missing required parameter "queueURL" in [triggerMetadata resolvedEnv]`;
//   - a `deprecated` parameter that is present is an error; `deprecated_announce` is only
//     recorded (ParsedParams::announcements());
//   - `enum_values` and `exclusive_set` are checked on each element of the raw value (split on
//     the separator, trimmed), default values included;
//   - types: kInt as Go's json.Unmarshal into int64 ("5", "-5"; not "5.5", "5e2", "+5", "05");
//     kFloat as json.Unmarshal into float64 ("1.5", "2e3"; not ".5", "NaN"); kBool as Go's
//     strconv.ParseBool (1 t T TRUE true True 0 f F FALSE false False); kDuration as a Go
//     duration ("30s", "1m30s") or else a bare integer of milliseconds ("1500"), negative
//     rejected; kList and kIntList split on `separator` (default ",") and trim each element,
//     kIntList expands "a<range_separator>b" ranges (inclusive) when range_separator is set;
//     kMap reads "k=v,k2=v2" (each element exactly one "=", keys and values trimmed).
// Every parameter is checked; all problems are reported together, joined by "; ".
//
// Secrets: a message names the parameter, and shows its value only when the value came from
// trigger metadata (or the default) and the parameter name does not look sensitive
// (api::keda::IsSensitiveKey). Values from auth_params or resolved_env never appear.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scalers/scaler.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::scalers {

enum class ParamType : uint8_t {
  kString,    // std::string
  kInt,       // int64_t
  kFloat,     // double
  kBool,      // bool
  kDuration,  // swell::Duration
  kList,      // std::vector<std::string>
  kIntList,   // std::vector<int64_t>
  kMap,       // std::map<std::string, std::string>
};

enum class ParamSource : uint8_t { kTriggerMetadata, kAuthParams, kResolvedEnv };

// "triggerMetadata", "authParams" or "resolvedEnv".
std::string_view ParamSourceName(ParamSource s);

// One parameter, as KEDA's `keda:"..."` struct tag declares it. Unset fields are "".
struct Param {
  std::string_view name;   // `name=`: aliases separated by ';', e.g. "address;addresses"
  std::string_view order;  // `order=`: sources separated by ';', e.g. "triggerMetadata;authParams"
  ParamType type = ParamType::kString;
  std::string_view default_value = {};        // `default=`; "" = no default
  bool optional = false;                      // `optional`
  std::string_view enum_values = {};          // `enum=a;b`
  std::string_view exclusive_set = {};        // `exclusiveSet=a;b`: at most one may be given
  std::string_view deprecated = {};           // `deprecated=msg`: present -> error
  std::string_view deprecated_announce = {};  // `deprecatedAnnounce=msg`: present -> announced
  std::string_view separator = {};            // list/map separator; "" = ","
  std::string_view range_separator = {};      // kIntList ranges, e.g. "-" for "1,2,10-20"
};

// Checks a table: non-empty names, known sources, defaults that parse and pass the enum, no
// name given twice. Internal error naming the row. Every scaler's table is checked by a test.
Status CheckParamTable(std::span<const Param> table);

// The values ParseParams found, by canonical name (the first alias of `name`).
class ParsedParams {
 public:
  using Value = std::variant<std::monostate, std::string, int64_t, double, bool, Duration,
                             std::vector<std::string>, std::vector<int64_t>,
                             std::map<std::string, std::string>>;

  // True if the parameter was found or took its default.
  bool Has(std::string_view name) const;
  // Where the value was found; nullopt when it is the default or absent.
  std::optional<ParamSource> SourceOf(std::string_view name) const;

  // Typed accessors: the value, or the type's zero value when absent. Asking for a name that is
  // not in the table, or with the wrong type, is a bug (asserts; returns the zero value).
  const std::string& String(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  double Float(std::string_view name) const;
  bool Bool(std::string_view name) const;
  Duration DurationOf(std::string_view name) const;
  const std::vector<std::string>& List(std::string_view name) const;
  const std::vector<int64_t>& IntList(std::string_view name) const;
  const std::map<std::string, std::string>& Map(std::string_view name) const;

  // deprecatedAnnounce messages of parameters that were present, "scaler <type> info: <msg>".
  const std::vector<std::string>& announcements() const { return announcements_; }

 private:
  friend StatusOr<ParsedParams> ParseParams(const ScalerConfig&, std::span<const Param>);
  struct Entry {
    std::string name;
    ParamType type = ParamType::kString;
    Value value;
    std::optional<ParamSource> source;
  };
  const Entry* Find(std::string_view name, ParamType type) const;
  std::vector<Entry> entries_;
  std::vector<std::string> announcements_;
};

// Applies `table` to config.metadata / auth_params / resolved_env (rules above).
// InvalidArgument listing every problem; Internal for a broken table.
StatusOr<ParsedParams> ParseParams(const ScalerConfig& config, std::span<const Param> table);

// ---- Go parsing rules, shared with scalers that parse values themselves ----------------------

// Go's strings.TrimSpace for ASCII whitespace.
std::string_view TrimSpace(std::string_view s);
// Go's strings.Split: n+1 pieces for n separators; "" gives {""}.
std::vector<std::string_view> SplitString(std::string_view s, std::string_view sep);
// json.Unmarshal into int64. False on anything but an in-range JSON integer.
bool ParseJsonInt(std::string_view s, int64_t* out);
// json.Unmarshal into float64. False on anything but a finite JSON number.
bool ParseJsonFloat(std::string_view s, double* out);
// strconv.ParseBool.
bool ParseGoBool(std::string_view s, bool* out);
// strconv.ParseInt(s, 10, bits): optional sign, decimal digits, in range of a `bits`-bit int.
bool ParseGoInt(std::string_view s, int bits, int64_t* out);

}  // namespace swell::scalers
