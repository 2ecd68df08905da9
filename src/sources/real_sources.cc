#include "sources/real_sources.h"

namespace swell::sources {

TimePoint WallClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

RealSources::RealSources(RealSourcesOptions options)
    : http_(options.call),
      aws_(http_, clock_, std::move(options.aws_env), options.aws),
      sqs_(http_, aws_, clock_),
      prometheus_(http_, clock_),
      redis_(options.call),
      kafka_(options.call),
      postgres_(options.call),
      amqp_(options.call) {}

}  // namespace swell::sources
