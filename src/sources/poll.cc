#include "sources/poll.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace swell::sources {

void RunConcurrently(const std::vector<std::function<void()>>& tasks, size_t workers) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) tasks[i]();
  };
  size_t n = std::min(std::max<size_t>(workers, 1), tasks.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; i++) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

}  // namespace swell::sources
