// PostgreSQL full-text search: what a team with a Postgres database already would ship.
//   index:  docs(id, title, summary, description, data, tsv) with tsv a STORED generated
//           column setweight(to_tsvector('german', title), 'A') || ... summary 'B' ||
//           description 'C'; loaded with COPY; a GIN index on tsv; ANALYZE.
//   search: plainto_tsquery('german', q) with its & turned into | (OR, the same semantics
//           as the Xapian baseline; '<->' phrase parts of hyphenated words stay), rows
//           matching tsv @@ query, ORDER BY ts_rank(tsv, query) DESC LIMIT 10, data fetched.
//           One prepared statement over one connection on the local unix socket: the
//           closest PostgreSQL gets to "in process".
// Note: ts_rank must read the tsvector of EVERY matching row (no top-k pruning): that, not
// the GIN lookup, is why frequent words are slow here.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bench/peers/peer.h"

namespace hilfsnetz::bench {
namespace {

constexpr const char* kSchema =
    "DROP TABLE IF EXISTS docs;"
    "CREATE TABLE docs (id text PRIMARY KEY, title text NOT NULL, summary text NOT NULL,"
    " description text NOT NULL, data text NOT NULL,"
    " tsv tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('german', title), 'A') ||"
    "  setweight(to_tsvector('german', summary), 'B') ||"
    "  setweight(to_tsvector('german', description), 'C')) STORED);";

constexpr const char* kQuery =
    "SELECT data FROM docs,"
    " CAST(replace(plainto_tsquery('german', $1)::text, ' & ', ' | ') AS tsquery) AS q"
    " WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC LIMIT 10";

void IgnoreNotice(void*, const char*) {}

// COPY text format: backslash, tab, newline and carriage return escaped.
void AppendCopyField(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

class PostgresPeer final : public Peer {
 public:
  explicit PostgresPeer(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PostgresPeer() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  std::string Name() const override { return "postgres-fts"; }

  Status Build(const std::string& corpus_path) override {
    if (Status s = Connect(); !s.ok()) return s;
    if (Status s = Exec(kSchema); !s.ok()) return s;
    if (Status s =
            Exec("COPY docs (id, title, summary, description, data) FROM STDIN", PGRES_COPY_IN);
        !s.ok()) {
      return s;
    }
    std::string batch;
    auto flush = [&]() -> Status {
      if (PQputCopyData(conn_, batch.data(), static_cast<int>(batch.size())) != 1) {
        return Error("COPY data");
      }
      batch.clear();
      return Status::Ok();
    };
    Status s = ForEachRecord(corpus_path, [&](const BenchRecord& r) {
      for (std::string_view field :
           {std::string_view(r.id), std::string_view(r.title), std::string_view(r.summary),
            std::string_view(r.description), r.json}) {
        AppendCopyField(batch, field);
        batch += '\t';
      }
      batch.back() = '\n';
      return batch.size() > (1 << 20) ? flush() : Status::Ok();
    });
    if (s.ok() && !batch.empty()) s = flush();
    if (PQputCopyEnd(conn_, s.ok() ? nullptr : "aborted") != 1) return Error("COPY end");
    PGresult* res = PQgetResult(conn_);
    bool copied = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    while ((res = PQgetResult(conn_)) != nullptr) PQclear(res);
    if (!s.ok()) return s;
    if (!copied) return Error("COPY");
    return Exec("CREATE INDEX docs_tsv ON docs USING gin (tsv); ANALYZE docs;");
  }

  Status OpenForSearch() override {
    if (Status s = Connect(); !s.ok()) return s;
    PGresult* res = PQprepare(conn_, "search", kQuery, 1, nullptr);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    return ok ? Status::Ok() : Error("prepare");
  }

  Result<uint64_t> IndexBytes() override {
    PGresult* res = PQexec(conn_, "SELECT pg_total_relation_size('docs')");
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
      PQclear(res);
      return Error("size");
    }
    uint64_t bytes = std::stoull(PQgetvalue(res, 0, 0));
    PQclear(res);
    return bytes;
  }

  Result<SearchOutcome> Search(const std::string& q) override {
    const char* params[1] = {q.c_str()};
    PGresult* res = PQexecPrepared(conn_, "search", 1, params, nullptr, nullptr, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
      PQclear(res);
      return Error("query \"" + q + "\"");
    }
    SearchOutcome out;
    out.hits = PQntuples(res);
    for (int i = 0; i < out.hits; ++i)
      out.data_bytes += static_cast<uint64_t>(PQgetlength(res, i, 0));
    PQclear(res);
    return out;
  }

 private:
  Status Connect() {
    if (conn_ != nullptr) return Status::Ok();
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) return Error("connect (" + conninfo_ + ")");
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    return Status::Ok();
  }
  Status Exec(const char* sql, ExecStatusType want = PGRES_COMMAND_OK) {
    PGresult* res = PQexec(conn_, sql);
    bool ok = PQresultStatus(res) == want;
    PQclear(res);
    return ok ? Status::Ok() : Error(sql);
  }
  Status Error(const std::string& what) const {
    return InternalError("postgres " + what + ": " +
                         (conn_ ? PQerrorMessage(conn_) : "no connection"));
  }

  std::string conninfo_;
  PGconn* conn_ = nullptr;
};

}  // namespace

std::unique_ptr<Peer> MakePostgresPeer(const std::string& conninfo) {
  return std::make_unique<PostgresPeer>(conninfo);
}

}  // namespace hilfsnetz::bench
