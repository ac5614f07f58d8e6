// SQLite FTS5: the embedded full-text engine people reach for first.
//   index:  one fts5 table (title, summary, description, data UNINDEXED) with the
//           unicode61 tokenizer and remove_diacritics 2 ("Flüchtlinge" = "Fluchtlinge", but
//           no stemmer: FTS5 ships none for German); built in one transaction, then
//           'optimize' (merges the segment b-trees, as one would before serving).
//   search: every query word as a quoted FTS5 string, OR-ed (the same semantics as the
//           Xapian baseline's default operator); ORDER BY rank with rank = bm25 weighting
//           title 3, summary 2, description 1 (the weights of the Xapian baseline); LIMIT 10.
#include <sqlite3.h>
#include <filesystem>

#include <cstdio>
#include <memory>
#include <string>

#include "bench/peers/peer.h"

namespace hilfsnetz::bench {
namespace {

class SqlitePeer final : public Peer {
 public:
  explicit SqlitePeer(std::string dir) : path_(std::move(dir) + "/fts5.sqlite") {}
  ~SqlitePeer() override { Close(); }

  std::string Name() const override { return "sqlite-fts5"; }

  Status Build(const std::string& corpus_path) override {
    std::remove(path_.c_str());
    if (Status s = Open(); !s.ok()) return s;
    Status s = Exec(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
        "CREATE VIRTUAL TABLE docs USING fts5(title, summary, description, data UNINDEXED,"
        " tokenize = 'unicode61 remove_diacritics 2');"
        "INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(3.0, 2.0, 1.0, 0.0)');"
        "BEGIN;");
    if (!s.ok()) return s;
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO docs VALUES(?1, ?2, ?3, ?4)", -1, &insert, nullptr) !=
        SQLITE_OK) {
      return Error("prepare insert");
    }
    s = ForEachRecord(corpus_path, [&](const BenchRecord& r) {
      sqlite3_bind_text(insert, 1, r.title.data(), static_cast<int>(r.title.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, r.summary.data(), static_cast<int>(r.summary.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 3, r.description.data(), static_cast<int>(r.description.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 4, r.json.data(), static_cast<int>(r.json.size()), SQLITE_STATIC);
      int rc = sqlite3_step(insert);
      sqlite3_reset(insert);
      return rc == SQLITE_DONE ? Status::Ok() : Error("insert");
    });
    sqlite3_finalize(insert);
    if (!s.ok()) return s;
    s = Exec("COMMIT; INSERT INTO docs(docs) VALUES('optimize');");
    Close();
    return s;
  }

  Status OpenForSearch() override {
    if (Status s = Open(); !s.ok()) return s;
    if (sqlite3_prepare_v2(db_, "SELECT data FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT 10",
                           -1, &query_, nullptr) != SQLITE_OK) {
      return Error("prepare query");
    }
    return Status::Ok();
  }

  Result<uint64_t> IndexBytes() override { return DiskBytes(path_); }
  bool HasIndex() const override { return std::filesystem::exists(path_); }

  Result<SearchOutcome> Search(const std::string& q) override {
    SearchOutcome out;
    std::string match;
    for (const std::string& w : SplitQueryWords(q)) {
      if (!match.empty()) match += " OR ";
      match += '"' + w + '"';  // words hold no '"' (SplitQueryWords drops it)
    }
    if (match.empty()) return out;
    sqlite3_bind_text(query_, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(query_)) == SQLITE_ROW) {
      out.data_bytes += static_cast<uint64_t>(sqlite3_column_bytes(query_, 0));
      ++out.hits;
    }
    sqlite3_reset(query_);
    if (rc != SQLITE_DONE) return Error("query \"" + q + "\"");
    return out;
  }

 private:
  Status Open() {
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) return Error("open " + path_);
    return Status::Ok();
  }
  void Close() {
    if (query_ != nullptr) sqlite3_finalize(query_);
    query_ = nullptr;
    if (db_ != nullptr) sqlite3_close(db_);
    db_ = nullptr;
  }
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string message = err != nullptr ? err : "?";
      sqlite3_free(err);
      return InternalError("sqlite: " + message);
    }
    return Status::Ok();
  }
  Status Error(const std::string& what) const {
    return InternalError("sqlite " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "no database"));
  }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
};

}  // namespace

std::unique_ptr<Peer> MakeSqlitePeer(const std::string& dir) {
  return std::make_unique<SqlitePeer>(dir);
}

}  // namespace hilfsnetz::bench
