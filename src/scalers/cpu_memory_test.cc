// cpu and memory against keda.md §5.9 and KEDA's cpu_memory_scaler.go.
#include "scalers/cpu_memory.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

ScalerConfig Trigger(const char* type, const char* metric_type, api::StringMap meta) {
  ScalerConfig c = Config(type, std::move(meta));
  c.metric_type = metric_type;
  return c;
}

TEST(CpuMemory, ParseTable) {
  struct Case {
    const char* name;
    const char* type;
    const char* metric_type;
    api::StringMap meta;
    bool ok;
  };
  const Case cases[] = {
      {"utilization", "cpu", "Utilization", {{"value", "50"}}, true},
      {"average value", "memory", "AverageValue", {{"value", "512Mi"}}, true},
      {"average value millicores", "cpu", "AverageValue", {{"value", "500m"}}, true},
      {"container", "cpu", "Utilization", {{"value", "50"}, {"containerName", "app"}}, true},
      {"no metricType", "cpu", "", {{"value", "50"}}, false},
      {"Value is not allowed", "cpu", "Value", {{"value", "50"}}, false},
      {"missing value", "cpu", "Utilization", {}, false},
      {"utilization not an integer", "cpu", "Utilization", {{"value", "50.5"}}, false},
      {"utilization out of int32", "cpu", "Utilization", {{"value", "2147483648"}}, false},
      {"bad quantity", "memory", "AverageValue", {{"value", "lots"}}, false},
      {"removed type", "cpu", "Utilization", {{"value", "50"}, {"type", "Utilization"}}, false},
  };
  for (const Case& c : cases) {
    auto m = CpuMemoryScaler::ParseMetadata(Trigger(c.type, c.metric_type, c.meta));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  auto m = CpuMemoryScaler::ParseMetadata(Trigger("cpu", "", {{"value", "50"}}));
  EXPECT_EQ(m.status().message(),
            "error parsing cpu metadata: unknown metric type: , allowed values are "
            "'Utilization' or 'AverageValue'");
  m = CpuMemoryScaler::ParseMetadata(
      Trigger("cpu", "Utilization", {{"value", "50"}, {"type", "Utilization"}}));
  EXPECT_NE(m.status().message().find("Use 'metricType' instead"), std::string::npos);
}

TEST(CpuMemory, ResourceMetricSpecs) {
  FakeSources s;
  s.has_sqs = s.has_redis = s.has_kafka = s.has_prometheus = false;  // needs no client
  auto cpu = CpuMemoryScaler::Create(Trigger("cpu", "Utilization", {{"value", "60"}}), s);
  ASSERT_TRUE(cpu.ok()) << cpu.status().ToString();
  std::vector<MetricSpec> specs = (*cpu)->GetMetricSpecs();
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].source, MetricSpec::Source::kResource);
  EXPECT_EQ(specs[0].resource, "cpu");
  EXPECT_EQ(specs[0].container, "");
  EXPECT_EQ(specs[0].target_type, "Utilization");
  EXPECT_EQ(specs[0].target_utilization, 60);
  EXPECT_EQ(specs[0].name, "");

  auto mem = CpuMemoryScaler::Create(
      Trigger("memory", "AverageValue", {{"value", "512Mi"}, {"containerName", "app"}}), s);
  ASSERT_TRUE(mem.ok());
  specs = (*mem)->GetMetricSpecs();
  EXPECT_EQ(specs[0].resource, "memory");
  EXPECT_EQ(specs[0].container, "app");  // ContainerResource
  EXPECT_EQ(specs[0].target_type, "AverageValue");
  EXPECT_EQ(specs[0].target_milli, 512LL * 1024 * 1024 * 1000);
  EXPECT_EQ(specs[0].target_utilization, 0);
}

TEST(CpuMemory, NeverValuesAlwaysActive) {
  FakeSources s;
  auto cpu = CpuMemoryScaler::Create(Trigger("cpu", "AverageValue", {{"value", "250m"}}), s);
  ASSERT_TRUE(cpu.ok());
  EXPECT_EQ((*cpu)->GetMetricSpecs()[0].target_milli, 250);
  StatusOr<MetricsAndActivity> r = (*cpu)->GetMetricsAndActivity("anything");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->values.empty());
  EXPECT_TRUE(r->active);
}

}  // namespace
}  // namespace swell::scalers
