// GET /v1/suggest and the search box's new parameters over HTTP (issue 8): completions while a
// word is typed, in every language, with counts that agree with what the search finds;
// titles starting with the text; Kiez names for near; lang and prefix; the query object.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/http_test_server.h"
#include "tests/support/test_index.h"

namespace hilfsnetz {
namespace {

using nlohmann::json;
using testing::HttpTestServer;
using testing::TestIndex;

std::string Enc(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class SuggestHttpTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    index_ = TestIndex::Sample().release();
    ASSERT_NE(index_, nullptr);
    server_ = HttpTestServer::Start(index_->dir()).release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete index_;
  }
  static json GetJson(const std::string& target, int status = 200) {
    httplib::Client c = server_->Client();
    auto res = c.Get(target);
    EXPECT_TRUE(res) << target;
    if (!res) return json();
    EXPECT_EQ(res->status, status) << target << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  static json Suggest(const std::string& q, const std::string& extra = "") {
    return GetJson("/v1/suggest?q=" + Enc(q) + extra);
  }
  static std::vector<std::string> Texts(const json& body) {
    std::vector<std::string> out;
    for (const json& s : body["suggestions"]) out.push_back(s["text"].get<std::string>());
    return out;
  }
  // The suggestion with this text (ASCII case ignored).
  static const json* Find(const json& body, const std::string& text) {
    auto lower = [](std::string x) {
      for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return x;
    };
    for (const json& s : body["suggestions"]) {
      if (lower(s["text"].get<std::string>()) == lower(text)) return &s;
    }
    return nullptr;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  }

  static TestIndex* index_;
  static HttpTestServer* server_;
};

TestIndex* SuggestHttpTest::index_ = nullptr;
HttpTestServer* SuggestHttpTest::server_ = nullptr;

TEST_F(SuggestHttpTest, CompletesTheWordBeingTypedWithCountsTheSearchAgreesWith) {
  // Before: kleiderk and hausauf found nothing.
  for (const auto& [q, want] :
       std::vector<std::pair<std::string, std::string>>{{"kleiderk", "kleiderkammer"},
                                                        {"hausauf", "hausaufgabenhilfe"},
                                                        {"sprachc", "sprachcafé"},
                                                        {"fahrr", "fahrrad"},
                                                        {"deut", "deutschkurs"}}) {
    SCOPED_TRACE(q);
    const json body = Suggest(q);
    const json* s = Find(body, want);
    ASSERT_NE(s, nullptr) << body.dump();
    // The count is what a search for the word finds (one word: every hit has it).
    const json search = GetJson("/v1/search?q=" + Enc(want));
    EXPECT_EQ((*s)["count"], search["total"]);
    EXPECT_GT((*s)["count"].get<int>(), 0);
    // The best suggestion completes the prefix itself, not a typo variant of it.
    EXPECT_EQ(body["suggestions"][0]["text"].get<std::string>().rfind(q, 0), 0u) << body.dump();
  }
}

TEST_F(SuggestHttpTest, MultiWordCountsAreTheInitiativesWithEveryWord) {
  const json body = Suggest("deutschkurs f");
  ASSERT_FALSE(body["suggestions"].empty());
  for (const json& s : body["suggestions"]) {
    const std::string text = s["text"];
    // The search ranks the records with every (non-stop) word first: its top tier.
    const json search = GetJson("/v1/search?per_page=100&q=" + Enc(text));
    const size_t top = search["hits"][0]["tier"].get<size_t>();
    size_t all_words = 0;
    for (const json& h : search["hits"]) all_words += h["tier"].get<size_t>() == top ? 1 : 0;
    EXPECT_EQ(s["count"].get<size_t>(), all_words) << text;
  }
}

TEST_F(SuggestHttpTest, FiltersNarrowCountsAndTitles) {
  const json all = Suggest("kleiderk");
  const json mitte = Suggest("kleiderk", "&district=Mitte");
  const json* a = Find(all, "kleiderkammer");
  const json* m = Find(mitte, "kleiderkammer");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(m, nullptr);
  EXPECT_LT((*m)["count"].get<int>(), (*a)["count"].get<int>());
  EXPECT_EQ((*m)["count"], GetJson("/v1/search?q=kleiderkammer&district=Mitte")["total"]);
  // Initiatives whose titles start with the text.
  std::vector<std::string> ids;
  for (const json& i : all["initiatives"]) ids.push_back(i["id"]);
  EXPECT_TRUE(Has(ids, "kleiderkammer-soldiner-kiez"));
  EXPECT_TRUE(Has(ids, "kleiderkammer-wilhelmstadt"));
  ASSERT_EQ(mitte["initiatives"].size(), 1u) << mitte.dump();
  EXPECT_EQ(mitte["initiatives"][0]["id"], "kleiderkammer-soldiner-kiez");
  EXPECT_EQ(mitte["initiatives"][0]["district"], "Mitte");
}

TEST_F(SuggestHttpTest, SuggestsInEveryLanguageWithTheGermanWord) {
  struct Case {
    std::string q;
    std::string language;
    std::string phrase;  // a lexicon entry of the typed language
    std::string german;  // the German word of its concept ("" for German and English)
  };
  const std::vector<Case> cases = {
      {"مترج", "", "مترجم", "Dolmetschen"},
      // A whole lexicon word offers the lexicon's phrase that continues it (issue 8's example).
      {"مترجم", "", "مترجم عربي", "Dolmetschen"},
      {"курси нім", "uk", "курси німецької", "Deutschkurs"},
      {"курсы нем", "ru", "курсы немецкого", "Deutschkurs"},
      {"almanca k", "tr", "Almanca kursu", "Deutschkurs"},
      {"کلاس زبان آ", "fa", "کلاس زبان آلمانی", "Deutschkurs"},
      {"german c", "", "German course", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.q);
    const json body = Suggest(c.q);
    const std::vector<std::string> texts = Texts(body);
    EXPECT_TRUE(Has(texts, c.phrase)) << body.dump();
    if (!c.german.empty()) {
      EXPECT_TRUE(Has(texts, c.german)) << body.dump();
    }
    if (!c.language.empty()) {
      EXPECT_EQ(body["language"], c.language);
    }
    for (const json& s : body["suggestions"]) EXPECT_GT(s["count"].get<int>(), 0);
  }
}

TEST_F(SuggestHttpTest, FinishedWordsAreCorrectedTheTypedOneIsCompleted) {
  const json body = Suggest("kleiderkamer sp");
  EXPECT_EQ(body["corrected"], "kleiderkammer sp");
  for (const std::string& t : Texts(body)) EXPECT_EQ(t.rfind("kleiderkammer sp", 0), 0u) << t;
}

TEST_F(SuggestHttpTest, OddInputGetsAnAnswer) {
  for (const std::string& q :
       std::vector<std::string>{"d", "ö", "🙂", "\u200F\u0645\u200F", "\u0645\u200D\u0645",
                                "中文", "a b c d e f g h", std::string(499, 'x')}) {
    SCOPED_TRACE(q);
    const json body = Suggest(q);
    EXPECT_TRUE(body["suggestions"].is_array());
    EXPECT_LE(body["suggestions"].size(), 8u);
  }
  EXPECT_EQ(Suggest("d", "&limit=3")["suggestions"].size(), 3u);
}

TEST_F(SuggestHttpTest, NearAcceptsEveryKiezAndOrdersFromIt) {
  for (const std::string kiez :
       {"Reuterkiez", "Schillerkiez", "Kollwitzkiez", "Soldiner Kiez", "Graefekiez"}) {
    SCOPED_TRACE(kiez);
    const json body = GetJson("/v1/search?sort=distance&per_page=1&near=" + Enc(kiez));
    ASSERT_EQ(body["hits"].size(), 1u);
    EXPECT_LT(body["hits"][0]["distance_km"].get<double>(), 1.0);
  }
  EXPECT_EQ(GetJson("/v1/search?sort=distance&per_page=1&near=Reuterkiez")["hits"][0]["id"],
            "refugio");
}

TEST_F(SuggestHttpTest, SearchAnswerCarriesQueryTierAndNotices) {
  const json ar = GetJson("/v1/search?q=" + Enc("دورة لغة ألمانية"));
  EXPECT_EQ(ar["query"]["language"], "ar");
  EXPECT_EQ(ar["query"]["language_given"], false);
  EXPECT_TRUE(Has(ar["query"]["expanded"].get<std::vector<std::string>>(), "Deutschkurs"));
  EXPECT_EQ(ar["query"]["concepts"][0]["id"], "deutschkurs");
  EXPECT_EQ(ar["query"]["concepts"][0]["de"], "Deutschkurs");
  EXPECT_EQ(ar["hits"][0]["tier"], 3);
  EXPECT_TRUE(ar["hits"][0]["components"]["lexical"].is_number());
  const json tr = GetJson("/v1/search?q=kita&lang=tr");
  EXPECT_EQ(tr["query"]["language"], "tr");
  EXPECT_EQ(tr["query"]["language_given"], true);
  const json quote = GetJson("/v1/search?q=" + Enc("\"deutsch kurs"));
  EXPECT_EQ(quote["notices"][0]["code"], "unclosed_quote");
  EXPECT_GT(quote["total"].get<int>(), 0);
  const json prefix = GetJson("/v1/search?prefix=last&q=kleiderk");
  EXPECT_GT(prefix["total"].get<int>(), 0);
  EXPECT_FALSE(prefix.contains("did_you_mean"));
}

}  // namespace
}  // namespace hilfsnetz
