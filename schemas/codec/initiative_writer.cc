// SerializeInitiative: schemas::Initiative -> canonical JSON text (see initiative_codec.h).
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "schemas/codec/initiative_codec.h"

namespace hilfsnetz::schemas {
namespace {

using OrderedJson = nlohmann::ordered_json;

// Integral values are written as integers ("500", not "500.0"); others in the shortest form
// that reads back to the same double.
OrderedJson Number(double v) {
  if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {
    return static_cast<int64_t>(v);
  }
  return v;
}

// The shortest decimal that reads back to the same float, as a double ("0.1", not
// "0.10000000149011612"), so that embeddings survive a round trip unchanged and stay short.
OrderedJson FloatNumber(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  double d = f;
  if (ec == std::errc()) std::from_chars(buf, end, d);
  return Number(d);
}

void PutText(OrderedJson& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

void PutList(OrderedJson& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}

OrderedJson NeedJson(const Need& need) {
  OrderedJson j;
  j["type"] = std::string(NeedTypeName(need.type));
  PutText(j, "description", need.description);
  if (need.amount_eur) j["amount_eur"] = Number(*need.amount_eur);
  if (need.raised_eur) j["raised_eur"] = Number(*need.raised_eur);
  if (need.quantity) j["quantity"] = Number(*need.quantity);
  if (need.hours) j["hours"] = Number(*need.hours);
  return j;
}

}  // namespace

std::string SerializeInitiative(const Initiative& in) {
  OrderedJson j = OrderedJson::object();
  j["id"] = in.id;
  j["title"] = in.title;
  PutText(j, "summary", in.summary);
  PutText(j, "description", in.description);
  PutText(j, "organisation", in.organisation);
  PutText(j, "language", in.language);
  PutText(j, "city", in.city);
  PutText(j, "district", in.district);
  PutText(j, "neighbourhood", in.neighbourhood);
  PutText(j, "postcode", in.postcode);
  if (in.location) {
    j["location"] = {{"lat", Number(in.location->lat)}, {"lon", Number(in.location->lon)}};
  }
  PutList(j, "topics", in.topics);
  PutList(j, "target_groups", in.target_groups);
  PutList(j, "languages_spoken", in.languages_spoken);
  if (!in.needs.empty()) {
    OrderedJson needs = OrderedJson::array();
    for (const Need& need : in.needs) needs.push_back(NeedJson(need));
    j["needs"] = std::move(needs);
  }
  j["status"] = std::string(InitiativeStatusName(in.status));
  PutText(j, "created_at", in.created_at);
  PutText(j, "updated_at", in.updated_at);
  if (in.contact && (!in.contact->email.empty() || !in.contact->website.empty())) {
    OrderedJson contact = OrderedJson::object();
    PutText(contact, "email", in.contact->email);
    PutText(contact, "website", in.contact->website);
    j["contact"] = std::move(contact);
  }
  if (!in.embedding.empty()) {
    OrderedJson emb = OrderedJson::array();
    for (float f : in.embedding) emb.push_back(FloatNumber(f));
    j["embedding"] = std::move(emb);
  }
  // Invalid UTF-8 cannot reach here through ParseInitiative; for hand-built records replace it
  // rather than throw.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace hilfsnetz::schemas
