#include "core/string_table.h"

#include <functional>
#include <utility>

namespace hilfsnetz {
namespace {

constexpr size_t kMinSlots = 16;

uint64_t HashOf(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

StringTable::StringTable(std::vector<std::string> strings) {
  Reserve(strings.size());
  for (std::string& s : strings) {
    if (Find(s) >= 0) continue;
    const uint64_t h = HashOf(s);
    strings_.push_back(std::move(s));
    Place(h, strings_.size() - 1);
  }
}

void StringTable::Reserve(size_t n) {
  size_t size = kMinSlots;
  while (size < 2 * n) size *= 2;
  if (size <= slots_.size()) return;
  slots_.assign(size, 0);
  for (size_t i = 0; i < strings_.size(); ++i) Place(HashOf(strings_[i]), i);
  strings_.reserve(n);
}

void StringTable::Place(uint64_t hash, size_t number) {
  const size_t mask = slots_.size() - 1;
  size_t pos = hash & mask;
  while (slots_[pos] != 0) pos = (pos + 1) & mask;
  slots_[pos] = (hash >> 32 << 32) | (number + 1);
}

int StringTable::Add(std::string_view s) {
  const int found = Find(s);
  if (found >= 0) return found;
  if (2 * (strings_.size() + 1) > slots_.size()) Reserve(2 * (strings_.size() + 1));
  strings_.emplace_back(s);
  Place(HashOf(s), strings_.size() - 1);
  return static_cast<int>(strings_.size() - 1);
}

int StringTable::Find(std::string_view s) const {
  if (slots_.empty()) return -1;
  const uint64_t h = HashOf(s);
  const size_t mask = slots_.size() - 1;
  for (size_t pos = h & mask;; pos = (pos + 1) & mask) {
    const uint64_t slot = slots_[pos];
    if (slot == 0) return -1;
    const size_t i = (slot & 0xFFFFFFFFu) - 1;
    if ((slot >> 32) == (h >> 32) && strings_[i] == s) return static_cast<int>(i);
  }
}

}  // namespace hilfsnetz
