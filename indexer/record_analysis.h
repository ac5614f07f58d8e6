// RecordAnalysis: every text field of a record analysed once (text::AnalyseDocumentText in the
// record's language), for its document (BuildDocument) and for its vector (EmbedFieldsOf in
// indexer/embedding_stage.h). A write used to analyse title, summary, description and needs
// for the embedder and again for the document, and to match their concepts twice.
//
//   const RecordAnalysis analysis = AnalyseRecord(record);  // after FillLanguage
//   vector = embedder.Embed(EmbedFieldsOf(analysis));
//   built = BuildDocument(record, analysis);
//
// Thread-safety: AnalyseRecord is a pure function; safe from any thread.
#pragma once

#include <vector>

#include "schemas/initiative.h"
#include "text/analysed_text.h"

namespace hilfsnetz::indexer {

struct RecordAnalysis {
  std::string language;  // text::Analyzer::DocumentLanguage of the record's language
  text::AnalysedText title;
  text::AnalysedText organisation;
  text::AnalysedText summary;
  text::AnalysedText description;
  std::vector<text::AnalysedText> needs;          // of needs[i].description
  std::vector<text::AnalysedText> target_groups;  // of target_groups[i]
  text::AnalysedText neighbourhood;
  text::AnalysedText district;
};

// REQUIRES: the record's language is set (FillLanguage).
RecordAnalysis AnalyseRecord(const schemas::Initiative& record);

}  // namespace hilfsnetz::indexer
