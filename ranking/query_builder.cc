#include "ranking/query_builder.h"

#include <algorithm>
#include <vector>

#include "core/index_layout.h"
#include "text/analyzer.h"

namespace hilfsnetz::ranking {
namespace {

using text::Token;

std::string Z(const std::string& stem) { return std::string(layout::kPrefixStem) + stem; }

Xapian::Query Scaled(Xapian::Query q, double factor) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, factor);
}

class Builder {
 public:
  explicit Builder(const Xapian::Database& db) : db_(db) {}

  // The query for one analysed word; empty Query when nothing in the index matches.
  Xapian::Query Word(const Token& t, QueryPlan& plan) {
    std::vector<Xapian::Query> alts;
    if (db_.term_exists(t.surface)) alts.emplace_back(t.surface);
    plan.mark_surfaces.insert(t.surface);
    for (const std::string& a : t.alternates) {
      plan.mark_surfaces.insert(a);
      if (db_.term_exists(a)) alts.push_back(Scaled(Xapian::Query(a), 0.9));
    }
    std::vector<Xapian::Query> stems;
    for (const std::string& s : t.stems) {
      plan.mark_stems.insert(s);
      if (db_.term_exists(Z(s))) stems.emplace_back(Z(s));
    }
    if (!stems.empty()) {
      alts.emplace_back(Xapian::Query::OP_SYNONYM, stems.begin(), stems.end());
    }
    std::set<std::string> syn_terms;  // a synonym reached from two stems counts once
    for (const std::string& s : t.stems) {
      for (const std::string& syn : text::Analyzer::Default().SynonymStems(s)) {
        if (std::find(t.stems.begin(), t.stems.end(), syn) != t.stems.end()) continue;
        plan.mark_stems.insert(syn);
        if (db_.term_exists(Z(syn))) syn_terms.insert(Z(syn));
      }
    }
    std::vector<Xapian::Query> syns(syn_terms.begin(), syn_terms.end());
    if (!syns.empty()) {
      alts.push_back(Scaled(Xapian::Query(Xapian::Query::OP_SYNONYM, syns.begin(), syns.end()), 0.5));
    }
    if (t.parts.size() > 1) {
      std::vector<Xapian::Query> parts;
      bool all = true;
      for (const std::string& p : t.parts) {
        plan.mark_stems.insert(p);
        all = all && db_.term_exists(Z(p));
        parts.emplace_back(Z(p));
      }
      if (all) alts.push_back(Scaled(Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), 0.5));
    }
    if (alts.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
  }

  // Xapian's spelling suggestion for a word without matches, analysed like the query.
  // Tries the word as typed, then its umlaut alternates ("fluechtlnge" -> "flüchtlnge", one
  // edit away from "flüchtlinge").
  std::optional<Token> Corrected(const Token& t) {
    std::string suggestion = db_.get_spelling_suggestion(t.surface, 2);
    for (size_t i = 0; suggestion.empty() && i < t.alternates.size(); ++i) {
      suggestion = db_.get_spelling_suggestion(t.alternates[i], 2);
    }
    if (suggestion.empty() || suggestion == t.surface) return std::nullopt;
    auto tokens = text::Analyzer::Default().Analyze(suggestion, "", text::Mode::kQuery);
    if (tokens.size() != 1) return std::nullopt;
    return tokens.front();
  }

  Xapian::Query Phrase(const std::string& text, QueryPlan& plan) {
    auto tokens = text::Analyzer::Default().Analyze(text, "", text::Mode::kQuery);
    if (tokens.size() == 1) return Word(tokens.front(), plan);
    std::vector<Xapian::Query> terms;
    for (const Token& t : tokens) {
      plan.mark_surfaces.insert(t.surface);
      terms.emplace_back(t.surface);
    }
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
  }

 private:
  const Xapian::Database& db_;
};

Xapian::Query CoverageBonus(const Xapian::Query& word) {
  Xapian::Query bonus((new Xapian::FixedWeightPostingSource(kCoverageBonus))->release());
  return Xapian::Query(Xapian::Query::OP_FILTER, bonus, word);
}

// Rebuilds q's words with corrections for did_you_mean.
std::string CorrectedText(const std::string& words, const std::vector<Token>& tokens,
                          const std::vector<std::pair<size_t, std::string>>& fixes) {
  std::string out = words;
  for (auto it = fixes.rbegin(); it != fixes.rend(); ++it) {
    const Token& t = tokens[it->first];
    out.replace(t.begin, t.end - t.begin, it->second);
  }
  return out;
}

}  // namespace

QueryPlan BuildQueryPlan(const StaffQuery& staff, const Xapian::Database& db,
                         const PlanOptions& options) {
  QueryPlan plan;
  Builder b(db);
  auto tokens = text::Analyzer::Default().Analyze(staff.words, "", text::Mode::kQuery);
  bool all_stop = true;
  for (const Token& t : tokens) all_stop = all_stop && t.stopword;

  std::vector<Xapian::Query> words;
  std::vector<std::pair<size_t, std::string>> fixes;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.stopword && !all_stop) continue;
    if (static_cast<size_t>(plan.word_count) >= options.max_words) break;
    ++plan.word_count;
    Xapian::Query q = b.Word(t, plan);
    if (q.empty() && options.spelling) {
      if (auto fixed = b.Corrected(t)) {
        q = Scaled(b.Word(*fixed, plan), 0.8);
        fixes.emplace_back(i, fixed->surface);
      }
    }
    if (!q.empty()) words.push_back(q);
  }
  if (!fixes.empty()) plan.did_you_mean = CorrectedText(staff.words, tokens, fixes);

  Xapian::Query text;
  if (words.size() == 1) {
    text = words.front();
  } else if (words.size() > 1) {
    std::vector<Xapian::Query> scored(words.begin(), words.end());
    if (options.coverage_bonus) {
      for (const Xapian::Query& w : words) scored.push_back(CoverageBonus(w));
    }
    text = Xapian::Query(Xapian::Query::OP_OR, scored.begin(), scored.end());
  }

  std::vector<Xapian::Query> phrases;
  for (const std::string& p : staff.phrases) {
    Xapian::Query q = b.Phrase(p, plan);
    phrases.push_back(q.empty() ? Xapian::Query() : q);  // Query(): matches nothing
  }
  if (!phrases.empty()) {
    Xapian::Query required(Xapian::Query::OP_AND, phrases.begin(), phrases.end());
    text = text.empty() ? required : Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, text);
  }
  // Words typed that match nothing at all (and no correction) leave the text empty although
  // the person asked for something: then nothing matches, rather than everything.
  plan.has_text = !text.empty() || plan.word_count > 0 || !staff.phrases.empty();
  // Never the static Xapian::Query::MatchAll: its reference count is not atomic, and searches
  // run in parallel threads (Xapian's documentation says as much; it crashed the server under
  // load). Query(std::string()) is the same query, owned by this thread; Query() matches nothing.
  if (text.empty()) text = plan.has_text ? Xapian::Query() : Xapian::Query(std::string());

  std::vector<Xapian::Query> excluded;
  QueryPlan ignored;
  for (const std::string& n : staff.negated) {
    Xapian::Query q = b.Phrase(n, ignored);
    if (!q.empty()) excluded.push_back(q);
  }
  if (!excluded.empty()) {
    text = Xapian::Query(Xapian::Query::OP_AND_NOT, text,
                         Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  }
  plan.query = text;
  return plan;
}

}  // namespace hilfsnetz::ranking
