// prepare_cost: the CPU a written record costs before it reaches Xapian (issue 11): its vector
// by the index's embedder and its document (indexer/live_writer.cc, Prepare), one record after
// the other on one thread, as a writer thread does. With --digest it also prints a hash of
// everything produced (every term with its wdf and positions, the values, the data, the
// spelling words and the vector), so that a speed-up can show it changed no output.
//
//   prepare_cost --corpus FILE.jsonl --embedder GEN_DIR/embedder.bin [--records N]
//                [--rounds N] [--digest]
//
// The records are parsed (and their language detected) before the clock starts; each round
// prepares all of them and prints its CPU time per record.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "bench/cpu_time.h"
#include "embed/embedder.h"
#include "indexer/document_builder.h"
#include "indexer/embedding_stage.h"
#include "schemas/codec/initiative_codec.h"

namespace {

using namespace hilfsnetz;
using bench::CpuMs;

// FNV-1a over everything fed, with lengths so that "ab"+"c" differs from "a"+"bc".
struct Digest {
  uint64_t h = 1469598103934665603ull;
  void Bytes(std::string_view s) {
    Number(s.size());
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  }
  void Number(uint64_t n) {
    for (int i = 0; i < 8; ++i) h = (h ^ ((n >> (8 * i)) & 0xff)) * 1099511628211ull;
  }
};

void Feed(const indexer::BuiltDocument& built, Digest& d) {
  const Xapian::Document& doc = built.document;
  d.Bytes(built.id_term);
  for (const std::string& w : built.spelling_words) d.Bytes(w);
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    d.Bytes(*t);
    d.Number(t.get_wdf());
    for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      d.Number(*p);
    }
  }
  for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v) {
    d.Number(v.get_valueno());
    d.Bytes(*v);
  }
  d.Bytes(doc.get_data());
}

// What Prepare does for a record of a trained index: its vector and its document.
indexer::BuiltDocument Prepare(const schemas::Initiative& record, const embed::Embedder& embedder) {
  const indexer::RecordAnalysis analysis = indexer::AnalyseRecord(record);
  return indexer::BuildDocumentWithVector(record, analysis,
                                          embedder.Embed(indexer::EmbedFieldsOf(analysis)));
}

int Usage() {
  std::fprintf(stderr,
               "usage: prepare_cost --corpus FILE.jsonl --embedder FILE [--records N] "
               "[--rounds N] [--digest]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, embedder_file;
  size_t records = 2000;
  int rounds = 3;
  bool digest = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--corpus" && has_value) {
      corpus = argv[++i];
    } else if (a == "--embedder" && has_value) {
      embedder_file = argv[++i];
    } else if (a == "--records" && has_value) {
      records = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--rounds" && has_value) {
      rounds = std::atoi(argv[++i]);
    } else if (a == "--digest") {
      digest = true;
    } else {
      return Usage();
    }
  }
  if (corpus.empty() || embedder_file.empty() || rounds < 1) return Usage();
  std::ifstream model(embedder_file, std::ios::binary);
  std::stringstream bytes;
  bytes << model.rdbuf();
  hilfsnetz::Result<embed::Embedder> embedder = embed::Embedder::Deserialize(bytes.str());
  if (!embedder.ok()) {
    std::fprintf(stderr, "%s: %s\n", embedder_file.c_str(), embedder.status().ToString().c_str());
    return 1;
  }
  std::vector<schemas::Initiative> parsed;
  std::ifstream in(corpus);
  std::string line;
  while (parsed.size() < records && std::getline(in, line)) {
    schemas::ParsedInitiative p = schemas::ParseInitiative(line);
    if (!p.ok()) continue;
    indexer::FillLanguage(p.initiative);
    parsed.push_back(std::move(p.initiative));
  }
  if (parsed.empty()) return Usage();
  for (int round = 1; round <= rounds; ++round) {
    Digest d;
    const double start = CpuMs();
    for (const schemas::Initiative& r : parsed) {
      const indexer::BuiltDocument built = Prepare(r, *embedder);
      if (digest) Feed(built, d);
    }
    const double ms = CpuMs() - start;
    std::printf("round %d: %zu records, CPU %.3f ms a record", round, parsed.size(),
                ms / static_cast<double>(parsed.size()));
    if (digest)
      std::printf(" (digest included), digest %016llx", static_cast<unsigned long long>(d.h));
    std::printf("\n");
  }
  return 0;
}
