#include "lint/lint.h"

namespace swell::lint {

void Lint(const std::vector<api::LoadedObject>& /*objects*/, std::vector<api::Finding>* /*findings*/,
          const LintOptions& /*options*/) {}

}  // namespace swell::lint
