#include "indexer/record_spool.h"

#include <cstdlib>
#include <filesystem>

#include "schemas/codec/initiative_codec.h"

namespace hilfsnetz::indexer {

Result<std::unique_ptr<RecordSpool>> RecordSpool::Create(const std::string& index_dir) {
  const std::string path = (std::filesystem::path(index_dir) / kSpoolFile).string();
  std::unique_ptr<RecordSpool> spool(new RecordSpool(path));
  spool->out_.open(path, std::ios::binary | std::ios::trunc);
  if (!spool->out_) return InternalError("cannot create " + path);
  return spool;
}

RecordSpool::~RecordSpool() {
  out_.close();
  in_.close();
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

Status RecordSpool::Append(uint64_t line, const schemas::Initiative& record) {
  out_ << line << '\t' << schemas::SerializeInitiative(record) << '\n';
  if (!out_) return InternalError("writing " + path_ + " failed (disk full?)");
  return Status::Ok();
}

Status RecordSpool::Finish() {
  out_.flush();
  if (!out_) return InternalError("writing " + path_ + " failed (disk full?)");
  out_.close();
  return Status::Ok();
}

Status RecordSpool::Rewind() {
  in_.close();
  in_.clear();
  in_.open(path_, std::ios::binary);
  if (!in_) return InternalError("cannot read " + path_);
  status_ = Status::Ok();
  return status_;
}

bool RecordSpool::Next(uint64_t& line) {
  if (!status_.ok() || !std::getline(in_, buffer_)) {
    if (status_.ok() && in_.bad()) status_ = InternalError("reading " + path_ + " failed");
    return false;
  }
  line = line_ = std::strtoull(buffer_.c_str(), nullptr, 10);
  return true;
}

bool RecordSpool::Read(schemas::Initiative& record) {
  const size_t tab = buffer_.find('\t');
  schemas::ParsedInitiative parsed;
  if (tab != std::string::npos) {
    parsed = schemas::ParseInitiative(std::string_view(buffer_).substr(tab + 1));
  }
  if (tab == std::string::npos || !parsed.ok()) {
    status_ = DataLossError(path_ + ": the record of input line " + std::to_string(line_) +
                            " no longer parses");
    return false;
  }
  record = std::move(parsed.initiative);
  return true;
}

}  // namespace hilfsnetz::indexer
