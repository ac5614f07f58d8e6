// The on-disk contract shared by indexer/ (writes) and ranking/ (reads).
//
// An index directory DIR holds generations and a CURRENT file:
//   DIR/CURRENT        one line: the name of the live generation, e.g. "gen-000003"
//   DIR/gen-000003/    a Xapian glass database
// A full rebuild writes DIR/gen-<n+1>/, then publishes it by writing CURRENT.tmp and
// rename()-ing it over CURRENT (atomic on POSIX), as LevelDB's SetCurrentFile does. Readers
// notice the new name and switch; old generations are removed by the next build once no
// longer CURRENT (readers that still hold one open keep their file handles).
//
// Inside a generation (all terms are UTF-8, NFKC + case folded by text::Analyzer):
//   Q<id>                 unique id term
//   <surface>             word as written (positions; wdf boosted by field weight)
//   Z<stem>               stems and compound-part stems (no positions)
//   K<concept id>         concepts of text/concept_lexicon.h named by the words, and their
//                         ancestors (no positions: kSlotConceptSpans has those of the
//                         highlighted fields)
//   XD<district>          canonical district          XN<LooseKey(neighbourhood)>
//   XR<need type>         e.g. XRmoney                XT<topic>, XL<language>, XS<status>
//   XC<LooseKey(city)>
//   XA<title>             the title's words (normalised, one space between), for "initiatives
//                         whose titles start with" in /v1/suggest
//   XP<phrase>            runs of 2-3 words of the title and of 2 words of the summary, not
//                         starting or ending in a stop word, for phrase suggestions
// Value slots are listed in ValueSlot; metadata keys in the kMeta* constants.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace Xapian {
class Database;
}  // namespace Xapian

namespace hilfsnetz::layout {

inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixStem = "Z";
inline constexpr std::string_view kPrefixConcept = "K";
inline constexpr std::string_view kPrefixDistrict = "XD";
inline constexpr std::string_view kPrefixNeighbourhood = "XN";
inline constexpr std::string_view kPrefixNeed = "XR";
inline constexpr std::string_view kPrefixTopic = "XT";
inline constexpr std::string_view kPrefixLanguage = "XL";
inline constexpr std::string_view kPrefixStatus = "XS";
inline constexpr std::string_view kPrefixCity = "XC";
inline constexpr std::string_view kPrefixTitle = "XA";
inline constexpr std::string_view kPrefixPhrase = "XP";
// Longest XA/XP term in bytes (Xapian's limit is ~245); longer titles are cut at a word.
inline constexpr size_t kMaxSuggestTermBytes = 120;

enum ValueSlot : unsigned {
  kSlotCreated = 0,     // sortable_serialise(created_unix)
  kSlotUpdated = 1,     // sortable_serialise(updated_unix)
  kSlotFundingGap = 2,  // sortable_serialise(open EUR over money needs)
  kSlotLocation = 3,    // Xapian::LatLongCoords::serialise()
  kSlotDistrict = 4,    // canonical district (display form), for facets
  kSlotNeeds = 5,       // need types joined by '\x1f' (distinct), for facets
  kSlotTopics = 6,      // topics joined by '\x1f'
  kSlotLanguage = 7,    // record language tag
  kSlotEmbedding = 8,   // float32 little-endian unit vector (embed/vector_codec.h)
  kSlotConcepts =
      9,  // ids of the concepts named in title, summary and description, joined by '\x1f'
  kSlotNeedConcepts =
      10,  // ids of the concepts named by the needs other than money, joined by '\x1f'
  // The concepts named in title, summary and description, each with the positions of its
  // naming words (EncodeConceptSpans), for highlighting the words that matched a query's
  // concept; absent when they name none.
  kSlotConceptSpans = 11,
};

inline constexpr char kListSeparator = '\x1f';

inline constexpr std::string_view kMetaAnalyzerVersion = "hilfsnetz.analyzer_version";
inline constexpr std::string_view kMetaFormatVersion = "hilfsnetz.format_version";
inline constexpr std::string_view kMetaBuiltAt = "hilfsnetz.built_at";
// Embeddings: their dimension ("" = none) and kind ("trained" by the corpus embedder, or
// "provided" by the records); the trained model lives in DIR/<generation>/kEmbedderFile.
inline constexpr std::string_view kMetaEmbeddingDims = "hilfsnetz.embedding_dims";
inline constexpr std::string_view kMetaEmbeddingKind = "hilfsnetz.embedding_kind";
inline constexpr std::string_view kEmbedderFile = "embedder.bin";
// 2: document data is the binary record of schemas/stored_record.h (1: canonical JSON).
// 3: kSlotConcepts. 4: kSlotNeedConcepts. 5: K terms without positions, kSlotConceptSpans.
inline constexpr int kFormatVersion = 5;

// Field weights: how much more a word in this field counts (wdf increment per occurrence).
inline constexpr unsigned kWeightTitle = 6;
inline constexpr unsigned kWeightOrganisation = 3;
inline constexpr unsigned kWeightSummary = 3;
inline constexpr unsigned kWeightDescription = 1;

// Positions: the text fields are indexed in this order: title, organisation, summary,
// description, need descriptions, target groups, neighbourhood, district. A field's words
// have positions base + 1 … base + n; the first base is 0, and a non-empty field moves the
// next base to base + n + kFieldGap, so a phrase never matches across two fields (that would
// need a field of more than kFieldGap words after its last one). The highlighter recomputes
// the bases to find concept positions in a hit's fields.
inline constexpr unsigned kFieldGap = 100;
inline constexpr unsigned NextFieldBase(unsigned base, bool field_empty, unsigned words) {
  return field_empty ? base : base + words + kFieldGap;
}

// kSlotConceptSpans: "id:p,p,…" per concept (ids of text/concept_lexicon.h, positions in
// ascending order), joined by kListSeparator, concepts in ascending order of id:
// "deutschkurs:14,15\x1flebensmittel:3".
std::string EncodeConceptSpans(const std::map<std::string, std::set<unsigned>>& spans);
// Calls `each(id, positions)` for each concept of an EncodeConceptSpans value; stops at the
// first malformed entry (a damaged value highlights less, never fails a search).
void ForEachConceptSpan(
    std::string_view value,
    const std::function<void(std::string_view id, const std::vector<unsigned>& positions)>& each);

// Reads DIR/CURRENT; NotFound when there is none (no index built yet).
Result<std::string> ReadCurrent(const std::string& index_dir);
// The path of the live generation: DIR/<CURRENT>.
Result<std::string> CurrentGenerationPath(const std::string& index_dir);
// Atomically points DIR/CURRENT at `generation` (write temp + fsync + rename + fsync dir).
Status PublishGeneration(const std::string& index_dir, const std::string& generation);

// fsync of a directory: makes the entries created or renamed in it durable.
Status SyncDirectory(const std::string& dir);
// A fresh generation name, one past the highest present in DIR.
std::string NextGenerationName(const std::string& index_dir);

// OK when the generation at `path`, open as `db`, was built with `analyzer_version` (the
// caller's text::kAnalyzerVersion) and this build's kFormatVersion; else FailedPrecondition
// naming both and asking for a rebuild. The one check for readers, the writer and rollback.
// May throw Xapian::Error (call it inside GuardXapian).
Status CheckIndexVersion(const Xapian::Database& db, const std::string& path, int analyzer_version);

}  // namespace hilfsnetz::layout
