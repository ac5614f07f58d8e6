#include "indexer/document_builder.h"

#include <set>
#include <string_view>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "schemas/stored_record.h"
#include "text/analyzer.h"

namespace hilfsnetz::indexer {
namespace {

// Positions of consecutive fields start this far apart, so a phrase cannot match across a
// field boundary (a field would need more than 100 words after its last one).
constexpr Xapian::termpos kFieldGap = 100;

class TextIndexer {
 public:
  TextIndexer(Xapian::Document& doc, std::string_view language, BuiltDocument& out)
      : doc_(doc), language_(language), out_(out) {}

  void Index(std::string_view text, Xapian::termcount weight, bool spelling) {
    if (text.empty()) return;
    const auto tokens =
        text::Analyzer::Default().Analyze(text, language_, text::Mode::kDocument);
    Xapian::termpos last = base_;
    for (const text::Token& t : tokens) {
      const Xapian::termpos pos = base_ + t.position;
      last = pos;
      doc_.add_posting(t.surface, pos, weight);
      for (const std::string& stem : t.stems) {
        doc_.add_term(std::string(layout::kPrefixStem) + stem, weight);
      }
      for (const std::string& part : t.parts) {
        doc_.add_term(std::string(layout::kPrefixStem) + part, weight);
      }
      if (spelling && !t.stopword && t.surface.size() > 2) out_.spelling_words.push_back(t.surface);
    }
    base_ = last + kFieldGap;
  }

 private:
  Xapian::Document& doc_;
  std::string_view language_;
  BuiltDocument& out_;
  Xapian::termpos base_ = 0;
};

std::string JoinDistinct(const std::vector<std::string>& values) {
  std::set<std::string> seen(values.begin(), values.end());
  std::string out;
  for (const std::string& v : seen) {
    if (!out.empty()) out += layout::kListSeparator;
    out += v;
  }
  return out;
}

void AddFilterTerms(const schemas::Initiative& in, Xapian::Document& doc) {
  using std::string;
  doc.add_boolean_term(string(layout::kPrefixStatus) + string(schemas::InitiativeStatusName(in.status)));
  if (!in.district.empty()) doc.add_boolean_term(string(layout::kPrefixDistrict) + in.district);
  if (!in.neighbourhood.empty()) {
    doc.add_boolean_term(string(layout::kPrefixNeighbourhood) + LooseKey(in.neighbourhood));
  }
  for (const string& topic : in.topics) doc.add_boolean_term(string(layout::kPrefixTopic) + topic);
  for (const schemas::Need& need : in.needs) {
    doc.add_boolean_term(string(layout::kPrefixNeed) + string(schemas::NeedTypeName(need.type)));
  }
  if (!in.language.empty()) doc.add_boolean_term(string(layout::kPrefixLanguage) + in.language);
  doc.add_boolean_term(string(layout::kPrefixCity) + LooseKey(in.city));
}

void AddValues(const schemas::Initiative& in, Xapian::Document& doc) {
  doc.add_value(layout::kSlotCreated, Xapian::sortable_serialise(static_cast<double>(in.created_unix)));
  doc.add_value(layout::kSlotUpdated, Xapian::sortable_serialise(static_cast<double>(in.updated_unix)));
  doc.add_value(layout::kSlotFundingGap, Xapian::sortable_serialise(in.FundingGap()));
  if (in.location) {
    doc.add_value(layout::kSlotLocation,
                  Xapian::LatLongCoord(in.location->lat, in.location->lon).serialise());
  }
  doc.add_value(layout::kSlotDistrict, in.district);
  std::vector<std::string> needs;
  for (const schemas::Need& n : in.needs) needs.emplace_back(schemas::NeedTypeName(n.type));
  doc.add_value(layout::kSlotNeeds, JoinDistinct(needs));
  doc.add_value(layout::kSlotTopics, JoinDistinct(in.topics));
  doc.add_value(layout::kSlotLanguage, in.language);
}

}  // namespace

void FillLanguage(schemas::Initiative& initiative) {
  if (!initiative.language.empty()) return;
  std::string text = initiative.title + ". " + initiative.summary + " " + initiative.description;
  std::string detected = text::DetectLanguage(text);
  initiative.language = detected.empty() ? "de" : detected;
}

BuiltDocument BuildDocument(const schemas::Initiative& in) {
  BuiltDocument out;
  Xapian::Document& doc = out.document;
  TextIndexer text(doc, in.language, out);
  text.Index(in.title, layout::kWeightTitle, true);
  text.Index(in.organisation, layout::kWeightOrganisation, true);
  text.Index(in.summary, layout::kWeightSummary, true);
  text.Index(in.description, layout::kWeightDescription, true);
  for (const schemas::Need& need : in.needs) text.Index(need.description, 1, true);
  for (const std::string& group : in.target_groups) text.Index(group, 1, false);
  text.Index(in.neighbourhood, 1, false);
  text.Index(in.district, 1, false);

  out.id_term = std::string(layout::kPrefixId) + in.id;
  doc.add_boolean_term(out.id_term);
  AddFilterTerms(in, doc);
  AddValues(in, doc);
  doc.set_data(schemas::EncodeStoredInitiative(in));
  return out;
}

}  // namespace hilfsnetz::indexer
