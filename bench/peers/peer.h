// Peer: one search system under comparison in peers_bench (hilfsnetz, raw Xapian, SQLite
// FTS5, PostgreSQL full-text search), behind the smallest interface that lets the same
// harness build it over the same corpus and replay the same queries.
//
// Every peer stores each record's JSON beside its index and Search() fetches the stored
// record of each of the top 10 hits, because a real search service has to return records:
// a peer that only returned internal ids would look faster than it is.
//
// Thread-safety: none. peers_bench drives one peer at a time from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace hilfsnetz::bench {

// The fields every peer indexes, read from one corpus line.
struct BenchRecord {
  std::string id;
  std::string title;
  std::string summary;
  std::string description;
  std::string_view json;  // the whole line, valid during the callback only
};

// Calls `fn` for each line of the JSONL corpus, in order. Errors: NotFound (no file),
// InvalidArgument (a line is not an initiative object: "line N: ..."), or the first
// non-OK Status returned by `fn`.
Status ForEachRecord(const std::string& path, const std::function<Status(const BenchRecord&)>& fn);

// Bytes allocated on disk below `path` (file or directory), as `du -s --block-size=1`.
uint64_t DiskBytes(const std::string& path);

// The workload: non-empty lines not starting with '#'.
Result<std::vector<std::string>> ReadQueries(const std::string& path);

struct SearchOutcome {
  int hits = 0;             // records returned (0..10)
  uint64_t data_bytes = 0;  // bytes of stored record text fetched (keeps the fetch honest)
};

class Peer {
 public:
  virtual ~Peer() = default;

  // Short name used in the table ("xapian", "sqlite-fts5", ...).
  virtual std::string Name() const = 0;

  // Builds the index over every record of `corpus_path` (JSONL). The caller times it.
  // A peer that shares another's index (hilfsnetz with facets) returns OK without work.
  virtual Status Build(const std::string& corpus_path) = 0;

  // Opens the built index for searching. Called once after Build, before any Search.
  virtual Status OpenForSearch() = 0;

  // Size of the built index on disk (including stored records), in bytes.
  virtual Result<uint64_t> IndexBytes() = 0;

  // The top 10 by the peer's relevance ranking for the user's text `q`.
  virtual Result<SearchOutcome> Search(const std::string& q) = 0;

  // False for a peer whose Build() is a no-op (its build numbers are someone else's).
  virtual bool OwnsIndex() const { return true; }

  // True when `dir` already holds a built index (peers_bench --reuse then skips Build).
  virtual bool HasIndex() const { return false; }

  // The peer's own workload (replaces the query workload for it), or nullptr.
  virtual const std::vector<std::string>* Workload() const { return nullptr; }
};

// Factories. `dir` is a working directory the peer may create and fill.
std::unique_ptr<Peer> MakeXapianPeer(const std::string& dir);
std::unique_ptr<Peer> MakeSqlitePeer(const std::string& dir);
// `conninfo`: a libpq connection string, e.g. "host=/tmp/pg port=54321 dbname=postgres".
std::unique_ptr<Peer> MakePostgresPeer(const std::string& conninfo);
#ifdef HN_BENCH_HILFSNETZ
// The engine through ranking::Searcher. With `facets`, every search also asks for the
// district, need, topic and language facets; `build` false reuses the index in `dir`.
std::unique_ptr<Peer> MakeHilfsnetzPeer(const std::string& dir, bool facets, bool build);
// Browsing the index in `dir` (built by the hilfsnetz peer): each of `requests` ("district=
// Mitte&need=money", "-" for none; bench/workloads/browse.txt) with q empty, the default
// status filter, newest first, and the district, need, topic and language facets.
std::unique_ptr<Peer> MakeHilfsnetzBrowsePeer(const std::string& dir,
                                              std::vector<std::string> requests);
#endif

// Splits user text into words for the SQL peers (letters, digits and every non-ASCII byte
// count as word characters; everything else separates).
std::vector<std::string> SplitQueryWords(std::string_view q);

}  // namespace hilfsnetz::bench
