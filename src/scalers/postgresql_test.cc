// postgresql against KEDA's postgresql_scaler.go and postgresql_scaler_test.go.
#include "scalers/postgresql.h"

#include <gtest/gtest.h>

#include "scalers/fake_sources.h"

namespace swell::scalers {
namespace {

using testing::Config;
using testing::FakeSources;

const api::StringMap kParts = {{"host", "db.svc"},
                               {"port", "5432"},
                               {"userName", "keda"},
                               {"dbName", "jobs"},
                               {"sslmode", "disable"}};

api::StringMap Meta(api::StringMap extra = {}) {
  api::StringMap m = {{"query", "SELECT count(*) FROM jobs"}, {"targetQueryValue", "5"}};
  for (auto& [k, v] : extra) m[k] = v;
  return m;
}

TEST(Postgresql, ParseTable) {
  struct Case {
    const char* name;
    api::StringMap meta;
    api::StringMap auth;
    api::StringMap env;
    bool ok;
  };
  api::StringMap with_parts = Meta();
  for (auto& [k, v] : kParts) with_parts[k] = v;
  const Case cases[] = {
      {"connection from authParams", Meta(), {{"connection", "host=db user=u"}}, {}, true},
      {"connectionFromEnv", Meta({{"connectionFromEnv", "PG"}}), {}, {{"PG", "host=db"}}, true},
      {"parts in metadata", with_parts, {{"password", "pw"}}, {}, true},
      {"parts in authParams", Meta(), kParts, {}, true},
      {"no connection", Meta(), {}, {}, false},
      {"no host",
       Meta({{"port", "1"}, {"userName", "u"}, {"dbName", "d"}, {"sslmode", "x"}}),
       {},
       {},
       false},
      {"missing query", {{"targetQueryValue", "1"}}, {{"connection", "c"}}, {}, false},
      {"missing target", {{"query", "select 1"}}, {{"connection", "c"}}, {}, false},
      {"bad target", Meta({{"targetQueryValue", "x"}}), {{"connection", "c"}}, {}, false},
  };
  for (const Case& c : cases) {
    auto m = PostgresqlScaler::ParseMetadata(Config("postgresql", c.meta, c.auth, c.env));
    EXPECT_EQ(m.ok(), c.ok) << c.name << ": " << m.status().ToString();
  }
  EXPECT_EQ(PostgresqlScaler::ParseMetadata(Config("postgresql", Meta())).status().message(),
            "error parsing postgresql metadata: no host given");
}

TEST(Postgresql, BuildsTheConnectionString) {
  api::StringMap auth = kParts;
  auth["password"] = "p w'\\";
  auto m = PostgresqlScaler::ParseMetadata(Config("postgresql", Meta(), auth));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->connection,
            "host=db.svc port=5432 user=keda dbname=jobs sslmode=disable password='p w\\'\\\\'");
  EXPECT_EQ(PostgresqlScaler::EscapeParameter("plain"), "plain");
}

TEST(Postgresql, ValueActivityAndErrors) {
  FakeSources s;
  auto scaler = PostgresqlScaler::Create(
      Config("postgresql", Meta({{"activationTargetQueryValue", "2"}, {"targetQueryValue", "2.5"}}),
             {{"connection", "host=db password=secret"}}),
      s);
  ASSERT_TRUE(scaler.ok()) << scaler.status().ToString();
  MetricSpec spec = (*scaler)->GetMetricSpecs()[0];
  EXPECT_EQ(spec.name, "s0-postgresql");
  EXPECT_EQ(spec.target_milli, 2500);
  s.postgres_client.reply = 3.5;
  StatusOr<MetricsAndActivity> r = (*scaler)->GetMetricsAndActivity("s0-postgresql");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->values[0].milli, 3500);
  EXPECT_TRUE(r->active);
  EXPECT_EQ(s.postgres_client.queries[0].query, "SELECT count(*) FROM jobs");
  s.postgres_client.reply = 2.0;
  EXPECT_FALSE((*scaler)->GetMetricsAndActivity("m")->active);
  s.postgres_client.reply = Status(StatusCode::kUnavailable, "postgresql: cannot connect: refused");
  r = (*scaler)->GetMetricsAndActivity("m");
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(r.status().message(),
            "error inspecting postgreSQL: postgresql: cannot connect: refused");
}

}  // namespace
}  // namespace swell::scalers
