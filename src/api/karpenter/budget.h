// Disruption budget math (karpenter.md §1.1 "Budget math", §3.5; core pkg/apis/v1/nodepool.go
// GetAllowedDisruptionsByReason, Budget.GetAllowedDisruptions, Budget.IsActive).
#pragma once

#include <cstdint>
#include <string_view>

#include "api/karpenter/types.h"
#include "util/status.h"
#include "util/time.h"

namespace swell::api::karpenter {

// What an inactive budget allows: math.MaxInt32, i.e. no limit.
inline constexpr int64_t kUnlimitedDisruptions = 2147483647;

// Budget.IsActive: a budget with neither schedule nor duration is always active; otherwise it
// is active at `now` iff its schedule (cron, UTC) fired within the last `duration`, i.e.
// cron.Next(now - duration) <= now. Next is strictly after its argument, so each firing opens
// the half-open window [fire, fire + duration); a schedule without a duration (which the CRD
// rejects) is never active. InvalidArgument when the schedule does not parse, including a
// duration without a schedule.
StatusOr<bool> IsActive(const Budget& budget, TimePoint now);

// Budget.GetAllowedDisruptions: kUnlimitedDisruptions when inactive; otherwise `nodes` for
// `num_nodes` nodes: a whole number as written, a percentage rounded up
// (ceil(pct * num_nodes / 100)). An empty `nodes` counts as the CRD default "10%".
// InvalidArgument when the schedule or `nodes` is malformed.
StatusOr<int64_t> AllowedDisruptions(const Budget& budget, int64_t num_nodes, TimePoint now);

// NodePool.MustGetAllowedDisruptions: how many of the pool's `num_nodes` nodes may be disrupted
// for `reason` (Underutilized, Empty or Drifted) at `now`: the minimum over the budgets whose
// reasons are empty or include `reason`, kUnlimitedDisruptions when none applies. Fails closed:
// 0 when any budget of the pool is misconfigured. Budgets are read as defaulted (an absent
// budgets list means the default [{nodes: "10%"}]; an explicit empty list means unlimited).
// The caller subtracts nodes already disrupting (karpenter.md §3.5).
int64_t AllowedDisruptions(const NodePool& nodepool, int64_t num_nodes, std::string_view reason,
                           TimePoint now);

}  // namespace swell::api::karpenter
