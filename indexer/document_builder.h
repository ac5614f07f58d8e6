// DocumentBuilder: turns one parsed Initiative into the Xapian document of core/index_layout.h.
//
// Text fields are analysed with the one text::Analyzer in the record's language (once, by
// AnalyseRecord, whose analysis the embedder reads too): each word
// gives its surface term (with position, wdf = field weight) and its stem and compound-part
// stems (Z-prefixed). Fields are separated by a position gap so phrases never span two
// fields. Filter terms, sortable values and the canonical JSON (document data) are added.
//
// Thread-safety: BuildDocument is a pure function; safe from any thread.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/record_analysis.h"
#include "schemas/initiative.h"

namespace hilfsnetz::indexer {

struct BuiltDocument {
  Xapian::Document document;
  std::string id_term;                      // "Q<id>", for replace_document
  std::vector<std::string> spelling_words;  // surfaces for the spelling dictionary
};

struct DocumentOptions {
  // XA (title) and XP (phrase) terms for /v1/suggest (core/index_layout.h). Off only to
  // measure what they cost (bench/crosslingual_bench --index-size).
  bool suggest_terms = true;
};

// REQUIRES: `initiative` came from schemas::ParseInitiative (validated, canonical) and its
// language is set (see FillLanguage).
BuiltDocument BuildDocument(const schemas::Initiative& initiative,
                            const DocumentOptions& options = {});
// The same from the record's fields analysed already (for its vector too).
// REQUIRES: `analysis` is AnalyseRecord(initiative).
BuiltDocument BuildDocument(const schemas::Initiative& initiative, const RecordAnalysis& analysis,
                            const DocumentOptions& options = {});
// The same with the record's vector in the embedding slot (none when `vector` is empty): what
// the build, a live write and bench/prepare_cost store.
BuiltDocument BuildDocumentWithVector(const schemas::Initiative& initiative,
                                      const RecordAnalysis& analysis,
                                      const std::vector<float>& vector,
                                      const DocumentOptions& options = {});

// Sets initiative.language when absent: CLD2 on title + summary + description, "de" when the
// detection is not reliable.
void FillLanguage(schemas::Initiative& initiative);

}  // namespace hilfsnetz::indexer
