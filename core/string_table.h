// StringTable: distinct strings numbered in the order they were added, found by hash.
//
//   StringTable words;
//   words.Add("kurs");           // -> 0
//   words.Add("hilfe");          // -> 1
//   words.Add("kurs");           // -> 0 (already there)
//   words.Find("hilfe");         // -> 1
//   words.Find("haus");          // -> -1
//   words.Contains(std::string_view(word).substr(0, 4));  // no string is built to look up
//
// Open addressing with linear probing, at most half full. A slot holds the hash's upper 32
// bits and the string's number + 1 (0: empty), so a probe reads one 8-byte slot and, only on
// a hash match, the string it names. std::unordered_set reads a bucket, a node and the
// string's bytes for each probe, and hashes with a division by a prime: the decompounder
// probes its 130,000 words a few dozen times per German word, and that was a fifth of a
// process's start-up (perf of `hilfsnetz analyze`).
//
// Thread-safety: const methods may be called concurrently; Add may not run beside anything.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hilfsnetz {

class StringTable {
 public:
  StringTable() = default;
  // The strings of `strings` numbered in order; a repeated one keeps its first number.
  explicit StringTable(std::vector<std::string> strings);

  // The number of `s`, added as the next one if it is new.
  int Add(std::string_view s);
  // The number of `s`, or -1.
  int Find(std::string_view s) const;
  bool Contains(std::string_view s) const { return Find(s) >= 0; }

  int size() const { return static_cast<int>(strings_.size()); }
  bool empty() const { return strings_.empty(); }
  // The strings by number.
  const std::vector<std::string>& strings() const { return strings_; }
  const std::string& operator[](int i) const { return strings_[static_cast<size_t>(i)]; }

  // Room for `n` strings without rehashing.
  void Reserve(size_t n);

 private:
  void Place(uint64_t hash, size_t number);

  std::vector<std::string> strings_;
  std::vector<uint64_t> slots_;  // (hash >> 32) << 32 | (number + 1); 0 when empty
};

}  // namespace hilfsnetz
