// Lint across objects: what neither KEDA nor Karpenter tells users, because each sees one
// object at a time. Every finding is a warning (or, where KEDA's admission webhook would
// reject the object, an error) with a plain-language explanation and a fix.
#pragma once

#include <vector>

#include "api/loader.h"

namespace swell::cloud {
class Catalog;
}

namespace swell::lint {

struct LintOptions {
  // The instance types NodePools can launch. nullptr: the embedded EC2 us-east-1 catalog.
  const cloud::Catalog* catalog = nullptr;
};

// Checks `objects` together and appends findings (placed at the object and field they are
// about). See docs/validation.md for the rules.
void Lint(const std::vector<api::LoadedObject>& objects, std::vector<api::Finding>* findings,
          const LintOptions& options = {});

}  // namespace swell::lint
