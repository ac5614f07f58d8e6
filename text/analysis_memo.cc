#include "text/analysis_memo.h"

namespace hilfsnetz::text {
namespace {
thread_local AnalysisMemo* current = nullptr;
}  // namespace

AnalysisMemo::AnalysisMemo() : outer_(current) { current = this; }

AnalysisMemo::~AnalysisMemo() { current = outer_; }

AnalysisMemo* AnalysisMemo::Current() { return current; }

const std::vector<Token>* AnalysisMemo::Find(const Analyzer* analyzer, std::string_view text,
                                             std::string_view language, Mode mode) const {
  auto it =
      tokens_.find(Key(analyzer, std::string(text), std::string(language), static_cast<int>(mode)));
  return it == tokens_.end() ? nullptr : &it->second;
}

void AnalysisMemo::Remember(const Analyzer* analyzer, std::string_view text,
                            std::string_view language, Mode mode,
                            const std::vector<Token>& tokens) {
  tokens_.emplace(Key(analyzer, std::string(text), std::string(language), static_cast<int>(mode)),
                  tokens);
}

}  // namespace hilfsnetz::text
