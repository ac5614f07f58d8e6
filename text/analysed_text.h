// AnalysedText: one field of a record analysed once, for everyone who reads it. A written record
// needs its fields twice, for the terms of its document (indexer/document_builder.h) and for
// its vector (embed/embedder.h); both read the same tokens and the same concept matches, so
// each field is analysed and matched once (one analysis for indexing and querying).
//
//   const text::AnalysedText title = text::AnalyseDocumentText(record.title, record.language);
//   for (const text::Token& t : title.tokens) ...      // terms, features
//   for (const text::ConceptMatch& m : title.concepts) ...  // K terms, "c:" features
//
// Thread-safety: AnalyseDocumentText is a pure function over the thread-safe
// Analyzer::Default() and ConceptLexicon::Default().
#pragma once

#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/concept_lexicon.h"

namespace hilfsnetz::text {

struct AnalysedText {
  std::vector<Token> tokens;           // document mode, in the record's document language
  std::vector<ConceptMatch> concepts;  // ConceptLexicon::MatchText of `tokens`
};

// `text` analysed in document mode as a record in `language` (any tag: read as
// Analyzer::DocumentLanguage(language)), with the concepts its words name. Empty for "".
AnalysedText AnalyseDocumentText(std::string_view text, std::string_view language);

}  // namespace hilfsnetz::text
