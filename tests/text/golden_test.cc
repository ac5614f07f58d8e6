// Golden table over Analyzer::DebugString (STYLE.md 2.9).
//
// tests/golden/text_analysis.txt holds one case per line:
//   language<TAB>mode<TAB>input<TAB>expected rendering
// language "-" stands for "" (unknown); mode is "doc" or "query"; the input may use the
// escapes \uXXXX (a code point, e.g. NFD "Flu\u0308chtlinge"), \xHH (a raw byte, for
// invalid UTF-8) and \\. Lines starting with '#' and blank lines are kept as they are.
// HN_UPDATE_GOLDEN=1 rewrites the expected column from the current output; review the diff.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/golden.h"
#include "text/analyzer.h"

namespace hilfsnetz::text {
namespace {

const char kGoldenPath[] = HN_SOURCE_DIR "/tests/golden/text_analysis.txt";

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) fields.push_back(field);
  if (!line.empty() && line.back() == '\t') fields.emplace_back();
  return fields;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Unescape(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '\\' || i + 1 >= in.size()) {
      out.push_back(in[i]);
    } else if (in[i + 1] == 'u' && i + 5 < in.size()) {
      AppendUtf8(out, static_cast<uint32_t>(std::stoul(in.substr(i + 2, 4), nullptr, 16)));
      i += 5;
    } else if (in[i + 1] == 'x' && i + 3 < in.size()) {
      out.push_back(static_cast<char>(std::stoul(in.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(in[i + 1]);
      ++i;
    }
  }
  return out;
}

TEST(TextAnalysisGolden, MatchesTable) {
  std::ifstream in(kGoldenPath);
  ASSERT_TRUE(in) << "cannot read " << kGoldenPath;
  const bool update = testing::UpdateGoldenRequested();
  std::vector<std::string> lines;
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      lines.push_back(line);
      continue;
    }
    const std::vector<std::string> f = SplitTabs(line);
    ASSERT_GE(f.size(), 3u) << "malformed golden row: " << line;
    ASSERT_TRUE(f[1] == "doc" || f[1] == "query") << line;
    const std::string language = f[0] == "-" ? "" : f[0];
    const Mode mode = f[1] == "doc" ? Mode::kDocument : Mode::kQuery;
    const std::string actual =
        Analyzer::DebugString(Analyzer::Default().Analyze(Unescape(f[2]), language, mode));
    ++cases;
    if (update) {
      lines.push_back(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + actual);
      continue;
    }
    ASSERT_EQ(f.size(), 4u) << "row without expected column: " << line;
    EXPECT_EQ(actual, f[3]) << "language=" << f[0] << " mode=" << f[1] << " input=" << f[2];
  }
  EXPECT_GT(cases, 0);
  if (update) {
    std::ofstream out(kGoldenPath, std::ios::trunc);
    for (const std::string& l : lines) out << l << "\n";
  }
}

}  // namespace
}  // namespace hilfsnetz::text
