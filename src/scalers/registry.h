// The one registration table of scalers (KEDA's scalers_builder.go; Envoy's registry). One
// file pair per trigger type under src/scalers/, one sorted row in registry.cc.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scalers/scaler.h"
#include "scalers/sources.h"

namespace swell::scalers {

// Builds a scaler for one trigger. InvalidArgument for bad metadata (the message names the
// metadata key, never a secret value).
using ScalerFactory = StatusOr<std::unique_ptr<Scaler>> (*)(const ScalerConfig& config,
                                                            Sources& sources);

// Returns the factory for a trigger type, or nullptr if swell does not implement it.
ScalerFactory FindScaler(std::string_view type);

// The implemented trigger types, sorted.
std::vector<std::string_view> ScalerTypes();

// Builds the scaler for config.type: Unimplemented for a type swell does not run.
StatusOr<std::unique_ptr<Scaler>> BuildScaler(const ScalerConfig& config, Sources& sources);

}  // namespace swell::scalers
