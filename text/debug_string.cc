// Golden renderings of tokens (Token::DebugString, Analyzer::DebugString).
#include "text/analyzer.h"

namespace hilfsnetz::text {
namespace {

void AppendJoined(std::string& out, const std::vector<std::string>& items, char sep) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out.push_back(sep);
    out += items[i];
  }
}

}  // namespace

// surface{|alternate}[position] ~stem{,stem} =part{+part} (stop)
// e.g. "fluechtlinge|flüchtlinge[1] ~fluchtling,fluechtling". Offsets are not rendered.
std::string Token::DebugString() const {
  std::string out = surface;
  for (const std::string& a : alternates) {
    out.push_back('|');
    out += a;
  }
  out += "[" + std::to_string(position) + "]";
  if (!stems.empty()) {
    out += " ~";
    AppendJoined(out, stems, ',');
  }
  if (!parts.empty()) {
    out += " =";
    AppendJoined(out, parts, '+');
  }
  if (stopword) out += " (stop)";
  return out;
}

std::string Analyzer::DebugString(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    if (!out.empty()) out.push_back(' ');
    out += t.DebugString();
  }
  return out;
}

}  // namespace hilfsnetz::text
