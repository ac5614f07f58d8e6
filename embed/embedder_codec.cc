// Embedder::Serialize / Deserialize. Layout (all integers and floats little-endian):
//   "HNEMB1"                       magic, 6 bytes
//   u32 embedder version           kEmbedderVersion
//   u32 analyser version           text::kAnalyzerVersion
//   i32 dimensions, max_features, min_df, power_iterations, oversampling; u64 seed
//   i32 k (trained dimension), i32 F (vocabulary size)
//   F x (u32 length, bytes)        features by column
//   F x f32                        idf by column
//   F x k x f32                    V_k, row-major (row = feature)
//   u64 FNV-1a of all bytes above
#include <cmath>
#include <string>
#include <unordered_set>

#include "core/byte_io.h"
#include "core/status.h"
#include "embed/embedder.h"
#include "text/analyzer.h"

namespace hilfsnetz::embed {
namespace {

constexpr std::string_view kMagic = "HNEMB1";
constexpr size_t kChecksumBytes = 8;

Status Truncated(std::string_view what) {
  return DataLossError("embedder: truncated or damaged at " + std::string(what));
}

bool ReadOptions(ByteReader& r, EmbedderOptions& o) {
  int32_t v[5] = {};
  for (int32_t& x : v) {
    if (!r.I32(x)) return false;
  }
  o.dimensions = v[0];
  o.max_features = v[1];
  o.min_df = v[2];
  o.power_iterations = v[3];
  o.oversampling = v[4];
  o.threads = 0;
  return r.U64(o.seed);
}

bool AllFinite(const std::vector<float>& v) {
  for (float x : v) {
    if (!std::isfinite(x)) return false;
  }
  return true;
}

}  // namespace

std::string Embedder::Serialize() const {
  const auto k = static_cast<size_t>(dimensions_);
  const auto f = static_cast<size_t>(vocabulary_.size());
  ByteWriter w;
  w.Reserve(64 + f * (16 + 4 * (k + 1)));
  w.Bytes(kMagic);
  w.U32(static_cast<uint32_t>(kEmbedderVersion));
  w.U32(static_cast<uint32_t>(text::kAnalyzerVersion));
  w.I32(options_.dimensions);
  w.I32(options_.max_features);
  w.I32(options_.min_df);
  w.I32(options_.power_iterations);
  w.I32(options_.oversampling);
  w.U64(options_.seed);
  w.I32(dimensions_);
  w.I32(vocabulary_.size());
  for (const std::string& term : vocabulary_.terms()) w.String(term);
  for (float idf : vocabulary_.idf()) w.F32(idf);
  for (float x : basis_) w.F32(x);
  w.U64(Fnv1a64(w.bytes()));
  return std::move(w.bytes());
}

Result<Embedder> Embedder::Deserialize(std::string_view bytes) {
  if (bytes.size() < kMagic.size() + kChecksumBytes || bytes.substr(0, kMagic.size()) != kMagic) {
    return DataLossError("embedder: not a serialised embedder (bad magic)");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - kChecksumBytes);
  uint64_t checksum = 0;
  ByteReader tail(bytes.substr(body.size()));
  if (!tail.U64(checksum) || checksum != Fnv1a64(body)) {
    return DataLossError("embedder: checksum mismatch (truncated or damaged)");
  }

  ByteReader r(body.substr(kMagic.size()));
  uint32_t embedder_version = 0;
  uint32_t analyzer_version = 0;
  if (!r.U32(embedder_version) || !r.U32(analyzer_version)) return Truncated("versions");
  if (embedder_version != static_cast<uint32_t>(kEmbedderVersion) ||
      analyzer_version != static_cast<uint32_t>(text::kAnalyzerVersion)) {
    return FailedPreconditionError("embedder: written by embedder version " +
                                   std::to_string(embedder_version) + " / analyser version " +
                                   std::to_string(analyzer_version) + ", this build has " +
                                   std::to_string(kEmbedderVersion) + " / " +
                                   std::to_string(text::kAnalyzerVersion) + "; retrain");
  }

  Embedder e;
  int32_t k = 0;
  int32_t f = 0;
  if (!ReadOptions(r, e.options_) || !r.I32(k) || !r.I32(f)) return Truncated("header");
  if (k < 1 || f < 1 || k > f || k > e.options_.dimensions) {
    return DataLossError("embedder: inconsistent dimensions");
  }
  const auto nk = static_cast<size_t>(k);
  const auto nf = static_cast<size_t>(f);
  // Each feature takes at least 4 + 4 + 4k bytes: refuse before allocating for a bogus F.
  if (nf > r.remaining() / (8 + 4 * nk)) return Truncated("vocabulary size");

  std::vector<std::string> terms(nf);
  std::unordered_set<std::string_view> seen;
  seen.reserve(nf);
  for (std::string& term : terms) {
    std::string_view s;
    if (!r.String(s)) return Truncated("vocabulary");
    if (!seen.insert(s).second) return DataLossError("embedder: duplicate feature");
    term.assign(s);
  }
  std::vector<float> idf(nf);
  for (float& x : idf) {
    if (!r.F32(x)) return Truncated("idf");
  }
  if (r.remaining() != 4 * nf * nk) return Truncated("basis");
  e.basis_.resize(nf * nk);
  for (float& x : e.basis_) {
    if (!r.F32(x)) return Truncated("basis");
  }
  if (!AllFinite(idf) || !AllFinite(e.basis_)) return DataLossError("embedder: non-finite value");
  e.dimensions_ = k;
  e.vocabulary_ = internal::Vocabulary(std::move(terms), std::move(idf));
  return e;
}

}  // namespace hilfsnetz::embed
