#include "embed/vector_codec.h"

#include <cmath>
#include <cstddef>

#include "core/byte_io.h"
#include "core/status.h"

namespace hilfsnetz::embed {

std::string SerializeVector(std::span<const float> v) {
  ByteWriter writer;
  writer.Reserve(4 * v.size());
  for (float x : v) writer.F32(x);
  return std::move(writer.bytes());
}

Result<std::vector<float>> ParseVector(std::string_view bytes, int dims) {
  if (dims < 0) return InvalidArgumentError("vector: negative dimension");
  const auto n = static_cast<size_t>(dims);
  if (bytes.size() != 4 * n) {
    return DataLossError("vector: " + std::to_string(bytes.size()) + " bytes, expected " +
                         std::to_string(4 * n) + " for dimension " + std::to_string(dims));
  }
  ByteReader reader(bytes);
  std::vector<float> v(n);
  for (float& x : v) {
    if (!reader.F32(x) || !std::isfinite(x)) return DataLossError("vector: non-finite element");
  }
  return v;
}

}  // namespace hilfsnetz::embed
