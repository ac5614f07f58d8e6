// AnalysisMemo: while one is in scope on a thread, Analyzer::Analyze on that thread returns
// the tokens it already produced for the same analyser, text, language and mode instead of
// analysing again. A written record is analysed by the embedder (embed/features.cc, for its
// vector) and by the document builder (indexer/document_builder.cc, for its terms): the same
// fields in the same language and mode, so with a memo around both each field is analysed
// once (indexer/live_writer.cc, Prepare). The answer is the same with or without a memo.
//
//   {
//     text::AnalysisMemo memo;
//     vector = embedder.Embed(input);      // analyses title, summary, …
//     document = BuildDocument(record);    // reuses those tokens
//   }
//
// Scopes nest (the inner one is used until it ends). Not shared between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "text/analyzer.h"

namespace hilfsnetz::text {

class AnalysisMemo {
 public:
  AnalysisMemo();
  ~AnalysisMemo();
  AnalysisMemo(const AnalysisMemo&) = delete;
  AnalysisMemo& operator=(const AnalysisMemo&) = delete;

  // The memo in scope on this thread, or nullptr.
  static AnalysisMemo* Current();

  const std::vector<Token>* Find(const Analyzer* analyzer, std::string_view text,
                                 std::string_view language, Mode mode) const;
  void Remember(const Analyzer* analyzer, std::string_view text, std::string_view language,
                Mode mode, const std::vector<Token>& tokens);

 private:
  using Key = std::tuple<const Analyzer*, std::string, std::string, int>;
  std::map<Key, std::vector<Token>, std::less<>> tokens_;
  AnalysisMemo* outer_;
};

}  // namespace hilfsnetz::text
