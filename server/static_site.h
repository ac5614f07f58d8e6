// StaticSite: the portal page (web/) and the Berlin outlines it draws, compiled into the
// binary and served beside the API, so `hilfsnetz serve` shows the page at "/" with no
// internet and no folder to ship (docs/portal.md).
//
// Each file is answered with its Content-Type, a strong ETag (a hash of the bytes sent;
// If-None-Match answers 304), `Cache-Control: no-cache` (the browser revalidates: the names
// carry no version, so a new binary's files are seen at once) and, when the client accepts it,
// the gzip form compressed once at construction (level 9). The page's own views
// (/initiative/{id}, /companies, /staff) answer with /index.html, so a copied link to a view
// opens that view.
//
// Thread-safety: immutable after construction; Serve is const and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_message.h"

namespace hilfsnetz::server {

struct SiteFile {
  std::string path;        // the URL path, "/index.html", "/assets/app.js"
  std::string_view bytes;  // must outlive the StaticSite (embedded data does)
};

class StaticSite {
 public:
  explicit StaticSite(const std::vector<SiteFile>& files);

  // web/ as compiled into the binary (CMake: hn_embed_tree), and at /geo/ the Ortsteil tables
  // geo/ compiles in (geo::OrtsteileTsv, geo::OrtsteilOutlinesTsv): one copy of each; and
  // data/geo/bezirk_borders.tsv, which only the page uses (embedded with web/).
  static const StaticSite& Embedded();

  // The answer to a GET or HEAD of req.path, or nullopt when the path is none of the site's
  // (the caller then routes it to the API). Other methods: nullopt too.
  std::optional<HttpResponse> Serve(const HttpRequest& req) const;

  // "text/html; charset=utf-8" for ".html", and so on; "application/octet-stream" when the
  // extension is unknown.
  static std::string ContentType(std::string_view path);

  size_t size() const { return files_.size(); }

 private:
  struct Entry {
    std::string content_type;
    std::string_view bytes;
    std::string gzip;  // empty when compressing did not make it smaller
    std::string etag;
    std::string gzip_etag;
  };
  const Entry* Find(std::string_view path) const;

  std::map<std::string, Entry, std::less<>> files_;
};

}  // namespace hilfsnetz::server
