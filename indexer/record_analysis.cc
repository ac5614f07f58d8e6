#include "indexer/record_analysis.h"

namespace hilfsnetz::indexer {

RecordAnalysis AnalyseRecord(const schemas::Initiative& r) {
  auto analyse = [&r](const std::string& text) {
    return text::AnalyseDocumentText(text, r.language);
  };
  RecordAnalysis out;
  out.language = text::Analyzer::DocumentLanguage(r.language);
  out.title = analyse(r.title);
  out.organisation = analyse(r.organisation);
  out.summary = analyse(r.summary);
  out.description = analyse(r.description);
  out.needs.reserve(r.needs.size());
  for (const schemas::Need& need : r.needs) out.needs.push_back(analyse(need.description));
  out.target_groups.reserve(r.target_groups.size());
  for (const std::string& group : r.target_groups) out.target_groups.push_back(analyse(group));
  out.neighbourhood = analyse(r.neighbourhood);
  out.district = analyse(r.district);
  return out;
}

}  // namespace hilfsnetz::indexer
