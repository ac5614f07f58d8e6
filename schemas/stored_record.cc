#include "schemas/stored_record.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/byte_io.h"

namespace hilfsnetz::schemas {
namespace {

constexpr std::string_view kMagic = "HNR1";
// A list longer than the bytes left cannot be real; this bounds reserve() on damaged input.
constexpr size_t kMinItemBytes = 4;

enum NeedBits : uint8_t { kAmount = 1, kRaised = 2, kQuantity = 4, kHours = 8 };

void PutOptional(ByteWriter& w, const std::optional<double>& v, uint8_t bit, uint8_t bits) {
  if (bits & bit) w.F64(*v);
}

void PutList(ByteWriter& w, const std::vector<std::string>& list) {
  w.U32(static_cast<uint32_t>(list.size()));
  for (const std::string& s : list) w.String(s);
}

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : r_(bytes) {}

  // Each Read sets `where` first, so a failure can say what was damaged.
  bool Str(const char* what, std::string& out) {
    where_ = what;
    std::string_view v;
    if (!r_.String(v)) return false;
    out.assign(v);
    return true;
  }
  bool List(const char* what, std::vector<std::string>& out) {
    uint32_t n = 0;
    where_ = what;
    if (!Count(n)) return false;
    out.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
      std::string s;
      if (!Str(what, s)) return false;
      out.push_back(std::move(s));
    }
    return true;
  }
  bool Count(uint32_t& n) { return r_.U32(n) && n <= r_.remaining() / kMinItemBytes + 1; }
  bool Flag(const char* what, bool& on) {
    where_ = what;
    uint8_t b = 0;
    if (!r_.U8(b) || b > 1) return false;
    on = b == 1;
    return true;
  }
  bool Double(const char* what, double& v) {
    where_ = what;
    return r_.F64(v);
  }
  bool Optional(const char* what, uint8_t bits, uint8_t bit, std::optional<double>& out) {
    if (!(bits & bit)) return true;
    double v = 0;
    if (!Double(what, v)) return false;
    out = v;
    return true;
  }

  bool ReadNeed(Need& need) {
    uint8_t type = 0, bits = 0;
    where_ = "needs";
    if (!r_.U8(type) || type > static_cast<uint8_t>(NeedType::kJobs)) return false;
    need.type = static_cast<NeedType>(type);
    if (!Str("needs", need.description)) return false;
    if (!r_.U8(bits) || bits > 15) return false;
    return Optional("needs", bits, kAmount, need.amount_eur) &&
           Optional("needs", bits, kRaised, need.raised_eur) &&
           Optional("needs", bits, kQuantity, need.quantity) &&
           Optional("needs", bits, kHours, need.hours);
  }

  bool Record(Initiative& in) {
    std::string_view magic;
    where_ = "the header";
    if (!r_.Bytes(kMagic.size(), magic) || magic != kMagic) return false;
    if (!(Str("id", in.id) && Str("title", in.title) && Str("summary", in.summary) &&
          Str("description", in.description) && Str("organisation", in.organisation) &&
          Str("language", in.language) && Str("city", in.city) && Str("district", in.district) &&
          Str("neighbourhood", in.neighbourhood) && Str("postcode", in.postcode))) {
      return false;
    }
    bool has_location = false;
    if (!Flag("location", has_location)) return false;
    if (has_location) {
      geo::LatLon at;
      if (!Double("location", at.lat) || !Double("location", at.lon)) return false;
      in.location = at;
    }
    if (!List("topics", in.topics) || !List("target_groups", in.target_groups) ||
        !List("languages_spoken", in.languages_spoken)) {
      return false;
    }
    uint32_t needs = 0;
    where_ = "needs";
    if (!Count(needs)) return false;
    in.needs.resize(needs);
    for (Need& need : in.needs) {
      if (!ReadNeed(need)) return false;
    }
    uint8_t status = 0;
    where_ = "status";
    if (!r_.U8(status) || status > static_cast<uint8_t>(InitiativeStatus::kCompleted)) return false;
    in.status = static_cast<InitiativeStatus>(status);
    if (!Str("created_at", in.created_at) || !Str("updated_at", in.updated_at)) return false;
    where_ = "timestamps";
    if (!r_.I64(in.created_unix) || !r_.I64(in.updated_unix)) return false;
    bool has_contact = false;
    if (!Flag("contact", has_contact)) return false;
    if (has_contact) {
      Contact c;
      if (!Str("contact", c.email) || !Str("contact", c.website)) return false;
      in.contact = std::move(c);
    }
    uint32_t dims = 0;
    where_ = "embedding";
    if (!Count(dims)) return false;
    in.embedding.resize(dims);
    for (float& x : in.embedding) {
      if (!r_.F32(x)) return false;
    }
    where_ = "the end (bytes left over)";
    return r_.remaining() == 0;
  }

  const char* where() const { return where_; }

 private:
  ByteReader r_;
  const char* where_ = "the header";
};

}  // namespace

std::string EncodeStoredInitiative(const Initiative& in) {
  ByteWriter w;
  w.Reserve(256 + in.title.size() + in.summary.size() + in.description.size() +
            in.embedding.size() * 4);
  w.Bytes(kMagic);
  for (const std::string* s :
       {&in.id, &in.title, &in.summary, &in.description, &in.organisation, &in.language, &in.city,
        &in.district, &in.neighbourhood, &in.postcode}) {
    w.String(*s);
  }
  w.U8(in.location ? 1 : 0);
  if (in.location) {
    w.F64(in.location->lat);
    w.F64(in.location->lon);
  }
  PutList(w, in.topics);
  PutList(w, in.target_groups);
  PutList(w, in.languages_spoken);
  w.U32(static_cast<uint32_t>(in.needs.size()));
  for (const Need& need : in.needs) {
    w.U8(static_cast<uint8_t>(need.type));
    w.String(need.description);
    const uint8_t bits = (need.amount_eur ? kAmount : 0) | (need.raised_eur ? kRaised : 0) |
                         (need.quantity ? kQuantity : 0) | (need.hours ? kHours : 0);
    w.U8(bits);
    PutOptional(w, need.amount_eur, kAmount, bits);
    PutOptional(w, need.raised_eur, kRaised, bits);
    PutOptional(w, need.quantity, kQuantity, bits);
    PutOptional(w, need.hours, kHours, bits);
  }
  w.U8(static_cast<uint8_t>(in.status));
  w.String(in.created_at);
  w.String(in.updated_at);
  w.I64(in.created_unix);
  w.I64(in.updated_unix);
  w.U8(in.contact ? 1 : 0);
  if (in.contact) {
    w.String(in.contact->email);
    w.String(in.contact->website);
  }
  w.U32(static_cast<uint32_t>(in.embedding.size()));
  for (float x : in.embedding) w.F32(x);
  return std::move(w.bytes());
}

Result<Initiative> DecodeStoredInitiative(std::string_view bytes) {
  Initiative in;
  Decoder d(bytes);
  if (!d.Record(in)) {
    return DataLossError(std::string("stored record: truncated or damaged at ") + d.where());
  }
  return in;
}

}  // namespace hilfsnetz::schemas
