// API keys: the key file and HILFSNETZ_API_KEYS with their errors, hashing and the scope check
// (unit), and a server that requires read keys answering 401, 403-free reads and public health
// over HTTP.
#include "server/api_keys.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz::server {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Outcome = ApiKeys::Outcome;

constexpr char kReadKey[] = "read-key-0123456789";
constexpr char kWriteKey[] = "write-key-0123456789";

TEST(ApiKeys, FileInClearAndHashedChecksScopes) {
  const std::string text = std::string("# staff keys\n\nportal read ") + kReadKey +
                           "\r\nstaff  write\tsha256:" + Sha256Hex(kWriteKey) + "\n";
  Result<ApiKeys> keys = ApiKeys::ParseFile(text, "keys.txt");
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->keys().size(), 2u);

  const auto check = [&](const std::string& header, Scope scope) {
    return keys->Check(header, scope);
  };
  EXPECT_EQ(check(std::string("Bearer ") + kReadKey, Scope::kRead).outcome, Outcome::kAllowed);
  EXPECT_EQ(check(std::string("Bearer ") + kReadKey, Scope::kRead).name, "portal");
  EXPECT_EQ(check(std::string("bearer ") + kReadKey, Scope::kRead).outcome, Outcome::kAllowed);
  EXPECT_EQ(check(std::string("Bearer ") + kReadKey, Scope::kWrite).outcome, Outcome::kWrongScope);
  EXPECT_EQ(check(std::string("Bearer ") + kWriteKey, Scope::kWrite).outcome, Outcome::kAllowed);
  EXPECT_EQ(check(std::string("Bearer ") + kWriteKey, Scope::kRead).outcome, Outcome::kAllowed)
      << "write includes read";
  EXPECT_EQ(check("", Scope::kRead).outcome, Outcome::kMissing);
  EXPECT_EQ(check("Bearer ", Scope::kRead).outcome, Outcome::kMissing);
  EXPECT_EQ(check(std::string("Basic ") + kReadKey, Scope::kRead).outcome, Outcome::kMissing);
  EXPECT_EQ(check("Bearer read-key-012345678", Scope::kRead).outcome, Outcome::kUnknown);
  // The hashed form itself is no key.
  EXPECT_EQ(check("Bearer sha256:" + Sha256Hex(kWriteKey), Scope::kRead).outcome,
            Outcome::kUnknown);
}

TEST(ApiKeys, FileErrorsNameLineAndFieldNeverTheKey) {
  struct Case {
    std::string text;
    std::string error;
  };
  const Case cases[] = {
      {"a read\n", "keys.txt line 1: expected three fields \"name scope key\", found 2"},
      {"\nb admin 0123456789abcdef\n",
       "keys.txt line 2: scope: must be read or write, not \"admin\""},
      {"c read shortkey\n", "keys.txt line 1: key: must be at least 16 characters"},
      {"d read sha256:abc\n", "keys.txt line 1: key: sha256: must be followed by 64 hex digits"},
      {"e/f read 0123456789abcdef\n", "keys.txt line 1: name:"},
      {"g read 0123456789abcdef\ng write fedcba9876543210\n",
       "keys.txt line 2: name: \"g\" is given twice"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<ApiKeys> keys = ApiKeys::ParseFile(c.text, "keys.txt");
    ASSERT_FALSE(keys.ok());
    EXPECT_THAT(keys.status().message(), HasSubstr(c.error));
    EXPECT_THAT(keys.status().message(), Not(HasSubstr("shortkey")));
  }
}

TEST(ApiKeys, EnvironmentAndMerge) {
  Result<ApiKeys> env =
      ApiKeys::ParseEnv(std::string("ci:write:") + kWriteKey + ",portal:read:a:key:with:colons");
  ASSERT_TRUE(env.ok()) << env.status();
  EXPECT_EQ(env->Check("Bearer a:key:with:colons", Scope::kRead).name, "portal");
  EXPECT_EQ(env->Check(std::string("Bearer ") + kWriteKey, Scope::kWrite).outcome,
            Outcome::kAllowed);

  Result<ApiKeys> bad = ApiKeys::ParseEnv("ci:write");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr("HILFSNETZ_API_KEYS entry 1: expected \"name:scope:key\""));

  Result<ApiKeys> file = ApiKeys::ParseFile(std::string("ci read ") + kReadKey, "k");
  ASSERT_TRUE(file.ok());
  const Status merged = file->Merge(*env);
  ASSERT_FALSE(merged.ok());
  EXPECT_THAT(merged.message(), HasSubstr("\"ci\" is given both"));
}

TEST(ApiKeys, NewKeysAreLongRandomAndUrlSafe) {
  Result<std::string> a = NewApiKey(), b = NewApiKey();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(a->size(), 3u + 43u);
  EXPECT_EQ(a->rfind("hn_", 0), 0u);
  EXPECT_EQ(
      a->find_first_not_of("hn_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
      std::string::npos);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ApiKeysHttp, ReadKeyRequiredAnswers401WithProblemAndHealthStaysPublic) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  ServerOptions options;
  options.index_dir = index->dir();
  options.port = 0;
  options.threads = 2;
  options.access_log.clear();
  options.require_read_key = true;
  Result<ApiKeys> keys = ApiKeys::ParseFile(std::string("portal read ") + kReadKey, "k");
  ASSERT_TRUE(keys.ok());
  options.keys = *keys;
  auto server = testing::HttpTestServer::Start(options);
  ASSERT_TRUE(server);
  httplib::Client client = server->Client();

  auto r = client.Get("/v1/search?q=deutschkurs");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json; charset=utf-8");
  EXPECT_EQ(r->get_header_value("WWW-Authenticate"), "Bearer realm=\"hilfsnetz\"");
  auto body = nlohmann::json::parse(r->body);
  EXPECT_EQ(body["type"], "https://hilfsnetz.example.org/problems/unauthorized");
  EXPECT_THAT(body["detail"].get<std::string>(), HasSubstr("Authorization: Bearer <key>"));
  EXPECT_THAT(body["detail_de"].get<std::string>(), HasSubstr("Leserecht"));

  r = client.Get("/v1/initiatives/refugees-on-rails",
                 {{"Authorization", "Bearer not-a-known-key-at-all"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(r->body, HasSubstr("not known to this server"));
  EXPECT_THAT(r->body, Not(HasSubstr("not-a-known-key-at-all")));

  r = client.Get("/v1/search?q=deutschkurs&per_page=1",
                 {{"Authorization", std::string("Bearer ") + kReadKey}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_GT(nlohmann::json::parse(r->body)["total"].get<int>(), 0);

  for (const char* path : {"/healthz", "/readyz", "/metrics", "/openapi.json"}) {
    r = client.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
  }
}

TEST(ApiKeysHttp, ReadsArePublicByDefault) {
  auto index = testing::TestIndex::Sample();
  ASSERT_TRUE(index);
  auto server = testing::HttpTestServer::Start(index->dir(), 2);
  ASSERT_TRUE(server);
  auto r = server->Client().Get("/v1/search?q=deutschkurs&per_page=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

}  // namespace
}  // namespace hilfsnetz::server
