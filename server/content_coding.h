// Content codings (RFC 9110 §8.4) of bodies: gzip for responses the client accepts it for, and
// gzip / deflate request bodies inflated within a byte limit, checked while inflating — a
// small body that inflates to gigabytes is refused as soon as it crosses the limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hilfsnetz::server {

// Whether an Accept-Encoding value accepts gzip ("gzip", "gzip;q=0.5", "*"; not "gzip;q=0").
bool AcceptsGzip(std::string_view accept_encoding);

// `body` gzip-compressed (level 1 by default: JSON shrinks ~5× at a fraction of level 6's
// time; the page's files, compressed once at start-up, use 9). "" when zlib fails.
std::string GzipCompress(std::string_view body, int level = 1);

enum class DecodeOutcome { kOk, kTooLarge, kUnsupported, kCorrupt };

// Decodes `body` sent with Content-Encoding `coding` ("", "identity", "gzip", "x-gzip",
// "deflate"; a list such as "gzip, identity" is decoded right to left) into `out`, at most
// `limit` bytes.
DecodeOutcome DecodeBody(std::string_view coding, std::string body, size_t limit, std::string& out);

}  // namespace hilfsnetz::server
