// Polls many triggers at once so that a slow or dead source never holds up the others: each
// task (one trigger's GetMetricsAndActivity) runs on a small pool of threads, and every client
// call is bounded by its timeout, so a poll of N triggers takes about the slowest healthy
// source's time plus at most one timeout per worker, not the sum of all timeouts (KEDA runs
// one goroutine per ScaledObject for the same reason; keda.md §2.2).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace swell::sources {

// Runs every task once on min(workers, tasks) threads (the calling thread included) and
// returns when all have finished. Tasks must be independent (no two share a scaler).
void RunConcurrently(const std::vector<std::function<void()>>& tasks, size_t workers = 16);

}  // namespace swell::sources
