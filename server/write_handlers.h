// WriteHandlers: the routes that change the index — PUT, PATCH and DELETE
// /v1/initiatives/{id}, POST /v1/initiatives/bulk, PUT /v1/initiatives — from a parsed HttpRequest
// to an HttpResponse, through the one indexer::LiveWriter of the server (indexer/live_writer.h:
// validation as at indexing, one durable commit per write). Errors become problems through
// server/api_error.h only.
//
// A write answers once it is durable (in the writer's log); searches see it within the
// writer's refresh interval (`serve --refresh-interval-ms`), or at once after an answer to
// `?refresh=wait`; GET /v1/initiatives/{id} sees it at once (ApiHandlers asks the writer).
// Bulk writes and rebuilds are visible when answered. ETag carries the record's version; If-Match
// makes a write conditional (412).
//
// Thread-safety: every handler may run on any worker thread (the writer serialises writes).
#pragma once

#include "indexer/live_writer.h"
#include "server/api_handlers.h"

namespace hilfsnetz::server {

inline constexpr const char* kMergePatchType = "application/merge-patch+json";
inline constexpr const char* kNdjsonType = "application/x-ndjson";

class WriteHandlers {
 public:
  explicit WriteHandlers(indexer::LiveWriter& writer) : writer_(writer) {}

  HttpResponse Put(const HttpRequest& req, const PathParams& path);
  HttpResponse Patch(const HttpRequest& req, const PathParams& path);
  HttpResponse Delete(const HttpRequest& req, const PathParams& path);
  // POST /v1/initiatives/bulk: NDJSON upserts and deletes, one commit, answered per line.
  HttpResponse Bulk(const HttpRequest& req, const PathParams& path);
  // PUT /v1/initiatives: the whole collection as NDJSON records (the indexer's input), a full
  // rebuild as `hilfsnetz index` does; writes meanwhile get 503 + Retry-After. A body without
  // one valid record is a 400 and changes nothing.
  HttpResponse Rebuild(const HttpRequest& req, const PathParams& path);

 private:
  indexer::LiveWriter& writer_;
};

// The version an If-Match header names: "" when absent, "*" for any, the version without its
// quotes; nullopt for a weak tag (W/"…": If-Match compares strongly, so it never matches).
std::optional<std::string> IfMatchVersion(const HttpRequest& req);

}  // namespace hilfsnetz::server
