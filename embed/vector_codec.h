// Storing an embedding in a Xapian value slot (layout::kSlotEmbedding): the vector as
// float32 little-endian, 4 * dims bytes, no header (the dimension is the embedder's, stored
// once with the index).
//
//   doc.add_value(layout::kSlotEmbedding, embed::SerializeVector(vectors[i]));
//   Result<std::vector<float>> v = embed::ParseVector(doc.get_value(kSlotEmbedding), dims);
//
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hilfsnetz::embed {

// 4 * v.size() bytes.
std::string SerializeVector(std::span<const float> v);

// Inverse of SerializeVector. Errors: InvalidArgument when dims < 0; DataLoss when
// bytes.size() != 4 * dims or an element is NaN or infinite.
Result<std::vector<float>> ParseVector(std::string_view bytes, int dims);

}  // namespace hilfsnetz::embed
