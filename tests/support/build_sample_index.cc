// build_sample_index SAMPLE.jsonl OUT_DIR: builds the index of the sample corpus once, at build
// time (tests/support/CMakeLists.txt), for TestIndex::Sample() to copy. A dozen test binaries
// use the sample; building it costs ~5 s each, ~25 s each under ASan+UBSan, so building it
// once saves minutes per run of the suite.
//
// The build is the one TestIndex::FromJsonl runs (indexer::BuildIndex, default options), and
// it is redone whenever this program relinks, i.e. whenever indexing code or its embedded data
// changes. Writes OUT_DIR/index and OUT_DIR/report.txt (the BuildReport, read by
// test_index.cc); report.txt is written last, so its presence means the index is complete.
// Exit 0 on success, 1 on failure.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "indexer/index_builder.h"

namespace {

bool HasTabOrNewline(const std::string& s) { return s.find_first_of("\t\n") != std::string::npos; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: build_sample_index SAMPLE.jsonl OUT_DIR\n");
    return 1;
  }
  namespace fs = std::filesystem;
  const fs::path out = argv[2];
  std::error_code ec;
  fs::remove_all(out, ec);
  fs::create_directories(out, ec);
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  auto report = hilfsnetz::indexer::BuildIndex(in, (out / "index").string(), {});
  if (!report.ok()) {
    std::fprintf(stderr, "BuildIndex: %s\n", report.status().ToString().c_str());
    return 1;
  }
  // One "key value" per line; a rejected line is "rejected<TAB>line<TAB>field<TAB>en<TAB>de".
  std::ostringstream text;
  text << "lines " << report->lines << "\nindexed " << report->indexed << "\ngeneration "
       << report->generation << "\nseconds " << report->seconds << "\n";
  for (const auto& r : report->rejected) {
    if (HasTabOrNewline(r.error.field) || HasTabOrNewline(r.error.en) ||
        HasTabOrNewline(r.error.de)) {
      std::fprintf(stderr, "line %llu: a tab or newline in its error cannot be stored\n",
                   static_cast<unsigned long long>(r.line));
      return 1;
    }
    text << "rejected\t" << r.line << '\t' << r.error.field << '\t' << r.error.en << '\t'
         << r.error.de << "\n";
  }
  const fs::path tmp = out / "report.txt.tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << text.str();
    if (!file.flush()) {
      std::fprintf(stderr, "cannot write %s\n", tmp.c_str());
      return 1;
    }
  }
  fs::rename(tmp, out / "report.txt", ec);
  if (ec) {
    std::fprintf(stderr, "cannot rename %s: %s\n", tmp.c_str(), ec.message().c_str());
    return 1;
  }
  return 0;
}
