// Corpus and workload reading shared by the peers (see peer.h).
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "bench/peers/peer.h"

namespace hilfsnetz::bench {

Status ForEachRecord(const std::string& path, const std::function<Status(const BenchRecord&)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read corpus " + path);
  std::string line;
  uint64_t line_no = 0;
  BenchRecord record;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    try {
      nlohmann::json j = nlohmann::json::parse(line);
      record.id = j.at("id").get<std::string>();
      record.title = j.at("title").get<std::string>();
      record.summary = j.value("summary", std::string());
      record.description = j.value("description", std::string());
    } catch (const nlohmann::json::exception& e) {
      return InvalidArgumentError("line " + std::to_string(line_no) + ": " + e.what());
    }
    record.json = line;
    Status s = fn(record);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

uint64_t DiskBytes(const std::string& path) {
  namespace fs = std::filesystem;
  auto allocated = [](const fs::path& p) -> uint64_t {
    struct stat st;
    if (::lstat(p.c_str(), &st) != 0) return 0;
    return static_cast<uint64_t>(st.st_blocks) * 512;
  };
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return allocated(path);
  uint64_t total = allocated(path);
  for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
    total += allocated(entry.path());
  }
  return total;
}

Result<std::vector<std::string>> ReadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError("cannot read workload " + path);
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    queries.push_back(line);
  }
  if (queries.empty()) return InvalidArgumentError("workload " + path + " has no queries");
  return queries;
}

std::vector<std::string> SplitQueryWords(std::string_view q) {
  std::vector<std::string> words;
  std::string current;
  for (char c : q) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      current += c;
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace hilfsnetz::bench
