// Raw Xapian: the baseline hilfsnetz is held against. What a competent developer would
// write in an afternoon with Xapian's own tools, and nothing more:
//   index:  TermGenerator, stemmer "german", default STEM_SOME (surface words with
//           positions plus Z-prefixed stems of every word); title, summary and description
//           of one record in one document, title words counted 3x and summary words 2x
//           (wdf increments); the record's JSON as document data; a Q<id> term.
//   search: QueryParser, stemmer "german", STEM_ALL_Z (the default STEM_SOME skips every
//           capitalised word, i.e. every German noun; see DESIGN.md "Measured on this kind
//           of machine"), default operator OR, BM25 (Xapian's default), top 10, data fetched.
#include <xapian.h>
#include <filesystem>

#include <memory>
#include <string>

#include "bench/peers/peer.h"

namespace hilfsnetz::bench {
namespace {

class XapianPeer final : public Peer {
 public:
  explicit XapianPeer(std::string dir) : dir_(std::move(dir)) {}

  std::string Name() const override { return "xapian-raw"; }

  Status Build(const std::string& corpus_path) override {
    try {
      Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator tg;
      tg.set_stemmer(Xapian::Stem("german"));
      Status s = ForEachRecord(corpus_path, [&](const BenchRecord& r) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(r.title, 3);
        tg.increase_termpos();
        tg.index_text(r.summary, 2);
        tg.increase_termpos();
        tg.index_text(r.description);
        doc.set_data(std::string(r.json));
        doc.add_boolean_term("Q" + r.id);
        db.add_document(doc);
        return Status::Ok();
      });
      if (!s.ok()) return s;
      db.commit();
    } catch (const Xapian::Error& e) {
      return InternalError("xapian build: " + e.get_description());
    }
    return Status::Ok();
  }

  Status OpenForSearch() override {
    try {
      db_ = std::make_unique<Xapian::Database>(dir_);
      parser_.set_database(*db_);
      parser_.set_stemmer(Xapian::Stem("german"));
      parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
      parser_.set_default_op(Xapian::Query::OP_OR);
      enquire_ = std::make_unique<Xapian::Enquire>(*db_);
    } catch (const Xapian::Error& e) {
      return InternalError("xapian open: " + e.get_description());
    }
    return Status::Ok();
  }

  Result<uint64_t> IndexBytes() override { return DiskBytes(dir_); }
  bool HasIndex() const override { return std::filesystem::exists(dir_ + "/iamglass"); }

  Result<SearchOutcome> Search(const std::string& q) override {
    SearchOutcome out;
    try {
      enquire_->set_query(parser_.parse_query(q));
      Xapian::MSet mset = enquire_->get_mset(0, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        out.data_bytes += it.get_document().get_data().size();
        ++out.hits;
      }
    } catch (const Xapian::Error& e) {
      return InternalError("xapian search: " + e.get_description());
    }
    return out;
  }

 private:
  std::string dir_;
  std::unique_ptr<Xapian::Database> db_;
  std::unique_ptr<Xapian::Enquire> enquire_;
  Xapian::QueryParser parser_;
};

}  // namespace

std::unique_ptr<Peer> MakeXapianPeer(const std::string& dir) {
  return std::make_unique<XapianPeer>(dir);
}

}  // namespace hilfsnetz::bench
