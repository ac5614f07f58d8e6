// commit_cost: what a Xapian commit of written records costs on an index of this project, and
// which part of the documents it is spent on (issue 11: single writes are committed in
// batches; the batches' commits bound the writes a second).
//
//   commit_cost --index GEN_DIR [--batch 150] [--rounds 5] [--no-positions] [--no-sync]
//               [--skip-prefix P] [--no-positions-for P] [--spelling]
//
// GEN_DIR is one generation's database (DIR/gen-NNNNNN), and it is CHANGED: run it on a copy.
// Each round copies `batch` documents of the index (terms with wdf and positions, values, data)
// under new document ids, then commits, and prints the time of the replace_document calls and
// of the commit. --no-positions copies the terms without their positions, --no-positions-for P
// those starting with P (e.g. K, the concepts), --skip-prefix leaves out the terms starting
// with P (e.g. Z for the stems), --no-sync opens the database with
// DB_NO_SYNC (no fsync: what the fsyncs cost; the server never does this). --spelling also adds
// each unprefixed word of more than 2 bytes to the spelling table once per occurrence: close
// to what the live writer adds for a written record (LiveWriter's Apply: add_spelling per
// word of the fields that feed the dictionary, stop words left out), slightly more.
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/cpu_time.h"

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

using hilfsnetz::bench::CpuMs;

int Usage() {
  std::fprintf(stderr,
               "usage: commit_cost --index GEN_DIR [--batch N] [--rounds N] [--no-positions] "
               "[--no-sync] [--skip-prefix P] [--no-positions-for P] [--spelling]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index, skip, unpositioned;
  int batch = 150, rounds = 5;
  bool positions = true, sync = true, spelling = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--index" && has_value) {
      index = argv[++i];
    } else if (a == "--batch" && has_value) {
      batch = std::atoi(argv[++i]);
    } else if (a == "--rounds" && has_value) {
      rounds = std::atoi(argv[++i]);
    } else if (a == "--skip-prefix" && has_value) {
      skip = argv[++i];
    } else if (a == "--no-positions-for" && has_value) {
      unpositioned = argv[++i];
    } else if (a == "--no-positions") {
      positions = false;
    } else if (a == "--spelling") {
      spelling = true;
    } else if (a == "--no-sync") {
      sync = false;
    } else {
      return Usage();
    }
  }
  if (index.empty() || batch < 1 || rounds < 1) return Usage();
  try {
    Xapian::WritableDatabase db(index, Xapian::DB_OPEN | (sync ? 0 : Xapian::DB_NO_SYNC));
    const Xapian::docid last = db.get_lastdocid();
    Xapian::docid next = last + 1;
    double total_ms = 0, total_cpu_ms = 0;
    for (int round = 0; round < rounds; ++round) {
      std::vector<Xapian::Document> docs;
      std::vector<std::string> words;  // for --spelling
      for (int i = 0; i < batch; ++i) {
        const Xapian::docid from = 1 + static_cast<Xapian::docid>(round * batch + i) % last;
        Xapian::Document src = db.get_document(from, Xapian::DOC_ASSUME_VALID);
        Xapian::Document d;
        d.set_data(src.get_data());
        for (auto v = src.values_begin(); v != src.values_end(); ++v)
          d.add_value(v.get_valueno(), *v);
        for (auto t = src.termlist_begin(); t != src.termlist_end(); ++t) {
          const std::string term = *t;
          if (!skip.empty() && term.rfind(skip, 0) == 0) continue;
          if (positions && (unpositioned.empty() || term.rfind(unpositioned, 0) != 0)) {
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
              d.add_posting(term, *p, 0);
          }
          d.add_term(term, t.get_wdf());
          // Unprefixed terms (the words as written) begin with a lower-case or non-ASCII byte.
          const unsigned char c0 = static_cast<unsigned char>(term[0]);
          if (spelling && term.size() > 2 && (c0 >= 0x80 || (c0 >= 'a' && c0 <= 'z'))) {
            for (Xapian::termcount k = t.positionlist_count(); k > 0; --k) words.push_back(term);
          }
        }
        docs.push_back(std::move(d));
      }
      const double cpu0 = CpuMs();
      const auto t0 = Clock::now();
      for (const Xapian::Document& d : docs) db.replace_document(next++, d);
      for (const std::string& w : words) db.add_spelling(w);
      const double add_ms = MsSince(t0);
      const auto t1 = Clock::now();
      db.commit();
      const double commit_ms = MsSince(t1);
      const double cpu_ms = CpuMs() - cpu0;
      total_ms += add_ms + commit_ms;
      total_cpu_ms += cpu_ms;
      std::printf(
          "round %d: %d documents, replace_document %.0f ms, commit %.0f ms, %.2f ms a document "
          "(CPU %.2f ms)\n",
          round + 1, batch, add_ms, commit_ms, (add_ms + commit_ms) / batch, cpu_ms / batch);
    }
    std::printf("mean: %.2f ms a document, CPU %.2f ms (%s%s%s%s%s)\n", total_ms / (batch * rounds),
                total_cpu_ms / (batch * rounds), positions ? "positions" : "no positions",
                sync ? ", fsync" : ", no fsync",
                skip.empty() ? "" : (", without " + skip + "*").c_str(),
                unpositioned.empty() ? "" : (", " + unpositioned + "* without positions").c_str(),
                spelling ? ", spelling" : "");
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "commit_cost: %s\n", e.get_description().c_str());
    return 1;
  }
  return 0;
}
