// 1,000 aws-sqs-queue triggers polled against the local SQS emulator (fauxqs, started by
// tools/servers.sh on 127.0.0.1:14566): the whole client path per trigger (metadata already
// parsed, SigV4 signing, JSON request, HTTP over kept-alive connections, JSON reply, KEDA's
// sum). CPU time is the process's (all polling threads); peak RSS is the process high-water
// mark. Skips with a message when fauxqs is not running. Figures: bench/README.md.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "scalers/registry.h"
#include "sources/poll.h"
#include "sources/real_sources.h"

namespace {

using swell::scalers::HttpRequest;

constexpr int kTriggers = 1000;
constexpr int kQueues = 100;  // ten triggers per queue, as several ScaledObjects share queues

std::string Endpoint() {
  const char* e = std::getenv("SWELL_FAUXQS_ENDPOINT");
  return e != nullptr ? e : "http://127.0.0.1:14566";
}

// POSTs one SQS JSON call; "" when fauxqs does not answer.
std::string Call(swell::sources::CurlHttpClient& http, const std::string& action,
                 const std::string& body) {
  HttpRequest r;
  r.method = "POST";
  r.url = Endpoint() + "/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"},
               {"X-Amz-Target", "AmazonSQS." + action}};
  r.body = body;
  r.timeout = swell::Seconds(2);
  auto resp = http.Do(r);
  return resp.ok() && resp->status == 200 ? resp->body : "";
}

struct Fleet {
  std::unique_ptr<swell::sources::RealSources> sources;
  std::vector<std::unique_ptr<swell::scalers::Scaler>> scalers;
  std::vector<std::string> metrics;
  std::string error;
};

Fleet& Setup() {
  static Fleet fleet = [] {
    Fleet f;
    swell::sources::CurlHttpClient http;
    if (Call(http, "ListQueues", "{}").empty()) {
      f.error = "fauxqs is not running at " + Endpoint() +
                ": start it with tools/servers.sh start (or set SWELL_FAUXQS_ENDPOINT)";
      return f;
    }
    std::vector<std::string> urls;
    for (int q = 0; q < kQueues; q++) {
      std::string reply =
          Call(http, "CreateQueue", R"({"QueueName":"bench-)" + std::to_string(q) + R"("})");
      size_t a = reply.find("http");
      urls.push_back(reply.substr(a, reply.find('"', a) - a));
      for (int m = 0; m < q % 7; m++) {
        Call(http, "SendMessage", R"({"QueueUrl":")" + urls.back() + R"(","MessageBody":"m"})");
      }
    }
    f.sources = std::make_unique<swell::sources::RealSources>();
    for (int i = 0; i < kTriggers; i++) {
      swell::scalers::ScalerConfig c;
      c.type = "aws-sqs-queue";
      c.trigger_index = 0;
      c.metadata = {{"queueURL", urls[static_cast<size_t>(i % kQueues)]},
                    {"awsRegion", "us-east-1"},
                    {"awsEndpoint", Endpoint()},
                    {"scaleOnDelayed", "true"}};
      c.auth_params = {{"awsAccessKeyID", "AKIDBENCH"}, {"awsSecretAccessKey", "bench-secret"}};
      auto s = swell::scalers::BuildScaler(c, *f.sources);
      if (!s.ok()) {
        f.error = s.status().ToString();
        return f;
      }
      f.metrics.push_back((*s)->GetMetricSpecs()[0].name);
      f.scalers.push_back(std::move(s).value());
    }
    return f;
  }();
  return fleet;
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// One poll of all 1,000 triggers with state.range(0) threads.
void BM_Poll1000SqsTriggers(benchmark::State& state) {
  Fleet& f = Setup();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  std::vector<int> failed(f.scalers.size(), 0);
  std::vector<std::function<void()>> tasks;
  for (size_t i = 0; i < f.scalers.size(); i++) {
    tasks.emplace_back([&f, &failed, i] {
      auto r = f.scalers[i]->GetMetricsAndActivity(f.metrics[i]);
      failed[i] = r.ok() ? 0 : 1;
      benchmark::DoNotOptimize(r);
    });
  }
  int failures = 0;
  for (auto _ : state) {
    swell::sources::RunConcurrently(tasks, static_cast<size_t>(state.range(0)));
    for (int x : failed) failures += x;
  }
  state.counters["triggers"] = kTriggers;
  state.counters["failures"] = failures;
  state.counters["peak_rss_MiB"] = PeakRssMiB();
  state.SetItemsProcessed(state.iterations() * kTriggers);
}
BENCHMARK(BM_Poll1000SqsTriggers)
    ->Arg(1)
    ->Arg(16)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime();

}  // namespace
