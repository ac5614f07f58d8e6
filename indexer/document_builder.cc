#include "indexer/document_builder.h"

#include <map>
#include <set>
#include <string_view>

#include "core/index_layout.h"
#include "core/loose_key.h"
#include "embed/vector_codec.h"
#include "geo/berlin.h"
#include "schemas/stored_record.h"
#include "text/analysed_text.h"

namespace hilfsnetz::indexer {
namespace {

class TextIndexer {
 public:
  TextIndexer(Xapian::Document& doc, BuiltDocument& out) : doc_(doc), out_(out) {}

  // Indexes one field (layout::NextFieldBase gives the positions; see core/index_layout.h).
  // What the concepts a field names are collected for: kAbout, the fields that say what the
  // initiative is about (title, summary, description: kSlotConcepts); kNeed, a need other
  // than money (kSlotNeedConcepts).
  enum class Collect { kNone, kAbout, kNeed };

  // `text` is the field, `analysed` its analysis (RecordAnalysis). `spans`: the field is
  // highlighted (title, summary, description), so the positions of the words naming concepts
  // go to kSlotConceptSpans.
  void Index(std::string_view text, const text::AnalysedText& analysed, Xapian::termcount weight,
             bool spelling, Collect collect = Collect::kNone, bool spans = false) {
    // An empty field takes no positions; a field of no words (only punctuation) still does.
    if (text.empty()) return;
    const std::vector<text::Token>& tokens = analysed.tokens;
    for (const text::Token& t : tokens) {
      const Xapian::termpos pos = base_ + t.position;
      doc_.add_posting(t.surface, pos, weight);
      for (const std::string& stem : t.stems) AddPrefixed(layout::kPrefixStem, stem, weight);
      for (const std::string& part : t.parts) AddPrefixed(layout::kPrefixStem, part, weight);
      if (spelling && !t.stopword && t.surface.size() > 2) out_.spelling_words.push_back(t.surface);
    }
    IndexConcepts(analysed, weight, collect, spans);
    base_ = layout::NextFieldBase(base_, false, static_cast<unsigned>(tokens.size()));
  }

  // The concepts named by the kAbout fields and by the kNeed fields, by id.
  const std::set<std::string>& about_concepts() const { return about_concepts_; }
  const std::set<std::string>& need_concepts() const { return need_concepts_; }
  // The concepts the highlighted fields name, each with the positions of its naming words.
  const std::map<std::string, std::set<Xapian::termpos>>& concept_spans() const {
    return concept_spans_;
  }

 private:
  // K<concept> for each concept the words name and its ancestors; each naming counts `weight`
  // once, whatever the number of its words. The K terms carry no positions (a fifth of a
  // commit's time went to writing them, bench/commit_cost): the positions of the naming words
  // of the highlighted fields go to kSlotConceptSpans instead, under the concept named.
  void IndexConcepts(const text::AnalysedText& analysed, Xapian::termcount weight, Collect collect,
                     bool spans) {
    const text::ConceptLexicon& lexicon = text::ConceptLexicon::Default();
    const std::vector<text::ConceptMatch>& matches = analysed.concepts;
    // What the record is about, as the need matcher reads texts (text::Outermost); the K
    // terms keep every run, so that a search for "Lebensmittel" finds "haltbare Lebensmittel".
    if (collect != Collect::kNone) {
      std::set<std::string>& into = collect == Collect::kAbout ? about_concepts_ : need_concepts_;
      for (const text::ConceptMatch& m : text::Outermost(matches))
        into.insert(lexicon.Get(m.id).id);
    }
    for (const text::ConceptMatch& m : matches) {
      std::vector<Xapian::termpos> positions;
      for (uint32_t i = m.first; i < m.last; ++i) {
        if (!analysed.tokens[i].stopword) positions.push_back(base_ + analysed.tokens[i].position);
      }
      if (positions.empty()) continue;  // stop words alone name nothing
      for (text::ConceptId c : lexicon.WithAncestors(m.id)) {
        AddPrefixed(layout::kPrefixConcept, lexicon.Get(c).id, weight);
      }
      if (spans) concept_spans_[lexicon.Get(m.id).id].insert(positions.begin(), positions.end());
    }
  }

  // doc_.add_term(prefix + term), built in a buffer kept from term to term.
  void AddPrefixed(std::string_view prefix, const std::string& term, Xapian::termcount weight) {
    term_.assign(prefix).append(term);
    doc_.add_term(term_, weight);
  }

  Xapian::Document& doc_;
  std::string term_;
  std::set<std::string> about_concepts_;
  std::set<std::string> need_concepts_;
  std::map<std::string, std::set<Xapian::termpos>> concept_spans_;
  BuiltDocument& out_;
  Xapian::termpos base_ = 0;
};

// XA<title> and XP<phrase> terms for /v1/suggest (core/index_layout.h): the title's words,
// its runs of 2-3 words and the summary's runs of 2 words that neither start nor end in a
// stop word ("hilfe für geflüchtete", "deutschkurs für frauen").
void AddSuggestTerms(const RecordAnalysis& analysis, Xapian::Document& doc) {
  auto join = [](const std::vector<text::Token>& t, size_t from, size_t n) {
    std::string out;
    for (size_t i = from; i < from + n; ++i) {
      if (out.size() + t[i].surface.size() + 1 > layout::kMaxSuggestTermBytes) break;
      if (!out.empty()) out += ' ';
      out += t[i].surface;
    }
    return out;
  };
  auto phrases = [&](const std::vector<text::Token>& t, size_t max_n) {
    for (size_t n = 2; n <= max_n; ++n) {
      for (size_t i = 0; i + n <= t.size(); ++i) {
        if (t[i].stopword || t[i + n - 1].stopword) continue;
        doc.add_boolean_term(std::string(layout::kPrefixPhrase) + join(t, i, n));
      }
    }
  };
  const std::vector<text::Token>& title = analysis.title.tokens;
  if (!title.empty())
    doc.add_boolean_term(std::string(layout::kPrefixTitle) + join(title, 0, title.size()));
  phrases(title, 3);
  phrases(analysis.summary.tokens, 2);
}

std::string JoinDistinct(const std::set<std::string>& seen) {
  std::string out;
  for (const std::string& v : seen) {
    if (!out.empty()) out += layout::kListSeparator;
    out += v;
  }
  return out;
}

std::string JoinDistinct(const std::vector<std::string>& values) {
  return JoinDistinct(std::set<std::string>(values.begin(), values.end()));
}

void AddFilterTerms(const schemas::Initiative& in, Xapian::Document& doc) {
  using std::string;
  doc.add_boolean_term(string(layout::kPrefixStatus) +
                       string(schemas::InitiativeStatusName(in.status)));
  if (!in.district.empty()) doc.add_boolean_term(string(layout::kPrefixDistrict) + in.district);
  if (!in.neighbourhood.empty()) {
    doc.add_boolean_term(string(layout::kPrefixNeighbourhood) + LooseKey(in.neighbourhood));
    // A Kiez lies in an Ortsteil: neighbourhood=Kreuzberg finds the records of the Graefekiez.
    const geo::Kiez* kiez = in.IsBerlin() ? geo::Berlin::Get().FindKiez(in.neighbourhood) : nullptr;
    if (kiez && kiez->district == in.district) {
      doc.add_boolean_term(string(layout::kPrefixNeighbourhood) + LooseKey(kiez->ortsteil));
    }
  }
  for (const string& topic : in.topics) doc.add_boolean_term(string(layout::kPrefixTopic) + topic);
  for (const schemas::Need& need : in.needs) {
    doc.add_boolean_term(string(layout::kPrefixNeed) + string(schemas::NeedTypeName(need.type)));
  }
  if (!in.language.empty()) doc.add_boolean_term(string(layout::kPrefixLanguage) + in.language);
  doc.add_boolean_term(string(layout::kPrefixCity) + LooseKey(in.city));
}

void AddValues(const schemas::Initiative& in, const TextIndexer& text, Xapian::Document& doc) {
  doc.add_value(layout::kSlotCreated,
                Xapian::sortable_serialise(static_cast<double>(in.created_unix)));
  doc.add_value(layout::kSlotUpdated,
                Xapian::sortable_serialise(static_cast<double>(in.updated_unix)));
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
  doc.add_value(layout::kSlotConcepts, JoinDistinct(text.about_concepts()));
  doc.add_value(layout::kSlotNeedConcepts, JoinDistinct(text.need_concepts()));
  if (!text.concept_spans().empty()) {
    doc.add_value(layout::kSlotConceptSpans, layout::EncodeConceptSpans(text.concept_spans()));
  }
}

}  // namespace

void FillLanguage(schemas::Initiative& initiative) {
  if (!initiative.language.empty()) return;
  std::string text = initiative.title + ". " + initiative.summary + " " + initiative.description;
  std::string detected = text::DetectLanguage(text);
  initiative.language = detected.empty() ? "de" : detected;
}

BuiltDocument BuildDocument(const schemas::Initiative& in, const DocumentOptions& options) {
  return BuildDocument(in, AnalyseRecord(in), options);
}

BuiltDocument BuildDocument(const schemas::Initiative& in, const RecordAnalysis& analysis,
                            const DocumentOptions& options) {
  BuiltDocument out;
  Xapian::Document& doc = out.document;
  using Collect = TextIndexer::Collect;
  TextIndexer text(doc, out);
  text.Index(in.title, analysis.title, layout::kWeightTitle, true, Collect::kAbout, true);
  text.Index(in.organisation, analysis.organisation, layout::kWeightOrganisation, true);
  text.Index(in.summary, analysis.summary, layout::kWeightSummary, true, Collect::kAbout, true);
  text.Index(in.description, analysis.description, layout::kWeightDescription, true,
             Collect::kAbout, true);
  for (size_t i = 0; i < in.needs.size(); ++i) {
    const schemas::Need& need = in.needs[i];
    text.Index(need.description, analysis.needs[i], 1, true,
               need.type == schemas::NeedType::kMoney ? Collect::kNone : Collect::kNeed);
  }
  for (size_t i = 0; i < in.target_groups.size(); ++i) {
    text.Index(in.target_groups[i], analysis.target_groups[i], 1, false);
  }
  text.Index(in.neighbourhood, analysis.neighbourhood, 1, false);
  text.Index(in.district, analysis.district, 1, false);

  out.id_term = std::string(layout::kPrefixId) + in.id;
  doc.add_boolean_term(out.id_term);
  AddFilterTerms(in, doc);
  if (options.suggest_terms) AddSuggestTerms(analysis, doc);
  AddValues(in, text, doc);
  doc.set_data(schemas::EncodeStoredInitiative(in));
  return out;
}

BuiltDocument BuildDocumentWithVector(const schemas::Initiative& in, const RecordAnalysis& analysis,
                                      const std::vector<float>& vector,
                                      const DocumentOptions& options) {
  BuiltDocument built = BuildDocument(in, analysis, options);
  if (!vector.empty())
    built.document.add_value(layout::kSlotEmbedding, embed::SerializeVector(vector));
  return built;
}

}  // namespace hilfsnetz::indexer
